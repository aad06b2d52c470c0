"""Tests of megacity.diffusion: Bass and hazard estimators on simulated data, risk sets, crosswalk."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from megacity import diffusion as dfn


# --- Bass --------------------------------------------------------------------------------------

def test_bass_cdf_known_values():
    # q = 0: F is the exponential distribution function 1 - exp(-p t)
    t = np.array([0.0, 1.0, 5.0])
    assert np.allclose(dfn.bass_cdf(t, 0.2, 0.0), 1 - np.exp(-0.2 * t))
    # the Bass peak (density maximum) is at t* = ln(q/p) / (p + q), where F = 1/2 - p/(2q)
    p, q = 0.03, 0.38
    tstar = np.log(q / p) / (p + q)
    assert dfn.bass_cdf(tstar, p, q) == pytest.approx(0.5 - p / (2 * q), rel=1e-9)
    assert dfn.time_to_share(p, q, 0.5 - p / (2 * q)) == pytest.approx(tstar, rel=1e-9)


@pytest.mark.parametrize("p,q,m,T", [(0.002, 0.2, 300, 60), (0.02, 0.6, 300, 5), (0.03, 0.4, 31, 8)])
def test_batched_bass_bootstrap_fits_match_the_one_at_a_time_optimiser(p, q, m, T):
    """The bootstrap fits all replicates at once; each must be the maximum the multi-start
    Nelder-Mead + BFGS path finds for that replicate alone (same point, likelihood no worse)."""
    rng = np.random.default_rng(0)
    t = np.arange(1, T + 1, dtype=float)
    fit = dfn.fit_bass_ml(t, dfn.bass_simulate(p, q, m, T, rng), m=m)
    cell = np.diff(dfn.bass_cdf(np.r_[0.0, t], fit.p, fit.q))
    sims = rng.multinomial(m, np.r_[cell, 1 - cell.sum()], size=30)[:, :-1].astype(float)
    sims = sims[sims.sum(axis=1) > 0]
    got = dfn._bass_ml_batch(t, sims, m, (fit.p, fit.q))
    ref = np.array([[f.p, f.q] for f in (dfn.fit_bass_ml(t, s, m=m, wald=False) for s in sims)])
    assert np.isfinite(got).all()
    assert got == pytest.approx(ref, rel=1e-4)
    edges = np.r_[0.0, t]
    nll_got = dfn._bass_nll_batch(np.log(got), edges, sims, m)
    nll_ref = dfn._bass_nll_batch(np.log(ref), edges, sims, m)
    assert np.all(nll_got <= nll_ref + 1e-9)


@pytest.mark.parametrize("p,q", [(0.03, 0.38), (0.1, 0.1)])
def test_bass_ml_recovers_known_parameters(p, q):
    # m = 3000 units, 30 periods: the ML standard error of p is about 0.002 for (0.03, 0.38) and the
    # Wald interval should cover the truth; we also require the point estimate within 20% (about
    # 3 standard errors for p, more for q), which fails if the likelihood is wrong.
    rng = np.random.default_rng(42)
    m, T = 3000, 30
    counts = dfn.bass_simulate(p, q, m, T, rng)
    fit = dfn.fit_bass_ml(np.arange(1, T + 1), counts, m=m)
    s = fit.summary()
    assert fit.p == pytest.approx(p, rel=0.2)
    assert fit.q == pytest.approx(q, rel=0.2, abs=0.01)
    assert s.loc["p", "ci_low"] <= p <= s.loc["p", "ci_high"]
    assert s.loc["q", "ci_low"] <= q <= s.loc["q", "ci_high"]


def test_bass_profile_interval_handles_q_near_zero():
    # with q = 0.02 and p = 0.2 the log-scale Wald interval for q degenerates (q-hat near 0); the
    # profile-likelihood interval must stay finite, start at or near 0 and contain the true q.
    rng = np.random.default_rng(42)
    counts = dfn.bass_simulate(0.2, 0.02, 3000, 30, rng)
    s = dfn.fit_bass_ml(np.arange(1, 31), counts, m=3000).summary()
    assert 0.0 <= s.loc["q", "profile_low"] <= 0.02 <= s.loc["q", "profile_high"] < 0.1
    assert s.loc["p", "profile_low"] <= 0.2 <= s.loc["p", "profile_high"]


def test_bass_ml_interval_coverage_is_near_nominal():
    # 60 replicate curves from known (p, q) (the optimiser starts at the truth to save time; the
    # likelihood has one optimum here); a 95% interval should cover p in roughly 95% of them.
    # With 60 replicates the binomial sd of the coverage is about 3 points, so 85% is a 3-sd floor.
    rng = np.random.default_rng(7)
    p, q, m, T = 0.05, 0.3, 800, 25
    sims = dfn.bass_simulate(p, q, m, T, rng, size=60)
    cover = [(lambda s: s.loc["p", "ci_low"] <= p <= s.loc["p", "ci_high"])(
        dfn.fit_bass_ml(np.arange(1, T + 1), c, m=m, start=(p, q), profile=False).summary()) for c in sims]
    assert np.mean(cover) >= 0.85


def test_bass_nls_recovers_parameters():
    rng = np.random.default_rng(3)
    counts = dfn.bass_simulate(0.03, 0.38, 5000, 30, rng)
    fit = dfn.fit_bass_nls(np.arange(1, 31), counts, m=5000)
    assert fit.p == pytest.approx(0.03, rel=0.2)
    assert fit.q == pytest.approx(0.38, rel=0.1)


def test_bass_simulate_counts_never_exceed_population():
    rng = np.random.default_rng(0)
    c = dfn.bass_simulate(0.1, 0.5, 100, 50, rng, size=20)
    assert c.shape == (20, 50)
    assert (c.sum(axis=1) <= 100).all() and (c >= 0).all()


def test_bass_bad_input_messages():
    with pytest.raises(ValueError, match="strictly increasing"):
        dfn.fit_bass_ml([1, 1, 2], [1, 2, 3], m=10)
    with pytest.raises(ValueError, match="smaller than the number of adopters"):
        dfn.fit_bass_ml([1, 2, 3], [5, 5, 5], m=10)
    with pytest.raises(ValueError, match="no adoptions"):
        dfn.fit_bass_ml([1, 2, 3], [0, 0, 0], m=10)
    with pytest.raises(ValueError, match="non-negative integers"):
        dfn.fit_bass_ml([1, 2, 3], [1, -1, 2], m=10)


# --- risk sets ---------------------------------------------------------------------------------

def test_risk_set_leaves_after_adoption_and_counts_match():
    units = pd.DataFrame({"id": ["a", "b", "c", "d"], "ev": [3, np.nan, 1, 5], "entry": [1, 2, 2, 1]})
    rs = dfn.risk_set(units, unit="id", event="ev", first=1, last=4, entry="entry")
    # a: periods 1-3 (adopts in 3); b: 2-4 censored; c adopted before entering: left out;
    # d: 1-4, adopts after the window: censored
    assert rs.groupby("id")["t"].apply(list).to_dict() == {"a": [1, 2, 3], "b": [2, 3, 4], "d": [1, 2, 3, 4]}
    assert rs.loc[rs["id"] == "a", "adopt"].tolist() == [0, 0, 1]
    assert rs["adopt"].sum() == 1                  # one adoption inside the window
    assert rs.attrs["left_out_units"] == ["c"]
    # no row after the adoption period and none before entry
    merged = rs.merge(units, on="id", suffixes=("", "_u"))
    assert (merged["t"] >= merged["entry_u"] if "entry_u" in merged else merged["t"] >= merged["entry"]).all()
    assert not ((rs["id"] == "a") & (rs["t"] > 3)).any()


def test_risk_set_rows_equal_sum_of_exposure():
    rng = np.random.default_rng(1)
    ev = np.where(rng.random(200) < 0.6, rng.integers(1, 11, 200), np.nan)
    units = pd.DataFrame({"u": np.arange(200), "ev": ev})
    rs = dfn.risk_set(units, unit="u", event="ev", first=1, last=10)
    expected = np.where(np.isnan(ev), 10, ev).sum()
    assert len(rs) == expected
    assert rs["adopt"].sum() == np.isfinite(ev).sum()
    assert rs.groupby("u")["adopt"].sum().max() == 1


def test_risk_set_duplicate_units_error():
    units = pd.DataFrame({"u": [1, 1], "ev": [1, 2]})
    with pytest.raises(ValueError, match="units must be unique"):
        dfn.risk_set(units, unit="u", event="ev", first=1, last=3)


def test_group_share_and_neighbour_exposure_exclude_self():
    ev = np.array([1.0, np.inf, 2.0, np.inf])
    grp = ["x", "x", "x", "y"]
    share = dfn.group_share_adopted(ev, grp, np.array([1, 2, 3]))
    # before period 2, unit 0 had adopted: the other x units see 1/2, unit 0 sees 0/2
    assert share[1].tolist()[:3] == [0.0, 0.5, 0.5]
    assert np.isnan(share[0, 3])                  # alone in its group
    # three points on the equator 1 degree (111 km) apart, a fourth far away
    lon, lat = np.array([0.0, 1.0, 2.0, 50.0]), np.zeros(4)
    nb = dfn.neighbour_exposure(ev, lon, lat, np.array([3]), radius_km=150)
    assert nb[0].tolist() == [0.0, 1.0, 0.0, 0.0]  # unit 1's neighbours 0 and 2 both adopted


def test_haversine_known_distance():
    # one degree of latitude is about 111.2 km on a 6371 km sphere
    d = dfn.haversine_km([0.0, 0.0], [0.0, 1.0])
    assert d[0, 1] == pytest.approx(111.19, abs=0.05)


# --- hazard ------------------------------------------------------------------------------------

@pytest.mark.parametrize("link", ["cloglog", "logit"])
def test_hazard_recovers_known_coefficients(link):
    # 4000 units x 8 periods, about 2000 events: the standard errors are about 0.03, so a
    # tolerance of 0.12 is about four standard errors.
    beta = {"const": -2.0, "x1": 0.6, "x2": -0.4}
    rs = dfn.simulate_hazard_data(4000, 8, beta, np.random.default_rng(11), link=link)
    fit = dfn.fit_hazard(rs, ["x1", "x2"], link=link, unit="unit")
    for k, v in beta.items():
        assert fit.params[k] == pytest.approx(v, abs=0.12)
    s = fit.summary()
    assert ((s["ci_low"] < s["coef"]) & (s["coef"] < s["ci_high"])).all()


def test_hazard_wrong_link_is_not_unbiased():
    # fitting a logit to cloglog data with a large baseline hazard biases the intercept: the test
    # guards against a fit that ignores the link argument.
    beta = {"const": 0.0, "x1": 0.0, "x2": 0.0}
    rs = dfn.simulate_hazard_data(3000, 3, beta, np.random.default_rng(5), link="cloglog")
    a = dfn.fit_hazard(rs, ["x1"], link="cloglog").params["const"]
    b = dfn.fit_hazard(rs, ["x1"], link="logit").params["const"]
    assert a == pytest.approx(0.0, abs=0.1) and b > 0.3


def test_hazard_errors_name_the_problem():
    rs = pd.DataFrame({"adopt": [0, 1, 0], "x": [1.0, np.nan, 2.0]})
    with pytest.raises(ValueError, match=r"missing values in \['x'\]"):
        dfn.fit_hazard(rs, ["x"])
    with pytest.raises(KeyError, match="not in the risk set"):
        dfn.fit_hazard(rs, ["z"])
    with pytest.raises(ValueError, match="link must be"):
        dfn.fit_hazard(rs.fillna(0), ["x"], link="probit")


def test_daily_counts():
    t, c = dfn.daily_counts(pd.Series([1, 1, 3, np.nan, 5]), last=4)
    assert t.tolist() == [1, 2, 3, 4] and c.tolist() == [2, 0, 1, 0]


def test_dual_carbon_first_year_rule():
    strat = pd.DataFrame({"Code": [1, 2, 3], "Province": ["河北", "河北", "北京"], "城市名称": ["石家庄", "唐山", "北京"],
                          "City": ["a", "b", "c"], "Longitude": [0, 1, 2], "Latitude": [0, 0, 0],
                          "Strategy_2020": [0, np.nan, 1], "Strategy_2021": [np.nan, np.nan, 1],
                          "Strategy_2022": [1, np.nan, np.nan], "Strategy_2023": [1, np.nan, 1],
                          "Good_Strategy_2023": [np.nan, 1, 1]})
    panel = pd.DataFrame({"Code": [1, 2, 3], "Permanent_population_10K": [1, 2, 3], "GDP_100M": [1, 2, 3],
                          "Total": [1, 2, 3]})
    a = dfn.dual_carbon_adoption(strat, panel)
    assert a["first_year"].tolist()[0] == 2022 and np.isnan(a["first_year"][1]) and a["first_year"][2] == 2020
    assert a["is_capital"].tolist() == [True, False, True]
    assert a["good_strategy_2023"].tolist() == [0, 1, 1]   # quality flag is not an adoption


# --- crosswalk and COVID assembly on a small synthetic example ----------------------------------

def _square(lon, lat):
    return f"POLYGON(({lon} {lat}, {lon + 1} {lat}, {lon + 1} {lat + 1}, {lon} {lat + 1}, {lon} {lat}))"


@pytest.fixture
def small_world():
    census = pd.DataFrame({
        "city": ["甲市", "乙市", "仙桃市", "丙市"], "city_code": ["420100", "420200", "429004", "360100"],
        "popu_2010": [1e6, 2e6, 1e6, 3e6],
        "coord": [_square(110, 30), _square(111, 30), _square(112, 30), _square(115, 28)],
    })
    dual = pd.DataFrame({"Province": ["湖北", "湖北", "江西"], "城市名称": ["甲", "乙", "丙"],
                         "City": ["Jia", "Yi-shi", "Bing"], "Code": [420100, 420200, 360100]})
    pol = pd.DataFrame({
        "adm1_name": ["Hubei", "Jiangxi", "Hubei", "Jiangxi", "Hubei"],
        "adm2_name": [None, None, "Jia", "All", "Xiantao"],
        "policy": ["emergency_declaration", "emergency_declaration", "home_isolation", "home_isolation",
                   "home_isolation"],
        "date_start": pd.to_datetime(["2020-01-24", "2020-01-24", "2020-01-30", "2020-02-01", "2020-02-03"]),
    })
    pop = pd.DataFrame({"adm1_name": ["Hubei", "Hubei", "Hubei", "Jiangxi", "Hubei"],
                        "adm2_name": ["Jia", "Yishi", "Xiantao", "Bing", "Nowhere"],
                        "2010pop_10k": [100.0, 200.0, 100.0, 300.0, 50.0]})
    return census, dual, pol, pop


def test_covid_crosswalk_reports_every_unmatched_name(small_world):
    census, dual, pol, pop = small_world
    cw = dfn.covid_crosswalk(pop, dual, census)
    how = dict(zip(cw.table["adm2_name"], cw.table["match"]))
    assert how == {"Jia": "name via dual-carbon", "Yishi": "name via dual-carbon",   # 'Yi-shi' normalised
                   "Xiantao": "direct code", "Bing": "name via dual-carbon"}
    assert cw.unmatched["adm2_name"].tolist() == ["Nowhere"]                          # reported, not dropped
    assert cw.summary().set_index("match").loc["unmatched", "units"] == 1
    jia = cw.table.set_index("adm2_name").loc["Jia"]
    assert (jia["lon"], jia["lat"]) == pytest.approx((110.5, 30.5))                   # polygon centroid


def test_covid_risk_set_censors_at_province_wide_order(small_world):
    census, dual, pol, pop = small_world
    pop = pop[pop["adm2_name"] != "Nowhere"]
    out = dfn.covid_orders(pol, pop, dual, census, origin="2020-01-23")
    cities = out["cities"].set_index("adm2_name")
    assert cities.loc["Jia", "event_day"] == 8 and cities.loc["Bing", "province_order_day"] == 10
    rs = dfn.covid_risk_set(out["cities"], last=12, radius_km=150)
    days = rs.groupby("adm2_name")["t"].agg(["min", "max", "size"])
    assert days.loc["Jia"].tolist() == [1, 8, 8]          # leaves after adopting on day 8
    assert days.loc["Bing"].tolist() == [1, 9, 9]         # censored the day before the provincial order
    assert days.loc["Yishi"].tolist() == [1, 12, 12]      # never adopted: at risk to the end
    assert rs["adopt"].sum() == 2                          # Jia (day 8) and Xiantao (day 12)
    # Yishi's within-province peer share jumps after Jia's order (day 8): 1 of its 2 peers
    ys = rs[rs["adm2_name"] == "Yishi"].set_index("t")["prov_share"]
    assert ys.loc[8] == 0 and ys.loc[9] == pytest.approx(0.5)
    # vertical clock: days since the declaration on day 2
    assert rs.loc[(rs["adm2_name"] == "Yishi") & (rs["t"] == 5), "days_since_decl"].item() == 3


def test_compare_hazards_keeps_term_order_and_statistics():
    rs = dfn.simulate_hazard_data(500, 5, {"const": -2.0, "x1": 0.5, "x2": 0.0}, np.random.default_rng(2))
    a = dfn.fit_hazard(rs, ["x1"], link="cloglog")
    b = dfn.fit_hazard(rs, ["x1", "x2"], link="logit")
    t = dfn.compare_hazards({"a": a, "b": b})
    assert t.index.tolist() == ["const", "x1", "x2", "link", "unit-periods", "events", "clusters"]
    assert t.loc["x2", "a"] == "" and t.loc["link", "b"] == "logit"
    assert t.loc["events", "a"] == str(int(rs["adopt"].sum()))
