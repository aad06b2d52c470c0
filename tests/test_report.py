"""megacity.report: glue without myst-nb, the table for people, the offline interactive table."""
from __future__ import annotations

import re
import sys

import numpy as np
import pandas as pd
import pytest

from megacity import report


@pytest.fixture
def no_myst(monkeypatch):
    monkeypatch.setitem(sys.modules, "myst_nb", None)        # `import myst_nb` raises ImportError


def test_glue_without_myst_nb_keeps_the_value_and_returns_none(no_myst):
    assert report.glue("t_rep_beta", np.float64(1.0975)) is None
    assert report.GLUED["t_rep_beta"] == pytest.approx(1.0975)
    assert type(report.GLUED["t_rep_beta"]) is float           # numpy scalar made plain
    report.glue_many("t_rep_fit", {"n obs": np.int64(369), "r2": 0.9})
    table = report.glued_table("t_rep_")
    assert dict(zip(table["name"], table["value"])) == {"t_rep_beta": pytest.approx(1.0975),
                                                        "t_rep_fit_n_obs": 369, "t_rep_fit_r2": 0.9}
    with pytest.raises(ValueError, match="glue\\(\\): name"):   # ParameterError names the rule
        report.glue("", 1)


def _ledger(n=30):
    long_quote = "the urban share was 10.64% in 1949 " * 12          # 420 characters
    return pd.DataFrame({
        "claim_id": [f"c{i:03d}" for i in range(n)],
        "quote": [long_quote + f"#{i}" for i in range(n)],
        "status": (["confirmed", "confirmed-with-caveat", "contradicted", "unverifiable"] * n)[:n],
        "year": [1949 + i for i in range(n)],
        "our_value": [2003.0] + [0.123456] * (n - 1),
    })


def test_interactive_table_is_offline_whole_and_coloured():
    report._BUNDLE_EMITTED = False
    t = report.interactive_table(_ledger(), "Table: the claims", status_column="status",
                                 columns={"claim_id": "Claim"}, table_id="ledger")
    html = t._repr_html_()
    # nothing loaded from the network: no remote script, style or module import
    assert not re.search(r"""(?:src=|from\s+|import\(|url\()\s*["']?https?://""", html)
    assert "injectModule" in html                                     # the DataTables bundle rides along
    assert 'id="ledger"' in html
    # whole quotes: every character of every cell, no downsampling
    assert html.count("the urban share was 10.64% in 1949 " * 12) >= 30   # data (+ static preview)
    assert "#29" in html
    # the status column comes first and carries its colour
    head = re.search(r"<thead>(.*?)</thead>", html, flags=re.S).group(1)
    assert head.index("Status") < head.index("Claim") < head.index("Quote")
    assert report.STATUS_COLOURS["contradicted"] in html
    assert "status-badge status-confirmed-with-caveat" in html
    assert ">1949<" in html or "1949" in html and "1949.0" not in html
    assert "30 rows" in repr(t)
    assert "e+03" not in html and "0.123456" not in html
    # the library is embedded once per kernel
    again = report.interactive_table(_ledger(3), "Second", table_id="second")._repr_html_()
    assert "injectModule" not in again


def test_interactive_table_escapes_text():
    df = pd.DataFrame({"quote": ["<script>alert(1)</script>"], "status": ["confirmed"]})
    html = report.interactive_table(df, "Escaping", status_column="status", table_id="esc")._repr_html_()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("kwargs, error, match", [
    ({"frame": [1, 2]}, TypeError, "DataFrame"),
    ({"caption": "  "}, ValueError, "caption"),
    ({"status_column": "verdict"}, KeyError, "status_column"),
    ({"page_length": 0}, ValueError, "page_length"),
    ({"table_id": "1 bad id"}, ValueError, "table_id"),
    ({"digits": -1}, ValueError, "digits"),
])
def test_interactive_table_rejects_bad_input(kwargs, error, match):
    args = {"frame": _ledger(2), "caption": "Claims"} | kwargs
    frame, caption = args.pop("frame"), args.pop("caption")
    with pytest.raises(error, match=match):
        report.interactive_table(frame, caption, **args)


def test_table_formats_numbers_years_and_headers():
    df = pd.DataFrame({"year": [2010.0, 2020.0], "pop_total": [3.75817e8, 1.2e9],
                       "gdp_share": [0.12345, 0.5]})
    html = report.table(df, "Population", columns={"pop_total": "Population (people)"}).to_html()
    assert "2010.00" not in html and ">2010<" in html
    assert "3.75817e+08" not in html and "375,817,000" in html
    assert "Population (people)" in html and "GDP share" in html
    assert "<caption>Population</caption>" in html and 'class="megacity-table"' in html


def test_glue_many_leaves_undefined_numbers_unglued(no_myst):
    """A NaN in a results object is not glued (a prose reference then fails the build, loudly)."""
    skipped = report.glue_many("t_rep_nan", {"w": 1.0, "w_low": float("nan"), "q_hi": np.inf})
    assert sorted(skipped) == ["t_rep_nan_q_hi", "t_rep_nan_w_low"]
    assert report.GLUED["t_rep_nan_w"] == 1.0
    assert "t_rep_nan_w_low" not in report.GLUED and "t_rep_nan_q_hi" not in report.GLUED
    with pytest.raises(ValueError, match="nan"):
        report.glue("t_rep_nan_single", float("nan"))      # one number glued by name must exist
