"""Zhejiang against the other provinces: what the yearbook panel supports (Part II, chapter 10).

The provincial panel (``data/provincial_safety.csv``) has fires by province for 1998-2000 and
2004-2008 and road accidents for 2009 only.  :func:`coverage` says how many years it has before and
after a reference year for each indicator, and :func:`synthetic_control_feasible` applies the
stated rule (at least ``min_pre`` years before and ``min_post`` after, for at least
``min_units`` provinces).  When the rule fails, the panel still supports a transparent
**difference-in-differences with one treated unit** (:func:`did_one_treated`):

    y_pt = a_p + g_t + d * 1(p = treated, t >= start) + e_pt ,

on a balanced panel; with one treated province the estimate is exactly
``(mean_post - mean_pre)_treated - mean over controls of (mean_post - mean_pre)``.  Cluster-robust
standard errors are meaningless with one treated cluster, so inference is by **in-space
placebos** (Abadie et al. 2010; Conley and Taber 2011): the same estimate with each control in
turn as the "treated" province, and the treated province's rank among all of them.  The
difference in *trends* (:func:`did_one_treated` with ``trends=True``) does the same with each
province's within-period linear slope, so a province already on a different path before the
start is not read as an effect.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .args import ParameterError, check_choice, check_columns, check_integer

__all__ = ["PlaceboDiD", "coverage", "did_one_treated", "synthetic_control_feasible"]


def coverage(panel: pd.DataFrame, reference_year: int = 2004) -> pd.DataFrame:
    """Per indicator: provinces with a value in every listed year, years before/after ``reference_year``."""
    check_columns(panel, ["indicator", "province", "year", "value"], "panel", "coverage")
    reference_year = check_integer(reference_year, "reference_year", "coverage")
    d = panel[panel["province"].astype(str) != "China (national)"]
    rows = []
    for ind, g in d.groupby("indicator", observed=True):
        years = sorted(int(y) for y in g["year"].unique())
        per_prov = g.groupby("province", observed=True)["year"].nunique()
        rows.append({"indicator": str(ind), "years": ", ".join(map(str, years)),
                     "years_before": sum(y < reference_year for y in years),
                     "years_from": sum(y >= reference_year for y in years),
                     "provinces_all_years": int((per_prov == len(years)).sum()),
                     "provinces_any_year": int(per_prov.size)})
    return pd.DataFrame(rows)


def synthetic_control_feasible(cov: pd.DataFrame, *, min_pre: int = 4, min_post: int = 4,
                               min_units: int = 15) -> pd.Series:
    """The stated rule, per indicator: enough years before, after, and provinces with all of them."""
    check_columns(cov, ["indicator", "years_before", "years_from", "provinces_all_years"], "cov",
                  "synthetic_control_feasible")
    ok = ((cov["years_before"] >= min_pre) & (cov["years_from"] >= min_post)
          & (cov["provinces_all_years"] >= min_units))
    return pd.Series(ok.to_numpy(), index=cov["indicator"].to_numpy(), name="feasible")


@dataclass
class PlaceboDiD:
    """Result of :func:`did_one_treated`."""

    treated: str
    estimate: float
    placebo: pd.Series          #: the same estimate with each province as "treated" (incl. treated)
    rank: int                   #: 1 = largest |estimate| among all provinces
    n_units: int
    years: list[int]
    outcome: str

    @property
    def placebo_pvalue(self) -> float:
        """Share of provinces whose |estimate| is at least the treated one's (two-sided rank test)."""
        return float(np.mean(np.abs(self.placebo.to_numpy()) >= abs(self.estimate) - 1e-12))

    @property
    def percent(self) -> float:
        """The estimate on the log scale as a percent difference, 100 (exp(d) - 1)."""
        return float(100 * np.expm1(self.estimate))


def _unit_effect(y: pd.DataFrame, start: int, trends: bool) -> pd.Series:
    years = y.columns.to_numpy(dtype=float)
    pre, post = years < start, years >= start
    if not trends:
        return y.loc[:, post].mean(axis=1) - y.loc[:, pre].mean(axis=1)

    def slope(cols):
        t = years[cols] - years[cols].mean()
        v = y.loc[:, cols].to_numpy()
        return (v - v.mean(axis=1, keepdims=True)) @ t / np.sum(t ** 2)
    return pd.Series(slope(post) - slope(pre), index=y.index)


def did_one_treated(panel: pd.DataFrame, indicator: str, *, treated: str = "Zhejiang",
                    start: int = 2004, transform: str = "log", trends: bool = False,
                    exclude: tuple[str, ...] = ()) -> PlaceboDiD:
    """Two-way fixed-effects DiD (or difference in trends) with in-space placebos.

    Uses the provinces that have ``indicator`` in every year of the panel (a balanced panel),
    minus ``exclude``.  ``transform`` is ``log`` (counts > 0; the estimate is a log difference)
    or ``identity``.
    """
    check_columns(panel, ["indicator", "province", "year", "value"], "panel", "did_one_treated")
    check_choice(transform, ("log", "identity"), "transform", "did_one_treated")
    start = check_integer(start, "start", "did_one_treated")
    d = panel[(panel["indicator"].astype(str) == indicator)
              & (panel["province"].astype(str) != "China (national)")
              & ~panel["province"].astype(str).isin(exclude)]
    if d.empty:
        raise ParameterError(f"did_one_treated(): no provincial rows for indicator {indicator!r}")
    wide = d.pivot_table(index="province", columns="year", values="value", aggfunc="first")
    wide = wide.dropna(axis=0, how="any")
    wide.index = wide.index.astype(str)
    if treated not in wide.index:
        raise ParameterError(f"did_one_treated(): treated province {treated!r} lacks a year of "
                             f"{indicator} (or was excluded)")
    years = [int(c) for c in wide.columns]
    n_pre = sum(y < start for y in years)
    n_post = len(years) - n_pre
    if n_pre < (2 if trends else 1) or n_post < (2 if trends else 1):
        raise ParameterError(f"did_one_treated(): need years before and from {start} "
                             f"({'two' if trends else 'one'} each at least); have {years}")
    if len(wide) < 3:
        raise ParameterError("did_one_treated(): need at least three provinces with every year")
    if transform == "log":
        if (wide.to_numpy() <= 0).any():
            raise ParameterError("did_one_treated(): a log outcome needs positive values")
        wide = np.log(wide)
    eff = _unit_effect(wide, start, trends)
    # each province's DiD against the mean of all the others
    n = len(eff)
    placebo = eff - (eff.sum() - eff) / (n - 1)
    est = float(placebo[treated])
    rank = int((np.abs(placebo) > abs(est) + 1e-12).sum() + 1)
    return PlaceboDiD(treated=treated, estimate=est, placebo=placebo.sort_values(), rank=rank,
                      n_units=n, years=years, outcome=f"{transform} {indicator}")
