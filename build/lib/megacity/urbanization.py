"""China's urbanization curve: one series per year, and a logistic fit with uncertainty.

Model
-----
The urban share s(t), in percent, follows a three-parameter logistic curve

    s(t) = K / (1 + exp(-r (t - t0)))

with ceiling K (%), growth rate r (per year) and midpoint t0 (the year in
which s = K/2).  It is fitted by nonlinear least squares on the percentage
scale (:func:`fit_logistic`).  Uncertainty comes two ways: asymptotic
(Wald) intervals from the Jacobian, and a moving-block bootstrap of the
residuals, which respects the serial correlation that annual series have.
The fit reports the Durbin-Watson statistic so a reader can see that
correlation.  K is weakly identified when the data stop well below the
ceiling; the interval on K says how weakly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, stats

__all__ = [
    "REVISION_YEARS",
    "SERIES_PREFERENCE",
    "LogisticFit",
    "best_series",
    "fit_logistic",
    "interpolate_share",
    "logistic",
    "profile_ceiling",
]

#: Years whose published shares the NBS revised after the 2020 (7th) census (fact sheet
#: urbanization_china.csv, note on 2019): values of these years differ by vintage.
REVISION_YEARS = range(2011, 2020)

#: Order in which the source series are preferred when one value per year is needed: year-end
#: official releases first, then the yearbook reproduction, then the (weak) transcription of the
#: revised series, then census-day counts (a different reference date), then derived values.
SERIES_PREFERENCE = ("nbs_release", "csy1998", "csy2021_transcription", "census", "derived")


def logistic(t, K, r, t0):
    """The logistic curve K / (1 + exp(-r (t - t0))), vectorised over ``t``."""
    t = np.asarray(t, dtype=float)
    return K / (1.0 + np.exp(-r * (t - t0)))


def best_series(df: pd.DataFrame, prefer: tuple[str, ...] = SERIES_PREFERENCE,
                vintages: tuple[str, ...] | None = None) -> pd.DataFrame:
    """One row per year: the value from the most preferred series available that year.

    ``vintages`` restricts the candidates first (e.g. ``("revised", "census")``).
    """
    required = {"year", "urban_share_pct", "series", "vintage"}
    if missing := required - set(df.columns):
        raise ValueError(f"best_series needs columns {sorted(required)}; missing {sorted(missing)}")
    d = df if vintages is None else df[df["vintage"].astype(str).isin(vintages)]
    rank = {s: i for i, s in enumerate(prefer)}
    d = d[d["series"].astype(str).isin(rank)].copy()
    if d.empty:
        raise ValueError("no rows left after choosing series/vintages")
    d["_rank"] = d["series"].astype(str).map(rank)
    d = d.sort_values(["year", "_rank"]).drop_duplicates("year", keep="first")
    return d.drop(columns="_rank").reset_index(drop=True)


def interpolate_share(df: pd.DataFrame, year: int) -> tuple[float, float, float]:
    """Linear interpolation of the share in ``year`` between the nearest sourced years.

    Returns ``(value, lower_neighbour_value, upper_neighbour_value)``.
    """
    s = best_series(df).set_index("year")["urban_share_pct"].astype(float)
    years = s.index.to_numpy(dtype=int)
    if year in years:
        v = float(s.loc[year])
        return v, v, v
    below, above = years[years < year], years[years > year]
    if len(below) == 0 or len(above) == 0:
        raise ValueError(f"{year} is outside the sourced range {years.min()}-{years.max()}")
    y0, y1 = int(below.max()), int(above.min())
    v0, v1 = float(s.loc[y0]), float(s.loc[y1])
    return v0 + (v1 - v0) * (year - y0) / (y1 - y0), v0, v1


@dataclass
class LogisticFit:
    """Result of :func:`fit_logistic`."""

    params: pd.Series
    cov: pd.DataFrame
    ci_wald: pd.DataFrame
    ci_boot: pd.DataFrame | None
    n: int
    years: np.ndarray
    observed: np.ndarray
    residuals: np.ndarray
    durbin_watson: float
    rmse: float
    level: float = 0.95
    K_fixed: bool = False
    boot_draws: np.ndarray | None = field(default=None, repr=False)

    def predict(self, t) -> np.ndarray:
        return logistic(t, *self.params.to_numpy())

    def summary(self) -> pd.DataFrame:
        """Estimates with standard errors and both kinds of interval."""
        out = pd.DataFrame({
            "estimate": self.params,
            "std_err": np.sqrt(np.diag(self.cov.to_numpy())),
            "wald_low": self.ci_wald["low"], "wald_high": self.ci_wald["high"],
        })
        if self.ci_boot is not None:
            out["boot_low"] = self.ci_boot["low"]
            out["boot_high"] = self.ci_boot["high"]
        return out

    def year_reaching(self, share: float) -> float:
        """The (fractional) year in which the fitted curve reaches ``share`` percent."""
        K, r, t0 = self.params.to_numpy()
        if not 0 < share < K:
            raise ValueError(f"share {share} is outside (0, K={K:.2f})")
        return float(t0 - np.log(K / share - 1.0) / r)


def _start_values(t: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    K = min(100.0, max(y.max() * 1.3, y.max() + 5))
    z = np.log(y / (K - y))                # logit of y/K is linear in t
    slope, intercept = np.polyfit(t, z, 1)
    r = max(slope, 1e-3)
    return K, r, -intercept / r


#: Box constraints of the least-squares fit, as (lower, upper) for K, r and t0.
_BOUNDS = (np.array([1e-6, 1e-6, 1800.0]), np.array([100.0, 2.0, 2300.0]))


def _nls(t, y, p0, K=None):
    """Least squares for (K, r, t0), or for (r, t0) with the ceiling K held fixed."""
    if K is None:
        return optimize.curve_fit(logistic, t, y, p0=p0, bounds=_BOUNDS, maxfev=20000)
    popt, pcov = optimize.curve_fit(
        lambda tt, r, t0: logistic(tt, K, r, t0), t, y, p0=p0[1:],
        bounds=(_BOUNDS[0][1:], _BOUNDS[1][1:]), maxfev=20000)
    full = np.zeros((3, 3))
    full[1:, 1:] = pcov
    return np.r_[K, popt], full


def _nls_batch(t: np.ndarray, Y: np.ndarray, p0: np.ndarray, K: float | None = None,
               tol: float = 1e-10, max_iter: int = 200) -> np.ndarray:
    """Least squares for many series at once: row i of ``Y`` (B, n) fitted against ``t`` (n,).

    Levenberg-Marquardt with the damping of each row kept separately, starting every row at
    ``p0`` (K, r, t0).  Returns a (B, 3) array of (K, r, t0); rows that did not converge or that
    ended outside the box constraints of :func:`_nls` are NaN, for the caller to refit one at a
    time (the constrained solver then decides them, so both paths give the same answer).
    """
    free = K is None
    lo, hi = (_BOUNDS[0], _BOUNDS[1]) if free else (_BOUNDS[0][1:], _BOUNDS[1][1:])
    B = Y.shape[0]
    theta = np.tile(np.asarray(p0, dtype=float)[0 if free else 1:], (B, 1))
    k_fixed = None if free else float(K)

    def model(th):
        Kc = th[:, :1] if free else k_fixed
        e = np.exp(-th[:, -2:-1] * (t - th[:, -1:]))
        return Kc / (1.0 + e), e, Kc

    fit, e, Kc = model(theta)
    sse = ((Y - fit) ** 2).sum(axis=1)
    lam = np.full(B, 1e-3)
    done = np.zeros(B, dtype=bool)
    for _ in range(max_iter):
        act = ~done
        if not act.any():
            break
        th, y_a = theta[act], Y[act]
        f, e_a, K_a = fit[act], e[act], (Kc[act] if free else k_fixed)
        g = 1.0 / (1.0 + e_a)
        common = K_a * e_a * g * g
        cols = ([g] if free else []) + [common * (t - th[:, -1:]), -common * th[:, -2:-1]]
        J = np.stack(cols, axis=2)                                   # (b, n, p)
        JtJ = np.einsum("bni,bnj->bij", J, J)
        Jtr = np.einsum("bni,bn->bi", J, y_a - f)
        diag = np.einsum("bii->bi", JtJ)
        M = JtJ + lam[act, None, None] * np.einsum("bi,ij->bij", diag, np.eye(J.shape[2]))
        step = np.linalg.solve(M, Jtr[..., None])[..., 0]
        cand = th + step
        f_new, e_new, K_new = model(cand)
        sse_new = ((y_a - f_new) ** 2).sum(axis=1)
        better = np.isfinite(sse_new) & (sse_new < sse[act])
        idx = np.flatnonzero(act)
        acc = idx[better]
        theta[acc], fit[acc], e[acc], sse[acc] = cand[better], f_new[better], e_new[better], sse_new[better]
        if free:
            Kc[acc] = K_new[better]
        lam[idx] = np.where(better, lam[idx] / 10, lam[idx] * 10)
        small = np.all(np.abs(step) <= tol * (1.0 + np.abs(th)), axis=1)
        done[idx] = (better & small) | (lam[idx] > 1e10)
    bad = ~done | np.any((theta < lo) | (theta > hi), axis=1)
    out = theta if free else np.column_stack([np.full(B, k_fixed), theta])
    out[bad] = np.nan
    return out


def profile_ceiling(years, shares, K_grid=None, level: float = 0.95) -> tuple[pd.DataFrame, tuple[float, float]]:
    """Profile the residual sum of squares over the ceiling K.

    For each K on the grid, (r, t0) are re-estimated.  With Gaussian errors the
    profile log-likelihood is -n/2 log(RSS(K)); the likelihood-ratio interval
    keeps every K with n log(RSS(K)/RSS_min) <= chi2_1(level).  Returns the
    profile table and the interval (its ends are grid points; an end at the
    edge of the grid means the data do not bound K on that side).
    """
    t = np.asarray(years, dtype=float)
    y = np.asarray(shares, dtype=float)
    if K_grid is None:
        K_grid = np.linspace(max(y.max() + 0.5, 1.0), 100.0, 200)
    K_grid = np.asarray(K_grid, dtype=float)
    if np.any(K_grid <= y.max()):
        raise ValueError("every K on the grid must exceed the largest observed share")
    p0 = _start_values(t, y)
    rss = np.empty(len(K_grid))
    for i, K in enumerate(K_grid):
        popt, _ = _nls(t, y, (K, p0[1], p0[2]), K=K)
        rss[i] = np.sum((y - logistic(t, *popt)) ** 2)
    lr = len(t) * np.log(rss / rss.min())
    inside = lr <= stats.chi2.ppf(level, 1)
    table = pd.DataFrame({"K": K_grid, "rss": rss, "lr_stat": lr, "in_interval": inside})
    return table, (float(K_grid[inside].min()), float(K_grid[inside].max()))


def fit_logistic(years, shares, *, K: float | None = None, level: float = 0.95, n_boot: int = 0,
                 block: int = 5, seed: int | None = 0) -> LogisticFit:
    """Fit s(t) = K / (1 + exp(-r (t - t0))) by nonlinear least squares.

    With ``K`` given, the ceiling is held fixed and only (r, t0) are estimated
    (its standard error and interval are then zero-width by construction).

    ``years`` and ``shares`` (percent, 0-100) are equal-length arrays.  With
    ``n_boot > 0`` a moving-block residual bootstrap (blocks of ``block``
    consecutive observations) adds percentile intervals.
    """
    t = np.asarray(years, dtype=float)
    y = np.asarray(shares, dtype=float)
    if t.shape != y.shape or t.ndim != 1:
        raise ValueError("years and shares must be 1-D arrays of the same length")
    if len(t) < 4:
        raise ValueError(f"a three-parameter logistic needs at least 4 points, got {len(t)}")
    if not np.all(np.isfinite(t)) or not np.all(np.isfinite(y)):
        raise ValueError("years and shares must be finite numbers")
    if y.max() <= 1.0:
        raise ValueError("shares look like fractions (all at most 1); give percentages (0-100), "
                         "i.e. multiply by 100")
    if np.any((y <= 0) | (y >= 100)):
        raise ValueError("shares must be percentages strictly between 0 and 100 "
                         "(a fraction in 0-1 must be multiplied by 100 first)")
    order = np.argsort(t)
    t, y = t[order], y[order]

    if K is not None and not (y.max() < K <= 100):
        raise ValueError(f"a fixed ceiling K={K} must lie above the largest share and at most 100")
    popt, pcov = _nls(t, y, _start_values(t, y), K=K)
    names = ["K", "r", "t0"]
    resid = y - logistic(t, *popt)
    dof = len(t) - (3 if K is None else 2)
    q = stats.t.ppf(0.5 + level / 2, dof)
    se = np.sqrt(np.diag(pcov))
    ci_wald = pd.DataFrame({"low": popt - q * se, "high": popt + q * se}, index=names)
    dw = float(np.sum(np.diff(resid) ** 2) / np.sum(resid ** 2))

    ci_boot, draws = None, None
    if n_boot > 0:
        rng = np.random.default_rng(seed)
        fitted = y - resid
        n = len(t)
        b = max(1, min(block, n))
        n_blocks = int(np.ceil(n / b))
        starts = rng.integers(0, n - b + 1, size=(n_boot, n_blocks))
        idx = (starts[:, :, None] + np.arange(b)[None, None, :]).reshape(n_boot, -1)[:, :n]
        centred = resid - resid.mean()
        y_star = np.clip(fitted + centred[idx], 1e-3, 100 - 1e-3)
        draws = _nls_batch(t, y_star, popt, K=K)          # all resamples as one array
        for i in np.flatnonzero(np.isnan(draws).any(axis=1)):
            try:   # a resample near a bound (or slow to converge): the constrained solver
                draws[i] = _nls(t, y_star[i], popt, K=K)[0]
            except RuntimeError:  # a resample on which NLS does not converge is dropped
                continue
        ok = np.all(np.isfinite(draws), axis=1)
        lo, hi = np.percentile(draws[ok], [50 * (1 - level), 50 * (1 + level)], axis=0)
        ci_boot = pd.DataFrame({"low": lo, "high": hi}, index=names)
        draws = draws[ok]

    return LogisticFit(
        params=pd.Series(popt, index=names), K_fixed=K is not None, cov=pd.DataFrame(pcov, index=names, columns=names),
        ci_wald=ci_wald, ci_boot=ci_boot, n=len(t), years=t, observed=y, residuals=resid,
        durbin_watson=dw, rmse=float(np.sqrt(np.mean(resid ** 2))), level=level, boot_draws=draws)
