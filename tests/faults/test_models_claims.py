"""Bad input to the ledger's public helpers fails loudly, naming the parameter."""
from __future__ import annotations

import pandas as pd
import pytest

from megacity import claims
from megacity.args import ParameterError
from megacity.claims_coverage import claim_coverage
from megacity.precision import judge, tolerance


def test_tolerance_refuses_an_unknown_hedge_and_a_fractional_precision():
    with pytest.raises(ParameterError, match="tolerance\\(\\): hedge"):
        tolerance("10", "", "approximately")
    with pytest.raises(ParameterError, match="places"):
        tolerance("10", "", "", places=1.5)


def test_judge_refuses_a_missing_value():
    with pytest.raises(ParameterError, match="ours"):
        judge(None, "10")


def test_claim_coverage_needs_the_ledger_columns():
    with pytest.raises(ParameterError, match="claims.*claim_id"):
        claim_coverage(pd.DataFrame({"quote": ["x"]}), {"009_toy.txt": ["A line."]})


def test_ledger_table_needs_a_frame_and_a_caption():
    with pytest.raises(TypeError, match="DataFrame"):
        claims.ledger_table([1, 2], "caption")
    with pytest.raises(ValueError, match="caption"):
        claims.ledger_table(pd.DataFrame({"a": [1]}), " ")


def test_read_blind_refuses_missing_columns_and_unknown_statuses(tmp_path):
    p = tmp_path / "blind.csv"
    p.write_text("claim_id,blind_status\nurban-01,confirmed\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing column"):
        claims.read_blind(p)
    p.write_text("claim_id,blind_status,blind_evidence,blind_value,blind_reason\n"
                 "urban-01,probably true,none,,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="blind_status outside"):
        claims.read_blind(p)
