"""Join the 2015 city yearbook to the 2010/2020 census through an explicit name crosswalk.

Rules, applied in order, each recorded on the output row:

1. ``exact``: the yearbook name equals a census unit name (both in Chinese with the suffix 市 etc.);
2. ``merged``: the yearbook city was later merged into a census unit (:data:`MERGERS`); its
   indicators are *added* to those of the receiving city, because the census reports 2010 and 2020
   on 2020 boundaries, which include the merged city;
3. anything else is ``unmatched`` and is reported, never dropped silently.

Population is brought to 2015 by geometric interpolation between the censuses (1 Nov 2010 and
1 Nov 2020): N_2015 = N_2010^(1-t) * N_2020^t with t = 0.5 by default.  That assumes a constant
growth rate over the decade; it is an assumption, stated wherever the join is used.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["MERGERS", "Crosswalk", "build_crosswalk", "interpolate_population",
           "join_yearbook_census"]

#: Yearbook city -> census unit it was merged into, with the source of the change.
MERGERS: dict[str, tuple[str, str]] = {
    "莱芜市": ("济南市", "State Council approval Guohan [2019] No. 4 (国函〔2019〕4号, January 2019): "
                       "Laiwu prefecture-level city abolished, its districts placed under Jinan"),
}


@dataclass(frozen=True)
class Crosswalk:
    """Yearbook name -> census unit, with the rule used and the names left over on each side."""

    table: pd.DataFrame                 #: yearbook_city, census_city, city_code, rule, note
    unmatched_yearbook: list[str]
    census_without_yearbook: list[str]

    def summary(self) -> pd.DataFrame:
        counts = self.table["rule"].value_counts().reindex(["exact", "merged", "unmatched"],
                                                           fill_value=0)
        return pd.DataFrame({"rule": counts.index, "yearbook_cities": counts.to_numpy()})


def build_crosswalk(yearbook_names, census: pd.DataFrame,
                    mergers: dict[str, tuple[str, str]] | None = None) -> Crosswalk:
    """Match every yearbook name to a census unit by the rules above."""
    mergers = MERGERS if mergers is None else mergers
    names = pd.Series(list(yearbook_names), dtype=str)
    if names.duplicated().any():
        raise ValueError(f"duplicate yearbook city names: {sorted(names[names.duplicated()])}")
    if census["city"].duplicated().any():
        dup = sorted(census.loc[census["city"].duplicated(), "city"])
        raise ValueError(f"duplicate census unit names: {dup}; the crosswalk needs unique names")
    code = dict(zip(census["city"], census["city_code"]))
    rows = []
    for nm in names:
        if nm in code:
            rows.append((nm, nm, code[nm], "exact", ""))
        elif nm in mergers and mergers[nm][0] in code:
            target, why = mergers[nm]
            rows.append((nm, target, code[target], "merged", why))
        else:
            rows.append((nm, None, None, "unmatched", "no census unit of this name and no rule"))
    t = pd.DataFrame(rows, columns=["yearbook_city", "census_city", "city_code", "rule", "note"])
    unmatched = sorted(t.loc[t["rule"] == "unmatched", "yearbook_city"])
    covered = set(t["census_city"].dropna())
    leftover = sorted(set(census["city"]) - covered)
    return Crosswalk(t, unmatched, leftover)


def interpolate_population(p0, p1, t: float = 0.5) -> np.ndarray:
    """Geometric interpolation p0^(1-t) * p1^t (constant growth rate); NaN where either is missing."""
    if not 0 <= t <= 1:
        raise ValueError("t must lie in [0, 1] (a year between the two censuses)")
    p0 = np.asarray(p0, dtype=float)
    p1 = np.asarray(p1, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.exp((1 - t) * np.log(p0) + t * np.log(p1))


INDICATORS = ("GDP10000", "Fiscal10000", "Employment", "light_sum")


def join_yearbook_census(yearbook: pd.DataFrame, census: pd.DataFrame, *, t: float = 0.5,
                         mergers: dict[str, tuple[str, str]] | None = None
                         ) -> tuple[pd.DataFrame, Crosswalk]:
    """One row per census unit that has yearbook data: indicators (merged cities summed), the
    census populations, and interpolated 2015 whole-prefecture and urban population.

    Returns ``(joined, crosswalk)``; the crosswalk lists every unmatched name.  A summed indicator
    is missing if any of its parts is missing (a partial sum would understate it).
    """
    cw = build_crosswalk(yearbook["city"], census, mergers)
    y = yearbook.merge(cw.table[["yearbook_city", "city_code", "rule"]],
                       left_on="city", right_on="yearbook_city", how="left")
    y = y[y["rule"] != "unmatched"]
    agg = y.groupby("city_code")[list(INDICATORS)].sum(min_count=1)
    # a sum over parts is only valid when every part has the value
    incomplete = y.groupby("city_code")[list(INDICATORS)].apply(lambda d: d.isna().any())
    agg = agg.mask(incomplete)
    agg["yearbook_cities"] = y.groupby("city_code")["city"].apply(lambda s: "+".join(s))
    agg["n_parts"] = y.groupby("city_code").size()
    cols = ["city_code", "city", "province", "popu_2010", "popu_2020", "popu_urban_2010",
            "popu_urban_2020"]
    out = census[cols].merge(agg.reset_index(), on="city_code", how="inner", validate="one_to_one")
    out["pop_2015"] = interpolate_population(out["popu_2010"], out["popu_2020"], t)
    out["urban_2015"] = interpolate_population(out["popu_urban_2010"], out["popu_urban_2020"], t)
    if out["city_code"].duplicated().any():  # pragma: no cover - guarded by validate= above
        raise RuntimeError("duplicate census units after the join")
    return out.reset_index(drop=True), cw
