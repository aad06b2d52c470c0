"""Extended Bass models (issue 15): Generalized Bass with a dated push, two segments, bias curve, m."""
from __future__ import annotations

import numpy as np
import pytest

from megacity import diffusion as dfn


def test_generalized_bass_reduces_to_bass_without_push():
    edges = np.arange(0, 11, dtype=float)
    z = (np.arange(10) >= 4).astype(float)
    assert dfn.generalized_bass_cdf(edges, 0.03, 0.4, 0.0, z) == pytest.approx(dfn.bass_cdf(edges, 0.03, 0.4))
    # a push that doubles effort from period 5 on: F(t) = Bass F at X(t) = 4 + 2 (t - 4) for t >= 4
    # w = 0.5: effort 0.5 before the push and 1 after it: X(t) = 0.5 * 4 + (t - 4) for t >= 4
    F = dfn.generalized_bass_cdf(edges, 0.03, 0.4, 0.5, z)
    assert F[7] == pytest.approx(dfn.bass_cdf(2.0 + 3.0, 0.03, 0.4))
    assert F[3] == pytest.approx(dfn.bass_cdf(1.5, 0.03, 0.4))


@pytest.mark.parametrize("seed", [0, 1])
def test_generalized_bass_recovers_its_push(seed):
    z = (np.arange(1, 31) >= 10).astype(float)          # a push from period 10 on
    counts = dfn.simulate_bass_push(0.02, 0.1, 0.8, z, 2000, np.random.default_rng(seed))   # push x5
    fit = dfn.fit_bass_push(np.arange(1, 31), counts, 2000, z)
    assert fit.ci.loc["w", "ci_low"] < 0.8 < fit.ci.loc["w", "ci_high"]
    assert fit.w == pytest.approx(0.8, abs=0.06)
    assert fit.push_factor == pytest.approx(5.0, rel=0.4)
    assert fit.q == pytest.approx(0.1, abs=0.04)
    assert fit.pvalue_push < 1e-6 and fit.pvalue_q0 < 1e-6   # both channels present: both detected


def test_q_zero_is_not_rejected_when_the_push_is_all_there_is():
    z = (np.arange(1, 31) >= 10).astype(float)
    counts = dfn.simulate_bass_push(0.05, 1e-9, 0.9, z, 1500, np.random.default_rng(3))
    fit = dfn.fit_bass_push(np.arange(1, 31), counts, 1500, z)
    assert fit.pvalue_q0 > 0.05
    assert fit.w_q0 == pytest.approx(0.9, abs=0.04)
    # while the classic Bass model, blind to the push, reads the jump as imitation
    classic = dfn.fit_bass_ml(np.arange(1, 31), counts, m=1500, profile=False)
    assert classic.q > 0.05


def test_two_segment_bass_recovers_a_planted_mixture():
    rng = np.random.default_rng(4)
    m, T, theta = 4000, 40, 0.3
    t = np.arange(1, T + 1)
    F = dfn.two_segment_cdf(np.r_[0, t], theta, 0.5, 0.002, 0.3)
    cells = np.r_[np.diff(F), 1 - F[-1]]
    counts = rng.multinomial(m, cells)[:-1]
    fit = dfn.fit_bass_two_segment(t, counts, m)
    assert fit.theta == pytest.approx(theta, abs=0.05)
    assert fit.p1 == pytest.approx(0.5, rel=0.3)
    assert fit.q2 == pytest.approx(0.3, rel=0.2)
    assert fit.lr > 20                                  # clearly better than one Bass curve


def test_bias_curve_reads_a_tight_top_down_cluster_as_imitation():
    tab = dfn.bass_bias_curve([0.5, 2.0, 8.0], m=300, periods=30, lead=1.0, reps=60, seed=1)
    qp = tab.set_index("spread")["qp_median"]
    assert qp[0.5] > qp[2.0] > qp[8.0]                  # tighter cluster, more "imitation"
    assert qp[0.5] > 10                                 # although the true q is 0


def test_m_choices_order():
    rng = np.random.default_rng(5)
    counts = dfn.bass_simulate(0.01, 0.3, 300, 15, rng)
    tab = dfn.bass_m_choices(np.arange(1, 16), counts, 300).set_index("choice of m")
    assert tab.loc["eventual adopters", "m"] == counts.sum()
    assert tab.loc["units at risk", "m"] == 300
    assert tab.loc["m estimated", "m"] >= counts.sum()
    # the free-m fit has the highest likelihood of the three (it nests the others)
    assert tab["loglik"].idxmax() == "m estimated" or np.isclose(tab["loglik"].max(), tab.loc["m estimated", "loglik"])


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=25, deadline=None)
@given(p=st.floats(1e-4, 0.5), q=st.floats(0.0, 2.0), w=st.floats(0.0, 1.0),
       z=st.lists(st.floats(0.0, 1.0), min_size=2, max_size=15))
def test_generalized_bass_cdf_is_a_distribution_function(p, q, w, z):
    edges = np.arange(len(z) + 1, dtype=float)
    F = dfn.generalized_bass_cdf(edges, p, q, w, z)
    assert F[0] == 0.0
    assert np.all(np.diff(F) >= -1e-12) and np.all((F >= 0) & (F <= 1))


@settings(max_examples=25, deadline=None)
@given(ev=st.lists(st.one_of(st.none(), st.integers(1, 8)), min_size=1, max_size=30))
def test_risk_set_has_one_row_per_period_at_risk(ev):
    import pandas as pd
    e = np.array([np.nan if v is None else v for v in ev], dtype=float)
    rs = dfn.risk_set(pd.DataFrame({"u": range(len(e)), "ev": e}), unit="u", event="ev", first=1, last=6)
    at_risk = np.where(np.isnan(e) | (e > 6), 6, e)
    assert len(rs) == at_risk.sum()
    assert rs["adopt"].sum() == int((e <= 6).sum())
