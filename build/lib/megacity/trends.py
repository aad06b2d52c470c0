"""Trends in short, sparse annual safety series: counts, shares, breaks and proportions.

Every function takes arrays or DataFrames and returns a small results object with a
``summary()`` DataFrame, in the spirit of statsmodels.  The models:

Count trend (:func:`fit_count_trend`)
    Deaths (or accidents, fires) ``y_t`` in year ``t`` with optional exposure ``E_t``::

        log E[y_t] = a + b (t - c) + log E_t

    fitted as a Poisson GLM (maximum likelihood), a quasi-Poisson GLM (same point estimate,
    standard errors scaled by the Pearson dispersion) or a negative binomial NB2 model
    (``Var y = mu + alpha mu^2``, alpha by maximum likelihood).  ``exp(b)`` is the rate ratio per
    year.  Official annual totals of thousands of deaths are far more variable than Poisson, so
    the Pearson dispersion is reported and the NB2 or quasi-Poisson intervals are the ones to read.

Two series compared (:func:`compare_count_trends`)
    One NB2 model for two series with their own intercepts and slopes; the slope difference
    ``d = b_A - b_B`` is the yearly change of log(A/B), ``exp(d)`` the ratio's yearly factor.

Share trend (:func:`fit_logit_trend`)
    A survey share ``p_t`` (percent) on the logit scale, ``logit p_t = a + b (t - c) + e_t``, by
    OLS.  Survey sample sizes are not published, so the interval reflects only the scatter of
    the annual figures around the line, not sampling error within a survey.

Segmented trend (:func:`fit_segmented`)
    A continuous broken line on a transformed scale (log for counts, logit for shares)::

        z_t = a + b1 min(t - tau, 0) + b2 max(t - tau, 0) [+ d 1(t >= tau)] + e_t

    For each candidate break year ``tau`` the model is linear and fitted by OLS; ``tau`` is
    profiled (the Gaussian profile log-likelihood is ``-n/2 log RSS(tau)``).  The profile gives
    a likelihood-ratio set for ``tau``; the test of "no break" uses the sup-F statistic with a
    parametric-bootstrap p-value (the search over ``tau`` makes the textbook F test too
    liberal; Davies 1987, Andrews 1993).  The bootstrap is vectorised over replicates.

Proportion (:func:`binomial_ci`)
    Wilson and Clopper-Pearson intervals for ``k`` out of ``n``.

Helpers :func:`pick_series` (one value per year from several sources, with the rule stated)
and :func:`coverage` (which years exist: the gaps) work on the safety tables of the catalogue.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, stats

# statsmodels is imported inside the model-fitting functions that need it: importing it costs
# about a second, and most chapters use this module only for series selection and binomial
# intervals (through the claims checks).


def durbin_watson(resid) -> float:
    """Durbin-Watson statistic: sum of squared successive differences over sum of squares."""
    e = np.asarray(resid, dtype=float)
    return float(np.sum(np.diff(e) ** 2) / np.sum(e ** 2))

__all__ = [
    "long_series",
    "BinomialCI",
    "CountTrend",
    "LogitTrend",
    "SegmentedTrend",
    "TrendComparison",
    "binomial_ci",
    "compare_count_trends",
    "coverage",
    "fit_count_trend",
    "fit_logit_trend",
    "fit_segmented",
    "pick_series",
]

_CONF_RANK = {"high": 0, "medium": 1, "low": 2}
_KIND_RANK = {"exact": 0, "rounded": 1, "approx": 2, "lower_bound": 3, "upper_bound": 3,
              "sign_only": 9}


# ----------------------------------------------------------------------------------------------
# Table helpers
# ----------------------------------------------------------------------------------------------

def pick_series(df: pd.DataFrame, indicator: str, geography: str | None = None, *,
                min_confidence: str = "low", allow_derived: bool = True) -> pd.DataFrame:
    """One value per year for ``indicator`` (and ``geography``) from a safety table.

    Rule, applied in this order when a year has several rows: higher confidence first, then a
    directly reported value before a derived one, then an exact value before a rounded or
    approximate one.  Rows below ``min_confidence`` and (if ``allow_derived`` is false) derived
    rows are dropped.  Returns columns year, value, confidence, derived, value_kind, source and
    n_sources (how many rows the year had before choosing).
    """
    need = {"indicator", "geography", "year", "value", "confidence", "derived", "value_kind",
            "source"}
    if missing := need - set(df.columns):
        raise ValueError(f"pick_series needs columns {sorted(need)}; missing {sorted(missing)}")
    if min_confidence not in _CONF_RANK:
        raise ValueError(f"min_confidence must be one of {list(_CONF_RANK)}, got '{min_confidence}'")
    d = df[df["indicator"].astype(str) == indicator]
    if geography is not None:
        d = d[d["geography"].astype(str) == geography]
    if d.empty:
        known = sorted(df["indicator"].astype(str).unique())
        raise ValueError(f"no rows for indicator '{indicator}'"
                         f"{f' and geography {geography!r}' if geography else ''}; "
                         f"indicators in the table: {known[:12]}{' ...' if len(known) > 12 else ''}")
    d = d.assign(_c=d["confidence"].astype(str).map(_CONF_RANK),
                 _d=d["derived"].astype(bool).astype(int),
                 _k=d["value_kind"].astype(str).map(_KIND_RANK).fillna(5))
    d = d[d["_c"] <= _CONF_RANK[min_confidence]]
    if not allow_derived:
        d = d[d["_d"] == 0]
    n_src = d.groupby("year").size().rename("n_sources")
    d = d.sort_values(["year", "_c", "_d", "_k"]).drop_duplicates("year", keep="first")
    out = d[["year", "value", "confidence", "derived", "value_kind", "source"]].merge(
        n_src, left_on="year", right_index=True)
    out["year"] = out["year"].astype(int)
    return out.reset_index(drop=True)



def long_series(df: pd.DataFrame, geography: str, min_years: int = 3) -> list[tuple[str, pd.DataFrame]]:
    """Every indicator of ``geography`` with at least ``min_years`` distinct years, as
    ``(indicator, pick_series(...))`` pairs, sorted by indicator.

    Indicators reported only as the sign of a change (measure ``sign``) are left out: they have no
    level to plot or model.
    """
    if min_years < 1:
        raise ValueError("min_years must be at least 1")
    missing = {"indicator", "geography", "year", "measure"} - set(df.columns)
    if missing:
        raise ValueError(f"long_series needs columns {sorted(missing)}")
    out = []
    for (ind, geo), d in df.groupby(["indicator", "geography"], observed=True):
        if geo == geography and d["year"].nunique() >= min_years and d["measure"].iloc[0] != "sign":
            out.append((str(ind), pick_series(df, ind, geo)))
    return sorted(out, key=lambda t: t[0])

def coverage(df: pd.DataFrame, indicators: list[str] | None = None,
             geography: str | None = None) -> pd.DataFrame:
    """Indicator x year grid of the best confidence available ('' = gap): the holes made visible."""
    d = df if geography is None else df[df["geography"].astype(str) == geography]
    if indicators is not None:
        d = d[d["indicator"].astype(str).isin(indicators)]
    if d.empty:
        raise ValueError("no rows for the requested indicators/geography")
    best = (d.assign(_c=d["confidence"].astype(str).map(_CONF_RANK))
             .groupby(["indicator", "year"], observed=True)["_c"].min()
             .map({v: k[0].upper() for k, v in _CONF_RANK.items()}))
    grid = best.unstack("year")
    years = range(int(d["year"].min()), int(d["year"].max()) + 1)
    grid = grid.reindex(columns=list(years)).astype(object).fillna("")
    if indicators is not None:
        grid = grid.reindex([i for i in indicators if i in grid.index])
    grid.columns = [int(c) for c in grid.columns]
    grid.index = grid.index.astype(str)
    return grid


def _as_arrays(year, y, name: str = "y", min_n: int = 3) -> tuple[np.ndarray, np.ndarray]:
    t = np.asarray(year, dtype=float)
    v = np.asarray(y, dtype=float)
    if t.ndim != 1 or v.ndim != 1 or t.shape != v.shape:
        raise ValueError(f"year and {name} must be 1-D arrays of the same length "
                         f"(got shapes {t.shape} and {v.shape})")
    if not (np.all(np.isfinite(t)) and np.all(np.isfinite(v))):
        raise ValueError(f"year and {name} must not contain NaN or infinite values")
    if len(t) < min_n:
        raise ValueError(f"need at least {min_n} years to fit a trend, got {len(t)}")
    if len(np.unique(t)) != len(t):
        raise ValueError("years must be unique (one value per year; use pick_series first)")
    order = np.argsort(t)
    return t[order], v[order]


# ----------------------------------------------------------------------------------------------
# Proportions
# ----------------------------------------------------------------------------------------------

@dataclass
class BinomialCI:
    """Result of :func:`binomial_ci`."""

    k: int
    n: int
    level: float
    intervals: dict[str, tuple[float, float]]

    @property
    def estimate(self) -> float:
        return self.k / self.n

    def summary(self) -> pd.DataFrame:
        return pd.DataFrame([
            {"method": m, "k": self.k, "n": self.n, "estimate": self.estimate, "low": lo,
             "high": hi} for m, (lo, hi) in self.intervals.items()]).set_index("method")


def binomial_ci(k: int, n: int, level: float = 0.95,
                methods: tuple[str, ...] = ("wilson", "beta")) -> BinomialCI:
    """Confidence intervals for a proportion k/n (``beta`` = Clopper-Pearson, exact)."""
    if int(k) != k or int(n) != n:
        raise ValueError(f"k and n must be whole numbers, got k={k}, n={n}")
    k, n = int(k), int(n)
    if n <= 0:
        raise ValueError(f"n must be positive, got {n}")
    if not 0 <= k <= n:
        raise ValueError(f"k must lie between 0 and n={n}, got {k}")
    if not 0 < level < 1:
        raise ValueError(f"level must lie in (0, 1), got {level}")
    if unknown := set(methods) - {"wilson", "beta"}:
        raise ValueError(f"unknown interval method(s) {sorted(unknown)}; use 'wilson' or 'beta'")
    a = 1 - level
    z = stats.norm.ppf(1 - a / 2)
    out = {}
    for m in methods:
        if m == "wilson":        # score interval: invert the normal test of p at its null value
            centre = (k + z * z / 2) / (n + z * z)
            half = z / (n + z * z) * np.sqrt(k * (n - k) / n + z * z / 4)
            out[m] = (float(centre - half), float(centre + half))
        else:                    # Clopper-Pearson: beta quantiles, closed at 0 and 1
            lo = 0.0 if k == 0 else float(stats.beta.ppf(a / 2, k, n - k + 1))
            hi = 1.0 if k == n else float(stats.beta.ppf(1 - a / 2, k + 1, n - k))
            out[m] = (lo, hi)
    return BinomialCI(k=k, n=n, level=level, intervals=out)


# ----------------------------------------------------------------------------------------------
# Count trends
# ----------------------------------------------------------------------------------------------

@dataclass
class CountTrend:
    """Result of :func:`fit_count_trend`."""

    family: str
    center: float
    params: pd.Series
    cov: pd.DataFrame
    level: float
    n: int
    years: np.ndarray
    observed: np.ndarray
    exposure: np.ndarray | None
    fitted: np.ndarray
    dispersion: float                 #: Pearson chi2 / df of the Poisson fit
    alpha: float | None               #: NB2 overdispersion (None for Poisson families)
    alpha_ci: tuple[float, float] | None
    lr_alpha_p: float | None          #: LR test of alpha = 0 (boundary: half chi2(1) tail)
    loglik: float
    durbin_watson: float              #: of the Pearson residuals, in year order

    @property
    def rate_ratio(self) -> float:
        """exp(b): the multiplicative change per year."""
        return float(np.exp(self.params["trend"]))

    @property
    def pct_change_per_year(self) -> float:
        return 100.0 * (self.rate_ratio - 1.0)

    def conf_int(self) -> pd.DataFrame:
        z = stats.norm.ppf(0.5 + self.level / 2)
        se = np.sqrt(np.diag(self.cov.to_numpy()))
        return pd.DataFrame({"low": self.params - z * se, "high": self.params + z * se})

    def summary(self) -> pd.DataFrame:
        ci = self.conf_int()
        se = np.sqrt(np.diag(self.cov.to_numpy()))
        out = pd.DataFrame({"estimate": self.params, "std_err": se, "low": ci["low"],
                            "high": ci["high"]})
        rr = out.loc["trend", ["estimate", "low", "high"]].map(lambda v: 100 * (np.exp(v) - 1))
        out.loc["pct_change_per_year"] = [rr["estimate"], np.nan, rr["low"], rr["high"]]
        if self.alpha is not None:
            lo, hi = self.alpha_ci
            out.loc["alpha"] = [self.alpha, np.nan, lo, hi]
        return out

    def diagnostics(self) -> pd.Series:
        return pd.Series({"family": self.family, "n": self.n,
                          "pearson_dispersion": self.dispersion, "alpha": self.alpha,
                          "lr_alpha_p": self.lr_alpha_p, "loglik": self.loglik,
                          "durbin_watson": self.durbin_watson})

    def predict(self, year, exposure=None) -> np.ndarray:
        t = np.asarray(year, dtype=float) - self.center
        eta = self.params["const"] + self.params["trend"] * t
        if exposure is not None:
            eta = eta + np.log(np.asarray(exposure, dtype=float))
        return np.exp(eta)


def _check_counts(y: np.ndarray) -> None:
    if np.any(y < 0):
        raise ValueError("counts must be non-negative")
    if np.any(np.abs(y - np.round(y)) > 1e-9):
        raise ValueError("counts must be whole numbers (a rate or a percentage is not a count; "
                         "model a rate as a count with an exposure)")


def _nb_loglik(y, X, off, alpha: float) -> tuple[float, object]:
    import statsmodels.api as sm
    res = sm.GLM(y, X, family=sm.families.NegativeBinomial(alpha=alpha), offset=off).fit()
    return float(res.llf), res


def _fit_nb2(y, X, off, level: float):
    """NB2 by profiling alpha: (GLM result at alpha_hat, alpha_hat, profile CI, LR p of alpha=0).

    For each alpha the regression coefficients come from the NB GLM (IRLS); alpha maximises the
    profile log-likelihood on the log scale.  When the maximum sits at the lower boundary the data
    are not overdispersed: alpha = 0 and the model is the Poisson one.
    """
    import statsmodels.api as sm
    pois = sm.GLM(y, X, family=sm.families.Poisson(), offset=off).fit()
    lo_log, hi_log = np.log(1e-10), np.log(50.0)
    opt = optimize.minimize_scalar(lambda la: -_nb_loglik(y, X, off, float(np.exp(la)))[0],
                                   bounds=(lo_log, hi_log), method="bounded",
                                   options={"xatol": 1e-6})
    la_hat = float(opt.x)
    ll_hat, res = _nb_loglik(y, X, off, float(np.exp(la_hat)))
    if ll_hat <= pois.llf + 1e-9 or la_hat <= lo_log + 1e-3:
        # boundary: no extra-Poisson variation
        crit = stats.chi2.ppf(level, 1)
        f = lambda la: 2 * (pois.llf - _nb_loglik(y, X, off, float(np.exp(la)))[0]) - crit
        hi = float(np.exp(optimize.brentq(f, lo_log, hi_log))) if f(hi_log) > 0 else np.inf
        return pois, 0.0, (0.0, hi), 0.5
    crit = stats.chi2.ppf(level, 1)
    f = lambda la: 2 * (ll_hat - _nb_loglik(y, X, off, float(np.exp(la)))[0]) - crit
    lo = float(np.exp(optimize.brentq(f, lo_log, la_hat))) if f(lo_log) > 0 else 0.0
    hi = float(np.exp(optimize.brentq(f, la_hat, hi_log))) if f(hi_log) > 0 else np.inf
    lr = max(2 * (ll_hat - pois.llf), 0.0)
    return res, float(np.exp(la_hat)), (lo, hi), 0.5 * float(stats.chi2.sf(lr, 1))


def fit_count_trend(year, count, exposure=None, *, family: str = "negbin",
                    center: float | None = None, level: float = 0.95) -> CountTrend:
    """Log-linear trend of annual counts: Poisson, quasi-Poisson or NB2 (see module doc)."""
    if family not in ("poisson", "quasipoisson", "negbin"):
        raise ValueError(f"family must be 'poisson', 'quasipoisson' or 'negbin', got '{family}'")
    t_raw = np.asarray(year, dtype=float)
    t, y = _as_arrays(year, count, "count")
    _check_counts(y)
    off = None
    if exposure is not None:
        e = np.asarray(exposure, dtype=float)
        if e.shape != t_raw.shape:
            raise ValueError("exposure must have one value per year")
        if np.any(~np.isfinite(e)) or np.any(e <= 0):
            raise ValueError("exposure must be positive and finite")
        e = e[np.argsort(t_raw)]
        off = np.log(e)
    c = float(np.mean(t)) if center is None else float(center)
    X = np.column_stack([np.ones_like(t), t - c])
    names = ["const", "trend"]
    import statsmodels.api as sm
    pois = sm.GLM(y, X, family=sm.families.Poisson(), offset=off).fit()
    mu_p = pois.mu
    disp = float(np.sum((y - mu_p) ** 2 / mu_p) / (len(y) - 2)) if len(y) > 2 else np.nan
    alpha = alpha_ci = lr_p = None
    if family == "poisson":
        params, cov, mu, ll = pois.params, pois.cov_params(), mu_p, pois.llf
    elif family == "quasipoisson":
        params, cov, mu, ll = pois.params, pois.cov_params() * disp, mu_p, pois.llf
    else:
        res, alpha, alpha_ci, lr_p = _fit_nb2(y, X, off, level)
        params, cov, mu, ll = res.params, res.cov_params(), res.mu, res.llf
    params = pd.Series(np.asarray(params), index=names)
    cov = pd.DataFrame(np.asarray(cov), index=names, columns=names)
    pearson = (y - mu) / np.sqrt(mu if alpha is None else mu + alpha * mu ** 2)
    return CountTrend(family=family, center=c, params=params, cov=cov, level=level, n=len(y),
                      years=t, observed=y, exposure=None if off is None else np.exp(off),
                      fitted=np.asarray(mu), dispersion=disp, alpha=alpha, alpha_ci=alpha_ci,
                      lr_alpha_p=lr_p, loglik=float(ll),
                      durbin_watson=float(durbin_watson(pearson)) if len(y) > 2 else np.nan)


@dataclass
class TrendComparison:
    """Result of :func:`compare_count_trends`."""

    labels: tuple[str, str]
    center: float
    params: pd.Series
    cov: pd.DataFrame
    level: float
    alpha: float
    n: tuple[int, int]

    def summary(self) -> pd.DataFrame:
        z = stats.norm.ppf(0.5 + self.level / 2)
        se = np.sqrt(np.diag(self.cov.to_numpy()))
        out = pd.DataFrame({"estimate": self.params, "std_err": se,
                            "low": self.params - z * se, "high": self.params + z * se})
        row = out.loc["slope_difference"]
        out.loc["ratio_pct_change_per_year"] = [100 * (np.exp(row["estimate"]) - 1), np.nan,
                                                100 * (np.exp(row["low"]) - 1),
                                                100 * (np.exp(row["high"]) - 1)]
        return out


def compare_count_trends(year_a, count_a, year_b, count_b, *, labels=("A", "B"),
                         center: float | None = None, level: float = 0.95) -> TrendComparison:
    """Joint NB2 model of two count series with their own intercepts and slopes.

    The series need not cover the same years: each contributes its own years.  The parameter
    ``slope_difference`` is b_A - b_B, the yearly change of log(A/B).
    """
    ta, ya = _as_arrays(year_a, count_a, "count_a")
    tb, yb = _as_arrays(year_b, count_b, "count_b")
    _check_counts(ya)
    _check_counts(yb)
    t = np.r_[ta, tb]
    y = np.r_[ya, yb]
    g = np.r_[np.ones_like(ta), np.zeros_like(tb)]
    c = float(np.mean(t)) if center is None else float(center)
    X = np.column_stack([np.ones_like(t), g, t - c, g * (t - c)])
    names = [f"const_{labels[1]}", "log_ratio_at_center", f"slope_{labels[1]}", "slope_difference"]
    res, alpha, _, _ = _fit_nb2(y, X, None, level)
    params = pd.Series(np.asarray(res.params), index=names)
    cov = pd.DataFrame(np.asarray(res.cov_params()), index=names, columns=names)
    return TrendComparison(labels=tuple(labels), center=c, params=params, cov=cov, level=level,
                           alpha=alpha, n=(len(ya), len(yb)))


# ----------------------------------------------------------------------------------------------
# Shares on the logit scale
# ----------------------------------------------------------------------------------------------

def _logit_pct(p: np.ndarray) -> np.ndarray:
    if np.any((p <= 0) | (p >= 100)):
        raise ValueError("shares must lie strictly between 0 and 100 percent")
    if np.all(p < 1):
        raise ValueError("every share is below 1%: is the series a fraction 0-1 rather than a "
                         "percentage? Multiply it by 100")
    q = p / 100.0
    return np.log(q / (1 - q))


def _expit_pct(z) -> np.ndarray:
    return 100.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


@dataclass
class LogitTrend:
    """Result of :func:`fit_logit_trend`."""

    center: float
    results: object = field(repr=False)
    level: float
    years: np.ndarray
    observed: np.ndarray

    @property
    def slope(self) -> float:
        return float(self.results.params[1])

    @property
    def odds_ratio(self) -> float:
        """exp(b): yearly factor on the odds of being satisfied."""
        return float(np.exp(self.slope))

    @property
    def gap_halving_years(self) -> float:
        """Years for the dissatisfied share to halve (near 100%, odds^-1 ~ gap)."""
        return float(np.log(2) / self.slope) if self.slope > 0 else np.inf

    def conf_int(self) -> pd.DataFrame:
        ci = np.asarray(self.results.conf_int(alpha=1 - self.level))
        return pd.DataFrame(ci, index=["const", "trend"], columns=["low", "high"])

    def summary(self) -> pd.DataFrame:
        ci = self.conf_int()
        out = pd.DataFrame({"estimate": np.asarray(self.results.params),
                            "std_err": np.asarray(self.results.bse),
                            "low": ci["low"].to_numpy(), "high": ci["high"].to_numpy()},
                           index=["const", "trend"])
        out.loc["odds_ratio_per_year"] = [self.odds_ratio, np.nan, np.exp(ci.loc["trend", "low"]),
                                          np.exp(ci.loc["trend", "high"])]
        return out

    def diagnostics(self) -> pd.Series:
        r = self.results
        return pd.Series({"n": int(r.nobs), "resid_sd_logit": float(np.sqrt(r.scale)),
                          "r_squared": float(r.rsquared),
                          "durbin_watson": float(durbin_watson(r.resid))})

    def predict(self, year) -> pd.DataFrame:
        """Fitted share (percent) with a confidence band for the line."""
        t = np.asarray(year, dtype=float) - self.center
        X = np.column_stack([np.ones_like(t), t])
        pr = self.results.get_prediction(X).summary_frame(alpha=1 - self.level)
        return pd.DataFrame({"year": np.asarray(year, dtype=float),
                             "fit_pct": _expit_pct(pr["mean"]),
                             "low_pct": _expit_pct(pr["mean_ci_lower"]),
                             "high_pct": _expit_pct(pr["mean_ci_upper"])})


def fit_logit_trend(year, share_pct, *, center: float | None = None,
                    level: float = 0.95) -> LogitTrend:
    """OLS trend of a percentage on the logit scale (see the module doc for what it ignores)."""
    t, p = _as_arrays(year, share_pct, "share_pct")
    z = _logit_pct(p)
    c = float(np.mean(t)) if center is None else float(center)
    X = np.column_stack([np.ones_like(t), t - c])
    import statsmodels.api as sm
    res = sm.OLS(z, X).fit()
    return LogitTrend(center=c, results=res, level=level, years=t, observed=p)


# ----------------------------------------------------------------------------------------------
# Segmented trend with a profiled break year
# ----------------------------------------------------------------------------------------------

_TRANSFORMS = {
    "log": (lambda v: np.log(v), np.exp),
    "logit": (_logit_pct, _expit_pct),
    "identity": (lambda v: v, lambda v: v),
}


def _hinge_design(t: np.ndarray, tau: float, jump: bool) -> np.ndarray:
    cols = [np.ones_like(t), np.minimum(t - tau, 0.0), np.maximum(t - tau, 0.0)]
    if jump:
        cols.append((t >= tau).astype(float))
    return np.column_stack(cols)


def _rss_batch(X: np.ndarray, Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """OLS of every column of Z on X at once: (coefficients, residual sums of squares)."""
    beta, *_ = np.linalg.lstsq(X, Z, rcond=None)
    resid = Z - X @ beta
    return beta, np.sum(resid ** 2, axis=0)


@dataclass
class SegmentedTrend:
    """Result of :func:`fit_segmented`."""

    transform: str
    jump: bool
    break_year: float
    params: pd.Series
    cov: pd.DataFrame
    level: float
    profile: pd.DataFrame               #: candidate tau, RSS, profile log-lik, LR statistic
    break_set: tuple[float, float]      #: likelihood-ratio set for tau (min, max of accepted)
    sup_f: float
    sup_f_pvalue: float
    n_boot: int
    years: np.ndarray
    observed: np.ndarray
    rss_line: float

    def summary(self) -> pd.DataFrame:
        n, k = len(self.years), len(self.params)
        df = n - k - 1                           # one more for the profiled break year
        q = stats.t.ppf(0.5 + self.level / 2, df) if df > 0 else np.nan
        se = np.sqrt(np.diag(self.cov.to_numpy()))
        out = pd.DataFrame({"estimate": self.params, "std_err": se,
                            "low": self.params - q * se, "high": self.params + q * se})
        if self.transform == "log":
            for name in ("slope_before", "slope_after"):
                r = out.loc[name, ["estimate", "low", "high"]]
                out.loc[f"pct_per_year_{name.split('_')[1]}"] = [
                    100 * (np.exp(r["estimate"]) - 1), np.nan, 100 * (np.exp(r["low"]) - 1),
                    100 * (np.exp(r["high"]) - 1)]
        lo, hi = self.break_set
        out.loc["break_year"] = [self.break_year, np.nan, lo, hi]
        return out

    def diagnostics(self) -> pd.Series:
        return pd.Series({"n": len(self.years), "transform": self.transform, "jump": self.jump,
                          "sup_f": self.sup_f, "sup_f_pvalue": self.sup_f_pvalue,
                          "n_boot": self.n_boot, "rss_line": self.rss_line,
                          "rss_segmented": float(self.profile["rss"].min())})

    def predict(self, year) -> np.ndarray:
        t = np.asarray(year, dtype=float)
        X = _hinge_design(t, self.break_year, self.jump)
        return _TRANSFORMS[self.transform][1](X @ self.params.to_numpy())


def fit_segmented(year, value, *, breaks=None, transform: str = "log", jump: bool = False,
                  min_side: int = 2, level: float = 0.95, n_boot: int = 999,
                  seed: int = 20040501) -> SegmentedTrend:
    """Broken-line trend with the break year profiled (see the module doc).

    ``breaks``: candidate break years (default: every whole year that leaves at least
    ``min_side`` observations strictly before it and ``min_side`` at or after it).  The
    returned ``break_set`` is the set of candidates whose likelihood-ratio statistic
    ``n log(RSS(tau) / RSS_min)`` is below the chi-square(1) quantile: an approximate interval,
    as the regularity conditions for a break point do not hold exactly.
    """
    if transform not in _TRANSFORMS:
        raise ValueError(f"transform must be one of {list(_TRANSFORMS)}, got '{transform}'")
    t, v = _as_arrays(year, value, "value", min_n=2 * min_side + 1)
    if transform == "log" and np.any(v <= 0):
        raise ValueError("a log-scale trend needs positive values")
    z = _TRANSFORMS[transform][0](v)
    n = len(t)
    if breaks is None:
        breaks = np.arange(np.ceil(t[min_side - 1]) + 1, t[n - min_side] + 1)
    taus = np.asarray(sorted(set(float(b) for b in breaks)))
    ok = [(np.sum(t < b) >= min_side) and (np.sum(t >= b) >= min_side) for b in taus]
    taus = taus[np.asarray(ok, dtype=bool)]
    if len(taus) == 0:
        raise ValueError(f"no candidate break year leaves {min_side} observations on each side "
                         f"(years {int(t.min())}-{int(t.max())}, n={n})")
    k = 4 if jump else 3
    if n <= k + 1:
        raise ValueError(f"need more than {k + 1} observations for this model, got {n}")
    designs = [_hinge_design(t, b, jump) for b in taus]
    rss = np.array([_rss_batch(X, z[:, None])[1][0] for X in designs])
    i_best = int(np.argmin(rss))
    tau = float(taus[i_best])
    rss_min = max(float(rss[i_best]), 1e-300)
    X = designs[i_best]
    import statsmodels.api as sm
    fit = sm.OLS(z, X).fit()
    # profile: Gaussian log-likelihood up to a constant, and the LR statistic for tau
    lr = n * np.log(np.maximum(rss, 1e-300) / rss_min)
    crit = stats.chi2.ppf(level, 1)
    accepted = taus[lr <= crit]
    prof = pd.DataFrame({"break_year": taus, "rss": rss, "profile_loglik": -0.5 * n * np.log(rss),
                         "lr_stat": lr})
    # sup-F test of "no break" (one straight line), p-value by parametric bootstrap under the line
    X0 = np.column_stack([np.ones_like(t), t - t.mean()])
    b0, rss0 = _rss_batch(X0, z[:, None])
    rss0 = float(rss0[0])
    df_extra, df_resid = k - 2, n - k
    sup_f = float(((rss0 - rss_min) / df_extra) / (rss_min / df_resid))
    pval = np.nan
    if n_boot:
        rng = np.random.default_rng(seed)
        sigma0 = np.sqrt(rss0 / (n - 2))
        Z = (X0 @ b0) + rng.normal(0.0, sigma0, size=(n, n_boot))
        _, r0 = _rss_batch(X0, Z)
        r1 = np.min(np.stack([_rss_batch(Xb, Z)[1] for Xb in designs]), axis=0)
        f_boot = ((r0 - r1) / df_extra) / (r1 / df_resid)
        pval = float((1 + np.sum(f_boot >= sup_f)) / (n_boot + 1))
    names = ["level_at_break", "slope_before", "slope_after"] + (["jump"] if jump else [])
    params = pd.Series(np.asarray(fit.params), index=names)
    # the covariance treats tau as known; the profile set above carries tau's own uncertainty
    cov = pd.DataFrame(np.asarray(fit.cov_params()) * (n - k) / max(n - k - 1, 1),
                       index=names, columns=names)
    return SegmentedTrend(transform=transform, jump=jump, break_year=tau, params=params, cov=cov,
                          level=level, profile=prof,
                          break_set=(float(accepted.min()), float(accepted.max())),
                          sup_f=sup_f, sup_f_pvalue=pval, n_boot=int(n_boot), years=t,
                          observed=v, rss_line=rss0)
