"""Scaling under dependence: known truths on simulated data, and ours against pyfixest."""
import numpy as np
import pandas as pd
import pytest

from megacity.scaling_dependence import (cluster_ols, fe_within, superlinearity_verdict,
                                         wild_cluster_bootstrap)


def _panel(rng, G=30, m=10, beta=1.1, between=None, shock_sd=0.5):
    """G provinces of m cities; a province shock in log N and in the error (so iid SEs are wrong).
    With ``between`` set, province means of log Y move with province means of log N by that slope
    instead of ``beta`` (an omitted province effect correlated with size)."""
    g = np.repeat(np.arange(G), m)
    cx = rng.normal(0, 1, G)[g]
    x = 12 + cx + rng.normal(0, 0.7, G * m)
    u = rng.normal(0, shock_sd, G)[g] + rng.normal(0, 0.3, G * m)
    y = 1 + beta * x + u
    if between is not None:
        y = y + (between - beta) * cx
    return x, y, g


def test_cluster_intervals_reach_nominal_coverage_with_province_shocks():
    rng = np.random.default_rng(11)
    cover_cl, cover_iid = [], []
    for _ in range(300):
        x, y, g = _panel(rng)
        f, _ = cluster_ols(x, y, g)
        cover_cl.append(f.ci_low <= 1.1 <= f.ci_high)
        X = np.column_stack([np.ones_like(x), x])
        b, *_ = np.linalg.lstsq(X, y, rcond=None)
        r = y - X @ b
        se = np.sqrt(r @ r / (x.size - 2) * np.linalg.inv(X.T @ X)[1, 1])
        cover_iid.append(abs(b[1] - 1.1) <= 1.96 * se)
    assert 0.90 <= np.mean(cover_cl) <= 0.99
    assert np.mean(cover_iid) < 0.85          # the iid interval is far too narrow here


def test_wild_cluster_bootstrap_size_and_interval():
    rng = np.random.default_rng(5)
    rej = []
    for _ in range(60):
        x, y, g = _panel(rng, G=20, beta=1.0)
        f = wild_cluster_bootstrap(x, y, g, n_boot=199, seed=int(rng.integers(1e6)))
        rej.append(f.p_beta_eq_1 < 0.05)
    assert np.mean(rej) <= 0.15
    x, y, g = _panel(np.random.default_rng(1), G=40, beta=1.3)
    f = wild_cluster_bootstrap(x, y, g, n_boot=999, seed=2)
    c, _ = cluster_ols(x, y, g)
    assert f.ci_low < 1.3 < f.ci_high
    assert abs((f.ci_high - f.ci_low) / (c.ci_high - c.ci_low) - 1) < 0.25
    assert f.p_beta_eq_1 < 0.05


def test_fe_recovers_within_slope_when_between_slope_differs():
    x, y, g = _panel(np.random.default_rng(3), G=40, m=15, beta=0.9, between=1.5)
    fe, _ = fe_within(x, y, g)
    pooled, _ = cluster_ols(x, y, g)
    assert abs(fe.beta - 0.9) < 0.05
    assert fe.ci_low < 0.9 < fe.ci_high
    assert pooled.beta > 1.1                      # pooled OLS mixes in the between slope


def test_cluster_and_fe_match_pyfixest():
    pf = pytest.importorskip("pyfixest")
    x, y, g = _panel(np.random.default_rng(8), G=25, m=8)
    d = pd.DataFrame({"y": y, "x": x, "g": g})
    c, _ = cluster_ols(x, y, g)
    ref = pf.feols("y ~ x", data=d, vcov={"CRV1": "g"})
    assert c.beta == pytest.approx(ref.coef()["x"], rel=1e-9)
    assert c.se == pytest.approx(ref.se()["x"], rel=1e-6)
    fe, _ = fe_within(x, y, g)
    ref = pf.feols("y ~ x | g", data=d, vcov={"CRV1": "g"})
    assert fe.beta == pytest.approx(ref.coef()["x"], rel=1e-9)
    assert fe.se == pytest.approx(ref.se()["x"], rel=1e-6)


def test_verdict_counts():
    t = pd.DataFrame({"indicator": ["a"] * 3 + ["b"] * 2, "superlinear": [True, False, True, False, False],
                      "sublinear": [False] * 5})
    v = superlinearity_verdict(t).set_index("indicator")
    assert v.loc["a", "verdict"] == "superlinear in 2 of 3 specifications"
    assert v.loc["b", "verdict"] == "superlinear in none of the specifications"


def test_spatial_error_ml_matches_spreg():
    import contextlib
    import io

    import libpysal
    import spreg
    from megacity.scaling_dependence import spatial_error_ml
    rng = np.random.default_rng(4)
    w = libpysal.weights.lat2W(12, 12)
    w.transform = "r"
    W = w.full()[0]
    x = rng.normal(10, 1, 144)
    e = np.linalg.solve(np.eye(144) - 0.5 * W, rng.normal(0, 0.4, 144))
    y = 2 + 1.2 * x + e
    fit, lam = spatial_error_ml(x, y, w)
    with contextlib.redirect_stdout(io.StringIO()):
        ref = spreg.ML_Error(y[:, None], x[:, None], w=w, method="full")
    assert fit.beta == pytest.approx(ref.betas[1, 0], abs=1e-4)
    assert fit.se == pytest.approx(ref.std_err[1], rel=1e-3)
    assert lam == pytest.approx(ref.lam, abs=1e-4)
    assert 0.2 < lam < 0.8


def test_scaling_over_time_recovers_a_change():
    from megacity.scaling_dependence import scaling_over_time
    rng = np.random.default_rng(9)
    G, m = 30, 10
    prov = np.repeat(np.arange(G), m)
    logn = 13 + rng.normal(0, 1, G * m)
    frames = {}
    for yr, beta in ((2000, 0.9), (2010, 1.05)):
        logy = 1 + beta * logn + rng.normal(0, 0.1, G)[prov] + rng.normal(0, 0.1, G * m)
        frames[yr] = pd.DataFrame({"N": np.exp(logn), "Y": np.exp(logy), "province": prov})
    t = scaling_over_time(frames).set_index("year")
    assert t.loc[2010, "change_low"] < 0.15 < t.loc[2010, "change_high"]
    assert t.loc[2010, "change_low"] > 0


def test_west_table_agreement():
    from megacity.scaling_dependence import west_table
    t = west_table(pd.DataFrame({"label": ["steep", "flat"], "beta": [1.26, 1.0], "ci_low": [1.24, 0.95],
                                 "ci_high": [1.28, 1.05]}))
    assert t["agrees_all"].tolist() == [True, False]
    assert t.loc[0, "ratio_9x"] == pytest.approx(9 ** 1.26)


def test_absolute_fit_gof_rejects_heavy_tails_not_the_true_model():
    from megacity.scaling import absolute_fit
    rng = np.random.default_rng(12)
    N = np.exp(rng.normal(13, 1, 300))
    sd = 0.3 * np.exp(0.4 * (np.log(N) - 13))
    good = absolute_fit(N, N ** 1.1 * np.exp(rng.normal(0, sd)), n_boot=199, seed=1).set_index("model")
    het = "log-normal, variance a power of N"
    assert good.loc[het, "p_gof"] > 0.05
    assert good.loc[het, "p_homoskedastic"] < 0.01
    assert good.loc[het, "variance_slope"] == pytest.approx(0.8, abs=0.3)
    bad = absolute_fit(N, N ** 1.1 * np.exp(0.3 * rng.standard_t(1.5, 300)), n_boot=199, seed=1)
    assert (bad["p_gof"] < 0.05).all()


def test_per_head_slope_is_beta_minus_one_with_same_se():
    """The chapter 03 exercise: an independent algebraic identity, checked on simulated data."""
    from megacity.scaling import fit_scaling
    rng = np.random.default_rng(21)
    N = np.exp(rng.normal(14, 1, 200))
    Y = N ** 1.12 * np.exp(rng.normal(0, 0.4, 200))
    a, b = fit_scaling(N, Y, "ols"), fit_scaling(N, Y / N, "ols")
    assert b.beta == pytest.approx(a.beta - 1, abs=1e-10)
    assert b.se == pytest.approx(a.se, rel=1e-8)
