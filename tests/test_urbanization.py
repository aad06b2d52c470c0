"""The logistic urbanization model and the urbanization claims."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from megacity import claims
from megacity.data.catalogue import load_urbanization
from megacity.urbanization import (
    best_series,
    fit_logistic,
    interpolate_share,
    logistic,
    profile_ceiling,
)

TRUE = dict(K=80.0, r=0.07, t0=2000.0)


def _simulate(sigma=0.4, seed=1, years=np.arange(1960, 2041)):
    rng = np.random.default_rng(seed)
    y = logistic(years, **TRUE) + rng.normal(0, sigma, len(years))
    return years, y


def test_logistic_shape():
    assert logistic(2000, 80, 0.07, 2000) == pytest.approx(40.0)     # half the ceiling at t0
    assert logistic(10_000, 80, 0.07, 2000) == pytest.approx(80.0)   # tends to K
    # the slope at the midpoint is r K / 4
    h = 1e-4
    slope = (logistic(2000 + h, 80, 0.07, 2000) - logistic(2000 - h, 80, 0.07, 2000)) / (2 * h)
    assert slope == pytest.approx(0.07 * 80 / 4, rel=1e-6)


def test_nls_recovers_known_parameters():
    years, y = _simulate()
    fit = fit_logistic(years, y)
    se = np.sqrt(np.diag(fit.cov.to_numpy()))
    # the truth lies within 4 standard errors (fails with probability < 1e-4 under the model)
    for i, name in enumerate(["K", "r", "t0"]):
        assert abs(fit.params[name] - TRUE[name]) < 4 * se[i], name
    # and the standard errors are small enough for that to mean something
    assert se[1] < 0.005 and se[2] < 1.0
    assert fit.rmse == pytest.approx(0.4, rel=0.25)   # noise level recovered
    assert 1.5 < fit.durbin_watson < 2.5               # independent noise: DW near 2


def test_wald_interval_coverage_in_repeated_samples():
    """Across 60 simulated data sets, the 95% interval for r covers the truth about 95% of the
    time; the binomial(60, 0.95) probability of fewer than 51 hits is below 1%."""
    hits = 0
    for seed in range(60):
        years, y = _simulate(seed=100 + seed)
        ci = fit_logistic(years, y).ci_wald.loc["r"]
        hits += ci["low"] <= TRUE["r"] <= ci["high"]
    assert hits >= 51


def test_fixed_ceiling_and_block_bootstrap():
    years, y = _simulate(seed=3)
    fit = fit_logistic(years, y, K=80.0, n_boot=300, seed=5)
    assert fit.params["K"] == 80.0 and fit.K_fixed
    lo, hi = fit.ci_boot.loc["r"]
    assert lo < TRUE["r"] < hi
    assert hi - lo < 0.01
    again = fit_logistic(years, y, K=80.0, n_boot=300, seed=5)
    assert np.array_equal(fit.boot_draws, again.boot_draws)   # seeded: reproducible


@pytest.mark.parametrize("K", [None, 80.0])
def test_batched_bootstrap_solver_matches_scipy_row_by_row(K):
    """The array-at-once solver used for bootstrap resamples gives, for each series, the least
    squares solution that scipy's trust-region solver finds on its own; series whose solution
    would leave the box (here K above 100) come back as NaN for the constrained refit."""
    from scipy.optimize import least_squares

    from megacity.urbanization import _BOUNDS, _nls_batch

    rng = np.random.default_rng(8)
    years = np.arange(1978, 2025, dtype=float)
    Y = np.vstack([logistic(years, k, 0.06, 2008.0) + rng.normal(0, 1.0, years.size)
                   for k in (70.0, 85.0, 99.0, 99.9, 100.0, 110.0) for _ in range(4)])
    Y = np.clip(Y, 1e-3, 100 - 1e-3) if K is None else np.clip(Y, 1e-3, 79.0)
    p0 = np.array([90.0 if K is None else K, 0.05, 2010.0])
    got = _nls_batch(years, Y, p0, K=K)
    lo, hi = _BOUNDS
    for y, row in zip(Y, got):
        if K is None:
            f = lambda th: y - logistic(years, *th)  # noqa: E731
            ref = least_squares(f, p0, xtol=1e-15, ftol=1e-15, gtol=1e-15).x
        else:
            f = lambda th: y - logistic(years, K, *th)  # noqa: E731
            ref = np.r_[K, least_squares(f, p0[1:], xtol=1e-15, ftol=1e-15, gtol=1e-15).x]
        if np.all((ref >= lo) & (ref <= hi)):
            assert row == pytest.approx(ref, rel=1e-6)
        else:
            assert np.isnan(row).all()
    assert np.isfinite(got).all(axis=1).sum() >= 12        # most rows are solved in the batch


def test_profile_ceiling_brackets_the_truth():
    years, y = _simulate(seed=4)
    table, (lo, hi) = profile_ceiling(years, y, K_grid=np.linspace(y.max() + 0.05, 100, 200))
    assert lo < TRUE["K"] < hi
    assert table.loc[table["rss"].idxmin(), "K"] == pytest.approx(TRUE["K"], abs=1.5)


def test_year_reaching_inverts_the_curve():
    years, y = _simulate(seed=6)
    fit = fit_logistic(years, y)
    t = fit.year_reaching(30.0)
    assert fit.predict(t) == pytest.approx(30.0)


@pytest.mark.parametrize("years, shares, phrase", [
    ([2000, 2001, 2002], [30, 31, 32], "at least 4 points"),
    ([2000, 2001, 2002, 2003], [0.3, 0.31, 0.32, 0.33], "look like fractions"),
    ([2000, 2001, 2002, 2003], [30, 31, 132, 33], "strictly between 0 and 100"),
    ([2000, 2001, 2002], [30, 31], "same length"),
    ([2000, 2001, 2002, 2003], [30, np.nan, 32, 33], "finite"),
])
def test_bad_input_is_refused(years, shares, phrase):
    with pytest.raises(ValueError, match=phrase):
        fit_logistic(years, shares)


def test_fixed_ceiling_below_data_is_refused():
    years, y = _simulate()
    with pytest.raises(ValueError, match="above the largest share"):
        fit_logistic(years, y, K=50.0)


# --- the real series -------------------------------------------------------------------------

def test_best_series_prefers_official_release():
    df = load_urbanization()
    s = best_series(df).set_index("year")
    assert s.index.is_unique
    # 1978 has an NBS release (17.92), the 1998 yearbook (17.9) and the transcription (17.92)
    assert s.loc[1978, "series"] == "nbs_release"
    # 1980 has no release: the yearbook reproduction wins over the transcription
    assert s.loc[1980, "series"] == "csy1998"
    assert s.loc[1980, "urban_share_pct"] == 19.4


def test_best_series_rejects_missing_columns():
    with pytest.raises(ValueError, match="missing"):
        best_series(pd.DataFrame({"year": [2000], "urban_share_pct": [30.0]}))


def test_interpolation_for_1979():
    value, lo, hi = interpolate_share(load_urbanization(), 1979)
    assert (lo, hi) == (17.92, 19.4)
    assert value == pytest.approx((17.92 + 19.4) / 2)


def test_urbanization_claims_verdicts():
    """Expected verdicts follow from the fact sheet, not from our code: 1949 = 10.64% is in the NBS
    report (tier A); for 1979 the NBS National Data file gives urban 18495 and total 97542 (10^4),
    i.e. 18.96%, not 19.96%; 60.6% for 2019 is the original release, which the NBS later revised;
    the original series first exceeds 60% in 2019 (59.58% in 2018)."""
    ledger = claims.evaluate().set_index("claim_id")
    assert ledger.loc["urban-01", "status"] == "confirmed"
    assert ledger.loc["urban-02", "status"] == "contradicted"
    assert ledger.loc["urban-02", "our_value"] == 18.96
    assert "typing slip" in ledger.loc["urban-02", "note"]
    assert ledger.loc["urban-03", "status"] == "confirmed-with-caveat"
    assert ledger.loc["urban-04", "status"] == "confirmed-with-caveat"
    assert ledger.loc["urban-04", "our_value"] == 2019
