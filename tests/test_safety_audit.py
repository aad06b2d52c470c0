"""data/national_safety.csv against the NBS national files (issue 12 item 5, issue 14).

Every national row with an NBS counterpart is compared; a difference beyond the stated tolerance
(1 % for exact values, 3 % for rounded ones) must be explained in megacity.safety_audit.EXPLAINED,
and a factor-ten difference is a unit or transcription error that fails the test until it is
fixed at its row in data/raw.
"""
from __future__ import annotations

import pandas as pd
import pytest

from megacity.data.catalogue import load_national_safety
from megacity.data.external import load_nbs_national, load_nbs_national_totals
from megacity.safety_audit import audit_national_safety, unexplained


@pytest.fixture(scope="module")
def nbs():
    return load_nbs_national_totals()


def test_nbs_loader_reads_known_values():
    # values read off the NBS files by eye (China Statistical Yearbook 2010, table 22-14 agrees)
    d = load_nbs_national("traffic_deaths").set_index("year")["total"]
    assert d[2009] == 67759 and d[2003] == 104372
    v = load_nbs_national("civil_vehicles").set_index("year")["total"]
    assert v[2010] == pytest.approx(7801.8259)


def test_national_table_agrees_with_nbs_or_says_why(nbs):
    audit = audit_national_safety(nbs=nbs)
    assert len(audit) >= 90                                   # the comparison really happens
    bad = unexplained(audit)
    assert bad.empty, "unexplained disagreements with NBS:\n" + bad.to_string()
    assert not (audit["status"] == "unit or transcription error").any()


def test_audit_catches_a_planted_factor_ten_error(nbs):
    table = load_national_safety()
    i = table.index[(table["indicator"] == "road_traffic_deaths") & (table["year"] == 2009)][0]
    planted = table.copy()
    planted.loc[i, "value"] = planted.loc[i, "value"] / 10
    bad = unexplained(audit_national_safety(planted, nbs))
    assert (bad["status"] == "unit or transcription error").sum() == 1
    # and a 3% disagreement in an exact value is flagged as a disagreement
    planted = table.copy()
    planted.loc[i, "value"] = planted.loc[i, "value"] * 1.03
    bad = unexplained(audit_national_safety(planted, nbs))
    assert bad["status"].tolist() == ["disagrees"]


def test_the_old_factor_ten_row_would_have_failed(nbs):
    table = load_national_safety()
    row = (table["indicator"] == "road_traffic_direct_loss") & (table["year"] == 2000) & \
        table["source"].str.contains("china.org.cn")
    old = table.copy()
    old.loc[row, "value"] = 26700.0
    bad = unexplained(audit_national_safety(old, nbs))
    assert bad["status"].tolist() == ["unit or transcription error"]


def test_zhejiang_yearbook_rows_agree_with_the_provincial_panel():
    # the Zhejiang table's yearbook figures and the by-region tables are the same printed numbers
    from megacity.data.catalogue import load_provincial_safety, load_zhejiang_safety
    prov = load_provincial_safety()
    prov = prov[prov["province"] == "Zhejiang"].set_index(["indicator", "year"])["value"]
    zj = load_zhejiang_safety()
    zj = zj[zj["source"].str.contains("stats.gov.cn") & (zj["geography"] == "Zhejiang")]
    pairs = [(r.indicator, int(r.year), float(r.value)) for r in zj.itertuples()
             if (r.indicator, int(r.year)) in prov.index]
    assert len(pairs) >= 10
    bad = [(i, y, v, prov[(i, y)]) for i, y, v in pairs if v != prov[(i, y)]]
    assert not bad, bad
