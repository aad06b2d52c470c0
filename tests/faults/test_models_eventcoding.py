"""Bad input to the event coding fails loudly and names the parameter."""
import pandas as pd
import pytest

from megacity import eventcoding as ec
from megacity.args import ParameterError


def test_kappa_lengths_differ():
    with pytest.raises(ParameterError, match="same length"):
        ec.kappa(["a", "b"], ["a"])


def test_kappa_empty():
    with pytest.raises(ParameterError, match="empty"):
        ec.kappa([], [])


def test_kappa_missing_codes():
    with pytest.raises(ParameterError, match="missing"):
        ec.kappa(["a", None], ["a", "b"])


def test_kappa_undefined_for_one_identical_code():
    with pytest.raises(ParameterError, match="undefined"):
        ec.kappa(["a", "a", "a"], ["a", "a", "a"])


def test_code_events_needs_event_table_columns():
    with pytest.raises(ParameterError, match="event_table"):
        ec.code_events(pd.DataFrame({"event_id": ["x"]}))


def test_event_table_needs_both_tables_columns():
    with pytest.raises(ParameterError, match="timeline lacks"):
        ec.event_table(pd.DataFrame({"x": [1]}), pd.DataFrame({"y": [1]}))


def test_source_type_shares_of_nothing():
    with pytest.raises(ParameterError, match="no events"):
        ec.source_type_shares(pd.DataFrame({"source": []}))
