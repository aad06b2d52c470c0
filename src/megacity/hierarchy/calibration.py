"""Pattern-oriented calibration of the hierarchy model by approximate Bayesian computation (rejection).

SIMULATION.  Li & Fang's qualitative pattern (seed 003, L107: reforms "imposed on the urban
communities by higher level authorities", communities "still not participating to the extent that
the state would like", officials under "two separate performance assessment systems ... which have
not been compatible") is written as three testable criteria on simulated outcomes.  Their
thresholds are our assumptions (:data:`CRITERIA`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..args import ParameterError, check_integer, check_probability
from .model import HierarchyParams, simulate_batch
from .sensitivity import BOUNDS

__all__ = ["CRITERIA", "pattern_checks", "prior_draws", "abc_pattern", "abc_distance", "ABCResult",
           "region_summary"]

#: criterion -> (reader description, test on the outcome frame)
CRITERIA = {
    "ignition": "ignition from above: at most 15% adopted before the mandate reaches communities, "
                "at least 60% by the end",
    "weak_participation": "weak participation: mean participation of adopters below 0.3",
    "divergence": "divergence: the vertical assessment exceeds the residents' by at least 0.3",
}
THRESHOLDS = {"before_max": 0.15, "final_min": 0.6, "participation_max": 0.3, "divergence_min": 0.3}


def pattern_checks(outcomes: pd.DataFrame, thresholds: dict | None = None) -> pd.DataFrame:
    """One boolean column per criterion of :data:`CRITERIA`, and ``pattern`` (all three)."""
    th = {**THRESHOLDS, **(thresholds or {})}
    o = outcomes
    out = pd.DataFrame({
        "ignition": (o["share_before"] <= th["before_max"]) & (o["final_share"] >= th["final_min"]),
        "weak_participation": o["participation"] < th["participation_max"],
        "divergence": o["divergence"] >= th["divergence_min"],
    }, index=o.index)
    out["pattern"] = out.all(axis=1)
    return out


def prior_draws(n: int, bounds: dict | None = None, seed: int = 0) -> pd.DataFrame:
    """``n`` independent draws from the uniform prior on :data:`BOUNDS`."""
    check_integer(n, "n", "prior_draws", minimum=1)
    b = bounds or BOUNDS
    rng = np.random.default_rng(seed)
    return pd.DataFrame({k: rng.uniform(lo, hi, n) for k, (lo, hi) in b.items()})


@dataclass
class ABCResult:
    """Prior draws, their simulated outcomes, and which were accepted."""

    draws: pd.DataFrame
    outcomes: pd.DataFrame
    accepted: np.ndarray
    bounds: dict

    @property
    def posterior(self) -> pd.DataFrame:
        return self.draws[self.accepted]

    @property
    def acceptance(self) -> tuple[float, float]:
        """Acceptance rate and its binomial Monte Carlo standard error."""
        a = float(self.accepted.mean())
        return a, float(np.sqrt(a * (1 - a) / len(self.accepted)))


def _simulate_draws(draws: pd.DataFrame, base: HierarchyParams, workers: int) -> pd.DataFrame:
    res = simulate_batch(base, len(draws), workers=workers, **{k: draws[k].to_numpy() for k in draws})
    return res.outcomes


def abc_pattern(n_draws: int = 8000, *, base: HierarchyParams | None = None, bounds: dict | None = None,
                thresholds: dict | None = None, seed: int = 0, workers: int = 1) -> ABCResult:
    """Rejection ABC with a 0/1 kernel: a prior draw is accepted if its run shows all three criteria."""
    base = base or HierarchyParams()
    b = bounds or BOUNDS
    draws = prior_draws(n_draws, b, seed)
    out = _simulate_draws(draws, HierarchyParams(**{**base.__dict__, "seed": seed + 1}), workers)
    checks = pattern_checks(out, thresholds)
    return ABCResult(draws, pd.concat([out, checks], axis=1), checks["pattern"].to_numpy(), b)


SUMMARIES = ("share_before", "final_share", "participation", "divergence", "t50", "bass_p", "bass_q")


def abc_distance(observed: dict, n_draws: int = 8000, *, quantile: float = 0.02, base: HierarchyParams | None = None,
                 bounds: dict | None = None, summaries=SUMMARIES, seed: int = 0, workers: int = 1) -> ABCResult:
    """Rejection ABC on a distance: accept the ``quantile`` of prior draws whose summaries are nearest
    ``observed`` (Euclidean on summaries scaled by their prior-predictive median absolute deviation)."""
    check_probability(quantile, "quantile", "abc_distance")
    missing = [s for s in summaries if s not in observed]
    if missing:
        raise ParameterError(f"abc_distance(): observed lacks summaries {missing}")
    base = base or HierarchyParams()
    b = bounds or BOUNDS
    draws = prior_draws(n_draws, b, seed)
    out = _simulate_draws(draws, HierarchyParams(**{**base.__dict__, "seed": seed + 1}), workers)
    S = out[list(summaries)].to_numpy(float).copy()
    S[:, list(summaries).index("t50")] = np.where(np.isfinite(S[:, list(summaries).index("t50")]),
                                                  S[:, list(summaries).index("t50")], base.steps + 1) \
        if "t50" in summaries else S[:, 0]
    S = np.where(np.isfinite(S), S, 0.0)
    obs = np.array([observed[s] if np.isfinite(observed[s]) else (base.steps + 1 if s == "t50" else 0.0)
                    for s in summaries], float)
    mad = np.median(np.abs(S - np.median(S, 0)), 0)
    mad = np.where(mad > 0, mad, S.std(0) + 1e-12)
    d = np.sqrt((((S - obs) / mad) ** 2).sum(1))
    k = max(int(round(quantile * n_draws)), 1)
    acc = np.zeros(n_draws, bool)
    acc[np.argsort(d)[:k]] = True
    return ABCResult(draws, out.assign(distance=d), acc, b)


def region_summary(res: ABCResult, *, pinned_ratio: float = 0.7) -> pd.DataFrame:
    """Per parameter: prior and posterior spread and the posterior's 90% interval; ``pinned`` when the
    posterior SD is below ``pinned_ratio`` of the prior SD (uniform prior: width / sqrt 12).

    Monte Carlo errors of the posterior median and of the SD ratio: bootstrap over accepted draws.
    """
    post = res.posterior
    if len(post) < 5:
        raise ParameterError(f"region_summary(): only {len(post)} accepted draws; draw more")
    rng = np.random.default_rng(0)
    rows = []
    for k, (lo, hi) in res.bounds.items():
        x = post[k].to_numpy()
        prior_sd = (hi - lo) / np.sqrt(12)
        bx = rng.choice(x, (200, len(x)))
        boot = bx.std(axis=1, ddof=1) / prior_sd
        med_se = float(np.median(bx, axis=1).std(ddof=1))
        q05, q50, q95 = np.quantile(x, [0.05, 0.5, 0.95])
        ratio = x.std(ddof=1) / prior_sd
        rows.append({"parameter": k, "prior_low": lo, "prior_high": hi, "post_median": q50,
                     "post_median_se": med_se, "post_q05": q05,
                     "post_q95": q95, "sd_ratio": ratio, "sd_ratio_se": boot.std(ddof=1),
                     "interval_share": (q95 - q05) / (hi - lo), "pinned": bool(ratio < pinned_ratio)})
    return pd.DataFrame(rows)
