"""Low-carbon pilot designations: the compiler's rules, the compiled table, the third-party cross-check."""
from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from megacity import lowcarbon
from megacity.data.catalogue import load_lowcarbon_pilots

ROOT = Path(__file__).resolve().parents[1]


def _compiler():
    spec = importlib.util.spec_from_file_location("compile_lowcarbon", ROOT / "scripts" / "compile_lowcarbon.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


RAW_COLS = ["unit_id", "batch", "notice_no", "notice_date", "designation_year", "unit_name", "unit_name_zh",
            "unit_level", "province", "evidence", "url", "page_title", "note"]


def _raw(tmp_path, rows):
    with open(tmp_path / "lowcarbon_pilots_ndrc.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=RAW_COLS)
        w.writeheader()
        for i, (batch, year, zh, level, prov) in enumerate(rows, start=1):
            w.writerow(dict(unit_id=f"X{i}", batch=batch, notice_no=f"N{batch}", notice_date=f"{year}-01-01",
                            designation_year=year, unit_name=zh, unit_name_zh=zh, unit_level=level,
                            province=prov, evidence="notice_text", url="u", page_title="t", note=""))
    return tmp_path


UNITS = [{"city": "甲市", "city_code": "1", "province": "甲省"},
         {"city": "乙市", "city_code": "2", "province": "甲省"},
         {"city": "丙市", "city_code": "3", "province": "乙省"},
         {"city": "丁市", "city_code": "4", "province": "乙省"},
         {"city": "九江市", "city_code": "5", "province": "乙省"}]


def test_province_rule_covers_every_unit_of_the_province_and_is_flagged(tmp_path):
    src = _raw(tmp_path, [(1, 2010, "甲省", "province", "甲省"), (2, 2012, "乙市", "city", "甲省"),
                          (2, 2012, "丙市", "city", "乙省")])
    out = {r["city"]: r for r in _compiler().compile_rows(src, units=UNITS)}
    for c in ("甲市", "乙市"):
        assert out[c]["designation_year"] == "2010"
        assert out[c]["designated_as"] == "via its province"
        assert out[c]["province_rule"] == "true"
    # the city named later keeps its earlier provincial designation and records the later one
    assert "2012 city (乙市, X2)" in out["乙市"]["later_designations"]
    assert out["丙市"]["designated_as"] == "city" and out["丙市"]["province_rule"] == "false"
    assert out["丁市"]["designated_as"] == "none found" and out["丁市"]["designation_year"] == ""


def test_a_city_named_in_the_same_batch_as_its_province_counts_as_a_city(tmp_path):
    src = _raw(tmp_path, [(1, 2010, "甲省", "province", "甲省"), (1, 2010, "甲市", "city", "甲省")])
    out = {r["city"]: r for r in _compiler().compile_rows(src, units=UNITS)}
    assert out["甲市"]["designated_as"] == "city"
    assert out["乙市"]["designated_as"] == "via its province"


def test_county_level_designee_marks_its_prefecture_partially(tmp_path):
    src = _raw(tmp_path, [(3, 2017, "共青城市", "county-level", "乙省")])
    out = {r["city"]: r for r in _compiler().compile_rows(src, units=UNITS)}
    assert out["九江市"]["designated_as"] == "via a county-level unit"
    assert out["九江市"]["parent_added_by_compiler"] == "true"


def test_unknown_names_fail_loudly(tmp_path):
    with pytest.raises(ValueError, match="not a census unit"):
        _compiler().compile_rows(_raw(tmp_path, [(1, 2010, "戊市", "city", "甲省")]), units=UNITS)
    with pytest.raises(ValueError, match="no census units"):
        _compiler().compile_rows(_raw(tmp_path, [(1, 2010, "戊省", "province", "戊省")]), units=UNITS)


def test_compiled_table_matches_a_recompilation():
    rows = pd.DataFrame(_compiler().compile_rows()).astype(str)
    on_disk = pd.read_csv(ROOT / "data" / "lowcarbon_pilots.csv", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(rows.reset_index(drop=True), on_disk)


def test_batch_sizes_of_the_raw_sheet_match_the_notices():
    raw = pd.read_csv(ROOT / "data" / "raw" / "lowcarbon_pilots_ndrc.csv", dtype=str)
    b1 = raw[raw["batch"] == "1"]
    # the 2010 notice: five provinces and eight cities (五省八市)
    assert (b1["unit_level"] == "province").sum() == 5 and (b1["unit_level"] == "city").sum() == 8
    # the second batch: 29 provinces and cities (TERI: "the second batch of 29")
    assert (raw["batch"] == "2").sum() == 29
    # the third batch has 45 units; no more than that may be coded
    assert (raw["batch"] == "3").sum() <= 45
    assert raw["url"].str.startswith("http").all() and raw["page_title"].str.len().gt(10).all()


def test_the_real_table_applies_the_province_rule():
    t = load_lowcarbon_pilots().set_index("city")
    gd = t[t["province"] == "广东省"]
    assert len(gd) == 21 and (gd["designation_year"] == 2010).all()
    assert t.loc["深圳市", "designated_as"] == "city"
    assert (gd.drop(index="深圳市")["province_rule"]).all()
    hn = t[t["province"] == "海南省"]
    assert (hn["designation_year"] == 2012).all() and hn["province_rule"].all()
    assert t.loc["武汉市", "designated_as"] == "via its province"
    assert "2012 city" in t.loc["武汉市", "later_designations"]
    assert t.loc["桂林市", "designation_year"] == 2012
    assert pd.isna(t.loc["南宁市", "designation_year"])


def test_every_disagreement_with_the_third_party_codings_is_explained():
    dis = lowcarbon.third_party_disagreements()
    bad = dis[~dis["explained"]]
    assert bad.empty, bad[["coding", "city", "ours", "theirs"]].to_string()
    # the known errors of the registry appear, each with its resolution
    pan = dis[dis["coding"] == "panel"].set_index("city")
    assert pan.loc["广州市", "kind"] == "province rule not applied"
    assert pan.loc["桂林市", "right"] == "ours"
    assert (dis["kind"] == "dating convention").sum() > 0
    bie = dis[dis["coding"] == "biechouwo"].set_index("city")
    assert bie.loc["桂林市", "theirs"] == 2017 and bie.loc["桂林市", "right"] == "ours"
    assert bie.loc["襄阳市", "their_names"] == "宜城市, 襄阳市"


def test_a_planted_disagreement_is_flagged_unexplained():
    from megacity.data.external import load_lowcarbon_panel

    panel = load_lowcarbon_panel()
    panel.loc[panel["city"] == "杭州市", "policy"] = 2017          # Hangzhou is a 2010 city
    dis = lowcarbon.third_party_disagreements(panel=panel)
    bad = dis[~dis["explained"]]
    assert list(bad["city"]) == ["杭州市"]
    assert int(bad["ours"].iloc[0]) == 2010 and int(bad["theirs"].iloc[0]) == 2017


def test_a_planted_error_in_ours_is_flagged_too():
    ours = load_lowcarbon_pilots()
    ours.loc[ours["city"] == "南宁市", "designation_year"] = 2012   # Nanning is in no batch
    dis = lowcarbon.third_party_disagreements(ours=ours)
    bad = dis[~dis["explained"]]
    assert set(bad["city"]) == {"南宁市"} and set(bad["coding"]) == {"panel", "biechouwo"}


def test_the_four_cases_in_the_pilot_table():
    d = lowcarbon.case_designations().set_index("case")
    # Xiamen and Guiyang are named cities of the 2010 notice; Suzhou (Taicang's prefecture) is in the 2012 list
    assert d.loc["Haicang", "designation_year"] == 2010 and d.loc["Haicang", "designated_as"] == "city"
    assert d.loc["Guiyang", "designation_year"] == 2010
    assert d.loc["Taicang", "designation_year"] == 2012
    assert d.loc["Chengdu", "designation_year"] == 2017


def test_pilot_numbers_add_up():
    n = lowcarbon.pilot_numbers()
    assert n["units"] == 369
    assert n["batch1_units"] + n["batch2_units"] + n["batch3_units"] + n["route_none_found"] == 369
    assert n["dis_unexplained"] == 0


def test_the_city_lists_add_up_to_the_81_pilots_of_the_2023_evaluation():
    # the evaluation (news of 2023-07, raw sheet) counts 81 city pilots in three batches; the notice of 2017
    # names 45 units; so the first two batches must list 36 cities between them
    raw = pd.read_csv(ROOT / "data" / "raw" / "lowcarbon_pilots_ndrc.csv", dtype=str)
    cities_12 = raw[raw["batch"].isin(["1", "2"]) & (raw["unit_level"] == "city")]
    assert len(cities_12) + 45 == 81
