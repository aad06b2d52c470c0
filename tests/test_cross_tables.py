"""One fact, one value: a fact that appears in two of our tables agrees in both, or is a documented exception."""
from __future__ import annotations

import pandas as pd
import pytest

from megacity import crosstables
from megacity.data import catalogue

TABLES = ("four_cities", "governance_timeline", "innovation_adoptions", "mca_zones", "seed_facts")


@pytest.fixture(scope="module")
def tables():
    return {n: catalogue.load_table(n) for n in TABLES}


def test_every_fact_is_listed_in_at_least_two_tables():
    for fid, (_, refs) in crosstables.FACTS.items():
        assert len({r.table for r in refs}) >= 2, fid


def test_a_fact_in_two_tables_agrees_or_is_a_documented_exception(tables):
    check = crosstables.cross_table_check(tables)
    assert check["value"].notna().all(), check[check["value"].isna()]
    bad = check[~check["agrees"] & (check["exception"] == "")]
    assert bad.empty, "\n" + bad[["fact", "table", "key", "value"]].to_string()


def test_no_exception_is_stale(tables):
    check = crosstables.cross_table_check(tables)
    for fid in crosstables.EXCEPTIONS:
        assert fid in crosstables.FACTS
        assert not check.loc[check["fact"] == fid, "agrees"].all(), f"{fid} agrees now: drop its exception"


def test_a_planted_disagreement_is_caught(tables):
    planted = {k: v.copy() for k, v in tables.items()}
    t = planted["governance_timeline"]
    t.loc[t["event_id"] == "T36", "year"] = 2009          # Taicang's start, 2008 in the other tables
    check = crosstables.cross_table_check(planted)
    bad = check[~check["agrees"] & (check["exception"] == "")]
    assert set(bad["fact"]) == {"taicang_start_year"}


def test_a_planted_count_in_text_is_caught(tables):
    planted = {k: v.copy() for k, v in tables.items()}
    a = planted["innovation_adoptions"]
    a.loc[a["adoption_id"] == "A14", "count"] = "48 街道 abolished; 91 社区服务中心 created"
    check = crosstables.cross_table_check(planted)
    assert not check.loc[check["fact"] == "guiyang_offices_abolished", "agrees"].any()


def test_a_missing_row_fails_loudly(tables):
    planted = {k: v.copy() for k, v in tables.items()}
    planted["seed_facts"] = planted["seed_facts"].iloc[0:0]
    with pytest.raises(Exception, match="custody_repatriation_abolished"):
        crosstables.cross_table_check(planted)
