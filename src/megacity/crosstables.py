"""One fact, one value: facts that appear in more than one of our tables must agree.

:data:`FACTS` lists each fact recorded in two or more of ``four_cities``, ``governance_timeline``,
``innovation_adoptions``, ``mca_zones`` and ``seed_facts``, with the row (key) and the column that
carry it in each table.  :func:`cross_table_check` reads every value and says whether the fact's
values agree.  A disagreement that is not an error (two rows that date different stages of one
event, say) is listed in :data:`EXCEPTIONS` with its reason; any other disagreement is an error,
to be fixed at its row in ``data/raw`` with a note.  ``tests/test_cross_tables.py`` enforces both.

A value is read as a number: a year column as the year, a text column (``count``, ``event``) as
the first number in it after an optional marker (e.g. the number before "街道" or "street offices").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from .args import ParameterError

__all__ = ["FACTS", "EXCEPTIONS", "Ref", "cross_table_check"]

_KEYS = {"four_cities": "fact_id", "governance_timeline": "event_id", "innovation_adoptions": "adoption_id",
         "seed_facts": "fact_id"}


@dataclass(frozen=True)
class Ref:
    """Where a fact sits: table, row key, column, and (for text) a regex whose group 1 is the number."""

    table: str
    key: str
    column: str
    pattern: str | None = None


#: fact id -> (what the fact is, where it sits)
FACTS: dict[str, tuple[str, tuple[Ref, ...]]] = {
    "guiyang_pilot_year": ("year Guiyang first piloted the abolition of street offices (Xiaohe district)",
                           (Ref("four_cities", "E056", "value_num"), Ref("governance_timeline", "T22", "year"),
                            Ref("innovation_adoptions", "A13", "year"))),
    "guiyang_rollout_year": ("year of Guiyang's citywide roll-out",
                             (Ref("four_cities", "E058", "value_num"), Ref("governance_timeline", "T25", "year"),
                              Ref("innovation_adoptions", "A14", "year"))),
    "guiyang_offices_abolished": ("street offices abolished in Guiyang's roll-out",
                                  (Ref("four_cities", "E059", "value_num"),
                                   Ref("governance_timeline", "T25", "event", r"(\d+) street offices"),
                                   Ref("innovation_adoptions", "A14", "count", r"(\d+) 街道"))),
    "xifeng_reversal_year": ("year Xifeng county re-created a street office",
                             (Ref("governance_timeline", "T26", "year"), Ref("innovation_adoptions", "A15", "year"))),
    "street_office_wave_year": ("year from which Tongling, Guiyang and Huangshi piloted abolishing street offices",
                                (Ref("four_cities", "E074", "value_num"), Ref("governance_timeline", "T21", "year"),
                                 Ref("innovation_adoptions", "A11", "year"))),
    "taicang_start_year": ("year Taicang launched government-society interaction",
                           (Ref("four_cities", "E132", "year"), Ref("governance_timeline", "T36", "year"),
                            Ref("innovation_adoptions", "A24", "year"))),
    "taicang_duty_items": ("items on Taicang's list of statutory duties",
                           (Ref("four_cities", "E134", "value_num"),
                            Ref("governance_timeline", "T38", "event", r"(\d+) statutory duties"),
                            Ref("innovation_adoptions", "A24", "count", r"(\d+) duty items"))),
    "taicang_restriction_items": ("items restricting administrative demands in Taicang",
                                  (Ref("four_cities", "E135", "value_num"),
                                   Ref("governance_timeline", "T38", "event", r"(\d+) restrictions"),
                                   Ref("innovation_adoptions", "A24", "count", r"(\d+) restricted"))),
    "taicang_no1_document_year": ("year the national group wrote Taicang's practice into its No. 1 document",
                                  (Ref("governance_timeline", "T40", "year"), Ref("innovation_adoptions", "A25", "year"))),
    "jiangsu_rollout_year": ("year of Jiangsu's province-wide work conference",
                             (Ref("governance_timeline", "T41", "year"), Ref("innovation_adoptions", "A26", "year"))),
    "jiangsu_south_target": ("end-2014 target share of towns and streets in southern Jiangsu (%)",
                             (Ref("four_cities", "E137", "value_num"),
                              Ref("governance_timeline", "T41", "event", r"targets of (\d+)%"),
                              Ref("innovation_adoptions", "A26", "count", r"(\d+)% of"))),
    "central_instruction_year": ("year central leaders instructed the spread of the Taicang experience",
                                 (Ref("governance_timeline", "T42", "year"), Ref("innovation_adoptions", "A28", "year"))),
    "xiamen_cocreation_year": ("year Beautiful Xiamen co-creation began",
                               (Ref("four_cities", "E036", "value_num"), Ref("governance_timeline", "T14", "year"),
                                Ref("innovation_adoptions", "A02", "year"))),
    "haicang_communities": ("communities Haicang created under co-creation",
                            (Ref("four_cities", "E028", "value_num"),
                             Ref("governance_timeline", "T15", "event", r"(\d+) communities"),
                             Ref("innovation_adoptions", "A03", "count", r"(\d+) communities"))),
    "haicang_subunits": ("sub-units in Haicang, each electing a representative",
                         (Ref("four_cities", "E029", "value_num"),
                          Ref("governance_timeline", "T15", "event", r"(\d+) sub-units"),
                          Ref("innovation_adoptions", "A03", "count", r"(\d+) sub-units"))),
    "mohurd_guidance_year": ("year of the housing ministry's co-creation guidance (建村〔2019〕19号)",
                             (Ref("governance_timeline", "T08", "year"), Ref("innovation_adoptions", "A10", "year"))),
    "mohurd_provinces": ("provinces the guidance names as having co-creation already",
                         (Ref("four_cities", "E044", "value_num"),
                          Ref("governance_timeline", "T08", "event", r"practice in ((?:[A-Z][a-z]+(?:, )?)+)"))),
    "chengdu_committee_year": ("year Chengdu created its community development and governance committee",
                               (Ref("four_cities", "E100", "year"), Ref("governance_timeline", "T30", "year"),
                                Ref("innovation_adoptions", "A16", "year"))),
    "chengdu_councils_2012": ("communities and villages with resident councils in Chengdu by 2012",
                              (Ref("four_cities", "E091", "value_num"),
                               Ref("governance_timeline", "T29", "event", r"([\d,]+) communities"))),
    "chengdu_mca_zones_year": ("year three Chengdu districts became national experimental zones",
                               (Ref("four_cities", "E104", "year"), Ref("governance_timeline", "T32", "year"),
                                Ref("mca_zones", "4|成都市金牛区", "year"))),
    "haicang_mca_zone_year": ("year Haicang became a national community-governance experimental zone",
                              (Ref("mca_zones", "1|厦门市海沧区", "year"), Ref("governance_timeline", "T18", "year"))),
    "central_social_work_year": ("year the Central Social Work Department was created",
                                 (Ref("governance_timeline", "T09", "year"), Ref("innovation_adoptions", "A19", "year"))),
    "custody_abolished_year": ("year custody and repatriation was abolished",
                               (Ref("governance_timeline", "T02", "year"),
                                Ref("seed_facts", "custody_repatriation_abolished", "value"))),
}

#: fact id -> why its values may differ (each must still differ; a stale exception fails the test)
EXCEPTIONS: dict[str, str] = {
    "haicang_mca_zone_year": (
        "mca_zones dates the designation (batch 1, approved 2011-2012); governance_timeline T18 dates the "
        "book preface (c.2013-2014) that reports it, and flags its year uncertain. Chapter 20 says so: the "
        "timeline row records when the designation was reported, not when it was made."),
}


def _value(tables: dict[str, pd.DataFrame], ref: Ref) -> float | None:
    df = tables[ref.table]
    if ref.table == "mca_zones":
        batch, name = ref.key.split("|")
        row = df[(df["batch"].astype(str) == batch) & (df["zone_name_zh"] == name)]
    else:
        row = df[df[_KEYS[ref.table]] == ref.key]
    if len(row) != 1:
        raise ParameterError(f"{ref.table}: key {ref.key!r} matches {len(row)} rows, expected one")
    v = row.iloc[0][ref.column]
    if v is None or pd.isna(v):
        return None
    if ref.pattern is None:
        return float(v)
    m = re.search(ref.pattern, str(v))
    if not m:
        return None
    g = m.group(1)
    if re.fullmatch(r"[\d,]+", g):
        return float(g.replace(",", ""))
    return float(len([p for p in g.split(",") if p.strip()]))   # a list of names: count them


def cross_table_check(tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Every fact's value in every table: ``fact, what, table, key, column, value, agrees, exception``.

    ``agrees`` is per fact: all its values present and equal.  ``exception`` is the documented
    reason for an allowed disagreement ('' if none).
    """
    if tables is None:
        from .data import catalogue

        tables = {n: catalogue.load_table(n) for n in
                  ("four_cities", "governance_timeline", "innovation_adoptions", "mca_zones", "seed_facts")}
    rows = []
    for fid, (what, refs) in FACTS.items():
        vals = [_value(tables, r) for r in refs]
        agrees = all(v is not None for v in vals) and len(set(vals)) == 1
        for r, v in zip(refs, vals):
            rows.append({"fact": fid, "what": what, "table": r.table, "key": r.key, "column": r.column,
                         "value": v, "agrees": agrees, "exception": EXCEPTIONS.get(fid, "")})
    return pd.DataFrame(rows)
