"""Fault cases for the Part II models (megacity.trends, megacity.breaks, megacity.safety_audit).

Each case is bad input that the code once accepted silently (checked by running it against the
code before the fix): a constant series gave a segmented fit with a negative F statistic,
level=1.5 was accepted by the trend fits, and a factor-ten conflict between two sources was
resolved by the "higher confidence first" rule instead of being refused.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from megacity import breaks as B
from megacity import trends as T
from megacity.args import DegenerateFitError, ParameterError

YEARS = np.arange(1998, 2012).astype(float)
DEATHS = 1e5 * np.exp(0.05 * np.minimum(YEARS - 2002, 0) - 0.06 * np.maximum(YEARS - 2002, 0)
                      + 0.01 * np.sin(YEARS))


def test_segmented_fit_refuses_a_constant_series():
    with pytest.raises(DegenerateFitError, match="straight line"):
        T.fit_segmented(YEARS, np.full(YEARS.size, 500.0), n_boot=0)


def test_break_test_refuses_a_constant_series():
    with pytest.raises(DegenerateFitError, match="straight line"):
        B.break_test(YEARS, np.full(YEARS.size, 500.0), n_sim=99)


@pytest.mark.parametrize("fit", [
    lambda lv: T.fit_segmented(YEARS, DEATHS, n_boot=0, level=lv),
    lambda lv: T.fit_count_trend(YEARS, np.round(DEATHS), family="poisson", level=lv),
    lambda lv: T.fit_logit_trend(YEARS, np.linspace(90, 97, YEARS.size), level=lv),
    lambda lv: T.compare_count_trends(YEARS, np.round(DEATHS), YEARS, np.round(DEATHS / 2), level=lv),
    lambda lv: T.binomial_ci(5, 10, level=lv),
    lambda lv: B.break_test(YEARS, DEATHS, n_sim=99, level=lv),
    lambda lv: B.size_table(YEARS, n_mc=20, n_sim=19, level=lv),
])
@pytest.mark.parametrize("level", [1.5, 0.0, float("nan")])
def test_out_of_range_level_is_refused(fit, level):
    with pytest.raises(ParameterError, match="level"):
        fit(level)


def test_pick_series_refuses_a_factor_ten_conflict():
    toy = pd.DataFrame({"indicator": ["loss"] * 3, "geography": ["C"] * 3,
                        "year": [2000, 2000, 2001], "value": [26700.0, 266890.0, 308787.0],
                        "confidence": ["medium", "low", "low"], "derived": [False] * 3,
                        "value_kind": ["rounded", "exact", "exact"], "source": ["a", "b", "c"]})
    with pytest.raises(ParameterError, match="unit or transcription error"):
        T.pick_series(toy, "loss", "C")
    # a difference that is a real disagreement of sources (a quarter) is still chosen by rule
    toy.loc[0, "value"] = 0.75 * 266890.0
    assert T.pick_series(toy, "loss", "C").loc[0, "value"] == 0.75 * 266890.0


@pytest.mark.parametrize("kwargs, message", [
    (dict(n_sim=2.5), "n_sim"),
    (dict(n_sim=5), "n_sim"),
    (dict(min_side=1), "min_side"),
    (dict(transform="sqrt"), "transform"),
])
def test_break_test_bad_arguments(kwargs, message):
    with pytest.raises(ParameterError, match=message):
        B.break_test(YEARS, DEATHS, **kwargs)


def test_break_test_bad_data():
    with pytest.raises(ParameterError, match="value"):
        B.break_test(YEARS, np.r_[DEATHS[:-1], np.nan])
    with pytest.raises(ParameterError, match="lengths differ"):
        B.break_test(YEARS, DEATHS[:-1])
    with pytest.raises(ParameterError, match="> 0"):
        B.break_test(YEARS, -DEATHS)
    with pytest.raises(ParameterError, match="repeated"):
        B.break_test(np.r_[YEARS[:-1], YEARS[0]], DEATHS)
    with pytest.raises(ParameterError, match="years"):
        B.break_test(YEARS[:5], DEATHS[:5])


def test_segmented_bad_counts_and_sizes():
    with pytest.raises(ParameterError, match="n_boot"):
        T.fit_segmented(YEARS, DEATHS, n_boot=-1)
    with pytest.raises(ParameterError, match="min_side"):
        T.fit_segmented(YEARS, DEATHS, min_side=0.5)
    with pytest.raises(ParameterError, match="rho"):
        B.size_table(YEARS, rhos=(1.0,), n_mc=20, n_sim=19)


@pytest.mark.parametrize("call, message", [
    (lambda: T.fit_count_trend(YEARS, np.round(DEATHS), exposure=-np.ones(YEARS.size)), "exposure"),
    (lambda: T.fit_count_trend(YEARS, DEATHS / 7.3), "whole numbers"),
    (lambda: T.fit_logit_trend(YEARS, np.linspace(0.90, 0.97, YEARS.size)), "fraction"),
    (lambda: T.binomial_ci(5, 10, methods=("wald",)), "unknown interval"),
    (lambda: T.long_series(pd.DataFrame({"indicator": ["x"], "geography": ["g"], "year": [2000],
                                         "measure": ["count"]}), "g", min_years=0), "min_years"),
])
def test_trend_inputs_raise_parameter_errors(call, message):
    with pytest.raises(ParameterError, match=message):
        call()
