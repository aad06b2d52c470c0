"""The four-level hierarchy model (megacity.hierarchy): invariants, monotone effects, estimators, Sobol, ABC."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from megacity.hierarchy import HierarchyParams, bass_pq_discrete, scenario_table, simulate, simulate_batch
from megacity.hierarchy.calibration import abc_distance, abc_pattern, pattern_checks, region_summary
from megacity.hierarchy.sensitivity import ishigami_analytic, sobol_of_function
from megacity.hierarchy.testbench import fit_stratified, risk_set_of, run_bench, simulate_panels

SMALL = HierarchyParams(n_districts=4, subdistricts_per_district=3, communities_per_subdistrict=8, steps=40,
                        mandate_step=10)


def test_same_seed_same_result_any_chunking():
    a = simulate_batch(SMALL, 12, chunk=4)
    b = simulate_batch(SMALL, 12, chunk=4)
    assert np.array_equal(a.cumulative, b.cumulative)
    c = simulate_batch(SMALL.__class__(**{**SMALL.__dict__, "seed": 1}), 12, chunk=4)
    assert not np.array_equal(a.cumulative, c.cumulative)


def test_workers_do_not_change_results():
    a = simulate_batch(SMALL, 8, chunk=2, workers=1)
    b = simulate_batch(SMALL, 8, chunk=2, workers=2)
    assert np.array_equal(a.cumulative, b.cumulative)


def test_no_adoption_before_ignition_without_imitation():
    r = simulate_batch(SMALL, 200, keep_panel=True, beta=0.0, w_vertical=0.3, theta=2.0, kappa=0.0)
    reach = SMALL.mandate_step + 2 * SMALL.lag
    assert (r.cumulative[:, :reach] == SMALL.n_seed).all()
    reached = np.repeat(r.reach_step, SMALL.communities_per_subdistrict, axis=1)
    nonpilot = r.adopt_step > 0
    # every non-pilot adopter sits in a sub-district the mandate reached, and adopted after it did
    assert (reached[nonpilot] >= 0).all() and (r.adopt_step[nonpilot] >= reached[nonpilot]).all()
    # without a mandate and without imitation nobody but the pilots ever adopts
    r0 = simulate_batch(SMALL, 50, beta=0.0, mandate_step=None)
    assert (r0.cumulative == SMALL.n_seed).all()


def test_with_imitation_adoption_can_start_before_the_mandate():
    # the invariant above is not vacuous: with peers' evidence rewarded, adoption starts early
    r = simulate_batch(SMALL, 200, beta=3.0, w_vertical=0.2, theta=2.0, kappa=0.0)
    reach = SMALL.mandate_step + 2 * SMALL.lag
    assert r.cumulative[:, reach - 1].mean() > SMALL.n_seed + 1


def _mean(res, k):
    v = res.outcomes[k].to_numpy(float)
    return v.mean(), v.std(ddof=1) / np.sqrt(len(v))


def test_participation_falls_with_the_weight_of_the_vertical_assessment():
    means = [_mean(simulate_batch(SMALL, 300, w_vertical=w, theta=1.5), "participation") for w in (0.3, 0.5, 0.7)]
    for (m1, s1), (m2, s2) in zip(means, means[1:]):
        assert m1 - m2 > 3 * np.hypot(s1, s2)


def test_final_adoption_rises_with_compliance_without_imitation():
    means = [_mean(simulate_batch(SMALL, 300, compliance=c, beta=0.0), "final_share") for c in (0.5, 0.75, 1.0)]
    for (m1, s1), (m2, s2) in zip(means, means[1:]):
        assert m2 - m1 > 3 * np.hypot(s1, s2)


def test_early_adoption_rises_with_residents_reward_for_peers():
    means = [_mean(simulate_batch(SMALL, 300, beta=b, w_vertical=0.3, theta=1.5), "share_before")
             for b in (0.5, 1.5, 3.0)]
    for (m1, s1), (m2, s2) in zip(means, means[1:]):
        assert m2 - m1 > 3 * np.hypot(s1, s2)


def test_batched_parameters_act_row_by_row():
    w = np.r_[np.full(100, 0.3), np.full(100, 0.8)]
    r = simulate_batch(SMALL, 200, w_vertical=w, theta=1.5)
    lo, hi = r.outcomes["participation"][:100].mean(), r.outcomes["participation"][100:].mean()
    solo = simulate_batch(SMALL, 100, w_vertical=0.8, theta=1.5).outcomes["participation"].mean()
    assert lo > hi and abs(hi - solo) < 0.05


def test_adoption_accounting():
    r = simulate(SMALL, compliance=1.0, beta=2.0)
    assert (np.diff(r.cumulative) >= 0).all() and r.cumulative[-1] == (r.adopt_step >= 0).sum()
    assert (r.adopt_step == 0).sum() == SMALL.n_seed
    c = r.curve()
    assert (c["pilots"] + c["mandate"] + c["peers"] == r.cumulative).all()


def test_bass_pq_discrete_is_exact_on_an_expected_bass_curve():
    m, p, q, T = 1000.0, 0.01, 0.3, 40
    N, new = 0.0, []
    for _ in range(T):
        n = (p + q * N / m) * (m - N)
        new.append(n)
        N += n
    bp, bq = bass_pq_discrete(np.array([new]), m)
    assert bp[0] == pytest.approx(p, rel=1e-9) and bq[0] == pytest.approx(q, rel=1e-9)


def test_bass_pq_discrete_recovers_p_and_q_from_binomial_curves():
    rng = np.random.default_rng(1)
    m, p, q, T, B = 5000, 0.005, 0.25, 60, 200
    N = np.zeros(B)
    new = np.zeros((B, T))
    for t in range(T):
        new[:, t] = rng.binomial((m - N).astype(int), p + q * N / m)
        N += new[:, t]
    bp, bq = bass_pq_discrete(new, m)
    assert abs(np.mean(bp) - p) < 3 * np.std(bp) / np.sqrt(B) + 1e-4
    assert abs(np.mean(bq) - q) < 3 * np.std(bq) / np.sqrt(B) + 1e-3


def test_sobol_recovers_the_ishigami_indices():
    def ishigami(X, a=7.0, b=0.1):
        return np.sin(X[:, 0]) + a * np.sin(X[:, 1]) ** 2 + b * X[:, 2] ** 4 * np.sin(X[:, 0])

    prob = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}
    est = sobol_of_function(ishigami, prob, N=4096, seed=3)
    truth = ishigami_analytic()
    assert np.allclose(est["S1"], truth["S1"], atol=0.03)
    assert np.allclose(est["ST"], truth["ST"], atol=0.03)
    assert truth.loc["x1", "S1"] == pytest.approx(0.3139, abs=1e-4)   # published value (Saltelli et al. 2008)


def test_pattern_checks_follow_the_criteria():
    o = pd.DataFrame({"share_before": [0.05, 0.3, 0.05], "final_share": [0.9, 0.9, 0.9],
                      "participation": [0.1, 0.1, 0.5], "divergence": [0.5, 0.5, 0.5]})
    c = pattern_checks(o)
    assert c["pattern"].tolist() == [True, False, False]
    assert c["ignition"].tolist() == [True, False, True]


def test_abc_recovers_planted_parameters():
    bounds = {"w_vertical": (0.2, 0.9), "compliance": (0.5, 1.0)}
    truth = HierarchyParams(w_vertical=0.45, compliance=0.75, theta=1.5, seed=11)
    obs = simulate_batch(truth, 1).outcomes.iloc[0].to_dict()
    res = abc_distance(obs, 3000, quantile=0.03, base=truth, bounds=bounds, seed=5)
    post = res.posterior
    for k in bounds:
        lo, hi = post[k].quantile([0.025, 0.975])
        assert lo <= getattr(truth, k) <= hi
        assert abs(post[k].median() - getattr(truth, k)) < 0.1
    reg = region_summary(res)
    ratio = reg.set_index("parameter")["sd_ratio"]
    assert ratio["w_vertical"] < 0.3 and ratio["compliance"] < 0.7   # both narrowed well below the prior


def test_abc_pattern_acceptance_and_region():
    res = abc_pattern(1500, base=SMALL, seed=2)
    rate, se = res.acceptance
    assert 0 < rate < 1 and se > 0
    assert res.outcomes.loc[res.accepted, "participation"].max() < 0.3


def test_stratified_estimator_equals_conditional_logit_with_one_event_per_stratum():
    rng = np.random.default_rng(4)
    rows = []
    for s in range(150):
        x = rng.normal(size=(6, 2))
        w = np.exp(x @ np.array([0.8, -0.5]))
        y = np.zeros(6)
        y[rng.choice(6, p=w / w.sum())] = 1
        rows.append(pd.DataFrame({"x1": x[:, 0], "x2": x[:, 1], "adopt": y, "s": s}))
    d = pd.concat(rows, ignore_index=True)
    a = fit_stratified(d, ["x1", "x2"], "s")
    b = fit_stratified(d, ["x1", "x2"], "s", method="clogit")
    assert np.allclose(a["coef"], b["coef"], atol=1e-5) and np.allclose(a["se"], b["se"], rtol=1e-3)


def test_stratified_hazard_removes_district_frailty_that_biases_the_pooled_one():
    fits = run_bench(4, base=HierarchyParams(steps=60), frailty=0.8, mechanisms=("imitation only",), seed=3)
    peer = fits[fits["term"] == "peer_share"].groupby("estimator")["estimate"].mean()
    assert peer["pooled hazard (cloglog)"] - 2.5 > 0.4                       # pooled: biased up
    assert abs(peer["stratified hazard (district x month)"] - 2.5) < 0.35   # stratified: close


def test_panel_risk_set_covariates():
    pan = simulate_panels("push only", 1, base=SMALL, seed=2)
    rs = risk_set_of(pan, 0)
    assert set(rs["adopt"].unique()) <= {0, 1}
    assert rs.loc[rs["t"] < SMALL.mandate_step + 2 * SMALL.lag, "mandate"].eq(0).all()
    assert rs["peer_share"].between(0, 1).all()


def test_scenario_table_reports_monte_carlo_errors():
    tab = scenario_table({"a": {}, "b": dict(beta=0.0)}, SMALL, replicates=20)
    assert (tab[["se_final_share", "se_participation"]] > 0).all().all()


def test_exercise_lag_shifts_half_adoption_by_the_delay():
    # ex-p22-lag: without peers' reward nothing happens before the mandate, so a lag of 4 instead of
    # 1 month per level (two levels) delays the whole curve by 2 x 3 = 6 months
    base = HierarchyParams(beta=0.0)
    tab = scenario_table({"l1": {}, "l4": dict(lag=4)}, base, replicates=300)
    assert tab.loc["l4", "t50"] - tab.loc["l1", "t50"] == pytest.approx(6.0, abs=0.6)


def test_fast_stratified_estimator_agrees_with_chapter_21_conditional_logit():
    # rare events (few ties per stratum): the Breslow partial likelihood and the exact conditional
    # logit of megacity.diffusion.fit_stratified_hazard must give nearly the same peer effect
    pan = simulate_panels("imitation only", 1, base=HierarchyParams(steps=60), alpha=-6.0, b_peer=2.0, seed=8)
    rs = risk_set_of(pan, 0)
    a = fit_stratified(rs, ["peer_share"], "stratum")
    b = fit_stratified(rs, ["peer_share"], "stratum", method="chapter21")
    assert abs(a.loc["peer_share", "coef"] - b.loc["peer_share", "coef"]) < 0.25 * b.loc["peer_share", "se"]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from megacity.hierarchy.sensitivity import BOUNDS  # noqa: E402


@settings(max_examples=15, deadline=None)
@given(st.fixed_dictionaries({k: st.floats(lo, hi) for k, (lo, hi) in BOUNDS.items()}), st.integers(0, 50))
def test_outcomes_stay_in_their_ranges_anywhere_in_the_box(values, seed):
    r = simulate_batch(HierarchyParams(**{**SMALL.__dict__, "seed": seed}), 3, keep_panel=True, **values)
    o = r.outcomes
    assert (np.diff(r.cumulative, axis=1) >= 0).all() and (r.cumulative <= SMALL.n_communities).all()
    assert o["final_share"].between(0, 1).all() and o["participation"].between(0, 1).all()
    assert o["divergence"].between(-1, 1).all()
    assert (r.adopt_step >= -1).all() and ((r.adopt_step == 0).sum(1) == SMALL.n_seed).all()
