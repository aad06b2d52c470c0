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
           "pareto_mle", "tail_sizes", "zipf_rank_regression", "zeta_by_cutoff"]


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
