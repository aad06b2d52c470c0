"""Tests for the yearbook-census crosswalk and join."""
import numpy as np
import pandas as pd
import pytest

from megacity.crosswalk import build_crosswalk, interpolate_population, join_yearbook_census


@pytest.fixture
def census():
    return pd.DataFrame({
        "city": ["甲市", "乙市", "丙市"], "city_code": ["100100", "100200", "100300"],
        "province": ["P"] * 3,
        "popu_2010": [100.0, 400.0, 900.0], "popu_2020": [400.0, 900.0, 900.0],
        "popu_urban_2010": [50.0, np.nan, 100.0], "popu_urban_2020": [200.0, 300.0, 400.0],
    })


def yearbook(names, gdp):
    n = len(names)
    return pd.DataFrame({"city": names, "GDP10000": gdp, "Fiscal10000": [1.0] * n,
                         "Employment": [1.0] * n, "light_sum": [1.0] * n})


MERGE = {"丁市": ("乙市", "test rule")}


def test_every_name_is_classified_and_unmatched_reported(census):
    cw = build_crosswalk(["甲市", "丁市", "戊市"], census, MERGE)
    assert dict(zip(cw.table["yearbook_city"], cw.table["rule"])) == {
        "甲市": "exact", "丁市": "merged", "戊市": "unmatched"}
    assert cw.unmatched_yearbook == ["戊市"]
    assert cw.census_without_yearbook == ["丙市"]
    assert cw.summary()["yearbook_cities"].sum() == 3     # nothing silently dropped


def test_merged_city_is_added_to_its_receiving_unit(census):
    joined, cw = join_yearbook_census(yearbook(["甲市", "乙市", "丁市", "戊市"], [1.0, 2.0, 3.0, 4.0]),
                                      census, mergers=MERGE)
    assert not joined["city_code"].duplicated().any()
    b = joined.set_index("city")
    assert b.loc["乙市", "GDP10000"] == 5.0 and b.loc["乙市", "n_parts"] == 2
    assert "戊市" in cw.unmatched_yearbook and len(joined) == 2


def test_sum_is_missing_when_a_part_is_missing(census):
    joined, _ = join_yearbook_census(yearbook(["乙市", "丁市"], [2.0, np.nan]), census, mergers=MERGE)
    assert np.isnan(joined.loc[0, "GDP10000"])


def test_population_interpolation_is_geometric(census):
    # geometric midpoint of 100 and 400 is 200 (sqrt(100*400)); of 400 and 900 it is 600
    joined, _ = join_yearbook_census(yearbook(["甲市", "乙市"], [1.0, 2.0]), census, mergers=MERGE)
    assert joined["pop_2015"].tolist() == pytest.approx([200.0, 600.0])
    assert np.isnan(joined.loc[1, "urban_2015"])          # a missing census value stays missing
    assert interpolate_population(100, 1000, t=1 / 3) == pytest.approx(100 * 10 ** (1 / 3))


def test_duplicates_are_refused(census):
    with pytest.raises(ValueError, match="duplicate yearbook city names"):
        build_crosswalk(["甲市", "甲市"], census)
    bad = pd.concat([census, census.iloc[[0]]])
    with pytest.raises(ValueError, match="duplicate census unit names"):
        build_crosswalk(["甲市"], bad)
    with pytest.raises(ValueError, match=r"t must lie in \[0, 1\]"):
        interpolate_population(1, 2, t=1.5)
