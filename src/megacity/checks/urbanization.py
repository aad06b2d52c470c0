"""Checks for the urbanization figures of seed 002 (Pan 2024)."""
from __future__ import annotations

import pandas as pd

from ..data.catalogue import load_urbanization
from ..data.external import load_nbs_national_population
from ..urbanization import REVISION_YEARS, SERIES_PREFERENCE, annual_series, best_series, interpolate_share


def _with_nbs_file():
    """The cited table plus the NBS National Data file (1978-2014, pre-2021 vintage) as rows."""
    df = load_urbanization()
    nbs = load_nbs_national_population()
    extra = pd.DataFrame({"year": nbs["year"], "urban_share_pct": nbs["urban_share_pct"].round(2),
                          "series": "nbs_national_data", "vintage": "original", "tier": "A"})
    return pd.concat([df, extra[~extra["year"].isin(df["year"])]], ignore_index=True), nbs
from . import CheckResult, agrees, decimals, register


@register("urban_share")
def urban_share(claimed, params):
    """Compare a claimed urban share for ``params['year']`` with every sourced value that year."""
    year = int(params["year"])
    df, nbs = _with_nbs_file()
    rows = df[df["year"] == year]
    places = decimals(params.get("claimed_text", claimed))
    if rows.empty:
        value, lo, hi = interpolate_share(df, year)
        outside = not (min(lo, hi) <= claimed <= max(lo, hi))
        note = (f"no source gives {year}; linear interpolation between the nearest sourced years "
                f"gives {value:.2f} (neighbours {lo} and {hi})")
        if outside:
            note += "; the claim lies outside the range of its sourced neighbours, so it is implausible"
        return CheckResult(round(value, 2), "unverifiable", note)
    matches = rows[[agrees(claimed, v, places) for v in rows["urban_share_pct"]]]
    best = best_series(rows, prefer=("nbs_national_data", *SERIES_PREFERENCE)).iloc[0]
    if matches.empty:
        values = ", ".join(f"{v} ({s})" for v, s in zip(rows["urban_share_pct"], rows["series"]))
        note = f"sourced values for {year}: {values}"
        n = nbs[nbs["year"] == year]
        if len(n):
            r = n.iloc[0]
            note += (f"; NBS National Data: urban {r['urban_pop_10k']:.0f} / total {r['total_pop_10k']:.0f} "
                     f"(10^4 persons) = {r['urban_share_pct']:.2f}%")
            if round(abs(claimed - r["urban_share_pct"]), 2) == 1.0:
                note += "; the claim differs by exactly one in the units digit, likely a typing slip"
        return CheckResult(round(float(best["urban_share_pct"]), 2), "contradicted", note)
    m = matches.iloc[0]
    vintages = set(matches["vintage"].astype(str))
    if year in REVISION_YEARS and vintages == {"original"}:
        return CheckResult(float(m["urban_share_pct"]), "confirmed-with-caveat",
                           f"matches the original release ({m['series']}, tier {m['tier']}); NBS "
                           f"revised {REVISION_YEARS.start}-{REVISION_YEARS.stop - 1} after the "
                           "2020 census, and the revised value is higher")
    if set(matches["tier"].astype(str)) <= {"C", "D"}:
        return CheckResult(float(m["urban_share_pct"]), "confirmed-with-caveat",
                           "matches only a weak (tier C/D) source")
    return CheckResult(float(m["urban_share_pct"]), "confirmed",
                       f"matches {m['series']} (tier {m['tier']})")


@register("urban_share_first_above")
def urban_share_first_above(claimed, params):
    """The first year in which the share exceeds ``params['threshold']`` percent."""
    threshold = float(params["threshold"])
    vintage = params.get("vintages")
    if vintage:
        s = best_series(load_urbanization(), vintages=tuple(vintage))
    else:   # the annual spliced series: every year filled, sourced years only count as crossings
        a = annual_series(load_urbanization(), load_nbs_national_population())
        s = a.loc[~a["filled"], ["year", "share"]].rename(columns={"share": "urban_share_pct"})
    above = s[s["urban_share_pct"] > threshold]
    if above.empty:
        return CheckResult(None, "contradicted", f"no sourced year exceeds {threshold}%")
    first = int(above["year"].iloc[0])
    before = s[s["year"] < first]
    gap = int(first - before["year"].iloc[-1]) if len(before) else 0
    if first != int(claimed):
        return CheckResult(first, "contradicted", f"first sourced year above {threshold}%: {first}")
    note = f"first sourced year above {threshold}% is {first}"
    if gap > 1:
        return CheckResult(first, "confirmed-with-caveat", note + f"; the preceding sourced year is "
                           f"{first - gap}, so the crossing could be earlier")
    if first in REVISION_YEARS:
        return CheckResult(first, "confirmed-with-caveat",
                           note + " on the original vintage; the post-2020-census revision raised "
                           "2011-2019, which may move the crossing earlier")
    return CheckResult(first, "confirmed", note)
