"""Tail-model comparison (Clauset-Shalizi-Newman) and Gibrat with province effects."""
import numpy as np
import pandas as pd
import pytest

from megacity.citysize import compare_tails, csn_xmin, gibrat_fe, reconcile_census_2000


def test_vuong_picks_lognormal_when_data_are_lognormal():
    rng = np.random.default_rng(1)
    x = rng.lognormal(0.0, 1.0, 20000)
    x = x[x >= 1.0][:3000]
    tc = compare_tails(x, x_min=1.0)
    t = tc.tests.set_index("pair")
    assert t.loc["power law vs lognormal", "favoured"] == "lognormal"
    assert t.loc["power law vs lognormal", "p"] < 0.01
    assert tc.favoured() in ("lognormal", "truncated power law")
    ln = tc.params.set_index("model").loc["lognormal"]
    assert abs(ln["mu"]) < 0.3 and abs(ln["sigma"] - 1) < 0.15


def test_vuong_does_not_reject_power_law_when_data_are_pareto():
    rng = np.random.default_rng(2)
    x = 2.0 * (1 - rng.random(3000)) ** (-1 / 1.5)    # Pareto, alpha = 2.5, x_min = 2
    tc = compare_tails(x, x_min=2.0)
    t = tc.tests.set_index("pair")
    assert t.loc["power law vs truncated power law", "p"] > 0.05
    assert not (t.loc["power law vs lognormal", "p"] < 0.05
                and t.loc["power law vs lognormal", "favoured"] == "lognormal")
    assert tc.params.set_index("model").loc["power law", "alpha"] == pytest.approx(2.5, abs=0.08)


def test_csn_matches_powerlaw_package_with_bound_lifted():
    powerlaw = pytest.importorskip("powerlaw")
    rng = np.random.default_rng(3)
    body = rng.lognormal(0, 0.6, 400)
    tail = 3.0 * (1 - rng.random(120)) ** (-1 / 3.5)   # alpha = 4.5, above the package default bound of 3
    x = np.concatenate([body[body < 3], tail])
    xmin, alpha, _ = csn_xmin(x)
    with np.errstate(all="ignore"):
        f = powerlaw.Fit(x, verbose=False, parameter_ranges={"alpha": [1, 20]})
    assert xmin == pytest.approx(f.xmin)
    assert alpha == pytest.approx(f.alpha, rel=1e-6)
    tc = compare_tails(x, x_min=f.xmin)
    R, p = f.distribution_compare("power_law", "lognormal", normalized_ratio=True)
    row = tc.tests.set_index("pair").loc["power law vs lognormal"]
    assert row["R_normalised"] == pytest.approx(R, abs=0.02)
    assert row["p"] == pytest.approx(p, abs=0.01)


def test_gibrat_fe_recovers_within_slope():
    rng = np.random.default_rng(4)
    G, m = 30, 12
    g = np.repeat(np.arange(G), m)
    prov_size = rng.normal(0, 1, G)
    logs0 = 13 + prov_size[g] + rng.normal(0, 0.6, G * m)
    # within provinces larger units grow more slowly (-0.01 per log unit); rich large provinces grow faster
    growth = 0.02 * prov_size[g] - 0.01 * (logs0 - 13 - prov_size[g]) + rng.normal(0, 0.004, G * m)
    s0 = np.exp(logs0)
    s1 = s0 * np.exp(10 * growth)
    t = gibrat_fe(s0, s1, 10, g).set_index("estimator")
    fe = t.loc["province fixed effects (within)"]
    assert fe["slope"] == pytest.approx(-0.01, abs=0.002)
    assert fe["ci_low"] < -0.01 < fe["ci_high"]
    assert t.loc["pooled, province-clustered", "slope"] > 0      # the pooled slope has the other sign


def test_reconcile_lists_every_unit_once():
    info = pd.DataFrame({"dzcode": ["1101", "1301", "3712"], "cityname_chn": ["北京市", "石家庄市", "莱芜市"],
                         "cpop2010": [1961.2, 1016.38, 129.85]})
    census = pd.DataFrame({"city_code": ["110100", "130100", "130200", "429004", "429005"],
                           "city": ["北京市", "石家庄市", "唐山市", "仙桃市", "潜江市"],
                           "popu_2010": [19612000, 10163800 * 1.2, 7577300, 1.0, 2.0]})
    r = reconcile_census_2000(info, census).set_index("code4")
    assert r.loc["1101", "status"] == "same code, 2010 totals agree"
    assert r.loc["1301", "status"] == "same code, 2010 totals differ (boundary change)"
    assert r.loc["3712", "status"] == "only in the 2000/2010 file"
    assert r.loc["1302", "status"] == "only in the 2010/2020 file"
    assert len(r) == 6
