"""Checks for the seed claims discussed in Part III (policy diffusion): ledger rows ``diff-``.

* ``timeline_event_year``: the year a dated event happened according to the governance timeline
  (sources other than the seed itself), compared with the year the seed gives;
* ``four_cases_sourced``: how many of the seed's case cities have a sourced 2020 census population
  in the four_cities table;
* ``case_events_from_above``: the share of the case cities' dated reform events (from
  ``since``) taken by a level above the community (city, district, province, centre), as a
  quantitative reading of "imposed by higher level authorities"; the note adds the codebook's
  reading (from above versus the city's own act) and how many events government pages record.
"""
from __future__ import annotations

from ..data.catalogue import load_four_cities, load_governance_timeline
from . import CheckResult, register


@register("timeline_event_year")
def timeline_event_year(claimed, params):
    """Year of the timeline event matching ``params['pattern']`` (the seed's own row excluded)."""
    tl = load_governance_timeline()
    own = params.get("exclude_source", "econstor.eu")
    rows = tl[tl["event"].str.contains(params["pattern"], case=False, regex=False)
              & ~tl["source"].str.contains(own, regex=False)]
    if rows.empty:
        note = f"no timeline event from a source other than the seed itself matches '{params['pattern']}'"
        if params.get("settle"):
            note += f". Would settle it: {params['settle']}"
        return CheckResult(None, "unverifiable", note)
    year = int(rows["year"].min())
    src = rows.iloc[0]["source"].split(" ")[0]
    if claimed is not None and year == int(claimed):
        return CheckResult(year, "confirmed", f"the timeline dates it {year} ({src})")
    return CheckResult(year, "contradicted",
                       f"the timeline dates it {year} ({src}), not {int(claimed)}; "
                       + params.get("note", ""))


@register("four_cases_sourced")
def four_cases_sourced(claimed, params):
    fc = load_four_cities()
    pop = fc[fc["quantity"].str.contains("7th census", regex=False) & fc["value_num"].notna()
             & fc["case"].notna()]
    cases = sorted(set(pop["case"].astype(str)))
    n = len(cases)
    status = "confirmed" if claimed is not None and n == int(claimed) else "contradicted"
    return CheckResult(n, status, f"cases with a sourced 2020 census population: {', '.join(cases)}")


@register("case_events_from_above")
def case_events_from_above(claimed, params):
    tl = load_governance_timeline()
    since = int(params.get("since", 2008))
    ev = tl[tl["case"].notna() & (tl["year"] >= since)]
    level = ev["level"].str.lower()
    above = level.str.contains("city|district|province|central", regex=True) & ~level.str.contains("street")
    share = float(above.mean())
    local = ev[ev["direction"].str.contains("local innovation", case=False)]
    note = (f"{int(above.sum())} of {len(ev)} dated events of the four cases since {since} were taken "
            f"above the community (city or higher); {len(local)} of the {len(ev)} are the cities' own "
            "local innovations, so the impulse is top-down towards communities but not always from the "
            "centre. The paper's own case evidence is not readable (the copy stops after the "
            "introduction); the timeline is compiled from news and government pages")
    from ..eventcoding import coded_timeline, source_type

    coded = coded_timeline().set_index("event_id").reindex(ev["event_id"])
    n_above = int((coded["code"].astype(str) == "from_above").sum())
    n_local = int((coded["code"].astype(str) == "local").sum())
    n_gov = int((coded["source"].map(source_type) == "government").sum())
    note += (f". By the four-city codebook (megacity.eventcoding), which asks whether a superior of the unit "
             f"where the practice originated acted, {n_above} of the {len(ev)} are coded from above and "
             f"{n_local} local (the city's own act); government pages record {n_gov} of the {len(ev)}, so the "
             "record favours acts of government")
    status = "confirmed-with-caveat" if share >= float(params.get("threshold", 0.5)) else "contradicted"
    return CheckResult(round(share, 3), status, note)
