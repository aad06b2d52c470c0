"""Fault cases for the Part III diffusion models: bad input must fail loudly, naming what is wrong.

Each case below returned a silent wrong answer before issue 15 (checked by running it against the
previous code): a fractional adoption period was dropped from the risk set, a Bass fit to a single
adopter returned p in the millions, and a level of 1.5 gave intervals without complaint.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from megacity import diffusion as dfn
from megacity.args import DegenerateFitError, ParameterError


def test_risk_set_refuses_a_fractional_adoption_period_and_names_the_unit():
    units = pd.DataFrame({"u": ["Xiamen", "Chengdu"], "ev": [2.5, np.nan]})
    with pytest.raises(ParameterError, match="Xiamen"):
        dfn.risk_set(units, unit="u", event="ev", first=1, last=4)


def test_risk_set_refuses_fractional_entry_and_bounds():
    units = pd.DataFrame({"u": ["a", "b"], "ev": [2, np.nan], "entry": [1.5, 1]})
    with pytest.raises(ParameterError, match="'a'"):
        dfn.risk_set(units, unit="u", event="ev", first=1, last=4, entry="entry")
    with pytest.raises(ParameterError, match="first"):
        dfn.risk_set(units.drop(columns="entry"), unit="u", event="ev", first=1.5, last=4)


@pytest.mark.parametrize("m", [31, None])
@pytest.mark.parametrize("counts", [[1, 0, 0, 0], [0, 0, 0, 1], [0, 2, 0, 0, 0]])
def test_bass_refuses_a_degenerate_curve(counts, m):
    # one adopter, or all adoptions in a single period: p and q are not identified
    with pytest.raises(DegenerateFitError, match="counts"):
        dfn.fit_bass_ml(np.arange(1, len(counts) + 1), counts, m=m)
    with pytest.raises(DegenerateFitError, match="counts"):
        dfn.fit_bass_nls(np.arange(1, len(counts) + 1), counts, m=m)


@pytest.mark.parametrize("level", [1.5, 0.0, 1.0, -0.2, float("nan")])
def test_levels_outside_zero_one_are_refused(level):
    t, n = np.arange(1, 6), np.array([2, 5, 9, 6, 3])
    with pytest.raises(ParameterError, match="level"):
        dfn.fit_bass_ml(t, n, m=40, level=level)
    with pytest.raises(ParameterError, match="level"):
        dfn.fit_bass_nls(t, n, m=40, level=level)
    rs = dfn.simulate_hazard_data(200, 4, {"const": -1.5, "x1": 0.5, "x2": 0.0}, np.random.default_rng(0))
    with pytest.raises(ParameterError, match="level"):
        dfn.fit_hazard(rs, ["x1"], level=level)
    rs["g"] = rs["unit"] % 10
    with pytest.raises(ParameterError, match="level"):
        dfn.fit_stratified_hazard(rs, ["x1"], ["g", "t"], level=level)


def test_bass_profile_interval_refuses_a_bad_level():
    t, n = np.arange(1, 6), np.array([2, 5, 9, 6, 3])
    fit = dfn.fit_bass_ml(t, n, m=40, profile=False)
    with pytest.raises(ParameterError, match="level"):
        dfn.bass_profile_ci(fit, "q", level=1.5)


def test_bass_m_must_be_a_positive_finite_number():
    t, n = np.arange(1, 6), np.array([2, 5, 9, 6, 3])
    for bad in (float("nan"), float("inf"), -3):
        with pytest.raises(ParameterError, match="m"):
            dfn.fit_bass_ml(t, n, m=bad)


def test_stratified_hazard_refuses_strata_spanning_clusters():
    rs = dfn.simulate_hazard_data(300, 4, {"const": -1.5, "x1": 0.5, "x2": 0.0}, np.random.default_rng(1))
    rs["prov"] = rs["unit"] % 10
    rs["other"] = rs["unit"] % 7
    with pytest.raises(ParameterError, match="nested"):
        dfn.fit_stratified_hazard(rs, ["x1"], ["prov", "t"], cluster="other")


def test_permutation_and_bootstrap_refuse_bad_sizes():
    rs, ev, W = dfn.simulate_peer_panel(5, 6, 4, beta_peer=0.5, group_sd=0.5, rng=np.random.default_rng(2))
    grp = np.repeat(np.arange(5), 6)
    with pytest.raises(ParameterError, match="W must be"):
        dfn.peer_permutation_test(rs, ev, W[:-1, :-1], grp, np.arange(1, 5), ["group", "t"], n_perm=99)
    with pytest.raises(ParameterError, match="n_perm"):
        dfn.peer_permutation_test(rs, ev, W, grp, np.arange(1, 5), ["group", "t"], n_perm=5)
    with pytest.raises(ParameterError, match="level"):
        dfn.wild_cluster_bootstrap(rs, "nbr_share", cluster="group", level=1.5)
    with pytest.raises(ParameterError, match="weights"):
        dfn.wild_cluster_bootstrap(rs, "nbr_share", cluster="group", weights="normal")
