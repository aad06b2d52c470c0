"""The four-level hierarchy as a behavioural model: officials choose effort under two assessment systems.

SIMULATION.  Nothing here is data.  The structure (city -> districts -> sub-districts ->
communities), the two assessment systems and ignition from above come from the seeds (001: the
"four-level linkage system"; 003, Li & Fang: reforms imposed from above, weak participation, two
incompatible assessment systems).  The sizes default to Guiyang's (four_cities facts E057, E059,
E062).  Everything else (functional forms, weights, costs, noise) is an assumption.

State of community ``i`` in sub-district ``j`` at step ``t``: adopted ``A`` (0/1), participation
``P`` in [0, 1], cumulative adoption hazard ``H``.  Each step:

1. **Sub-district officials** whose mandate chain passed the order on (from step
   ``mandate_step + 2 lag``) choose a push ``pi_j`` in [0, 1] to maximise
   ``w * (adoption they can still win) - (1 - w) * (participation it crowds out) - c pi^2 / 2``::

       pi_j = clip([w (1 - a_j) - (1 - w) gamma p_j] / c + sigma xi_jt, 0, 1)

   (``a_j``, ``p_j``: adoption share and mean participation of the sub-district; ``xi`` standard
   normal noise in what the upward assessment will count).
2. **Community officials not yet adopted** gain ``G = w pi_j + (1 - w) beta X_i`` in assessment score
   from adopting: the vertical assessment counts adoption where the sub-district pushes; residents
   reward a reform that peers show working (``X``: participation-weighted adopter share among the
   other communities of the sub-district, plus ``nu`` times that of the two adjacent ones).  They adopt
   at rate ``z_i max(G - kappa, 0)`` (``kappa``: cost of adopting, ``z_i``: lognormal heterogeneity):
   ``H += z_i (G - kappa)_+`` and ``A = 1`` once ``H`` passes an exponential threshold ``E_i``
   (the exact discrete-time hazard ``1 - exp(-z (G - kappa)_+)``, without a draw per step).
3. **Adopted community officials** split effort: ``e`` to participation / self-governance tasks,
   ``1 - e`` to visible outcomes.  They maximise
   ``w (1 + gamma pi_j)(1 - e) + (1 - w) theta_i (1 + phi P_i) e - c e^2 / 2``, so::

       e_i = clip([(1 - w) theta_i (1 + phi P_i) - w (1 + gamma pi_j)] / c, 0, 1)

   and participation follows effort slowly, ``P <- (1 - delta) P + delta A e``.
4. **The two assessments** of a community: vertical ``V = A (1 - e)(1 + gamma pi_j) / (1 + gamma)``
   (the vertical term of the official's score, scaled to [0, 1]), residents' ``R = P``.  Their *divergence* is the mean of ``V - R`` over adopters.

Pilot communities (``n_seed``) adopt at step 0 (the city designates them: ignition from above too).

Simulations run in batches along a leading axis: every parameter of :data:`VARIED` may be an array
of length ``B`` and arrays have shape ``(B, sub-districts, communities)``; a step costs
O(B x communities).
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace

import numpy as np
import pandas as pd

from ..args import (ParameterError, check_finite, check_integer, check_nonnegative, check_positive,
                    check_probability)

__all__ = ["HierarchyParams", "VARIED", "BatchResult", "SimResult", "simulate", "simulate_batch",
           "bass_pq_discrete", "params_table", "scenario_table", "OUTCOMES"]

#: behavioural parameters that may vary across a batch, with their kind of range
VARIED = ("w_vertical", "compliance", "beta", "kappa", "effort_cost", "crowding", "theta", "noise")
_PROBS = ("w_vertical", "compliance")
_NONNEG = ("beta", "kappa", "crowding", "theta", "noise", "nu", "phi", "hetero")
_POS = ("effort_cost",)

#: outcome name -> reader label
OUTCOMES = {
    "t50": "months to 50% adoption",
    "share_before": "share adopted before the mandate",
    "participation": "mean participation of adopters",
    "divergence": "divergence of the two assessments",
    "bass_p": "Bass p of the simulated curve",
    "bass_q": "Bass q of the simulated curve",
}


@dataclass(frozen=True)
class HierarchyParams:
    """Parameters of the model (defaults: Guiyang-sized city, mandate at month 12)."""

    n_districts: int = 10                 #: Guiyang: 9 districts + Jinyang new district (E057)
    subdistricts_per_district: int = 5    #: 49 street offices / 10 districts (E059)
    communities_per_subdistrict: int = 10  #: 470 residents' committees / 49 streets (E062)
    steps: int = 120                      #: ten years of months
    mandate_step: int | None = 24         #: None: no mandate ever
    lag: int = 1                          #: steps per level for the mandate
    n_seed: int = 5                       #: pilot communities designated by the city at step 0
    w_vertical: float = 0.6               #: weight of the vertical assessment in officials' score
    compliance: float = 0.9               #: probability a district, and a sub-district, passes the order on
    beta: float = 1.0                     #: residents' reward for a reform peers show working
    kappa: float = 0.05                   #: cost of adopting, in score points per step
    effort_cost: float = 1.0              #: curvature c of the effort cost
    crowding: float = 1.0                 #: gamma: how much the push raises the weight of visible outcomes
    theta: float = 0.8                    #: mean residents' responsiveness to participation effort
    noise: float = 0.1                    #: sigma: noise in the push (what the upward assessment counts)
    nu: float = 0.3                       #: weight of the adjacent sub-districts in peer evidence
    phi: float = 1.0                      #: complementarity: participation raises its own return
    delta: float = 0.2                    #: speed at which participation follows effort
    hetero: float = 0.5                   #: SD of log heterogeneity of adoption rate and responsiveness
    seed: int = 0

    @property
    def n_communities(self) -> int:
        return self.n_districts * self.subdistricts_per_district * self.communities_per_subdistrict

    @property
    def reach(self) -> float:
        """Step from which the mandate reaches communities (inf if there is none)."""
        return np.inf if self.mandate_step is None else self.mandate_step + 2 * self.lag

    def check(self, func: str = "HierarchyParams") -> "HierarchyParams":
        """Validate every parameter (NaN, negative, out of range, fractional sizes); returns self."""
        for k in ("n_districts", "subdistricts_per_district", "communities_per_subdistrict", "steps"):
            check_integer(getattr(self, k), k, func, minimum=1)
        if self.communities_per_subdistrict < 2:
            raise ParameterError(f"{func}(): communities_per_subdistrict must be >= 2 (peers are needed)")
        check_integer(self.lag, "lag", func, minimum=0)
        check_integer(self.seed, "seed", func, minimum=0)
        check_integer(self.n_seed, "n_seed", func, minimum=0, maximum=self.n_communities)
        if self.mandate_step is not None:
            check_integer(self.mandate_step, "mandate_step", func, minimum=0)
        for k in _PROBS + ("delta",):
            check_probability(getattr(self, k), k, func)
        if self.delta == 0:
            raise ParameterError(f"{func}(): delta must be > 0 (participation must be able to move)")
        for k in _NONNEG:
            check_nonnegative(getattr(self, k), k, func)
        for k in _POS:
            check_positive(getattr(self, k), k, func)
        return self


@dataclass
class BatchResult:
    """Outcomes of ``B`` simulations (one row each) and their adoption curves."""

    params: HierarchyParams
    values: dict                 #: name -> (B,) array of the varied parameters used
    cumulative: np.ndarray       #: (B, steps + 1) adopters after each step (pilots at step 0)
    outcomes: pd.DataFrame       #: one row per simulation, columns of :data:`OUTCOMES` and more
    adopt_step: np.ndarray | None = field(default=None, repr=False)  #: (B, N), -1 never, 0 pilot
    reach_step: np.ndarray | None = field(default=None, repr=False)  #: (B, n_sub) push start, -1 never

    @property
    def B(self) -> int:
        return self.cumulative.shape[0]


def _expand(P: HierarchyParams, B: int | None, overrides: dict) -> tuple[int, dict]:
    vals = {}
    for k in VARIED:
        v = np.atleast_1d(np.asarray(overrides.get(k, getattr(P, k)), dtype=float))
        if v.ndim != 1:
            raise ParameterError(f"simulate_batch(): {k} must be a scalar or a 1-D array")
        vals[k] = v
    sizes = {len(v) for v in vals.values()} - {1}
    if len(sizes) > 1:
        raise ParameterError(f"simulate_batch(): varied parameters have different lengths {sorted(sizes)}")
    n = sizes.pop() if sizes else (B or 1)
    if B is not None and n not in (1, B) and sizes:
        raise ParameterError(f"simulate_batch(): B={B} but parameters have length {n}")
    B = B or n
    vals = {k: np.broadcast_to(v, (B,)).astype(float) for k, v in vals.items()}
    for k in _PROBS:
        check_probability(vals[k], k, "simulate_batch")
    for k in VARIED:
        if k not in _PROBS:
            (check_positive if k in _POS else check_nonnegative)(vals[k], k, "simulate_batch")
    return B, vals


def bass_pq_discrete(new: np.ndarray, m: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """Bass p and q of adoption curves by weighted least squares on the discrete hazard.

    ``new``: (B, T) adoptions per period; ``m``: population at risk at the start (scalar or (B,)).
    The discrete Bass model says the hazard ``n_t / (m - N_{t-1})`` is ``p + q N_{t-1} / m``; each
    period is weighted by its number at risk (binomial information).  Closed form, vectorised over
    ``B``; NaN where fewer than two periods have anyone at risk or ``N_{t-1}`` does not vary.
    """
    new = check_finite(new, "new", "bass_pq_discrete")
    new = np.atleast_2d(new)
    m = np.broadcast_to(np.asarray(m, float), (new.shape[0],))[:, None]
    Nprev = np.concatenate([np.zeros((new.shape[0], 1)), np.cumsum(new, axis=1)[:, :-1]], axis=1)
    risk = m - Nprev
    ok = risk > 0
    wgt = np.where(ok, risk, 0.0)
    h = np.where(ok, new / np.where(ok, risk, 1.0), 0.0)
    x = Nprev / m
    sw = wgt.sum(1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        xm = (wgt * x).sum(1, keepdims=True) / sw
        hm = (wgt * h).sum(1, keepdims=True) / sw
        sxx = (wgt * (x - xm) ** 2).sum(1)
        q = (wgt * (x - xm) * (h - hm)).sum(1) / sxx
        p = hm[:, 0] - q * xm[:, 0]
    bad = (ok.sum(1) < 2) | ~(sxx > 1e-12)
    p[bad], q[bad] = np.nan, np.nan
    return p, q


def _run_chunk(P: HierarchyParams, vals: dict, seed_seq, keep_panel: bool):
    """Simulate one chunk of the batch (all arrays float32, shape (b, n_sub, C))."""
    rng = np.random.default_rng(seed_seq)
    b = len(vals["w_vertical"])
    D, S, C, T = P.n_districts, P.subdistricts_per_district, P.communities_per_subdistrict, P.steps
    n_sub, N = D * S, D * S * C
    f = np.float32
    col = lambda k: vals[k].astype(f)[:, None]  # noqa: E731  (b, 1)
    w, comp, beta, kappa = col("w_vertical"), col("compliance"), col("beta"), col("kappa")
    c, gam, theta, sig = col("effort_cost"), col("crowding"), col("theta"), col("noise")
    # draws made once per simulation
    d_ok = rng.random((b, D), dtype=f) < comp
    s_ok = (rng.random((b, n_sub), dtype=f) < comp) & np.repeat(d_ok, S, axis=1)
    thr = rng.standard_exponential((b, n_sub, C), dtype=f)
    z = np.exp(rng.standard_normal((b, n_sub, C), dtype=f) * f(P.hetero) - f(P.hetero ** 2 / 2))
    th_i = theta[:, :, None] * np.exp(rng.standard_normal((b, n_sub, C), dtype=f) * f(P.hetero)
                                      - f(P.hetero ** 2 / 2))
    A = np.zeros((b, n_sub, C), f)
    if P.n_seed:
        pil = np.argpartition(rng.random((b, N), dtype=f), P.n_seed - 1, axis=1)[:, :P.n_seed]
        A.reshape(b, N)[np.arange(b)[:, None], pil] = 1.0
    pilot = A.copy() if keep_panel else None
    H = np.where(A > 0, np.inf, 0.0).astype(f)
    Pp = np.zeros_like(A)
    wait = np.zeros((b, n_sub, C), np.int16) if keep_panel else None
    reach = P.reach
    active = s_ok  # chain passed the order on
    # per-simulation constants (b, 1, 1)
    a_i = ((1 - w) / c)[:, :, None] * th_i            # (1-w) theta_i / c
    aphi = a_i * f(P.phi)
    bsib = -(1 - w) * beta / (C - 1)                  # (b, 1): residents' reward for siblings' evidence
    msib = bsib[:, :, None]
    nbr = (1 - w) * beta * np.float32(P.nu / (2 * C))
    wv, omw = w, 1 - w
    cum = np.zeros((b, T + 1), np.int32)
    cum[:, 0] = P.n_seed
    xi = rng.standard_normal((T, b, n_sub), dtype=f)
    one_d = f(1 - P.delta)
    dlt = f(P.delta)
    e = np.zeros_like(A)
    pi = np.zeros((b, n_sub), f)
    tmp = np.empty_like(A)
    AP = np.empty_like(A)
    ones = np.ones(C, f)
    for t in range(1, T + 1):
        np.multiply(A, Pp, out=AP)
        sAP = AP @ ones                                # (b, n_sub); matvec beats sum(-1) on a short axis
        # 1. sub-district push
        if t >= reach:
            sA, sP = A @ ones, Pp @ ones
            pi = (wv * (1 - sA / C) - omw * gam * (sP / C)) / c + sig * xi[t - 1]
            np.clip(pi, 0, 1, out=pi)
            pi *= active
        # 2. adoption by community officials not yet adopted
        street = wv * pi + nbr * (np.roll(sAP, 1, 1) + np.roll(sAP, -1, 1)) - kappa
        street -= bsib * sAP                           # tmp = bsib * (sAP - AP_i) + street
        np.multiply(AP, msib, out=tmp)
        tmp += street[:, :, None]
        np.clip(tmp, 0, None, out=tmp)
        tmp *= z
        H += tmp
        np.greater_equal(H, thr, out=tmp)
        A, tmp = tmp, A
        if keep_panel:
            wait += A == 0
        # 3. effort of adopters and participation
        np.multiply(aphi, Pp, out=e)
        e += a_i
        e -= ((wv * (1 + gam * pi)) / c)[:, :, None]
        np.clip(e, 0, 1, out=e)
        e *= A
        Pp *= one_d
        e *= dlt
        Pp += e
        cum[:, t] = A.sum((1, 2))
    e /= dlt
    # outcomes
    n_ad = A.sum((1, 2))
    V = A * (1 - e) * ((1 + gam * pi) / (1 + gam))[:, :, None]   # visible outcomes, weighted by the push
    partic = (A * Pp).sum((1, 2)) / n_ad
    diverg = (V - A * Pp).sum((1, 2)) / n_ad
    out = {"final_share": n_ad / N, "participation": partic, "divergence": diverg}
    adopt_step = reach_step = None
    if keep_panel:
        adopt_step = np.where(A > 0, wait.astype(np.int32) + 1, -1)
        adopt_step[pilot > 0] = 0
        adopt_step = adopt_step.reshape(b, N)
        reach_step = (np.full((b, n_sub), -1, np.int32) if P.mandate_step is None
                      else np.where(active, int(reach), -1).astype(np.int32))
    return cum, out, adopt_step, reach_step


def simulate_batch(params: HierarchyParams | None = None, B: int | None = None, *, chunk: int = 128,
                   workers: int = 1, keep_panel: bool = False, **overrides) -> BatchResult:
    """Run ``B`` simulations at once; varied parameters (:data:`VARIED`) may be arrays of length ``B``.

    Seeded by ``params.seed`` through ``numpy.random.SeedSequence`` spawned per chunk of ``chunk``
    simulations, so results do not depend on ``workers`` (processes; 1 = in this process).
    ``keep_panel=True`` also returns each community's adoption step and each sub-district's push start.
    """
    base = params or HierarchyParams()
    struct = {k: v for k, v in overrides.items() if k not in VARIED}
    P = replace(base, **struct).check("simulate_batch")
    B, vals = _expand(P, B, overrides)
    check_integer(B, "B", "simulate_batch", minimum=1)
    check_integer(chunk, "chunk", "simulate_batch", minimum=1)
    check_integer(workers, "workers", "simulate_batch", minimum=1)
    starts = list(range(0, B, chunk))
    seqs = np.random.SeedSequence(P.seed).spawn(len(starts))
    jobs = [(P, {k: v[s:s + chunk] for k, v in vals.items()}, sq, keep_panel) for s, sq in zip(starts, seqs)]
    if workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=min(workers, os.cpu_count() or 1)) as ex:
            parts = list(ex.map(_run_chunk_star, jobs))
    else:
        parts = [_run_chunk(*j) for j in jobs]
    cum = np.concatenate([p[0] for p in parts])
    out = {k: np.concatenate([p[1][k] for p in parts]).astype(float) for k in parts[0][1]}
    N = P.n_communities
    share = cum / N
    above = share >= 0.5
    t50 = np.where(above.any(1), above.argmax(1), np.nan).astype(float)
    cut = _before_index(P)
    new = np.diff(cum, axis=1).astype(float)
    bp, bq = bass_pq_discrete(new, N - P.n_seed)
    frame = pd.DataFrame({"t50": t50, "t50_censored": ~above.any(1),
                          "share_before": share[:, cut], **out, "bass_p": bp, "bass_q": bq})
    res = BatchResult(P, vals, cum, frame)
    if keep_panel:
        res.adopt_step = np.concatenate([p[2] for p in parts])
        res.reach_step = np.concatenate([p[3] for p in parts])
        via = (res.adopt_step >= np.repeat(np.where(res.reach_step >= 0, res.reach_step, 10**9),
                                           P.communities_per_subdistrict, axis=1))
        nonpilot = res.adopt_step > 0
        with np.errstate(invalid="ignore"):
            frame["share_via_mandate"] = (via & nonpilot).sum(1) / nonpilot.sum(1)
    return res


def _run_chunk_star(job):
    return _run_chunk(*job)


def _before_index(P: HierarchyParams) -> int:
    """Index into the cumulative curve of the state just before the mandate reaches communities.

    ``cumulative[t]`` is the state after step ``t``; the mandate acts from step ``reach``, so the
    state before it is ``cumulative[reach - 1]``, and for ``reach = 0`` it is the pilots at step 0
    (never index -1, which would read the end of the run).  Without a mandate: the end of the run.
    """
    if P.mandate_step is None:
        return P.steps
    return int(min(max(P.reach - 1, 0), P.steps))


@dataclass
class SimResult:
    """One simulation with per-community detail (from :func:`simulate`)."""

    params: HierarchyParams
    adopt_step: np.ndarray       #: step of adoption (0 = pilot), -1 = never
    via_mandate: np.ndarray      #: adopted (not a pilot) once the push had reached its sub-district
    cumulative: np.ndarray       #: adopters after each step 0..steps
    outcomes: pd.Series

    @property
    def n(self) -> int:
        return len(self.adopt_step)

    def curve(self) -> pd.DataFrame:
        """Cumulative adoption per step, split into pilots, via the mandate and via peers."""
        T = self.params.steps
        steps = np.arange(T + 1)
        s = self.adopt_step
        by = lambda mask: np.array([(mask & (s <= t) & (s >= 0)).sum() for t in steps])  # noqa: E731
        return pd.DataFrame({"step": steps, "pilots": by(s == 0), "mandate": by(self.via_mandate),
                             "peers": by((s > 0) & ~self.via_mandate), "share": self.cumulative / self.n})

    def summary(self) -> pd.DataFrame:
        return pd.DataFrame({"value": self.outcomes})


def simulate(params: HierarchyParams | None = None, **overrides) -> SimResult:
    """One seeded run of the model with per-community detail (a batch of one)."""
    P = replace(params or HierarchyParams(), **overrides).check("simulate")
    r = simulate_batch(P, 1, keep_panel=True)
    o = r.outcomes.iloc[0]
    reach = np.repeat(r.reach_step[0], P.communities_per_subdistrict)
    a = r.adopt_step[0]
    via = (a > 0) & (reach >= 0) & (a >= reach)
    return SimResult(P, a, via, r.cumulative[0], o)


def params_table(p: HierarchyParams | None = None) -> pd.DataFrame:
    """The parameters, their default values, and where each comes from (seed, fact, or assumption)."""
    p = p or HierarchyParams()
    meaning = {
        "n_districts": ("districts in the city", "fact E057 (Guiyang)"),
        "subdistricts_per_district": ("sub-districts per district", "fact E059 (Guiyang: 49 / 10)"),
        "communities_per_subdistrict": ("communities per sub-district", "fact E062 (Guiyang: 470 / 49)"),
        "steps": ("simulated months", "choice"),
        "mandate_step": ("month in which the city issues the mandate", "seeds 001, 003 (ignition from above); timing assumed"),
        "lag": ("months the mandate takes per level", "assumption"),
        "n_seed": ("pilot communities designated at month 0", "assumption"),
        "w_vertical": ("weight of the vertical assessment in officials' score", "seed 003 (two systems); value assumed"),
        "compliance": ("chance that a district, and a sub-district, passes the order on", "assumption"),
        "beta": ("residents' reward for a reform peers show working", "assumption"),
        "kappa": ("cost of adopting (score points per month)", "assumption"),
        "effort_cost": ("curvature of the cost of effort", "assumption"),
        "crowding": ("how much the push raises the weight of visible outcomes", "assumption"),
        "theta": ("mean residents' responsiveness to participation effort", "assumption"),
        "noise": ("noise in the push (what the upward assessment will count)", "assumption"),
        "nu": ("weight of adjacent sub-districts in peer evidence", "assumption"),
        "phi": ("participation raises its own return (complementarity)", "assumption"),
        "delta": ("speed at which participation follows effort", "assumption"),
        "hetero": ("spread (log SD) of communities' adoption rate and responsiveness", "assumption"),
        "seed": ("random seed", "choice"),
    }
    d = asdict(p)
    return pd.DataFrame({"parameter": list(d), "value": [str(v) for v in d.values()],
                         "meaning": [meaning[k][0] for k in d], "source": [meaning[k][1] for k in d]})


def scenario_table(scenarios: dict[str, dict], base: HierarchyParams | None = None, replicates: int = 200,
                   *, workers: int = 1) -> pd.DataFrame:
    """Mean outcomes, with Monte Carlo standard errors (``se_<outcome>``), for named scenarios.

    Each scenario runs ``replicates`` seeded simulations.  ``share_before_mandate`` is the share
    adopted just before the mandate reaches communities (pilots only if it arrives at step 0).
    """
    base = base or HierarchyParams()
    check_integer(replicates, "replicates", "scenario_table", minimum=2)
    rows = []
    for name, over in scenarios.items():
        r = simulate_batch(base, replicates, keep_panel=True, workers=workers, **over)
        o = r.outcomes.rename(columns={"share_before": "share_before_mandate"})
        row = {"scenario": name}
        for k in ("final_share", "share_before_mandate", "share_via_mandate", "participation", "divergence",
                  "t50", "bass_p", "bass_q"):
            v = o[k].to_numpy(float)
            v = v[np.isfinite(v)]
            row[k] = v.mean() if len(v) else np.nan
            row[f"se_{k}"] = v.std(ddof=1) / np.sqrt(len(v)) if len(v) > 1 else np.nan
        row["t50_censored"] = float(o["t50_censored"].mean())
        rows.append(row)
    return pd.DataFrame(rows).set_index("scenario")
