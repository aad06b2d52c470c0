"""Tests for megacity.trends, the Zhejiang/national safety tables and the zj- claims checks.

Estimators are checked by recovering known parameters from simulated series (seeded).  The
tolerances are stated next to each test: mostly four standard errors of the estimator, so a
correct estimator fails with probability below 1e-4 while a biased one (wrong offset, wrong
transform, wrong break) misses by far more.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from megacity import trends as T
from megacity.checks import CHECKS
from megacity.data.catalogue import load_national_safety, load_zhejiang_safety

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data-sources"


# ---------------------------------------------------------------------------------------------
# count models
# ---------------------------------------------------------------------------------------------

def test_poisson_trend_recovers_slope_and_level():
    rng = np.random.default_rng(1)
    t = np.arange(1990, 2030)
    b, a = -0.05, np.log(5000.0)
    y = rng.poisson(np.exp(a + b * (t - 2010)))
    fit = T.fit_count_trend(t, y, family="poisson", center=2010)
    se = np.sqrt(np.diag(fit.cov.to_numpy()))
    assert abs(fit.params["trend"] - b) < 4 * se[1]
    assert abs(fit.params["const"] - a) < 4 * se[0]
    # the percent change reported is exp(b) - 1, not b itself
    assert fit.pct_change_per_year == pytest.approx(100 * (math.exp(fit.params["trend"]) - 1))
    # Poisson data: Pearson dispersion near 1 (sd of chi2_38/38 is about 0.23)
    assert 0.4 < fit.dispersion < 1.8


def test_exposure_offset_separates_rate_from_growth():
    # deaths per vehicle fall 5% a year while the fleet grows 10% a year
    rng = np.random.default_rng(2)
    t = np.arange(2000, 2016)
    vehicles = 1e7 * 1.10 ** (t - 2000)
    y = rng.poisson(2e-3 * vehicles * 0.95 ** (t - 2000))
    with_exp = T.fit_count_trend(t, y, exposure=vehicles, family="poisson")
    without = T.fit_count_trend(t, y, family="poisson")
    se = math.sqrt(with_exp.cov.loc["trend", "trend"])
    assert abs(with_exp.params["trend"] - math.log(0.95)) < 4 * se
    assert abs(without.params["trend"] - math.log(0.95 * 1.10)) < 4 * se


def test_negative_binomial_recovers_alpha_and_slope():
    # gamma-Poisson mixture = NB2 with Var = mu + alpha mu^2; n = 300 gives se(alpha) ~ 8% of alpha
    rng = np.random.default_rng(3)
    alpha, b = 0.02, -0.03
    t = np.arange(300) / 10.0
    mu = 2000 * np.exp(b * (t - t.mean()))
    y = rng.poisson(mu * rng.gamma(1 / alpha, alpha, size=t.size))
    fit = T.fit_count_trend(t, y, family="negbin")
    assert fit.alpha == pytest.approx(alpha, rel=0.3)
    lo, hi = fit.alpha_ci
    assert lo < alpha < hi
    se = math.sqrt(fit.cov.loc["trend", "trend"])
    assert abs(fit.params["trend"] - b) < 4 * se
    assert fit.lr_alpha_p < 1e-6          # overdispersion is unmistakable
    # quasi-Poisson: same point estimate as Poisson, wider interval by sqrt(dispersion)
    qp = T.fit_count_trend(t, y, family="quasipoisson")
    po = T.fit_count_trend(t, y, family="poisson")
    assert qp.params["trend"] == pytest.approx(po.params["trend"])
    ratio = math.sqrt(qp.cov.loc["trend", "trend"] / po.cov.loc["trend", "trend"])
    assert ratio == pytest.approx(math.sqrt(po.dispersion))


def test_negative_binomial_without_overdispersion_falls_back_to_poisson():
    t = np.arange(2000, 2012)
    y = np.round(1000 * np.exp(-0.04 * (t - 2000)))   # no noise: underdispersed
    nb = T.fit_count_trend(t, y, family="negbin")
    po = T.fit_count_trend(t, y, family="poisson")
    assert nb.alpha == 0.0
    assert nb.alpha_ci[0] == 0.0
    assert nb.params["trend"] == pytest.approx(po.params["trend"])
    assert nb.params["trend"] == pytest.approx(-0.04, abs=1e-3)


def test_compare_count_trends_recovers_slope_difference():
    rng = np.random.default_rng(4)
    ta, tb = np.arange(2003, 2021), np.arange(1998, 2016)      # overlapping, not equal, years
    ya = rng.poisson(6000 * np.exp(-0.08 * (ta - 2008)))
    yb = rng.poisson(90000 * np.exp(-0.03 * (tb - 2008)))
    cmp = T.compare_count_trends(ta, ya, tb, yb, labels=("ZJ", "CN"), center=2008)
    s = cmp.summary()
    d = s.loc["slope_difference"]
    assert abs(d["estimate"] - (-0.05)) < 4 * d["std_err"]
    assert s.loc["log_ratio_at_center", "estimate"] == pytest.approx(math.log(6000 / 90000), abs=0.02)


@pytest.mark.parametrize("count, message", [
    ([10, -1, 5, 4], "non-negative"),
    ([10.5, 9, 8, 7], "whole numbers"),
])
def test_count_trend_rejects_bad_counts(count, message):
    with pytest.raises(ValueError, match=message):
        T.fit_count_trend([2001, 2002, 2003, 2004], count)


def test_count_trend_rejects_bad_shapes_and_family():
    with pytest.raises(ValueError, match="same length"):
        T.fit_count_trend([2001, 2002, 2003], [1, 2])
    with pytest.raises(ValueError, match="family must be"):
        T.fit_count_trend([2001, 2002, 2003], [1, 2, 3], family="gaussian")
    with pytest.raises(ValueError, match="unique"):
        T.fit_count_trend([2001, 2001, 2003], [1, 2, 3])
    with pytest.raises(ValueError, match="exposure must be positive"):
        T.fit_count_trend([2001, 2002, 2003], [1, 2, 3], exposure=[1, 0, 2])


# ---------------------------------------------------------------------------------------------
# shares on the logit scale
# ---------------------------------------------------------------------------------------------

def test_logit_trend_is_exact_on_noiseless_data():
    t = np.arange(2004, 2019)
    p = 100 / (1 + np.exp(-(2.5 + 0.06 * (t - 2004))))
    fit = T.fit_logit_trend(t, p, center=2004)
    assert fit.slope == pytest.approx(0.06, abs=1e-10)
    assert fit.results.params[0] == pytest.approx(2.5, abs=1e-10)
    assert fit.predict([2010])["fit_pct"].iloc[0] == pytest.approx(100 / (1 + math.exp(-2.86)))


def test_logit_trend_recovers_slope_with_noise():
    rng = np.random.default_rng(5)
    t = np.arange(2004, 2019)
    p = 100 / (1 + np.exp(-(2.5 + 0.06 * (t - 2004) + rng.normal(0, 0.05, t.size))))
    fit = T.fit_logit_trend(t, p)
    lo, hi = fit.conf_int().loc["trend"]
    assert lo < 0.06 < hi
    assert abs(fit.slope - 0.06) < 4 * float(fit.results.bse[1])


def test_logit_trend_explains_a_fraction_given_instead_of_percent():
    with pytest.raises(ValueError, match="fraction 0-1 rather than a percentage"):
        T.fit_logit_trend([2004, 2012, 2017], [0.92, 0.96, 0.97])


# ---------------------------------------------------------------------------------------------
# segmented trend
# ---------------------------------------------------------------------------------------------

def _broken_line(t, tau, a, b1, b2, jump=0.0):
    return a + b1 * np.minimum(t - tau, 0) + b2 * np.maximum(t - tau, 0) + jump * (t >= tau)


def test_segmented_recovers_break_year_and_slopes():
    rng = np.random.default_rng(6)
    t = np.arange(1995, 2016).astype(float)
    z = _broken_line(t, 2004, np.log(1e5), 0.08, -0.06) + rng.normal(0, 0.02, t.size)
    fit = T.fit_segmented(t, np.exp(z), n_boot=199)
    assert fit.break_year == 2004
    lo, hi = fit.break_set
    assert lo <= 2004 <= hi and hi - lo <= 2
    s = fit.summary()
    for name, true in (("slope_before", 0.08), ("slope_after", -0.06)):
        assert abs(s.loc[name, "estimate"] - true) < 4 * s.loc[name, "std_err"]
    assert fit.sup_f_pvalue < 0.01
    # the profile is minimised at the reported break
    assert fit.profile.loc[fit.profile["rss"].idxmin(), "break_year"] == 2004


def test_segmented_recovers_break_in_poisson_counts():
    rng = np.random.default_rng(7)
    t = np.arange(1998, 2012).astype(float)
    y = rng.poisson(np.exp(_broken_line(t, 2002, np.log(1e5), 0.10, -0.07)))
    fit = T.fit_segmented(t, y, n_boot=199)
    assert fit.break_year == 2002
    # Poisson noise at 1e5 is 0.3% on the log scale: slopes come back to within 0.01
    assert fit.params["slope_before"] == pytest.approx(0.10, abs=0.01)
    assert fit.params["slope_after"] == pytest.approx(-0.07, abs=0.01)


def test_segmented_with_jump_recovers_the_jump():
    rng = np.random.default_rng(8)
    t = np.arange(1995, 2016).astype(float)
    z = _broken_line(t, 2006, 3.0, -0.02, -0.05, jump=-0.3) + rng.normal(0, 0.02, t.size)
    fit = T.fit_segmented(t, np.exp(z), jump=True, n_boot=0)
    assert fit.break_year == 2006
    s = fit.summary()
    assert abs(s.loc["jump", "estimate"] + 0.3) < 4 * s.loc["jump", "std_err"]


def test_segmented_sup_f_test_holds_its_size_under_no_break():
    # under a straight line the bootstrap p-value is (close to) uniform: about 5% below 0.05.
    # With 100 series the rejection count is Binomial(100, 0.05): 1..12 covers it with
    # probability > 0.99; an unadjusted F test (ignoring the search over tau) rejects far more.
    rng = np.random.default_rng(9)
    t = np.arange(1998, 2012).astype(float)
    rejections = 0
    for i in range(100):
        z = 10 - 0.03 * (t - 2000) + rng.normal(0, 0.05, t.size)
        fit = T.fit_segmented(t, z, transform="identity", n_boot=199, seed=i)
        rejections += fit.sup_f_pvalue < 0.05
    assert 1 <= rejections <= 12


def test_segmented_bad_input_messages():
    with pytest.raises(ValueError, match="no candidate break year"):
        T.fit_segmented(np.arange(2000, 2010), np.ones(10) * 5, breaks=[1990, 2009.5])
    with pytest.raises(ValueError, match="positive values"):
        T.fit_segmented(np.arange(2000, 2010), np.r_[np.ones(9), 0.0])
    with pytest.raises(ValueError, match="transform must be"):
        T.fit_segmented(np.arange(2000, 2010), np.ones(10), transform="sqrt")
    with pytest.raises(ValueError, match="at least 5 years"):
        T.fit_segmented([2000, 2001, 2002, 2003], [1, 2, 3, 4])


# ---------------------------------------------------------------------------------------------
# binomial intervals
# ---------------------------------------------------------------------------------------------

def test_binomial_ci_matches_textbook_formulas():
    k, n = 1008, 31835
    ci = T.binomial_ci(k, n)
    # Wilson score interval written out (Agresti & Coull 1998, eq. 2)
    z, p = 1.959963984540054, k / n
    centre = (p + z ** 2 / (2 * n)) / (1 + z ** 2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2)) / (1 + z ** 2 / n)
    assert ci.intervals["wilson"] == pytest.approx((centre - half, centre + half), rel=1e-9)
    # Clopper-Pearson with k = 0: upper bound 1 - (alpha/2)^(1/n)
    cp = T.binomial_ci(0, 50).intervals["beta"]
    assert cp[0] == 0.0
    assert cp[1] == pytest.approx(1 - 0.025 ** (1 / 50), rel=1e-9)
    assert ci.summary().loc["wilson", "estimate"] == pytest.approx(0.0316632, abs=1e-7)


@pytest.mark.parametrize("k, n, message", [
    (5, 0, "n must be positive"),
    (12, 10, "between 0 and n"),
    (2.5, 10, "whole numbers"),
])
def test_binomial_ci_bad_input(k, n, message):
    with pytest.raises(ValueError, match=message):
        T.binomial_ci(k, n)


# ---------------------------------------------------------------------------------------------
# table helpers and the safety tables
# ---------------------------------------------------------------------------------------------

def _toy_table():
    return pd.DataFrame({
        "indicator": ["x"] * 4, "geography": ["Z"] * 4, "year": [2001, 2001, 2002, 2004],
        "value": [10.0, 11.0, 12.0, 13.0], "confidence": ["medium", "high", "low", "medium"],
        "derived": [False, False, False, True], "value_kind": ["exact"] * 4,
        "source": ["a", "b", "c", "d"]})


def test_pick_series_rule_and_coverage_gaps():
    s = T.pick_series(_toy_table(), "x", "Z")
    assert s.set_index("year")["value"].to_dict() == {2001: 11.0, 2002: 12.0, 2004: 13.0}
    assert s.set_index("year").loc[2001, "n_sources"] == 2
    strict = T.pick_series(_toy_table(), "x", "Z", min_confidence="medium", allow_derived=False)
    assert strict["year"].tolist() == [2001]
    grid = T.coverage(_toy_table())
    assert grid.loc["x"].tolist() == ["H", "L", "", "M"]          # 2003 is a visible gap
    with pytest.raises(ValueError, match="no rows for indicator 'y'"):
        T.pick_series(_toy_table(), "y")


@pytest.mark.parametrize("loader", [load_zhejiang_safety, load_national_safety])
def test_safety_tables_validate_with_sensible_ranges(loader):
    df = loader()
    assert df["source"].str.match(r"https?://").all()
    shares = df[df["measure"] == "share_pct"]["value"]
    assert ((shares > 0) & (shares <= 100)).all()
    assert (df[df["measure"] == "change_pct"]["value"] >= -100).all()
    counts = df[df["measure"] == "count"]["value"]
    assert (counts >= 0).all() and np.allclose(counts, np.round(counts))
    assert df["year"].between(1998, 2025).all()
    # the key is unique (the loader validates it; check again independently)
    assert not df.duplicated(["indicator", "geography", "year", "source", "derived"]).any()


def test_known_conflicts_are_noted_in_the_tables():
    z = load_zhejiang_safety()
    env = z[(z["indicator"] == "eco_env_safety_satisfaction_pct") & (z["year"] == 2017)]
    assert sorted(env["value"]) == [94.65, 94.85]
    assert env["note"].str.contains("sources disagree").all()
    n = load_national_safety()
    loss = n[(n["indicator"] == "road_traffic_direct_loss") & (n["year"] == 2000)]
    # the factor-ten slip (26,700 for 267,000) is corrected at its row; the two sources now differ
    # by 0.04%, and the corrected row says what was changed and why
    assert loss["note"].str.contains("relative spread 0.0%").all()
    assert loss["source_location"].str.contains("CORRECTED").any()
    assert loss["value"].min() > 2e5


def test_tables_are_reproducible_from_the_fact_sheets():
    import importlib.util
    spec = importlib.util.spec_from_file_location("compile_safety", ROOT / "scripts" / "compile_safety.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    for name, fname in mod.FILES.items():
        rows = pd.DataFrame(mod.compile_rows(ROOT / "data" / "raw" / fname)).astype(str)
        stored = pd.read_csv(ROOT / "data" / f"{name}.csv", dtype=str, keep_default_na=False)
        assert rows[["indicator", "year", "value", "source"]].values.tolist() == \
            stored[["indicator", "year", "value", "source"]].values.tolist()


# ---------------------------------------------------------------------------------------------
# the zj- claims: computed, and able to fail
# ---------------------------------------------------------------------------------------------

def test_zj_checks_can_fail_and_read_the_sources():
    rv = CHECKS["zj_reported_value"]
    sat = {"indicator": "public_safety_satisfaction_pct", "year": 2017}
    assert rv(96.58, {**sat, "claimed_text": "96.58"}).status == "confirmed"
    assert rv(96.50, {**sat, "claimed_text": "96.50"}).status == "contradicted"
    env = {"indicator": "eco_env_safety_satisfaction_pct", "year": 2017}
    assert rv(94.65, {**env, "claimed_text": "94.65"}).status == "confirmed-with-caveat"
    assert rv(1.0, {"indicator": "nothing_like_this", "year": 2017}).status == "unverifiable"
    share = CHECKS["zj_share_pct"]
    p = {"numerator": "stability_risk_cancelled_or_deferred_cumulative_2010_2016",
         "denominator": "stability_risk_assessments_cumulative_2010_2016", "year": 2016}
    # 1008 / 31835 = 0.0316632...: rounds to 3.17, truncates to 3.16
    assert share(3.17, {**p, "claimed_text": "3.17"}).status == "confirmed"
    assert share(3.16, {**p, "claimed_text": "3.16"}).status == "confirmed-with-caveat"
    assert share(3.10, {**p, "claimed_text": "3.10"}).status == "contradicted"


def test_zj_ledger_rows_are_computed_not_typed():
    from megacity.claims import evaluate
    from megacity.data.catalogue import read_raw
    ev = evaluate()
    ev = ev[ev["claim_id"].str.startswith("zj-")]
    stored = read_raw("claims").set_index("claim_id")
    assert len(ev) >= 19
    for _, row in ev.iterrows():
        s = stored.loc[row["claim_id"]]
        assert s["status"] == str(row["status"]), row["claim_id"]
        assert s["note"] == row["note"], row["claim_id"]
        json.loads(s["params"])


def test_profiled_nb2_matches_statsmodels_direct_mle():
    # a different algorithm (joint Newton/BFGS over beta and alpha) must reach the same maximum
    from statsmodels.discrete.discrete_model import NegativeBinomial
    rng = np.random.default_rng(10)
    t = np.arange(1990, 2030).astype(float)
    y = rng.poisson(3000 * np.exp(-0.04 * (t - 2010)) * rng.gamma(1 / 0.01, 0.01, t.size))
    ours = T.fit_count_trend(t, y, family="negbin", center=2010)
    X = np.column_stack([np.ones_like(t), t - 2010])
    ref = NegativeBinomial(y, X).fit(start_params=[np.log(3000), -0.04, 0.01], disp=0,
                                     method="bfgs", maxiter=1000)
    assert ours.loglik == pytest.approx(ref.llf, abs=1e-4)
    assert ours.params["trend"] == pytest.approx(ref.params[1], abs=1e-4)
    assert ours.alpha == pytest.approx(ref.params[2], rel=1e-2)


def test_long_series_refuses_bad_arguments():
    """Bad arguments are refused with a message."""
    rows = []
    for ind, years, measure in (("A", [2001, 2002, 2003], "level"), ("B", [2001, 2002], "level"),
                                ("C", [2001, 2002, 2003], "sign")):
        rows += [{"indicator": ind, "geography": "Z", "year": y, "measure": measure} for y in years]
    df = pd.DataFrame(rows)
    from megacity.trends import long_series

    with pytest.raises(ValueError, match="min_years"):
        long_series(df, "Z", min_years=0)
    with pytest.raises(ValueError, match="needs columns"):
        long_series(df.drop(columns="measure"), "Z")


def test_long_series_on_the_real_table_matches_a_direct_count():
    zj = load_zhejiang_safety()
    got = {ind for ind, _ in T.long_series(zj, "Zhejiang")}
    z = zj[zj["geography"] == "Zhejiang"]
    years = z.groupby("indicator", observed=True)["year"].nunique()
    signs = set(z.loc[z["measure"] == "sign", "indicator"].astype(str))
    expected = {str(i) for i, n in years.items() if n >= 3} - signs
    assert got == expected and got
    for _, s in T.long_series(zj, "Zhejiang"):
        assert s["year"].is_unique and s["year"].nunique() >= 3


@pytest.mark.parametrize("k, n", [(0, 7), (3, 7), (7, 7), (1008, 31835), (45, 60)])
@pytest.mark.parametrize("level", [0.9, 0.95])
def test_binomial_ci_agrees_with_statsmodels(k, n, level):
    from statsmodels.stats.proportion import proportion_confint

    ci = T.binomial_ci(k, n, level=level).intervals
    for method in ("wilson", "beta"):
        ref = proportion_confint(k, n, alpha=1 - level, method=method)
        assert ci[method] == pytest.approx(ref, rel=1e-9, abs=1e-12)
