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
    "AR1LogisticFit",
    "SPLICE_YEAR",
    "annual_series",
    "compare_with_nbs_file",
    "fit_logistic_ar1",
    "hac_logistic",
    "out_of_sample",
    "profile_ceiling_ar1",
    "revision_gaps",
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


# ------------------------------------------------------------------ one annual series, vintages apart
#: The year from which only the vintage revised after the 2020 (7th) census exists.
SPLICE_YEAR = 2020
NBS_FILE_COLUMN = "NBS National Data (pre-2021 vintage)"
WDI_COLUMN = "World Bank WDI (UN WUP 2018)"


def annual_series(urb: pd.DataFrame, nbs: pd.DataFrame | None = None, wdi_china: pd.DataFrame | None = None,
                  first: int = 1949, last: int = 2024) -> pd.DataFrame:
    """One row per year ``first``..``last``: every source as its own column, and a spliced series.

    Columns: one per (series, vintage) of ``urb`` (the cited table), the NBS National Data file
    (``nbs``, 1978-2014, the vintage published before the 2020 census) and WDI (``wdi_china``).
    ``share`` is the spliced series: up to ``SPLICE_YEAR - 1`` the *pre-2021 vintage* (NBS National
    Data, then the original NBS releases, then the 1998 Yearbook); from ``SPLICE_YEAR`` the revised
    vintage (the only one published).  ``source`` names the column used; years with no source are
    filled by linear interpolation between the nearest sourced years and flagged
    ``filled = True``; ``vintage`` says which side of the splice a year is on.  Census-day counts are
    kept as a column but never spliced in (a different reference date).
    """
    from .args import ParameterError, check_columns, check_integer
    check_columns(urb, ["year", "urban_share_pct", "series", "vintage"], "urb", "annual_series")
    first = check_integer(first, "first", "annual_series", minimum=1900)
    last = check_integer(last, "last", "annual_series", minimum=first + 1)
    years = pd.Index(range(first, last + 1), name="year")
    u = urb.assign(col=urb["series"].astype(str) + " (" + urb["vintage"].astype(str) + ")")
    wide = u.pivot_table(index="year", columns="col", values="urban_share_pct", aggfunc="first").reindex(years)
    if nbs is not None:
        check_columns(nbs, ["year", "urban_share_pct"], "nbs", "annual_series")
        wide[NBS_FILE_COLUMN] = nbs.set_index("year")["urban_share_pct"].reindex(years)
    if wdi_china is not None:
        check_columns(wdi_china, ["year", "urban_share_pct"], "wdi_china", "annual_series")
        wide[WDI_COLUMN] = wdi_china.set_index("year")["urban_share_pct"].reindex(years)
    before = [c for c in (NBS_FILE_COLUMN, "nbs_release (original)", "csy1998 (original)") if c in wide]
    after = [c for c in ("nbs_release (revised)", "csy2021_transcription (revised)", "derived (revised)")
             if c in wide]
    if not before or not after:
        raise ParameterError("annual_series(): need sources on both sides of the splice")
    share = pd.Series(np.nan, index=years)
    source = pd.Series("", index=years, dtype=object)
    for cols, mask in ((before, years < SPLICE_YEAR), (after, years >= SPLICE_YEAR)):
        for c in reversed(cols):               # later columns first, so the preferred one wins
            v = wide[c].where(mask)
            ok = v.notna()
            share[ok], source[ok] = v[ok], c
    filled = share.isna()
    if filled.iloc[0] or filled.iloc[-1]:
        raise ParameterError(f"annual_series(): no source for {first} or {last}; cannot fill the ends")
    share = share.interpolate(method="index")
    source[filled] = "linear interpolation (no source)"
    out = wide.copy()
    out["share"] = share
    out["source"] = source
    out["filled"] = filled
    out["vintage"] = np.where(years < SPLICE_YEAR, "pre-2021 (before the 2020-census revision)",
                              "revised after the 2020 census")
    return out.reset_index()


def revision_gaps(annual: pd.DataFrame) -> pd.DataFrame:
    """Years where a revised value and a pre-2021-vintage value both exist: their difference."""
    pre = annual[NBS_FILE_COLUMN].fillna(annual.get("nbs_release (original)"))
    rev = annual.get("csy2021_transcription (revised)")
    d = pd.DataFrame({"year": annual["year"], "pre_2021": pre, "revised": rev}).dropna()
    return d.assign(gap=d["revised"] - d["pre_2021"]).reset_index(drop=True)


# ------------------------------------------------------------------ logistic with AR(1) errors
@dataclass
class AR1LogisticFit:
    """Logistic curve with AR(1) errors, fitted by conditional least squares."""

    params: pd.Series          #: K, r, t0, rho
    se: pd.Series
    ssr: float
    n: int
    years: np.ndarray
    observed: np.ndarray
    K_fixed: bool = False

    def predict(self, t) -> np.ndarray:
        return logistic(t, self.params["K"], self.params["r"], self.params["t0"])

    def forecast(self, t) -> np.ndarray:
        """Curve plus the decaying AR(1) carry-over of the last residual."""
        t = np.asarray(t, dtype=float)
        e_last = self.observed[-1] - self.predict(self.years[-1])
        h = t - self.years[-1]
        return self.predict(t) + np.where(h > 0, self.params["rho"] ** np.clip(h, 0, None) * e_last, 0.0)


def _ar1_resid(theta, t, y, K):
    if K is None:
        Kc, r, t0, rho = theta
    else:
        (r, t0, rho), Kc = theta, K
    e = y - logistic(t, Kc, r, t0)
    return e[1:] - rho * e[:-1]


def fit_logistic_ar1(years, shares, *, K: float | None = None) -> AR1LogisticFit:
    """s(t) = K / (1 + exp(-r (t - t0))) + u_t, u_t = rho u_{t-1} + e_t, by conditional least squares
    (the first year conditions).  Standard errors from the Gauss-Newton information."""
    from .args import ParameterError, check_finite, check_min_size
    t = check_finite(years, "years", "fit_logistic_ar1")
    y = check_finite(shares, "shares", "fit_logistic_ar1")
    if t.shape != y.shape:
        raise ParameterError(f"fit_logistic_ar1(): years and shares differ in length ({t.size} vs {y.size})")
    check_min_size(t, 8, "years", "fit_logistic_ar1", "years")
    if np.any(np.diff(t) != 1):
        raise ParameterError("fit_logistic_ar1(): years must be consecutive (an AR(1) needs an annual series)")
    K0, r0, t00 = _start_values(t, y)
    if K is None:
        x0, lb, ub = [min(max(K0, y.max() + 1), 100.0), r0, t00, 0.5], [y.max(), 1e-4, 1900, -0.99], [100.0, 1.0, 2200, 0.99]
    else:
        x0, lb, ub = [r0, t00, 0.5], [1e-4, 1900, -0.99], [1.0, 2200, 0.99]
    x0 = np.clip(x0, np.array(lb) + 1e-6, np.array(ub) - 1e-6)
    res = optimize.least_squares(_ar1_resid, x0, args=(t, y, K), bounds=(lb, ub), xtol=1e-12, ftol=1e-12)
    ssr = float(res.fun @ res.fun)
    m = res.fun.size
    J = res.jac
    try:
        cov = np.linalg.inv(J.T @ J) * ssr / max(m - J.shape[1], 1)
        se = np.sqrt(np.diag(cov))
    except np.linalg.LinAlgError:  # pragma: no cover
        se = np.full(J.shape[1], np.nan)
    names = ["K", "r", "t0", "rho"] if K is None else ["r", "t0", "rho"]
    params = pd.Series(res.x, index=names)
    se = pd.Series(se, index=names)
    if K is not None:
        params = pd.concat([pd.Series({"K": float(K)}), params])
        se = pd.concat([pd.Series({"K": 0.0}), se])
    return AR1LogisticFit(params, se, ssr, int(t.size), t, y, K is not None)


def profile_ceiling_ar1(years, shares, K_grid=None, level: float = 0.95):
    """Profile likelihood of the ceiling K under AR(1) errors: LR = m log(SSR_K / SSR_min).

    Returns ``(table, (low, high))``; ``high`` equal to the grid's top (100%) means the data put no
    upper limit on K below full urbanization."""
    from .args import check_level
    level = check_level(level, func="profile_ceiling_ar1")
    y = np.asarray(shares, dtype=float)
    if K_grid is None:
        K_grid = np.linspace(np.ceil(y.max() + 0.5), 100.0, 60)
    ssr = np.array([fit_logistic_ar1(years, shares, K=float(k)).ssr for k in K_grid])
    m = y.size - 1
    lr = m * np.log(ssr / ssr.min())
    inside = lr <= stats.chi2.ppf(level, 1)
    table = pd.DataFrame({"K": K_grid, "ssr": ssr, "lr_stat": lr, "inside": inside})
    return table, (float(np.min(K_grid[inside])), float(np.max(K_grid[inside])))


def hac_logistic(years, shares, *, K: float | None = None, lags: int | None = None) -> pd.DataFrame:
    """NLS logistic fit with Newey-West (Bartlett) standard errors; ``lags`` defaults to
    floor(4 (n/100)^(2/9))."""
    t = np.asarray(years, dtype=float)
    y = np.asarray(shares, dtype=float)
    fit = fit_logistic(t, y, K=K)
    p = fit.params
    names = ["r", "t0"] if K is not None else ["K", "r", "t0"]
    h = 1e-6

    def f(theta):
        full = dict(p)
        full.update(dict(zip(names, theta)))
        return logistic(t, full["K"], full["r"], full["t0"])
    th = p[names].to_numpy(dtype=float)
    J = np.column_stack([(f(th + h * np.eye(len(th))[i]) - f(th - h * np.eye(len(th))[i])) / (2 * h)
                         for i in range(len(th))])
    u = y - f(th)
    n = t.size
    L = int(np.floor(4 * (n / 100) ** (2 / 9))) if lags is None else int(lags)
    S = (J * u[:, None]).T @ (J * u[:, None])
    for lag in range(1, L + 1):
        w = 1 - lag / (L + 1)
        G = (J[lag:] * u[lag:, None]).T @ (J[:-lag] * u[:-lag, None])
        S += w * (G + G.T)
    bread = np.linalg.inv(J.T @ J)
    cov = bread @ S @ bread * n / (n - len(th))
    return pd.DataFrame({"estimate": th, "se_iid": np.sqrt(np.diag(fit.cov.loc[names, names].to_numpy())),
                         "se_hac": np.sqrt(np.diag(cov)), "lags": L}, index=names)


def out_of_sample(annual: pd.DataFrame, *, fit_years=(1978, 2010), test_years=(2011, 2024),
                  targets: dict | None = None, K: float | None = 100.0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fit on ``fit_years`` of the spliced ``share``, forecast ``test_years``; errors against each
    target column.  Forecasts: logistic (iid NLS), logistic with AR(1) errors, and a naive random walk
    with drift (the mean annual change over the last ten fitted years).

    Returns ``(forecasts, errors)``: one row per year, and RMSE / mean error per method x target.
    """
    a = annual.set_index("year")
    fit = a.loc[fit_years[0]:fit_years[1], "share"]
    t = fit.index.to_numpy(dtype=float)
    test = np.arange(test_years[0], test_years[1] + 1, dtype=float)
    lg = fit_logistic(t, fit.to_numpy(), K=K)
    ar = fit_logistic_ar1(t, fit.to_numpy(), K=K)
    drift = float((fit.iloc[-1] - fit.iloc[-11]) / 10)
    fc = pd.DataFrame({"year": test.astype(int), "logistic": lg.predict(test),
                       "logistic, AR(1) errors": ar.forecast(test),
                       "naive (random walk with drift)": fit.iloc[-1] + drift * (test - t[-1])})
    targets = targets or {"spliced NBS series": "share", WDI_COLUMN: WDI_COLUMN}
    rows = []
    for label, col in targets.items():
        obs = a.loc[test.astype(int), col].to_numpy(dtype=float)
        fc[f"observed: {label}"] = obs
        for m in ("logistic", "logistic, AR(1) errors", "naive (random walk with drift)"):
            e = fc[m].to_numpy() - obs
            ok = np.isfinite(e)
            rows.append({"target": label, "method": m, "rmse": float(np.sqrt(np.mean(e[ok] ** 2))),
                         "mean_error": float(np.mean(e[ok])), "max_abs_error": float(np.max(np.abs(e[ok]))),
                         "years": int(ok.sum())})
    return fc, pd.DataFrame(rows)


def compare_with_nbs_file(urb: pd.DataFrame, nbs: pd.DataFrame, *, tol_share: float = 0.05,
                          tol_pop_10k: float = 10.0) -> pd.DataFrame:
    """Every row of the cited table (1978-2014) that disagrees with the NBS National Data file by
    more than ``tol_share`` points of share (the rounding of one-decimal sources) or
    ``tol_pop_10k`` ten-thousand persons of urban or total population (rounding of millions to two
    decimals), with the explanation if the disagreement is one of vintage or of reference date.

    ``explanation`` is empty for an unexplained disagreement (a transcription or unit error).
    """
    from .args import check_columns
    check_columns(urb, ["year", "urban_share_pct", "series", "vintage"], "urb", "compare_with_nbs_file")
    check_columns(nbs, ["year", "urban_share_pct", "urban_pop_10k", "total_pop_10k"], "nbs", "compare_with_nbs_file")
    n = nbs.set_index("year")
    d = urb[urb["year"].isin(n.index)].copy()
    d["nbs_share"] = d["year"].map(n["urban_share_pct"])
    d["nbs_urban_10k"] = d["year"].map(n["urban_pop_10k"])
    d["nbs_total_10k"] = d["year"].map(n["total_pop_10k"])
    d["share_gap"] = d["urban_share_pct"] - d["nbs_share"]
    d["urban_gap_10k"] = pd.to_numeric(d.get("urban_pop_10k"), errors="coerce") - d["nbs_urban_10k"]
    d["total_gap_10k"] = pd.to_numeric(d.get("total_pop_10k"), errors="coerce") - d["nbs_total_10k"]
    bad = ((d["share_gap"].abs() > tol_share) | (d["urban_gap_10k"].abs() > tol_pop_10k)
           | (d["total_gap_10k"].abs() > tol_pop_10k))
    d = d[bad].copy()

    def explain(r):
        s, y = str(r["series"]), int(r["year"])
        if s == "census":
            return "census-day count (1 November), not a year-end estimate"
        if s in ("csy1998", "nbs_release") and str(r["vintage"]) == "original" and 1991 <= y <= 1999:
            return ("published before NBS revised 1991-1999 to the 2000 census; the NBS file carries "
                    "the revised values")
        return ""

    d["explanation"] = d.apply(explain, axis=1) if len(d) else pd.Series(dtype=str)
    return d[["year", "series", "vintage", "urban_share_pct", "nbs_share", "share_gap", "urban_gap_10k",
              "total_gap_10k", "explanation"]].reset_index(drop=True)
