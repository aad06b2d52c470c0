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


def test_wild_cluster_bootstrap_agrees_with_pyfixest_and_wildboottest():
    import pyfixest as pf
    rs, _, _ = dfn.simulate_peer_panel(20, 15, 8, beta_peer=0.6, group_sd=1.5, rng=np.random.default_rng(1))
    rs["st"] = dfn.stratum_codes(rs, ["group", "t"])
    ours = dfn.wild_cluster_bootstrap(rs, "nbr_share", ["x"], strata=["group", "t"], cluster="group",
                                      reps=4999, seed=5)
    fit = pf.feols("adopt ~ nbr_share + x | st", data=rs, vcov={"CRV1": "group"})
    assert ours.coef == pytest.approx(fit.coef()["nbr_share"], rel=1e-8)      # FWL = absorbed FE
    assert ours.se == pytest.approx(fit.se()["nbr_share"], rel=0.01)          # CRV1, nested strata
    theirs = fit.wildboottest(param="nbr_share", reps=4999, seed=5)
    # both p-values are Monte Carlo estimates of the same WCR p-value (binomial sd <= 0.007)
    assert ours.p_value == pytest.approx(float(theirs["Pr(>|t|)"]), abs=0.02)
    lo, hi = ours.ci
    assert lo < ours.coef < hi


def test_wild_bootstrap_interval_is_the_set_not_rejected():
    rs, _, _ = dfn.simulate_peer_panel(25, 12, 6, beta_peer=0.0, group_sd=1.0, rng=np.random.default_rng(4))
    wb = dfn.wild_cluster_bootstrap(rs, "nbr_share", ["x"], strata=["group", "t"], cluster="group",
                                    reps=999, seed=2)
    assert wb.ci[0] < 0.0 < wb.ci[1] and wb.p_value > 0.05      # no planted effect: 0 not rejected
    wb90 = dfn.wild_cluster_bootstrap(rs, "nbr_share", ["x"], strata=["group", "t"], cluster="group",
                                      reps=999, seed=2, level=0.9)
    assert wb90.ci[0] > wb.ci[0] and wb90.ci[1] < wb.ci[1]      # nested intervals


def test_dyadic_hazard_recovers_a_planted_distance_effect():
    # 450 units on a 1000 km square, influence of each earlier adopter falling as distance^-1
    ev, D = dfn.simulate_dyadic_panel(450, 8, beta_dist=-1.0, rng=np.random.default_rng(9), dyad_const=-5.5,
                                      base=-3.5)
    dy = dfn.dyad_risk_set(ev, np.arange(1, 9), D + np.eye(len(D)))
    dy["log_dist"] -= np.log(100.0)
    fit = dfn.fit_dyadic_hazard(dy, ["log_dist"])
    b, se = fit.params["log_dist"], fit.bse["log_dist"]
    assert se < 0.45
    assert abs(b + 1.0) < 2.5 * se
    assert fit.ci.loc["log_dist", "high"] < 0          # the distance decay is detected
    # the same data with the distance term scrambled across dyads give no decay
    dy["log_dist"] = np.random.default_rng(0).permutation(dy["log_dist"].to_numpy())
    f0 = dfn.fit_dyadic_hazard(dy, ["log_dist"])
    assert f0.ci.loc["log_dist", "low"] < 0 < f0.ci.loc["log_dist", "high"] or abs(f0.params["log_dist"]) < 0.3


def test_dyad_risk_set_pairs_units_at_risk_with_earlier_adopters():
    ev = np.array([1.0, 2.0, np.inf, 3.0])
    D = np.array([[0, 1, 2, 3], [1, 0, 1, 2], [2, 1, 0, 1], [3, 2, 1, 0]], float) * 100
    dy = dfn.dyad_risk_set(ev, np.array([1, 2, 3]), D, group=["a", "a", "b", "b"])
    # t=1: nobody adopted before; t=2: at risk {1,2,3} x source {0}; t=3: at risk {2,3} x sources {0,1}
    got = sorted(zip(dy["t"], dy["i"], dy["j"]))
    assert got == [(2, 1, 0), (2, 2, 0), (2, 3, 0), (3, 2, 0), (3, 2, 1), (3, 3, 0), (3, 3, 1)]
    assert dy.loc[(dy["t"] == 2) & (dy["i"] == 1), "adopt"].item() == 1
    assert dy.loc[(dy["t"] == 3) & (dy["i"] == 3), "adopt"].tolist() == [1, 1]
    assert dy.loc[(dy["i"] == 1) & (dy["j"] == 0), "same_group"].item() == 1.0
    assert dy.loc[(dy["t"] == 2) & (dy["i"] == 2) & (dy["j"] == 0), "log_dist"].item() == pytest.approx(np.log(200))


# --- contiguity, spatial clustering, pilots, predictions, mechanisms ---------------------------

def _grid_census(nx=4, ny=3):
    rows = []
    for i in range(nx):
        for j in range(ny):
            code = f"{11 + i}{j:02d}00"
            rows.append({"city": f"u{i}{j}", "city_code": code,
                         "coord": f"POLYGON(({i} {j}, {i + 1} {j}, {i + 1} {j + 1}, {i} {j + 1}, {i} {j}))"})
    return pd.DataFrame(rows)


def test_contiguity_matrix_queen_and_rook_on_a_grid():
    census = _grid_census()
    codes = census["city_code"].tolist()
    Q = dfn.contiguity_matrix(codes, census, "queen")
    R = dfn.contiguity_matrix(codes, census, "rook")
    # on a 4 x 3 grid: rook neighbours = 2 * (3*3 + 4*2) / 12 edges per unit; queen adds diagonals
    assert R.sum() == 2 * (3 * 3 + 4 * 2)
    assert Q.sum() == R.sum() + 2 * 2 * (3 * 2)
    assert (Q == Q.T).all() and np.trace(Q) == 0
    corner = codes.index("110000")
    assert R[corner].sum() == 2 and Q[corner].sum() == 3


def test_contiguity_exposure_and_join_counts_by_hand():
    census = _grid_census(3, 1)                      # three cells in a row: 0 - 1 - 2
    C = dfn.contiguity_matrix(census["city_code"], census, "rook")
    ev = np.array([1.0, np.inf, 2.0])
    E = dfn.contiguity_exposure(ev, C, np.array([1, 2, 3]))
    assert E[1].tolist() == [0.0, 0.5, 0.0]          # before period 2 only unit 0 adopted
    assert E[2].tolist() == [0.0, 1.0, 0.0]          # unit 1's two neighbours had both adopted
    rng = np.random.default_rng(0)
    census = _grid_census(6, 6)
    C = dfn.contiguity_matrix(census["city_code"], census, "rook")
    ev = np.where(rng.random(36) < 0.5, rng.integers(1, 4, 36), np.inf).astype(float)
    out = dfn.adoption_clustering(ev, C, [1, 2, 3], permutations=99, seed=1)
    # Moran's I by hand with row-standardised weights
    y = np.where(np.isfinite(ev), ev, 4.0)
    Wr = C / C.sum(axis=1, keepdims=True)
    z = y - y.mean()
    assert out["moran_i"] == pytest.approx(len(y) / Wr.sum() * (z @ Wr @ z) / (z @ z), rel=1e-9)
    # adopter-adopter joins by year 3, counted by hand
    b = (y <= 3).astype(float)
    assert out["joins"].set_index("year").loc[3, "bb_joins"] == pytest.approx(b @ C @ b / 2)


def test_attach_pilots_codes_routes_and_aggregates():
    adoption = pd.DataFrame({"code": ["440100", "110000", "419000", "130200"], "city_zh": ["广州", "北京", "省直辖", "唐山"]})
    pilots = pd.DataFrame({"city_code": ["440100", "110100", "419001", "130200"], "batch": [1, 2, 3, pd.NA],
                           "designation_year": [2010, 2012, 2017, pd.NA],
                           "designated_as": ["via its province", "city", "via a county-level unit", "none found"]})
    out = dfn.attach_pilots(adoption, pilots)
    assert out["lc_pilot"].tolist() == [1.0, 1.0, 1.0, 0.0]
    assert out["lc_city"].tolist() == [0.0, 1.0, 0.0, 0.0]     # only Beijing was named itself
    assert out["lc_route"].tolist()[2] == "via a member unit"
    with pytest.raises(ValueError, match="missing from the pilot table"):
        dfn.attach_pilots(adoption.assign(code=["999900", "110000", "419000", "130200"]), pilots)


def test_predicted_adoption_matches_the_survival_product():
    rs = dfn.simulate_hazard_data(400, 6, {"const": -1.5, "x1": 0.5, "x2": 0.0}, np.random.default_rng(3))
    fit = dfn.fit_hazard(rs, ["x1"], link="cloglog")
    panel = pd.DataFrame({"unit": np.repeat([0, 1], 6), "t": np.tile(np.arange(1, 7), 2), "x1": np.repeat([-2.0, 2.0], 6)})
    out = dfn.predicted_adoption(fit, panel, unit="unit").set_index("unit")
    b0, b1 = fit.params["const"], fit.params["x1"]
    for u, x in [(0, -2.0), (1, 2.0)]:
        h = 1 - np.exp(-np.exp(b0 + b1 * x))
        p_by = 1 - (1 - h) ** np.arange(1, 7)
        assert out.loc[u, "p_by_end"] == pytest.approx(p_by[-1])
        hit = np.flatnonzero(p_by >= 0.5)
        assert (np.isnan(out.loc[u, "predicted"]) if len(hit) == 0 else out.loc[u, "predicted"] == hit[0] + 1)


def test_mechanism_table_verdicts_follow_the_intervals():
    t = dfn.mechanism_table({"learning": [], "competition": [("a", 0.2, -0.1, 0.5)],
                             "imitation": [("b", 1.0, 0.2, 1.8)], "coercion": None}).set_index("mechanism")
    assert t.loc["learning", "do we have it?"].startswith("no")
    assert t.loc["competition", "do we have it?"].startswith("not separated")
    assert t.loc["imitation", "do we have it?"] == "partly: the interval excludes zero for b"
    assert list(t.index) == ["learning", "competition", "imitation", "coercion"]
