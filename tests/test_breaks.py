"""Tests for megacity.breaks: the sup-F statistic, the fitted nulls, size and power.

Size is checked on series simulated under the null the test must survive (a random walk with
drift, and AR(1) errors), power on a planted break of known size.  Monte Carlo tolerances are
stated next to each assertion: a rejection count out of N replicates is Binomial(N, size).
"""
from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from megacity import breaks as B

T14 = np.arange(1998, 2012).astype(float)


def _broken(t, tau, b1, b2, a=11.0):
    return a + b1 * np.minimum(t - tau, 0) + b2 * np.maximum(t - tau, 0)


def test_sup_f_matches_ols_f_statistics_computed_independently():
    rng = np.random.default_rng(1)
    z = _broken(T14, 2003, 0.05, -0.04) + rng.normal(0, 0.03, T14.size)
    f, tau = B.sup_f_batch(T14, z)
    line = sm.OLS(z, sm.add_constant(T14 - 2000)).fit()
    best = -np.inf
    for b in np.arange(2000, 2011):
        X = np.column_stack([np.ones_like(T14), np.minimum(T14 - b, 0), np.maximum(T14 - b, 0)])
        r = sm.OLS(z, X).fit()
        fb = (line.ssr - r.ssr) / (r.ssr / (T14.size - 3))
        if fb > best:
            best, tau_best = fb, b
    assert f[0] == pytest.approx(best, rel=1e-9)
    assert tau[0] == tau_best == 2003


def test_sup_f_is_invariant_to_scale_and_added_lines():
    # the reason the iid and random-walk nulls are pivotal
    rng = np.random.default_rng(2)
    Z = rng.standard_normal((T14.size, 50)).cumsum(axis=0)
    f1, _ = B.sup_f_batch(T14, Z)
    f2, _ = B.sup_f_batch(T14, 7.0 * Z + 3.0 - 0.4 * (T14[:, None] - 2000))
    np.testing.assert_allclose(f1, f2, rtol=1e-8)


def test_fitted_nulls_recover_their_parameters():
    rng = np.random.default_rng(3)
    t = np.arange(1950, 2050).astype(float)                  # long series: tight estimates
    rw = np.cumsum(0.03 + 0.05 * rng.standard_normal(t.size))
    m = B.fit_null(t, rw, "rw_drift")
    assert m.drift == pytest.approx(0.03, abs=4 * 0.05 / np.sqrt(t.size))
    assert m.sigma == pytest.approx(0.05, rel=0.2)
    e = np.zeros(t.size)
    for i in range(1, t.size):
        e[i] = 0.6 * e[i - 1] + rng.normal(0, 0.1)
    m = B.fit_null(t, 2 + 0.01 * t + e, "ar1")
    assert m.rho == pytest.approx(0.6, abs=0.2)              # se of rho ~ 0.08 at n = 100


def test_corrected_test_holds_its_size_under_a_random_walk_with_drift():
    # 300 random walks with drift, no break: the corrected test must reject at most about 5%.
    # Binomial(300, 0.05) exceeds 25 with probability < 0.01; the naive iid-null test rejects
    # far more (about 40-50% at these years), which the second assertion checks.
    rng = np.random.default_rng(4)
    tab = B.size_table(T14, n_mc=300, n_sim=99, seed=5)
    rw = tab.loc["random walk with drift"]
    assert rw["corrected"] * 300 <= 25
    assert rw["naive"] > 0.25
    # and the corrected test is not broken the other way: under AR(1) rho = 0.9 it stays small
    assert tab.loc["AR(1) errors, rho = 0.9", "corrected"] * 300 <= 25
    # one series through break_test gives the same kind of answer as the batch
    z = np.cumsum(0.04 + 0.05 * rng.standard_normal(T14.size))
    res = B.break_test(T14, np.exp(z), n_sim=199, seed=6)
    assert 0 < res.corrected_pvalue <= 1
    assert res.corrected_pvalue >= res.pvalues["rw_drift"]


def test_corrected_test_detects_a_planted_break_of_known_size():
    # slope +6% a year to 2003, -6% after, noise sd 1.5%: a clear break that a random walk with the
    # fitted step size does not produce; detected in every one of 20 series, at the right year
    rng = np.random.default_rng(7)
    found, years = 0, []
    for i in range(20):
        z = _broken(T14, 2003, 0.06, -0.06) + rng.normal(0, 0.015, T14.size)
        res = B.break_test(T14, np.exp(z), n_sim=199, seed=100 + i)
        found += res.verdict() == "break"
        years.append(res.break_year)
    assert found == 20
    assert np.mean(np.abs(np.asarray(years) - 2003) <= 1) >= 0.9


def test_no_break_in_a_clean_straight_line_with_iid_noise():
    rng = np.random.default_rng(8)
    rej = 0
    for i in range(40):
        z = 10 - 0.03 * (T14 - 2000) + rng.normal(0, 0.05, T14.size)
        rej += B.break_test(T14, np.exp(z), n_sim=99, seed=i).verdict("iid") == "break"
    assert rej <= 7                                            # Binomial(40, 0.05): P(> 7) < 0.01


def test_sup_f_break_year_agrees_with_the_segmented_profile():
    # two independent routes to the best break year: the batched annihilators here and the
    # per-candidate OLS profile of megacity.trends.fit_segmented
    from megacity import trends as T
    rng = np.random.default_rng(11)
    for i in range(10):
        z = _broken(T14, 2000 + i % 8, 0.04, -0.05) + rng.normal(0, 0.03, T14.size)
        _, tau = B.sup_f_batch(T14, z)
        assert tau[0] == T.fit_segmented(T14, np.exp(z), n_boot=0).break_year
