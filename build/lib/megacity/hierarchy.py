"""A four-level hierarchy model of policy diffusion (city -> districts -> subdistricts -> communities).

SIMULATION.  Nothing here is data: it is an agent-based model whose sizes default to sourced
facts (Guiyang's reform, four_cities facts E057, E059, E062: ten districts, 49 subdistricts,
470 residents' committees, i.e. about 5 subdistricts per district and 10 communities per
subdistrict) and whose behavioural parameters are assumptions to be varied.

Mechanisms, per step (one step = one month, say):

1. **Mandate from above.**  From ``mandate_step`` the city orders adoption.  Each district
   passes the order on with probability ``compliance`` (drawn once), and so does each
   subdistrict, one step later per level (``lag``).  A community whose chain passed the order on
   adopts with probability ``mandate_rate`` per step.
2. **Horizontal imitation.**  A community adopts with hazard ``1 - exp(-(q_sibling * S + q_neighbour
   * N))``, where ``S`` is the participation-weighted share of adopters among the other communities
   of its subdistrict and ``N`` the same among the communities of the two adjacent subdistricts
   (subdistricts sit on a ring, so neighbours can lie in another district).  Peers imitate what
   works, so an adopter's visibility is its participation, not its label.
3. **Two assessment systems.**  An adopter splits effort between the upward assessment (the
   cadre evaluation that counts adoption and reports) and the residents' assessment
   (participation).  Its participation is ``(1 - w_vertical) * (1 - burden)`` if it adopted under a
   mandate (the mandate brings reporting duties that absorb a share ``burden`` of effort) and
   ``1 - w_vertical`` otherwise.
4. ``p0``: a small spontaneous adoption hazard; ``n_seed`` pilot communities adopt at step 0.

Everything is vectorised over communities (group sums with ``np.bincount``), so a step costs
O(number of communities).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

import numpy as np
import pandas as pd

__all__ = ["HierarchyParams", "SimResult", "bass_of_simulation", "params_table", "scenario_table", "simulate", "sweep"]


@dataclass(frozen=True)
class HierarchyParams:
    """Parameters of :func:`simulate` (defaults: Guiyang-sized city, mandate plus weak imitation)."""

    n_districts: int = 10           #: Guiyang: 9 districts + Jinyang new district (E057)
    subdistricts_per_district: int = 5   #: 49 street offices / 10 districts (E059)
    communities_per_subdistrict: int = 10  #: 470 residents' committees / 49 streets (E062)
    steps: int = 60
    mandate_step: int | None = 12   #: None: no mandate
    mandate_rate: float = 0.15
    compliance: float = 0.9
    lag: int = 1
    q_sibling: float = 0.3
    q_neighbour: float = 0.1
    n_seed: int = 5
    p0: float = 0.0
    w_vertical: float = 0.6
    burden: float = 0.5
    seed: int = 0

    @property
    def n_communities(self) -> int:
        return self.n_districts * self.subdistricts_per_district * self.communities_per_subdistrict

    def check(self) -> None:
        for name in ("mandate_rate", "compliance", "p0", "w_vertical", "burden"):
            v = getattr(self, name)
            if not 0.0 <= v <= 1.0:
                raise ValueError(f"HierarchyParams.{name} must be in [0, 1] (got {v})")
        for name in ("q_sibling", "q_neighbour"):
            if getattr(self, name) < 0:
                raise ValueError(f"HierarchyParams.{name} must be >= 0 (got {getattr(self, name)})")
        for name in ("n_districts", "subdistricts_per_district", "communities_per_subdistrict", "steps"):
            if getattr(self, name) < 1:
                raise ValueError(f"HierarchyParams.{name} must be >= 1 (got {getattr(self, name)})")
        if not 0 <= self.n_seed <= self.n_communities:
            raise ValueError(f"n_seed must be between 0 and the number of communities "
                             f"({self.n_communities}); got {self.n_seed}")


@dataclass
class SimResult:
    """Output of :func:`simulate`: per-community adoption step and channel, and the curves."""

    params: HierarchyParams
    adopt_step: np.ndarray        #: step of adoption (0 = seed), -1 = never
    channel: np.ndarray           #: 0 none, 1 seed, 2 mandate, 3 imitation/spontaneous
    participation: np.ndarray     #: participation of each community (0 if not adopted)
    cumulative: np.ndarray        #: adopters after each step 0..steps
    new_by_channel: np.ndarray = field(repr=False)  #: (steps+1, 3): seed, mandate, imitation

    CHANNELS = ("none", "seed", "mandate", "imitation")

    @property
    def n(self) -> int:
        return len(self.adopt_step)

    def curve(self) -> pd.DataFrame:
        """Adoption per step by channel, cumulative share and mean participation of adopters."""
        nb = self.new_by_channel
        df = pd.DataFrame({"step": np.arange(len(self.cumulative)), "new_seed": nb[:, 0],
                           "new_mandate": nb[:, 1], "new_imitation": nb[:, 2],
                           "cumulative": self.cumulative, "share": self.cumulative / self.n})
        return df

    def summary(self) -> pd.DataFrame:
        adopted = self.adopt_step >= 0
        n_ad = int(adopted.sum())
        half = np.flatnonzero(self.cumulative >= 0.5 * self.n)
        vals = {
            "communities": self.n,
            "final_share": n_ad / self.n,
            "share_via_mandate": float((self.channel == 2).sum() / n_ad) if n_ad else np.nan,
            "share_via_imitation": float((self.channel == 3).sum() / n_ad) if n_ad else np.nan,
            "mean_participation_adopters": float(self.participation[adopted].mean()) if n_ad else np.nan,
            "steps_to_half": float(half[0]) if len(half) else np.nan,
        }
        return pd.DataFrame({"value": pd.Series(vals)})


def simulate(params: HierarchyParams | None = None, **overrides) -> SimResult:
    """Run the four-level model once (seeded by ``params.seed``; same seed, same result)."""
    P = replace(params or HierarchyParams(), **overrides)
    P.check()
    rng = np.random.default_rng(P.seed)
    D, S, C = P.n_districts, P.subdistricts_per_district, P.communities_per_subdistrict
    n_sub = D * S
    N = n_sub * C
    sub = np.repeat(np.arange(n_sub), C)               # subdistrict of each community
    dist_of_sub = np.repeat(np.arange(D), S)           # district of each subdistrict
    # neighbours on a ring of subdistricts
    left, right = (np.arange(n_sub) - 1) % n_sub, (np.arange(n_sub) + 1) % n_sub
    # mandate chain: district passes on, subdistrict passes on (drawn once)
    d_ok = rng.random(D) < P.compliance
    s_ok = (rng.random(n_sub) < P.compliance) & d_ok[dist_of_sub]
    chain_ok = s_ok[sub]
    reach = np.inf if P.mandate_step is None else P.mandate_step + 2 * P.lag  # community level

    adopted = np.zeros(N, bool)
    adopt_step = np.full(N, -1, np.int64)
    channel = np.zeros(N, np.int8)
    partic = np.zeros(N)
    new_by = np.zeros((P.steps + 1, 3), np.int64)
    if P.n_seed:
        seeds = rng.choice(N, size=P.n_seed, replace=False)
        adopted[seeds], adopt_step[seeds], channel[seeds] = True, 0, 1
        partic[seeds] = 1.0 - P.w_vertical
        new_by[0, 0] = P.n_seed
    cum = np.zeros(P.steps + 1, np.int64)
    cum[0] = adopted.sum()
    sub_size = np.full(n_sub, C, float)
    for t in range(1, P.steps + 1):
        # participation-weighted adopters per subdistrict (state at the start of the step)
        w = np.bincount(sub, weights=partic, minlength=n_sub)
        sib = (w[sub] - partic) / max(C - 1, 1)
        nbr = (w[left] + w[right]) / (2 * sub_size)
        h_imit = 1.0 - np.exp(-(P.q_sibling * sib + P.q_neighbour * nbr[sub]))
        h_imit = 1.0 - (1.0 - h_imit) * (1.0 - P.p0)
        h_mand = np.where(chain_ok & (t >= reach), P.mandate_rate, 0.0)
        u = rng.random(N)
        via_m = ~adopted & (u < h_mand)
        via_i = ~adopted & ~via_m & (u < h_mand + (1.0 - h_mand) * h_imit)
        adopted |= via_m | via_i
        adopt_step[via_m | via_i] = t
        channel[via_m], channel[via_i] = 2, 3
        partic[via_m] = (1.0 - P.w_vertical) * (1.0 - P.burden)
        partic[via_i] = 1.0 - P.w_vertical
        new_by[t, 1], new_by[t, 2] = via_m.sum(), via_i.sum()
        cum[t] = cum[t - 1] + new_by[t, 1] + new_by[t, 2]
    return SimResult(P, adopt_step, channel, partic, cum, new_by)


def sweep(grid: dict[str, list], base: HierarchyParams | None = None, replicates: int = 3) -> pd.DataFrame:
    """Run the model over a parameter grid (all combinations), ``replicates`` seeds each.

    Returns one row per run with the grid values, the seed and the :meth:`SimResult.summary`
    quantities.  Seeds are ``base.seed + r`` so that the sweep is reproducible.
    """
    base = base or HierarchyParams()
    names = list(grid)
    mesh = np.array(np.meshgrid(*[np.asarray(grid[k], dtype=float) for k in names], indexing="ij"))
    combos = mesh.reshape(len(names), -1).T
    rows = []
    for combo in combos:
        over = {k: (type(getattr(base, k))(v) if getattr(base, k) is not None else v)
                for k, v in zip(names, combo)}
        for r in range(replicates):
            res = simulate(base, seed=base.seed + r, **over)
            s = res.summary()["value"].to_dict()
            rows.append({**over, "seed": base.seed + r, **s})
    return pd.DataFrame(rows)


def params_table(p: HierarchyParams | None = None) -> pd.DataFrame:
    """The parameters with their values and meaning (for the chapter's parameter table)."""
    p = p or HierarchyParams()
    meaning = {
        "n_districts": "districts in the city (Guiyang: 10, fact E057)",
        "subdistricts_per_district": "subdistricts per district (Guiyang: 49/10, E059)",
        "communities_per_subdistrict": "communities per subdistrict (Guiyang: 470/49, E062)",
        "steps": "simulated steps (months)",
        "mandate_step": "step at which the city issues the mandate (None = never)",
        "mandate_rate": "per-step adoption probability once the mandate reaches a community",
        "compliance": "probability that a district, and a subdistrict, passes the mandate on",
        "lag": "steps the mandate takes per level",
        "q_sibling": "imitation strength among communities of the same subdistrict",
        "q_neighbour": "imitation strength towards the two adjacent subdistricts",
        "n_seed": "pilot communities adopting at step 0",
        "p0": "spontaneous adoption hazard per step",
        "w_vertical": "weight of the upward assessment in an adopter's effort",
        "burden": "share of effort absorbed by reporting under a mandate",
        "seed": "random seed",
    }
    d = asdict(p)
    return pd.DataFrame({"parameter": list(d), "value": [str(v) for v in d.values()],
                         "meaning": [meaning[k] for k in d]})


def bass_of_simulation(res: SimResult, *, profile: bool = True):
    """Fit the Bass model (ML, m = communities that were not seeds) to a simulated adoption curve.

    Seeds adopt at step 0 and are excluded from the population at risk; the curve is the number of
    non-seed adoptions per step 1..steps.  This connects the mechanism parameters to p and q.
    """
    from .diffusion import fit_bass_ml

    nb = res.new_by_channel[1:, 1:].sum(axis=1)
    m = res.n - int(res.new_by_channel[0, 0])
    t = np.arange(1, len(nb) + 1)
    return fit_bass_ml(t, nb, m=m, profile=profile)


def scenario_table(scenarios: dict[str, dict], base: HierarchyParams | None = None, replicates: int = 20,
                   before_step: int | None = None) -> pd.DataFrame:
    """Mean outcomes over ``replicates`` seeds for named parameter scenarios.

    Columns: final share, share adopted before the mandate reaches communities (``before_step``,
    default ``mandate_step + 2 lag``), share of adopters via the mandate, mean participation of
    adopters, and the Bass p and q (ML) of the mean curve over replicates.
    """
    from .diffusion import fit_bass_ml

    base = base or HierarchyParams()
    rows = []
    for name, over in scenarios.items():
        P = replace(base, **over)
        cut = before_step if before_step is not None else (
            (P.mandate_step + 2 * P.lag) if P.mandate_step is not None else P.steps)
        runs = [simulate(P, seed=P.seed + r) for r in range(replicates)]
        summ = pd.concat([r.summary()["value"] for r in runs], axis=1).mean(axis=1)
        before = np.mean([r.cumulative[min(cut, P.steps) - 1] / r.n for r in runs])
        new = np.sum([r.new_by_channel[1:, 1:].sum(axis=1) for r in runs], axis=0)
        m = sum(r.n - int(r.new_by_channel[0, 0]) for r in runs)
        if new.sum() > 0:
            f = fit_bass_ml(np.arange(1, P.steps + 1), new, m=m, profile=False)
            bp, bq = f.p, f.q
        else:
            bp = bq = np.nan
        rows.append({"scenario": name, "final_share": summ["final_share"], "share_before_mandate": before,
                     "share_via_mandate": summ["share_via_mandate"],
                     "participation": summ["mean_participation_adopters"], "bass_p": bp, "bass_q": bq})
    return pd.DataFrame(rows).set_index("scenario")
