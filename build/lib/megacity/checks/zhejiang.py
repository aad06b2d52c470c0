"""Checks for the Zhejiang safety record of seed 004 (section 1.1, "Peaceful Zhejiang").

The claims are figures from the provincial government's own releases.  A check can confirm that
the seed reports what those releases say (and whether the English and Chinese releases agree);
it cannot make the figures independent measurements.  Where no release in our tables gives a
figure, the verdict is ``unverifiable`` and the note says what would settle it.
"""
from __future__ import annotations

import math
import re

import pandas as pd

from ..data.catalogue import load_national_safety, load_zhejiang_safety
from ..trends import binomial_ci
from . import CheckResult, agrees, decimals, register

_TABLES = {"zhejiang_safety": load_zhejiang_safety, "national_safety": load_national_safety}


def _host(url: str) -> str:
    return re.sub(r"^https?://", "", str(url)).split("/")[0]


def _rows(params) -> tuple[pd.DataFrame, pd.DataFrame, str, int, str]:
    table = params.get("table", "zhejiang_safety")
    if table not in _TABLES:
        raise ValueError(f"unknown table '{table}'; use one of {sorted(_TABLES)}")
    df = _TABLES[table]()
    indicator, year = str(params["indicator"]), int(params["year"])
    geography = str(params.get("geography", "Zhejiang"))
    ind = df[(df["indicator"].astype(str) == indicator) & (df["geography"].astype(str) == geography)]
    return ind[ind["year"] == year], ind, indicator, year, geography


def _describe(rows: pd.DataFrame) -> str:
    return "; ".join(f"{r.value:g} ({_host(r.source)}, {r.confidence})" for r in rows.itertuples())


@register("zj_reported_value")
def zj_reported_value(claimed, params):
    """Compare a claimed figure with every cited row for (indicator, geography, year).

    confirmed: at least one row agrees at the claim's precision and no row disagrees;
    confirmed-with-caveat: a row agrees but another source gives a different value, or the
    agreeing rows are all low-confidence or derived; contradicted: rows exist and none agrees;
    unverifiable: no row (the note names the nearest years that do exist and ``params['settle']``).
    """
    rows, ind, indicator, year, geography = _rows(params)
    places = decimals(params.get("claimed_text", claimed))
    if rows.empty:
        years = sorted(int(y) for y in ind["year"].unique())
        near = (f"the table has {indicator} for {', '.join(map(str, years))} only"
                if years else f"the table has no {indicator} rows for {geography} in any year")
        note = f"no cited source gives {indicator} for {geography} {year}; {near}"
        if params.get("settle"):
            note += f"; would be settled by {params['settle']}"
        return CheckResult(None, "unverifiable", note)
    ok = [agrees(claimed, v, places) for v in rows["value"]]
    match, other = rows[ok], rows[[not o for o in ok]]
    if match.empty:
        best = rows.iloc[0]
        return CheckResult(float(best["value"]), "contradicted",
                           f"cited values for {year}: {_describe(rows)}")
    m = match.iloc[0]
    if not other.empty:
        return CheckResult(float(m["value"]), "confirmed-with-caveat",
                           f"matches {_describe(match)}, but {_describe(other)}; the releases "
                           "conflict and neither can be preferred on the evidence in hand")
    if set(match["confidence"].astype(str)) == {"low"} or bool(match["derived"].all()):
        return CheckResult(float(m["value"]), "confirmed-with-caveat",
                           f"matches only weak rows: {_describe(match)}")
    n = len(match)
    return CheckResult(float(m["value"]), "confirmed",
                       f"matches {n} cited release{'s' if n > 1 else ''}: {_describe(match)}; "
                       "official figure, not an independent measurement")


def _value(params, key_ind: str, key_year: str) -> tuple[float, str]:
    rows, _, indicator, year, _ = _rows({**params, "indicator": params[key_ind],
                                         "year": params[key_year]})
    if rows.empty:
        raise LookupError(f"{indicator} {year}")
    r = rows.iloc[0]
    return float(r["value"]), _host(r["source"])


@register("zj_share_pct")
def zj_share_pct(claimed, params):
    """Recompute a percentage k/n from two cited counts and compare with the claim.

    A claim that equals the truncated, not the rounded, percentage is confirmed with that caveat.
    The note adds the Wilson 95% interval for the underlying proportion.
    """
    try:
        k, src = _value(params, "numerator", "year")
        n, _ = _value(params, "denominator", "year")
    except LookupError as exc:
        return CheckResult(None, "unverifiable", f"no cited row for {exc}")
    pct = 100.0 * k / n
    places = decimals(params.get("claimed_text", claimed))
    ci = binomial_ci(int(k), int(n)).intervals["wilson"]
    tail = (f"{k:g}/{n:g} = {pct:.4f}% ({src}); Wilson 95% interval "
            f"{100 * ci[0]:.2f}-{100 * ci[1]:.2f}%")
    if agrees(claimed, pct, places):
        return CheckResult(round(pct, 4), "confirmed", tail)
    unit = 10 ** (-places)
    truncated = math.floor(pct / unit + 1e-9) * unit
    if abs(truncated - float(claimed)) < 1e-9:
        return CheckResult(round(pct, 4), "confirmed-with-caveat",
                           f"{tail}; the claim truncates rather than rounds "
                           f"(rounded: {round(pct, places):.{places}f})")
    return CheckResult(round(pct, 4), "contradicted", tail)


@register("zj_difference")
def zj_difference(claimed, params):
    """A claimed count that should equal total - part of two cited counts."""
    try:
        total, src = _value(params, "total", "year")
        part, _ = _value(params, "part", "year")
    except LookupError as exc:
        return CheckResult(None, "unverifiable", f"no cited row for {exc}")
    diff = total - part
    note = f"{total:g} - {part:g} = {diff:g} ({src}); the difference itself is not stated there"
    if agrees(claimed, diff, 0):
        return CheckResult(diff, "confirmed-with-caveat" if params.get("derived_only", True)
                           else "confirmed", note)
    return CheckResult(diff, "contradicted", note)


@register("zj_consecutive_years")
def zj_consecutive_years(claimed, params):
    """'N consecutive years' of a ranking: the span is arithmetic, the ranking needs data.

    our_value is the number of years from ``start_year`` to ``report_year`` inclusive.  The claim
    can be confirmed only by a cited ranking series (an indicator whose name contains 'rank');
    the note also reports whether a release in the table repeats the claim.
    """
    start, end = int(params["start_year"]), int(params["report_year"])
    span = end - start + 1
    df = load_zhejiang_safety()
    ranks = df[df["indicator"].astype(str).str.contains("rank")]
    phrase = str(params.get("phrase", "consecutive years"))
    repeats = df[df["source_location"].astype(str).str.contains(phrase, case=False, regex=False)]
    note = f"{start}-{end} inclusive is {span} years"
    note += ", the same as claimed" if span == int(claimed) else f", not {int(claimed)}"
    if not repeats.empty:
        note += f"; repeated by {', '.join(sorted({_host(u) for u in repeats['source']}))}"
    if ranks.empty:
        note += ("; no cited series ranks the provinces by safety satisfaction, so the ranking "
                 "itself is unverifiable")
        if params.get("settle"):
            note += f"; would be settled by {params['settle']}"
        return CheckResult(span, "unverifiable", note)
    return CheckResult(span, "confirmed" if span == int(claimed) else "contradicted", note)
