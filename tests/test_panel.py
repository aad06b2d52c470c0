"""Tests for megacity.panel (Zhejiang against the other provinces) and the provincial panel table."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from megacity import panel as P
from megacity.args import ParameterError
from megacity.data.catalogue import load_peaceful_campaigns, load_provincial_safety


def _toy(effect=0.0, trend_effect=0.0, seed=0):
    rng = np.random.default_rng(seed)
    years = [1998, 1999, 2000, 2004, 2005, 2006, 2007, 2008]
    rows = []
    for i in range(20):
        a = rng.normal(8, 1)
        for y in years:
            post = y >= 2004
            z = a + 0.05 * (y - 2000) + rng.normal(0, 0.01)
            if i == 0 and post:
                z += effect + trend_effect * (y - 2006)
            rows.append({"indicator": "fires", "province": f"P{i:02d}", "year": y, "value": np.exp(z)})
    return pd.DataFrame(rows)


def test_did_matches_two_way_fixed_effects_ols():
    import pyfixest as pf
    d = _toy(effect=-0.3, seed=1)
    r = P.did_one_treated(d, "fires", treated="P00")
    d = d.assign(y=np.log(d["value"]), treat=((d["province"] == "P00") & (d["year"] >= 2004)).astype(float))
    fit = pf.feols("y ~ treat | province + year", data=d)
    assert r.estimate == pytest.approx(float(fit.coef()["treat"]), abs=1e-10)
    assert r.estimate == pytest.approx(-0.3, abs=0.03)        # noise sd 0.01 per cell
    assert r.rank == 1 and r.placebo_pvalue == pytest.approx(1 / 20)


def test_difference_in_trends_finds_a_slope_change_and_ignores_a_level_shift():
    d = _toy(trend_effect=-0.1, seed=2)
    r = P.did_one_treated(d, "fires", treated="P00", trends=True)
    assert r.estimate == pytest.approx(-0.1, abs=0.02)
    level_only = P.did_one_treated(_toy(effect=-0.5, seed=3), "fires", treated="P00", trends=True)
    assert abs(level_only.estimate) < 0.03


def test_did_bad_input():
    d = _toy()
    with pytest.raises(ParameterError, match="treated province"):
        P.did_one_treated(d, "fires", treated="Atlantis")
    with pytest.raises(ParameterError, match="no provincial rows"):
        P.did_one_treated(d, "road_traffic_deaths")
    with pytest.raises(ParameterError, match="transform"):
        P.did_one_treated(d, "fires", treated="P00", transform="sqrt")


def test_provincial_panel_sums_and_feasibility():
    prov = load_provincial_safety()
    assert prov["source"].str.match(r"https?://www\.stats\.gov\.cn/").all()
    # provinces sum to at most the national total (which adds railway, transport, military fires)
    nat = prov[prov["province"] == "China (national)"].set_index(["indicator", "year"])["value"]
    tot = prov[prov["province"] != "China (national)"].groupby(["indicator", "year"])["value"].sum()
    full = prov[prov["province"] != "China (national)"].groupby(["indicator", "year"]).size() == 31
    assert (tot[full] <= nat[full.index[full]] * 1.01).all()
    # Zhejiang fires in the 2004 yearbook table, read off the page by eye
    zj = prov[(prov["province"] == "Zhejiang") & (prov["indicator"] == "fires")].set_index("year")["value"]
    assert zj[2004] == 13724 and zj[1999] == 17582
    cov = P.coverage(prov)
    assert not P.synthetic_control_feasible(cov).any()        # three years before 2004 only
    assert P.synthetic_control_feasible(cov, min_pre=3, min_post=4, min_units=15)["fires"]


def test_campaign_table_dates_shandong_before_zhejiang_and_the_national_opinion():
    c = load_peaceful_campaigns()
    assert (c.loc[c["jurisdiction"] == "Shandong", "launch_year"] == 2004).all()
    assert c.loc[c["level"] == "national", "launch_year"].tolist() == [2005]
    assert c["source"].str.match(r"https?://").all()
