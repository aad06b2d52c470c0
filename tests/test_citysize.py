"""Tests for megacity.citysize: Pareto-tail estimators and Gibrat's law.

Simulated data have a known exponent.  Tolerances come from the estimators' sampling theory,
stated next to each assertion, so that a biased estimator fails.
"""
import numpy as np
import pytest

from megacity.citysize import gibrat_test, pareto_mle, tail_sizes, zeta_by_cutoff, zipf_rank_regression


def pareto_sample(rng, zeta, n, x_min=1e5):
    # inverse-CDF draw: P(S > s) = (s / x_min)^-zeta
    return x_min * rng.uniform(size=n) ** (-1.0 / zeta)


@pytest.mark.parametrize("zeta", [0.8, 1.0, 1.3])
def test_pareto_mle_is_unbiased_on_average(zeta):
    rng = np.random.default_rng(11)
    est = [pareto_mle(pareto_sample(rng, zeta, 150), x_min=1e5).zeta for _ in range(300)]
    # each estimate has sd ~ zeta/sqrt(150); the mean of 300 has sd ~ zeta/sqrt(45000) < 0.007,
    # so 0.025 is more than 3.5 sd: the plain n/S MLE (bias zeta/149) would still pass, but any
    # error in the log or the cut-off handling would not.
    assert abs(np.mean(est) - zeta) < 0.025


def test_pareto_mle_exact_interval_covers():
    rng = np.random.default_rng(12)
    cover = np.mean([(lambda f: f.ci_low <= 1.1 <= f.ci_high)(pareto_mle(pareto_sample(rng, 1.1, 80), x_min=1e5))
                     for _ in range(400)])
    # the chi-square interval is exact; with 400 replications the coverage has sd 0.011
    assert 0.92 <= cover <= 0.98


def test_rank_half_regression_recovers_zeta():
    rng = np.random.default_rng(13)
    est = np.array([zipf_rank_regression(pareto_sample(rng, 1.0, 100), top=100).zeta for _ in range(300)])
    # Gabaix & Ibragimov: with the 1/2 shift the bias is second order; sd per fit ~ sqrt(2/100)
    # = 0.14, so the mean of 300 has sd ~ 0.008; 0.04 allows the small remaining bias.
    assert abs(est.mean() - 1.0) < 0.04
    # the stated standard error zeta*sqrt(2/n) should match the spread across replications
    assert 0.7 < est.std() / np.sqrt(2 / 100) < 1.3


def test_rank_regression_without_shift_would_be_biased():
    # the independent reason for the 1/2: plain log(rank) regression is biased downward in
    # small samples (Gabaix & Ibragimov 2011); our estimator must be closer to the truth
    rng = np.random.default_rng(14)
    plain, shifted = [], []
    for _ in range(300):
        s = np.sort(pareto_sample(rng, 1.0, 30))[::-1]
        r = np.arange(1, 31)
        plain.append(-np.polyfit(np.log(s), np.log(r), 1)[0])
        shifted.append(zipf_rank_regression(s, top=30).zeta)
    assert abs(np.mean(shifted) - 1) < abs(np.mean(plain) - 1)


def test_top_and_xmin_select_the_tail():
    s = np.array([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], float)
    assert tail_sizes(s, top=6).tolist() == [10, 9, 8, 7, 6, 5]
    assert tail_sizes(s, x_min=5).tolist() == [10, 9, 8, 7, 6, 5]
    t = zeta_by_cutoff(np.arange(1, 50, dtype=float), [10, 20])
    assert set(t["top"]) == {10, 20} and len(t) == 4


def test_bad_sizes_give_clear_errors():
    with pytest.raises(ValueError, match="must be positive"):
        pareto_mle([1.0, 2.0, -3.0, 4, 5, 6], top=5)
    with pytest.raises(ValueError, match="exactly one of x_min"):
        tail_sizes([1.0, 2.0], x_min=1, top=1)
    with pytest.raises(ValueError, match="need at least 5"):
        zipf_rank_regression([1.0, 2, 3, 4, 5, 6], x_min=4)


def test_gibrat_recovers_a_known_size_effect():
    rng = np.random.default_rng(15)
    n = 360
    s0 = np.exp(rng.normal(15, 0.8, n))
    g = 0.01 - 0.004 * (np.log(s0) - 15) + rng.normal(0, 0.005, n)   # growth falls with size
    res = gibrat_test(s0, s0 * np.exp(10 * g), years=10)
    # OLS slope sd = 0.005 / (0.8 sqrt(360)) = 0.00033; 0.0012 is ~3.6 sd
    assert abs(res.slope - (-0.004)) < 0.0012
    assert res.ci_low < -0.004 < res.ci_high and res.ci_high < 0


def test_gibrat_null_holds_when_growth_is_size_free():
    rng = np.random.default_rng(16)
    s0 = np.exp(rng.normal(15, 0.8, 360))
    covered = 0
    for _ in range(200):
        g = 0.01 + rng.normal(0, 0.005, 360)
        r = gibrat_test(s0, s0 * np.exp(10 * g), years=10)
        covered += r.ci_low <= 0 <= r.ci_high
    assert 0.90 <= covered / 200 <= 0.99   # HC3 Wald, sd of the rate 0.015


def test_gibrat_rejects_missing_sizes():
    with pytest.raises(ValueError, match="drop them explicitly"):
        gibrat_test([1.0, np.nan, 3.0], [1.0, 2.0, 3.0], years=10)
    with pytest.raises(ValueError, match="differ in length"):
        gibrat_test([1.0, 2.0], [1.0, 2.0, 3.0], years=10)


def test_megacity_counts_by_definition_and_band():
    import pandas as pd
    from megacity.citysize import megacity_counts

    census = pd.DataFrame({
        "city": ["A", "B", "C", "D", "香港特别行政区"],
        "popu_2010": [12e6, 9e6, 4e6, np.nan, 7e6], "popu_2020": [15e6, 10e6, 5e6, 1e6, 7.5e6],
        "popu_urban_2010": [8e6, 5e6, 1e6, np.nan, np.nan], "popu_urban_2020": [11e6, 6e6, 2e6, 0.5e6, np.nan]})
    official = pd.DataFrame({"list": ["x", "x", "x"], "year": [2020] * 3, "city": ["A", "B", "C"],
                             "size_class": ["super-large", "extra-large", "extra-large"], "order": [1, 2, 3]})
    t = megacity_counts(census, official).set_index(["definition", "year", "band"])
    # bands are [10m, inf) and [5m, 10m): B's 10,000,000 in 2020 counts as ten million or more
    assert t.loc[("whole prefecture", 2020, "10 million or more"), "count"] == 2
    assert t.loc[("whole prefecture", 2020, "5-10 million"), "count"] == 1        # C (Hong Kong left out)
    assert t.loc[("whole prefecture", 2010, "10 million or more"), "count"] == 1
    assert t.loc[("whole prefecture", 2010, "10 million or more"), "units_missing"] == 1
    assert t.loc[("census urban population", 2020, "5-10 million"), "count"] == 1
    assert t.loc[("official urban core (x)", 2020, "5-10 million"), "cities"] == "B、C"
