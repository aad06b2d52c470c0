"""data/urbanization.csv against the NBS National Data file (issue 12 item 5), and the new fits."""
import numpy as np
import pandas as pd
import pytest

from megacity.data import catalogue, external
from megacity.urbanization import (annual_series, compare_with_nbs_file, fit_logistic_ar1, logistic,
                                   profile_ceiling_ar1)


@pytest.fixture(scope="module")
def nbs():
    return external.load_nbs_national_population()


def test_every_disagreement_with_the_nbs_file_is_explained(nbs):
    gaps = compare_with_nbs_file(catalogue.load_urbanization(), nbs)
    unexplained = gaps[gaps["explanation"] == ""]
    assert unexplained.empty, "unexplained disagreements:\n" + unexplained.to_string()
    # the known vintage and census-date disagreements are listed, not hidden
    assert {1991, 1996, 1997, 2000, 2010} <= set(gaps["year"])


def test_a_planted_unit_error_is_caught(nbs):
    urb = catalogue.load_urbanization().copy()
    i = urb.index[(urb["year"] == 2005)][0]
    urb.loc[i, "urban_share_pct"] = 4.299          # a factor of ten
    gaps = compare_with_nbs_file(urb, nbs)
    row = gaps[gaps["year"] == 2005]
    assert len(row) == 1 and row["explanation"].iloc[0] == ""


def test_annual_series_fills_every_year_and_keeps_vintages(nbs):
    a = annual_series(catalogue.load_urbanization(), nbs)
    assert list(a["year"]) == list(range(1949, 2025))
    assert a["share"].notna().all()
    assert (a.loc[a["year"] >= 2020, "vintage"] == "revised after the 2020 census").all()
    # each seed-quoted year is filled from a source, not interpolated
    assert not a.set_index("year").loc[[1949, 1979, 2019], "filled"].any()
    assert a.set_index("year").loc[1979, "share"] == pytest.approx(100 * 18495 / 97542)


def test_ar1_logistic_recovers_parameters():
    rng = np.random.default_rng(0)
    t = np.arange(1978, 2025, dtype=float)
    u = np.zeros(t.size)
    for i in range(1, t.size):
        u[i] = 0.7 * u[i - 1] + rng.normal(0, 0.3)
    y = logistic(t, 80.0, 0.06, 2008.0) + u
    f = fit_logistic_ar1(t, y)
    assert f.params["rho"] == pytest.approx(0.7, abs=0.2)
    assert f.params["r"] == pytest.approx(0.06, abs=0.01)
    assert abs(f.params["t0"] - 2008) < 3
    table, (lo, hi) = profile_ceiling_ar1(t, y, K_grid=np.linspace(60, 100, 41))
    assert lo <= 80 <= hi


def test_hac_standard_errors_match_statsmodels_on_the_linearised_model():
    import statsmodels.api as sm
    from megacity.urbanization import hac_logistic
    rng = np.random.default_rng(3)
    t = np.arange(1978, 2020, dtype=float)
    u = np.zeros(t.size)
    for i in range(1, t.size):
        u[i] = 0.8 * u[i - 1] + rng.normal(0, 0.3)
    y = logistic(t, 100.0, 0.05, 2010.0) + u
    ours = hac_logistic(t, y, K=100.0, lags=3)
    r, t0 = ours["estimate"]
    h = 1e-6
    J = np.column_stack([(logistic(t, 100, r + h, t0) - logistic(t, 100, r - h, t0)) / (2 * h),
                         (logistic(t, 100, r, t0 + h) - logistic(t, 100, r, t0 - h)) / (2 * h)])
    resid = y - logistic(t, 100, r, t0)
    ref = sm.OLS(resid, J).fit(cov_type="HAC", cov_kwds={"maxlags": 3, "use_correction": True})
    assert ours["se_hac"].to_numpy() == pytest.approx(ref.bse, rel=1e-3)
    assert (ours["se_hac"] > ours["se_iid"]).all()
