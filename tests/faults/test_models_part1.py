"""Bad input to the Part I models fails loudly, naming the parameter."""
import numpy as np
import pandas as pd
import pytest

from megacity.args import ParameterError
from megacity.citysize import compare_tails, csn_xmin, gibrat_fe, reconcile_census_2000
from megacity.scaling import absolute_fit
from megacity.scaling_dependence import (cluster_ols, dependence_table, morans_i, scaling_over_time,
                                         superlinearity_verdict, west_table, wild_cluster_bootstrap)
from megacity.urbanization import (annual_series, compare_with_nbs_file, fit_logistic_ar1,
                                   profile_ceiling_ar1)

rng = np.random.default_rng(0)
N = np.exp(rng.normal(13, 1, 40))
Y = N ** 1.1


def test_dependence_table_rejects_missing_columns_and_bad_level():
    df = pd.DataFrame({"city_code": range(40), "province": np.repeat(list("abcd"), 10), "N": N, "Y": Y})
    with pytest.raises(ParameterError, match="df"):
        dependence_table(df.drop(columns="province"), {"Y": "y"}, {"N": "n"}, lambda ids: None)
    with pytest.raises(ParameterError, match="level"):
        dependence_table(df, {"Y": "y"}, {"N": "n"}, lambda ids: None, level=95)


def test_dependence_table_rejects_nonpositive_and_one_province():
    df = pd.DataFrame({"city_code": range(40), "province": "a", "N": N, "Y": Y})
    with pytest.raises(ParameterError, match="provinces"):
        dependence_table(df, {"Y": "y"}, {"N": "n"}, lambda ids: None)
    df = df.assign(province=np.repeat(list("abcd"), 10), Y=np.r_[-1.0, Y[1:]])
    with pytest.raises(ParameterError, match="Y"):
        dependence_table(df, {"Y": "y"}, {"N": "n"}, lambda ids: None)


def test_wild_bootstrap_and_cluster_checks():
    g = np.repeat(np.arange(4), 10)
    with pytest.raises(ParameterError, match="n_boot"):
        wild_cluster_bootstrap(np.log(N), np.log(Y), g, n_boot=10)
    with pytest.raises(ParameterError, match="level"):
        cluster_ols(np.log(N), np.log(Y), g, level=1.5)


def test_morans_i_checks_size():
    import libpysal
    w = libpysal.weights.lat2W(3, 3)
    with pytest.raises(ParameterError, match="values"):
        morans_i(np.ones(4), w)


def test_verdict_and_west_table_need_their_columns():
    with pytest.raises(ParameterError, match="table"):
        superlinearity_verdict(pd.DataFrame({"indicator": ["a"]}))
    with pytest.raises(ParameterError, match="exponents"):
        west_table(pd.DataFrame({"beta": [1.2]}))


def test_scaling_over_time_needs_two_years():
    with pytest.raises(ParameterError, match="two years"):
        scaling_over_time({2000: pd.DataFrame({"N": N, "Y": Y, "province": "a"})})


def test_absolute_fit_checks_n_boot():
    with pytest.raises(ParameterError, match="n_boot"):
        absolute_fit(N, Y, n_boot=5)


def test_tail_and_gibrat_inputs():
    with pytest.raises(ParameterError, match="min_tail"):
        csn_xmin(N, min_tail=2)
    with pytest.raises(ValueError, match="x_min"):
        compare_tails(N, x_min=-1.0)
    with pytest.raises(ParameterError, match="size0"):
        gibrat_fe(np.r_[0.0, N[1:]], N, 10, np.repeat(list("abcd"), 10))
    with pytest.raises(ParameterError, match="years"):
        gibrat_fe(N, N, 0, np.repeat(list("abcd"), 10))
    with pytest.raises(ParameterError, match="provinces"):
        gibrat_fe(N, N * 1.1, 10, np.repeat(list("ab"), 20))
    with pytest.raises(ParameterError, match="cityinfo"):
        reconcile_census_2000(pd.DataFrame({"x": [1]}), pd.DataFrame({"city_code": ["110100"]}))


def test_urbanization_inputs():
    t = np.arange(1978, 2000, dtype=float)
    with pytest.raises(ParameterError, match="consecutive"):
        fit_logistic_ar1(np.r_[t[:-1], 2005.0], 20 + t - 1978)
    with pytest.raises(ParameterError, match="shares"):
        fit_logistic_ar1(t, np.r_[np.nan, 20 + t[1:] - 1978])
    with pytest.raises(ParameterError, match="level"):
        profile_ceiling_ar1(t, 20 + t - 1978, level=0)
    with pytest.raises(ParameterError, match="urb"):
        annual_series(pd.DataFrame({"year": [2000]}))
    with pytest.raises(ParameterError, match="nbs"):
        compare_with_nbs_file(pd.DataFrame({"year": [2000], "urban_share_pct": [36.2], "series": ["x"],
                                            "vintage": ["y"]}), pd.DataFrame({"year": [2000]}))
