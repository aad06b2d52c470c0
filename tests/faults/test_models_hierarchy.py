"""Fault cases for megacity.hierarchy: bad parameters are refused by name, edge cases give the right answer."""
from __future__ import annotations

import math

import numpy as np
import pytest

from megacity.args import ParameterError
from megacity.hierarchy import HierarchyParams, scenario_table, simulate

SMALL = dict(n_districts=2, subdistricts_per_district=3, communities_per_subdistrict=5, steps=20)


@pytest.mark.parametrize("name", ["compliance", "w_vertical", "beta", "kappa", "effort_cost", "crowding",
                                  "theta", "noise"])
def test_nan_parameter_is_refused_by_name(name):
    with pytest.raises(ParameterError, match=name):
        HierarchyParams(**SMALL, **{name: math.nan}).check()


@pytest.mark.parametrize("name", ["beta", "kappa", "effort_cost", "crowding", "theta", "noise"])
def test_negative_parameter_is_refused_by_name(name):
    with pytest.raises(ParameterError, match=name):
        HierarchyParams(**SMALL, **{name: -0.5}).check()


@pytest.mark.parametrize("name,value", [("n_districts", 0), ("steps", 2.5), ("lag", -1), ("mandate_step", -3),
                                        ("n_seed", 10_000)])
def test_bad_structure_is_refused_by_name(name, value):
    with pytest.raises(ParameterError, match=name):
        simulate(HierarchyParams(**SMALL), **{name: value})


def test_share_before_mandate_when_the_mandate_arrives_at_step_zero():
    # mandate issued at step 0 with no lag: before it reaches communities only the pilots have adopted
    # (the old code read cumulative[-1], the END of the run, and reported about 0.98)
    base = HierarchyParams(seed=1)
    tab = scenario_table({"immediate": dict(mandate_step=0, lag=0)}, base, replicates=4)
    expected = base.n_seed / base.n_communities
    assert tab.loc["immediate", "share_before_mandate"] == pytest.approx(expected, abs=1e-12)


def test_level_and_replicates_are_checked():
    with pytest.raises(ParameterError, match="replicates"):
        scenario_table({"a": {}}, HierarchyParams(**SMALL), replicates=0)
    assert np.isfinite(simulate(HierarchyParams(**SMALL)).summary()["value"]["final_share"])
