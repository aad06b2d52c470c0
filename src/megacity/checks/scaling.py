"""Checks for Part I (megacity scaling): West's ratios and the megacity count of seed 002, and the
risk-scales-with-size theme of seed 000."""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ..citysize import megacity_counts
from ..data.catalogue import load_megacities_official, load_scaling_exponents_published
from ..data.external import load_census
from ..scaling import implied_exponent, implied_exponent_range
from ..precision import judge, tolerance
from . import CheckResult, register


def _published_row(ref: str, indicator: str, country: str):
    t = load_scaling_exponents_published()
    row = t[(t["ref"] == ref) & (t["indicator"] == indicator) & (t["country"] == country)]
    if len(row) != 1:
        raise KeyError(f"no unique published exponent for ({ref}, {indicator}, {country})")
    return row.iloc[0]


INNOVATION_INDICATORS = ("New patents", "Inventors", "Private R&D employment", "Supercreative employment",
                         "R&D establishments", "R&D employment", "Patents")


def west_ratio_table():
    """The table West's ratios are judged on: every published innovation exponent and every Chinese
    indicator of this book (pooled with province-clustered intervals, and within provinces).
    Computed once per session (the inputs are pinned files); a copy is returned."""
    return _west_ratio_table().copy()


@lru_cache(maxsize=1)
def _west_ratio_table():
    from ..crosswalk import join_yearbook_census
    from ..data.external import load_yearbook_light
    from ..scaling_dependence import chinese_exponents, west_table
    pub = load_scaling_exponents_published()
    inn = pub[pub["indicator"].isin(INNOVATION_INDICATORS) & pub["beta"].notna()]
    inn = inn.assign(label=inn["indicator"] + " (" + inn["country"] + ", " + inn["ref"].astype(str) + ")",
                     population="", estimator="published")[["label", "indicator", "population", "estimator",
                                                            "beta", "ci_low", "ci_high", "kind"]]
    joined, _ = join_yearbook_census(load_yearbook_light(), load_census())
    ours = chinese_exponents(joined, {"GDP10000": "GDP", "Fiscal10000": "fiscal revenue",
                                      "Employment": "employment", "light_sum": "night light"},
                             {"pop_2015": "whole prefecture", "urban_2015": "census urban"})
    return west_table(pd.concat([inn, ours], ignore_index=True))


@register("west_output_ratio")
def west_output_ratio(claimed, params):
    """'A city k times larger has about m times the output': judged on every indicator in hand.

    params: size_ratio, ref/indicator/country of the published row whose prediction is reported as
    our_value.  The claim's tolerance comes from the ledger's precision rule (its stated precision
    and hedge, :mod:`megacity.precision`).  The status follows :func:`west_ratio_table`: the claim
    agrees with an indicator when the ratios its 95% interval allows overlap the claim's tolerance
    interval.  Confirmed-with-caveat if some innovation indicator agrees; contradicted if none does.
    The note counts agreement among the Chinese indicators.
    """
    k = float(params["size_ratio"])
    text, unit, hedge = params.get("claimed_text", claimed), params.get("unit", ""), params.get("hedge", "")
    tol = tolerance(text, unit, hedge)          # the ledger's precision rule (megacity.precision)
    hw = (tol.hi - tol.lo) / 2
    r = _published_row(params["ref"], params["indicator"], params["country"])
    t = west_ratio_table()
    lo, hi = k ** t["ci_low"].fillna(t["beta"]), k ** t["ci_high"].fillna(t["beta"])
    t["agrees"] = (lo <= tol.hi) & (hi >= tol.lo)
    inn = t[t["estimator"] == "published"]
    cn = t[t["kind"] == "our estimate"]
    b_lo, b_hi = implied_exponent_range(k, claimed, hw)
    pred = k ** r["beta"]
    note = (f"implied exponent {implied_exponent(k, claimed):.3f} (tolerance range {b_lo:.3f}-{b_hi:.3f}, "
            f"claim read as {tol.lo:g}-{tol.hi:g}); "
            f"agrees with {int(inn['agrees'].sum())} of {len(inn)} published innovation exponents "
            f"({', '.join(inn.loc[inn['agrees'], 'label'])}) and with {int(cn['agrees'].sum())} of {len(cn)} "
            f"Chinese exponents of this book (GDP, fiscal revenue, employment, night light; pooled with "
            f"province-clustered intervals and within provinces); {r['indicator']} ({r['country']}) predicts "
            f"{pred:.1f}x")
    if not inn["agrees"].any():
        return CheckResult(round(pred, 1), "contradicted", note + "; no innovation exponent reaches the claim")
    return CheckResult(round(pred, 1), "confirmed-with-caveat",
                       note + "; the agreeing exponents are for patents and R&D, not Chinese 'creative "
                       "energy', which no Chinese indicator in hand measures")


@register("megacity_count")
def megacity_count(claimed, params):
    """'More than <claimed> cities of about 10 million': count under each definition of a city.

    our_value = the count for the whole-prefecture definition in ``params['year']``.
    """
    year, band = int(params["year"]), params.get("band", "10 million or more")
    t = megacity_counts(load_census(), load_megacities_official())
    t = t[(t["band"] == band) & (t["year"].isin([year, year - 1]))]
    counts = dict(zip(t["definition"] + " " + t["year"].astype(str), t["count"]))
    holds = {d: c > claimed for d, c in counts.items()}
    ours = int(counts[f"whole prefecture {year}"])
    note = "; ".join(f"{d}: {c}" for d, c in counts.items()) + f" (cities of {band})"
    if all(holds.values()):
        return CheckResult(ours, "confirmed", note)
    if any(holds.values()):
        ok = [d for d, h in holds.items() if h]
        return CheckResult(ours, "confirmed-with-caveat",
                           note + f"; more than {claimed:.0f} only for: {', '.join(ok)}")
    return CheckResult(ours, "contradicted", note)


@register("risk_size_scaling")
def risk_size_scaling(claimed, params):
    """Seed 000: risks concentrate in megacities.  No sourced Chinese city-level risk data exist in
    the compendium; report the published anchor named in params and say what would settle it."""
    r = _published_row(params["ref"], params["indicator"], params["country"])
    return CheckResult(None, "unverifiable",
                       f"no city-level crime or incident counts for Chinese cities with a public source "
                       f"are in hand; the nearest published anchor is {r['indicator']} in "
                       f"{r['country']} ({r['year']}), beta {r['beta']} [{r['ci_low']}, {r['ci_high']}], "
                       "superlinear; a Chinese test needs prefecture-level case counts")
