"""Global sensitivity of the hierarchy model: Sobol indices (SALib, Saltelli sampling) with bootstrap intervals.

SIMULATION.  Each Saltelli point is one stochastic run, so the indices describe the outcome
including the model's own noise: ``1 - sum(S1)`` contains interactions *and* intrinsic noise.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..args import ParameterError, check_integer, check_level
from .model import OUTCOMES, VARIED, HierarchyParams, simulate_batch

__all__ = ["BOUNDS", "LABELS", "problem", "sobol_indices", "sobol_of_function", "SobolResult",
           "ishigami_analytic", "outcome_matrix"]

#: prior / sensitivity range of each varied parameter (assumptions, stated in the chapter)
BOUNDS = {
    "w_vertical": (0.2, 0.9),
    "compliance": (0.5, 1.0),
    "beta": (0.0, 3.0),
    "kappa": (0.0, 0.2),
    "effort_cost": (0.5, 2.0),
    "crowding": (0.0, 2.0),
    "theta": (0.5, 2.0),
    "noise": (0.0, 0.3),
}
LABELS = {
    "w_vertical": "weight of the vertical assessment",
    "compliance": "compliance per level",
    "beta": "residents' reward for peers' evidence",
    "kappa": "cost of adopting",
    "effort_cost": "cost of effort",
    "crowding": "crowding-out by the push",
    "theta": "residents' responsiveness",
    "noise": "noise in the push",
}


def problem(bounds: dict | None = None) -> dict:
    """SALib problem definition over :data:`BOUNDS` (or the given subset of :data:`VARIED`)."""
    b = bounds or BOUNDS
    bad = [k for k in b if k not in VARIED]
    if bad:
        raise ParameterError(f"problem(): {bad} are not varied parameters ({list(VARIED)})")
    return {"num_vars": len(b), "names": list(b), "bounds": [list(v) for v in b.values()]}


def outcome_matrix(frame: pd.DataFrame, steps: int, outcomes=tuple(OUTCOMES)) -> np.ndarray:
    """Outcome columns as a finite matrix: a censored time to 50% counts as ``steps + 1``; a Bass fit
    that does not exist (nothing adopted beyond the pilots) counts as p = q = 0."""
    cols = []
    for k in outcomes:
        v = frame[k].to_numpy(float).copy()
        if k == "t50":
            v[~np.isfinite(v)] = steps + 1
        elif k in ("bass_p", "bass_q", "participation", "divergence"):
            v[~np.isfinite(v)] = 0.0
        cols.append(v)
    return np.column_stack(cols)


@dataclass
class SobolResult:
    """Sobol indices per outcome and parameter, and the outcome means with Monte Carlo errors."""

    indices: pd.DataFrame   #: outcome, parameter, S1, S1_low, S1_high, ST, ST_low, ST_high
    means: pd.DataFrame     #: outcome, mean, mc_se, sd, n_nonfinite
    X: np.ndarray           #: the Saltelli sample
    Y: np.ndarray           #: the outcomes (rows of X)
    N: int

    def table(self, outcome: str) -> pd.DataFrame:
        return self.indices[self.indices["outcome"] == outcome].set_index("parameter")


def _analyze(prob, Y, level, num_resamples, seed):
    from SALib.analyze import sobol

    si = sobol.analyze(prob, Y, calc_second_order=False, num_resamples=num_resamples, conf_level=level,
                       print_to_console=False, seed=seed)
    return si


def sobol_indices(N: int = 1024, *, base: HierarchyParams | None = None, bounds: dict | None = None,
                  outcomes=tuple(OUTCOMES), level: float = 0.95, num_resamples: int = 500, seed: int = 0,
                  workers: int = 1) -> SobolResult:
    """First- and total-order Sobol indices of the model's outcomes over :data:`BOUNDS`.

    ``N`` base samples (a power of two, at least 1,024 for the book) give ``N (k + 2)`` runs.
    Intervals: SALib's bootstrap (``num_resamples``) at ``level``; the index +/- the half-width.
    """
    from SALib.sample import sobol as sobol_sample

    check_integer(N, "N", "sobol_indices", minimum=2)
    if N & (N - 1):
        raise ParameterError(f"sobol_indices(): N must be a power of two (Sobol' sequence), got {N}")
    check_level(level, "level", "sobol_indices")
    base = base or HierarchyParams()
    prob = problem(bounds)
    X = sobol_sample.sample(prob, N, calc_second_order=False, seed=seed)
    res = simulate_batch(base, len(X), workers=workers, **{k: X[:, i] for i, k in enumerate(prob["names"])})
    Y = outcome_matrix(res.outcomes, base.steps, outcomes)
    rows, means = [], []
    for j, name in enumerate(outcomes):
        y = Y[:, j]
        raw = res.outcomes[name].to_numpy(float)
        means.append({"outcome": name, "mean": y.mean(), "mc_se": y.std(ddof=1) / np.sqrt(len(y)),
                      "sd": y.std(ddof=1), "n_nonfinite": int((~np.isfinite(raw)).sum())})
        if y.std() == 0:
            continue
        si = _analyze(prob, y, level, num_resamples, seed)
        for i, p in enumerate(prob["names"]):
            rows.append({"outcome": name, "parameter": p, "S1": si["S1"][i],
                         "S1_low": si["S1"][i] - si["S1_conf"][i], "S1_high": si["S1"][i] + si["S1_conf"][i],
                         "ST": si["ST"][i], "ST_low": si["ST"][i] - si["ST_conf"][i],
                         "ST_high": si["ST"][i] + si["ST_conf"][i]})
    return SobolResult(pd.DataFrame(rows), pd.DataFrame(means), X, Y, N)


def sobol_of_function(f, prob: dict, N: int = 1024, *, level: float = 0.95, num_resamples: int = 500,
                      seed: int = 0) -> pd.DataFrame:
    """Sobol indices of a vectorised function ``f(X) -> y`` (same sampler and analyser as the model)."""
    from SALib.sample import sobol as sobol_sample

    X = sobol_sample.sample(prob, N, calc_second_order=False, seed=seed)
    si = _analyze(prob, f(X), level, num_resamples, seed)
    return pd.DataFrame({"S1": si["S1"], "S1_conf": si["S1_conf"], "ST": si["ST"], "ST_conf": si["ST_conf"]},
                        index=prob["names"])


def ishigami_analytic(a: float = 7.0, b: float = 0.1) -> pd.DataFrame:
    """Analytic first and total Sobol indices of the Ishigami function (Ishigami & Homma 1990).

    ``f = sin x1 + a sin^2 x2 + b x3^4 sin x1`` on ``[-pi, pi]^3``.
    """
    pi = np.pi
    V1 = 0.5 * (1 + b * pi ** 4 / 5) ** 2
    V2 = a ** 2 / 8
    V13 = b ** 2 * pi ** 8 * (1 / 18 - 1 / 50)
    V = V1 + V2 + V13
    return pd.DataFrame({"S1": [V1 / V, V2 / V, 0.0], "ST": [(V1 + V13) / V, V2 / V, V13 / V]},
                        index=["x1", "x2", "x3"])
