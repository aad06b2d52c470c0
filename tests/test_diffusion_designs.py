"""Designs that identify the peer effect (issue 15): stratified hazard, within-province permutation
test, wild cluster bootstrap, directed-dyad model; each recovers a truth planted in simulated data."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from megacity import diffusion as dfn
from megacity.args import ParameterError


def _pooled(rs, periods):
    rs = rs.copy()
    dums = [f"y{k}" for k in range(2, periods + 1)]
    for k in range(2, periods + 1):
        rs[f"y{k}"] = (rs["t"] == k).astype(float)
    return dfn.fit_hazard(rs, ["nbr_share", "x"] + dums, link="logit", cluster="group")


@pytest.fixture(scope="module")
def planted():
    # 40 provinces x 15 units x 8 periods; province frailty sd 1.5; within-province peer effect 1.0
    rs, ev, W = dfn.simulate_peer_panel(40, 15, 8, beta_peer=1.0, group_sd=1.5, rng=np.random.default_rng(1))
    return rs, ev, W


def test_stratified_hazard_recovers_planted_peer_effect_that_pooled_model_gets_wrong(planted):
    rs, _, _ = planted
    strat = dfn.fit_stratified_hazard(rs, ["nbr_share", "x"], ["group", "t"], cluster="group", unit="unit")
    pooled = _pooled(rs, 8)
    b, se = strat.params["nbr_share"], strat.bse["nbr_share"]
    assert abs(b - 1.0) < 2.5 * se                       # truth inside a 2.5-se band
    assert strat.ci.loc["nbr_share", "low"] < 1.0 < strat.ci.loc["nbr_share", "high"]
    assert strat.params["x"] == pytest.approx(0.5, abs=3 * strat.bse["x"])
    # the pooled model (period dummies, no province-period strata) confounds the frailty with peers
    assert pooled.ci.loc["nbr_share", "low"] > 1.0
    assert strat.link == "conditional logit" and strat.n_clusters == 40 and "const" not in strat.params


def test_stratified_hazard_matches_statsmodels_conditional_logit(planted):
    from statsmodels.discrete.conditional_models import ConditionalLogit
    rs, _, _ = planted
    ours = dfn.fit_stratified_hazard(rs, ["nbr_share", "x"], ["group", "t"])
    g = rs["group"].to_numpy() * 100 + rs["t"].to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = ConditionalLogit(rs["adopt"].to_numpy(), rs[["nbr_share", "x"]].to_numpy(), groups=g).fit(disp=False)
    assert ours.params.to_numpy() == pytest.approx(np.asarray(ref.params), abs=2e-3)  # BFGS tolerances; se ~ 0.2
    assert ours.bse.to_numpy() == pytest.approx(np.asarray(ref.bse), rel=1e-2)


def test_stratified_hazard_refuses_what_strata_absorb(planted):
    rs, _, _ = planted
    rs = rs.assign(period=rs["t"].astype(float))
    with pytest.raises(ParameterError,
                       match="do not vary within any stratum"):
        dfn.fit_stratified_hazard(rs, ["nbr_share", "period"], ["group", "t"])


def test_permutation_test_rejects_planted_effect_and_not_a_null_one(planted):
    rs, ev, W = planted
    grp = rs.drop_duplicates("unit").sort_values("unit")["group"].to_numpy()
    pt = dfn.peer_permutation_test(rs, ev, W, grp, np.arange(1, 9), ["group", "t"], covariates=["x"],
                                   n_perm=499, seed=3)
    assert pt.statistic > 3 and pt.p_value < 0.01
    rs0, ev0, W0 = dfn.simulate_peer_panel(40, 15, 8, beta_peer=0.0, group_sd=1.5, rng=np.random.default_rng(2))
    pt0 = dfn.peer_permutation_test(rs0, ev0, W0, grp, np.arange(1, 9), ["group", "t"], covariates=["x"],
                                    n_perm=499, seed=3)
    assert pt0.p_value > 0.1
    # the null distribution of a standardised score is centred near 0 with sd near 1
    assert abs(np.mean(pt0.null)) < 0.2 and 0.7 < np.std(pt0.null) < 1.3
