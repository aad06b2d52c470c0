"""City-size distributions: rank-size (Zipf) exponents and Gibrat's law of proportional growth.

Model
-----
Above a cut-off ``x_min`` city sizes are taken to follow a Pareto tail,
P(S > s) = (s / x_min)^(-zeta); Zipf's law is the special case zeta = 1.

Two estimators of zeta are offered, both on the units above the cut-off:

* :func:`zipf_rank_regression`: the rank - 1/2 regression of Gabaix and
  Ibragimov (2011), log(rank - 1/2) = a - zeta log(size), whose shift of 1/2
  removes the small-sample bias of the plain log-rank regression.  Its
  standard error is zeta * sqrt(2 / n) (the OLS standard error is wrong
  because ranks are not independent).
* :func:`pareto_mle`: the maximum-likelihood (Hill) estimator with the
  unbiased (n - 1) correction, and an exact interval from
  2 zeta * sum(log(s / x_min)) ~ chi-square with 2n degrees of freedom.

:func:`gibrat_test` regresses annualised log growth on log initial size
(Gibrat's law says the slope is zero) with heteroskedasticity-robust
standard errors, and checks whether the dispersion of growth depends on size.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

__all__ = ["NON_MAINLAND", "SIZE_BANDS", "GibratResult", "TailFit", "gibrat_test", "mainland", "megacity_counts",
           "pareto_mle", "tail_sizes", "zipf_rank_regression", "zeta_by_cutoff", "TailComparison",
           "compare_tails", "csn_xmin", "gibrat_fe", "reconcile_census_2000"]


def _clean_sizes(sizes, name: str = "sizes") -> np.ndarray:
    x = np.asarray(sizes, dtype=float).ravel()
    x = x[~np.isnan(x)]
    if x.size == 0:
        raise ValueError(f"{name}: no non-missing values")
    if np.any(x <= 0):
        raise ValueError(f"{name}: city sizes must be positive; found {int(np.sum(x <= 0))} value(s) <= 0")
    return x


def tail_sizes(sizes, *, x_min: float | None = None, top: int | None = None) -> np.ndarray:
    """The sizes in the tail, sorted descending: those >= ``x_min``, or the ``top`` largest."""
    x = np.sort(_clean_sizes(sizes))[::-1]
    if (x_min is None) == (top is None):
        raise ValueError("give exactly one of x_min (a size cut-off) or top (a number of cities)")
    tail = x[x >= x_min] if x_min is not None else x[:top]
    if tail.size < 5:
        raise ValueError(f"only {tail.size} cities above the cut-off; need at least 5 for a tail fit")
    return tail


@dataclass(frozen=True)
class TailFit:
    """A Pareto-tail exponent with its interval."""

    method: str
    zeta: float
    se: float
    ci_low: float
    ci_high: float
    n: int
    x_min: float

    def summary(self) -> pd.DataFrame:
        return pd.DataFrame([{"method": self.method, "zeta": self.zeta, "se": self.se,
                              "ci_low": self.ci_low, "ci_high": self.ci_high, "n": self.n,
                              "x_min": self.x_min}])


def zipf_rank_regression(sizes, *, x_min: float | None = None, top: int | None = None,
                         level: float = 0.95) -> TailFit:
    """Gabaix-Ibragimov rank - 1/2 regression for the Pareto exponent zeta (normal-theory CI)."""
    s = tail_sizes(sizes, x_min=x_min, top=top)
    n = s.size
    rank = np.arange(1, n + 1, dtype=float)
    y = np.log(rank - 0.5)
    x = np.log(s)
    xc = x - x.mean()
    slope = float(np.dot(xc, y - y.mean()) / np.dot(xc, xc))
    zeta = -slope
    se = abs(zeta) * np.sqrt(2.0 / n)
    z = stats.norm.ppf(0.5 + level / 2)
    return TailFit("rank-1/2 OLS (Gabaix-Ibragimov)", zeta, se, zeta - z * se, zeta + z * se, n,
                   float(s.min()))


def pareto_mle(sizes, *, x_min: float | None = None, top: int | None = None,
               level: float = 0.95) -> TailFit:
    """Maximum-likelihood (Hill) Pareto exponent above the cut-off, with an exact chi-square CI.

    With ``top`` the cut-off is the smallest of the ``top`` largest sizes; that unit sits exactly at
    x_min and contributes log(1) = 0, so n - 1 free observations remain (the usual Hill form).
    """
    s = tail_sizes(sizes, x_min=x_min, top=top)
    xm = float(x_min) if x_min is not None else float(s.min())
    logs = np.log(s / xm)
    total = float(logs.sum())
    n = s.size if x_min is not None else s.size - 1   # the unit at the cut-off carries no information
    zeta = (n - 1) / total                           # unbiased: E[(n-1)/S] = zeta
    se = zeta / np.sqrt(n)
    a = 1 - level
    lo = stats.chi2.ppf(a / 2, 2 * n) / (2 * total)
    hi = stats.chi2.ppf(1 - a / 2, 2 * n) / (2 * total)
    return TailFit("Pareto ML (Hill, unbiased)", zeta, se, float(lo), float(hi), n, xm)


def zeta_by_cutoff(sizes, tops) -> pd.DataFrame:
    """Both estimators for each tail size in ``tops`` (a sensitivity table)."""
    rows = []
    for t in tops:
        for f in (zipf_rank_regression(sizes, top=int(t)), pareto_mle(sizes, top=int(t))):
            rows.append({"top": int(t), **f.summary().iloc[0].to_dict()})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class GibratResult:
    """Growth on initial size: slope (0 under Gibrat), robust CI, and a dispersion check."""

    slope: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    intercept: float
    n: int
    years: float
    dispersion_slope: float
    dispersion_p: float
    residuals: np.ndarray

    def summary(self) -> pd.DataFrame:
        return pd.DataFrame([
            {"term": "log initial size (Gibrat slope)", "estimate": self.slope, "se": self.se,
             "ci_low": self.ci_low, "ci_high": self.ci_high, "p_value": self.p_value},
            {"term": "|residual| on log size (dispersion)", "estimate": self.dispersion_slope,
             "se": np.nan, "ci_low": np.nan, "ci_high": np.nan, "p_value": self.dispersion_p},
        ]).assign(n=self.n)


def gibrat_test(size0, size1, years: float, level: float = 0.95) -> GibratResult:
    """Regress annualised log growth, log(size1/size0)/years, on log(size0) (HC3 standard errors).

    Units with a missing or non-positive size in either year are an error: drop them explicitly
    before calling, so that the sample is visible to the reader.
    """
    import statsmodels.api as sm

    s0 = np.asarray(size0, dtype=float)
    s1 = np.asarray(size1, dtype=float)
    if s0.shape != s1.shape:
        raise ValueError(f"size0 and size1 differ in length ({s0.size} vs {s1.size})")
    bad = ~(np.isfinite(s0) & np.isfinite(s1)) | (s0 <= 0) | (s1 <= 0)
    if bad.any():
        raise ValueError(f"{int(bad.sum())} unit(s) have a missing or non-positive size; drop them "
                         "explicitly before the Gibrat test")
    if years <= 0:
        raise ValueError("years must be positive")
    g = np.log(s1 / s0) / years
    X = sm.add_constant(np.log(s0))
    res = sm.OLS(g, X).fit(cov_type="HC3")
    lo, hi = res.conf_int(alpha=1 - level)[1]
    disp = sm.OLS(np.abs(res.resid), X).fit(cov_type="HC3")
    return GibratResult(float(res.params[1]), float(res.bse[1]), float(lo), float(hi),
                        float(res.pvalues[1]), float(res.params[0]), int(g.size), float(years),
                        float(disp.params[1]), float(disp.pvalues[1]), np.asarray(res.resid))


#: Size bands of the State Council's 2014 classification (applied there to urban-core population).
SIZE_BANDS = (("10 million or more", 1e7, np.inf), ("5-10 million", 5e6, 1e7))
#: Census units outside the mainland, left out of megacity counts (the seeds speak of the mainland).
NON_MAINLAND = ("香港特别行政区", "澳门特别行政区")


def megacity_counts(census: pd.DataFrame, official: pd.DataFrame | None = None,
                    bands=SIZE_BANDS, mainland_only: bool = True) -> pd.DataFrame:
    """How many cities fall in each size band, under each definition of the city and year.

    Definitions: the whole prefecture's resident population (``popu_<year>``), the census urban
    (城镇) population inside it (``popu_urban_<year>``), and, when ``official`` is given, the
    official urban-core (城区) lists by their size class.  One row per (definition, year, band),
    with the count, the cities, and how many units had no value for that definition.
    """
    c = census[~census["city"].isin(NON_MAINLAND)] if mainland_only else census
    rows = []
    for label, col in (("whole prefecture", "popu_{}"), ("census urban population", "popu_urban_{}")):
        for year in (2010, 2020):
            v = c[col.format(year)]
            for band, lo, hi in bands:
                sel = c[(v >= lo) & (v < hi)].sort_values(col.format(year), ascending=False)
                rows.append({"definition": label, "year": year, "band": band, "count": len(sel),
                             "cities": "、".join(sel["city"]), "units_missing": int(v.isna().sum())})
    if official is not None:
        cls = {"super-large": bands[0][0], "extra-large": bands[1][0]}
        for (lst, year), d in official.groupby(["list", "year"], observed=True):
            for k, band in cls.items():
                sel = d[d["size_class"] == k].sort_values("order")
                rows.append({"definition": f"official urban core ({lst})", "year": int(year),
                             "band": band, "count": len(sel), "cities": "、".join(sel["city"]),
                             "units_missing": 0})
    return pd.DataFrame(rows)


def mainland(census: pd.DataFrame) -> pd.DataFrame:
    """The census units of the mainland (Hong Kong and Macau left out), as a copy."""
    return census[~census["city"].isin(NON_MAINLAND)].reset_index(drop=True)


#: The 2020 census total for the 31 mainland provinces *and active service personnel* (7th census
#: communique no. 1, as quoted in shared/external-data/REGISTRY.md).  Service personnel belong to no
#: prefecture, so the prefecture sum should fall short of it.
NATIONAL_TOTAL_2020 = 1_411_778_724


# ------------------------------------------------------------------ Clauset-Shalizi-Newman
# Continuous candidates for the tail above x_min (sizes in any unit; pass millions for stability).
#   power law            p(x) = (alpha - 1) / x_min (x / x_min)^-alpha
#   lognormal            the log-normal density truncated to x >= x_min
#   truncated power law  p(x) = x^-alpha exp(-lam x) / C(alpha, lam, x_min)   (lam > 0)
# Model choice by Vuong's normalised log-likelihood ratio (non-nested: power law vs lognormal,
# lognormal vs truncated power law) or by the chi-square(1) likelihood-ratio test for the nested
# pair (power law inside truncated power law, lam = 0), as in Clauset, Shalizi & Newman (2009).

def _pl_alpha(t: np.ndarray, xmin: float) -> float:
    return 1.0 + t.size / float(np.sum(np.log(t / xmin)))


def _pl_logpdf(t, xmin, alpha):
    return np.log(alpha - 1) - np.log(xmin) - alpha * np.log(t / xmin)


def _ln_logpdf(t, xmin, mu, sigma):
    z = (np.log(t) - mu) / sigma
    return (stats.norm.logpdf(z) - np.log(t * sigma) - stats.norm.logsf((np.log(xmin) - mu) / sigma))


def _tpl_logC(alpha, lam, xmin):
    from scipy import integrate
    # C = int_xmin^inf x^-alpha e^{-lam x} dx; substitute x = xmin e^s
    f = lambda s: np.exp((1 - alpha) * (np.log(xmin) + s) - lam * xmin * (np.exp(s) - 1))  # noqa: E731
    with np.errstate(over="ignore", under="ignore"):
        val, _ = integrate.quad(f, 0, np.inf, limit=200)
    return np.log(val) - lam * xmin


def _tpl_logpdf(t, xmin, alpha, lam):
    return -alpha * np.log(t) - lam * t - _tpl_logC(alpha, lam, xmin)


def _fit_lognormal(t, xmin):
    from scipy import optimize
    lt = np.log(t)
    f = lambda p: -np.sum(_ln_logpdf(t, xmin, p[0], np.exp(p[1])))  # noqa: E731
    best = None
    for mu0 in (lt.mean(), lt.mean() - 2 * lt.std(), np.log(xmin)):
        r = optimize.minimize(f, [mu0, np.log(max(lt.std(), 1e-3))], method="Nelder-Mead",
                              options={"xatol": 1e-9, "fatol": 1e-10, "maxiter": 5000})
        if best is None or r.fun < best.fun:
            best = r
    return float(best.x[0]), float(np.exp(best.x[1]))


def _fit_tpl(t, xmin):
    from scipy import optimize
    a0 = _pl_alpha(t, xmin)
    f = lambda p: -np.sum(_tpl_logpdf(t, xmin, p[0], np.exp(p[1])))  # noqa: E731
    best = None
    for l0 in (1e-3 / t.mean(), 0.1 / t.mean(), 1.0 / t.mean()):
        r = optimize.minimize(f, [min(a0, 3.0), np.log(l0)], method="Nelder-Mead",
                              options={"xatol": 1e-9, "fatol": 1e-10, "maxiter": 5000})
        if best is None or r.fun < best.fun:
            best = r
    return float(best.x[0]), float(np.exp(best.x[1]))


def csn_xmin(sizes, *, min_tail: int = 10) -> tuple[float, float, float]:
    """Clauset-Shalizi-Newman cut-off: the x_min minimising the KS distance between the data above
    it and the fitted power law.  Returns ``(x_min, alpha, ks)``."""
    from .args import check_integer
    x = np.sort(_clean_sizes(sizes))
    min_tail = check_integer(min_tail, "min_tail", "csn_xmin", minimum=5)
    if x.size < min_tail + 1:
        raise ValueError(f"csn_xmin(): sizes has {x.size} values; need more than min_tail = {min_tail}")
    cands = np.unique(x)[:-min_tail + 1] if min_tail > 1 else np.unique(x)
    best = (np.inf, np.nan, np.nan)
    for xm in cands:
        t = x[x >= xm]
        if t.size < min_tail:
            break
        a = _pl_alpha(t, xm)
        cdf_model = 1 - (t / xm) ** (1 - a)
        n = t.size
        emp_hi = np.arange(1, n + 1) / n
        emp_lo = np.arange(0, n) / n
        ks = float(max(np.max(np.abs(emp_hi - cdf_model)), np.max(np.abs(emp_lo - cdf_model))))
        if ks < best[0]:
            best = (ks, float(xm), float(a))
    return best[1], best[2], best[0]


@dataclass(frozen=True)
class TailComparison:
    """Three tail models above one x_min, and the pairwise likelihood-ratio tests."""

    x_min: float
    n_tail: int
    params: pd.DataFrame       #: model, parameters, log-likelihood
    tests: pd.DataFrame        #: pair, R (log-likelihood ratio), normalised R, p, favoured

    def favoured(self) -> str:
        """The model no other model beats at the 10% level, else 'undecided'."""
        wins = {m: 0 for m in self.params["model"]}
        losses = dict(wins)
        for _, r in self.tests.iterrows():
            if r["p"] < 0.1:
                wins[r["favoured"]] += 1
                losses[r["other"]] += 1
        unbeaten = [m for m in wins if losses[m] == 0 and wins[m] > 0]
        return unbeaten[0] if len(unbeaten) == 1 else "undecided"


def compare_tails(sizes, x_min: float | None = None, *, min_tail: int = 10) -> TailComparison:
    """Power law vs lognormal vs truncated power law above ``x_min`` (CSN's KS choice if None).

    Vuong's test for non-nested pairs: R = sum of pointwise log-likelihood differences,
    normalised by sqrt(n) times their standard deviation, p = 2 Phi(-|R_norm|).  Nested pair
    (power law vs truncated power law): p from chi-square(1) on 2R, as CSN recommend.
    """
    x = _clean_sizes(sizes)
    if x_min is None:
        x_min, _, _ = csn_xmin(x, min_tail=min_tail)
    x_min = float(x_min)
    if not x_min > 0:
        raise ValueError(f"compare_tails(): x_min must be > 0, got {x_min}")
    t = x[x >= x_min]
    if t.size < min_tail:
        raise ValueError(f"compare_tails(): only {t.size} sizes at or above x_min = {x_min:g}")
    a = _pl_alpha(t, x_min)
    mu, sg = _fit_lognormal(t, x_min)
    at, lam = _fit_tpl(t, x_min)
    ll = {"power law": _pl_logpdf(t, x_min, a), "lognormal": _ln_logpdf(t, x_min, mu, sg),
          "truncated power law": _tpl_logpdf(t, x_min, at, lam)}
    params = pd.DataFrame([
        {"model": "power law", "alpha": a, "mu": np.nan, "sigma": np.nan, "lambda": np.nan,
         "loglik": ll["power law"].sum(), "k": 1},
        {"model": "lognormal", "alpha": np.nan, "mu": mu, "sigma": sg, "lambda": np.nan,
         "loglik": ll["lognormal"].sum(), "k": 2},
        {"model": "truncated power law", "alpha": at, "mu": np.nan, "sigma": np.nan, "lambda": lam,
         "loglik": ll["truncated power law"].sum(), "k": 2}])
    rows = []
    n = t.size
    for m1, m2, nested in (("power law", "lognormal", False),
                           ("power law", "truncated power law", True),
                           ("lognormal", "truncated power law", False)):
        d = ll[m1] - ll[m2]
        R = float(d.sum())
        sd = float(d.std())
        Rn = R / (np.sqrt(n) * sd) if sd > 0 else 0.0
        p = float(stats.chi2.sf(max(-2 * R, 0), 1)) if nested else float(2 * stats.norm.sf(abs(Rn)))
        fav, oth = (m1, m2) if R > 0 else (m2, m1)
        rows.append({"pair": f"{m1} vs {m2}", "R": R, "R_normalised": Rn, "p": p,
                     "test": "LR chi2(1), nested" if nested else "Vuong, non-nested",
                     "favoured": fav, "other": oth})
    return TailComparison(x_min, int(n), params, pd.DataFrame(rows))


# ------------------------------------------------------------------ Gibrat with province effects
def gibrat_fe(size0, size1, years: float, groups, level: float = 0.95) -> pd.DataFrame:
    """Gibrat's regression of annualised log growth on log initial size, pooled and with province
    fixed effects (within slope), both with CR1 province-clustered errors and t(G-1) intervals.

    One row per estimator: slope (0 under Gibrat), se, interval, p-value of slope = 0, n, G.
    """
    from .args import ParameterError, check_level, check_positive
    from .scaling_dependence import _cluster_cov, fe_within
    func = "gibrat_fe"
    level = check_level(level, func=func)
    s0 = check_positive(size0, "size0", func)
    s1 = check_positive(size1, "size1", func)
    years = float(check_positive(years, "years", func))
    g_arr = np.asarray(groups).astype(str)
    if not (s0.size == s1.size == g_arr.size):
        raise ParameterError(f"{func}(): size0, size1 and groups differ in length")
    codes, g = np.unique(g_arr, return_inverse=True)
    if codes.size < 3:
        raise ParameterError(f"{func}(): groups has {codes.size} provinces; need at least 3")
    x = np.log(s0)
    growth = np.log(s1 / s0) / years
    G = codes.size
    q = stats.t.ppf(0.5 + level / 2, G - 1)
    X = np.column_stack([np.ones_like(x), x])
    XtX_inv = np.linalg.inv(X.T @ X)
    b = XtX_inv @ X.T @ growth
    u = growth - X @ b
    se = float(np.sqrt(_cluster_cov(X, u, g, XtX_inv, 2)[1, 1]))
    fe, _ = fe_within(x, growth, g, level)
    rows = []
    for label, beta, s in (("pooled, province-clustered", float(b[1]), se),
                           ("province fixed effects (within)", fe.beta, fe.se)):
        rows.append({"estimator": label, "slope": beta, "se": s, "ci_low": beta - q * s,
                     "ci_high": beta + q * s, "p_value": float(2 * stats.t.sf(abs(beta / s), G - 1)),
                     "n": int(x.size), "provinces": int(G)})
    return pd.DataFrame(rows)


def reconcile_census_2000(cityinfo: pd.DataFrame, census: pd.DataFrame,
                          tolerance: float = 0.01) -> pd.DataFrame:
    """Unit-by-unit reconciliation of the 2000/2010 prefecture file (4-digit ``dzcode``) with the
    2010/2020 census file (6-digit ``city_code``, 2020 boundaries), by code.

    Both files give a 2010 total; where the codes match, the relative gap between the two 2010
    totals says whether the boundaries agree (``|gap| <= tolerance``) or moved.  Every unit of
    either file appears once, with a status.
    """
    from .args import check_columns
    check_columns(cityinfo, ["dzcode", "cityname_chn", "cpop2010"], "cityinfo", "reconcile_census_2000")
    check_columns(census, ["city_code", "city", "popu_2010"], "census", "reconcile_census_2000")
    a = cityinfo.assign(code4=cityinfo["dzcode"].astype(str).str.zfill(4))[
        ["code4", "cityname_chn", "cpop2010"]]
    a = a.assign(pop2010_a=a["cpop2010"].astype(float) * 1e4).drop(columns="cpop2010")
    b = census.assign(code4=census["city_code"].astype(str).str[:4])[["code4", "city_code", "city", "popu_2010"]]
    dup = b["code4"].duplicated(keep=False)
    m = a.merge(b, on="code4", how="outer", indicator=True)
    m["gap_2010"] = m["pop2010_a"] / m["popu_2010"] - 1

    def status(r):
        if r["_merge"] == "left_only":
            return "only in the 2000/2010 file"
        if r["_merge"] == "right_only":
            return "only in the 2010/2020 file"
        if abs(r["gap_2010"]) <= tolerance:
            return "same code, 2010 totals agree"
        return "same code, 2010 totals differ (boundary change)"

    m["status"] = m.apply(status, axis=1)
    m["name_differs"] = (m["_merge"] == "both") & (m["cityname_chn"] != m["city"])
    # province-administered county-level units share a 4-digit prefix (e.g. 4290) in the 2020 file
    m["shared_prefix"] = m["code4"].isin(b.loc[dup, "code4"])
    m.loc[m["shared_prefix"] & (m["_merge"] == "both"), "status"] = "ambiguous code (shared 4-digit prefix)"
    return (m.drop(columns="_merge").rename(columns={"cityname_chn": "name_2000_file", "city": "name_2020_file",
                                                     "pop2010_a": "pop2010_2000_file",
                                                     "popu_2010": "pop2010_2020_file"})
             .sort_values("code4").reset_index(drop=True))
