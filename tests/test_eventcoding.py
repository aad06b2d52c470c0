"""Four-city event coding: kappa against hand computation and statsmodels, the codebook's rules, source types."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from megacity import eventcoding as ec
from megacity.args import ParameterError
from megacity.data import catalogue


# --- kappa --------------------------------------------------------------------------------------

def test_kappa_on_the_textbook_example():
    # 50 items; both say yes 20, A yes / B no 5, A no / B yes 10, both no 15.
    # p_o = 35/50 = 0.7; A says yes 25/50, B says yes 30/50, so
    # p_e = 0.5*0.6 + 0.5*0.4 = 0.5 and kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
    a = ["y"] * 20 + ["y"] * 5 + ["n"] * 10 + ["n"] * 15
    b = ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15
    assert ec.kappa(a, b) == pytest.approx(0.4, abs=1e-12)


def test_kappa_three_categories_by_hand():
    # a: x x x y y z ; b: x x y y z z -> agree on 4 of 6, p_o = 2/3
    # marginals a: x 3/6, y 2/6, z 1/6; b: x 2/6, y 2/6, z 2/6 -> p_e = (6 + 4 + 2)/36 = 1/3
    # kappa = (2/3 - 1/3) / (2/3) = 0.5
    assert ec.kappa(list("xxxyyz"), list("xxyyzz")) == pytest.approx(0.5, abs=1e-12)


def test_perfect_and_chance_agreement():
    assert ec.kappa(list("abcab"), list("abcab")) == pytest.approx(1.0)
    # independent marginals: each cell of the 2x2 table equal -> p_o = p_e -> kappa 0
    assert ec.kappa(list("aabb"), list("abab")) == pytest.approx(0.0)


statsmodels_ir = pytest.importorskip("statsmodels.stats.inter_rater")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(ec.CODES), st.sampled_from(ec.CODES)), min_size=5, max_size=60))
def test_kappa_matches_statsmodels(pairs):
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    t = ec.kappa_table(a, b, ec.CODES)
    n = t.sum()
    pe = (t.sum(axis=1) / n) @ (t.sum(axis=0) / n)
    if np.isclose(pe, 1.0):
        with pytest.raises(ParameterError):
            ec.kappa(a, b)
        return
    ref = statsmodels_ir.cohens_kappa(t, return_results=False)
    assert ec.kappa(a, b) == pytest.approx(float(ref), abs=1e-10)


# --- the codebook applied to our events -----------------------------------------------------------

@pytest.fixture(scope="module")
def coded():
    return ec.coded_timeline()


def test_every_event_gets_one_code_of_the_codebook(coded):
    assert len(coded) == 45 + 29
    assert coded["code"].notna().all() and set(coded["code"].astype(str)) <= set(ec.CODES)
    assert coded["rule"].str.fullmatch(r"R[1-8]").all()


#: the same event recorded in both tables (timeline id, adoption id)
SAME_EVENT = [("T42", "A28"), ("T40", "A25"), ("T08", "A10"), ("T36", "A24"), ("T30", "A16"), ("T14", "A02"),
              ("T15", "A03"), ("T25", "A14"), ("T26", "A15"), ("T41", "A26"), ("T09", "A19"), ("T21", "A11"),
              ("T22", "A13")]


def test_the_same_event_gets_the_same_code_in_both_tables(coded):
    code = coded.set_index("event_id")["code"].astype(str)
    for t, a in SAME_EVENT:
        assert code[t] == code[a], (t, a, code[t], code[a])


def test_the_audited_national_endorsements_are_recognised(coded):
    code = coded.set_index("event_id")["code"].astype(str)
    # the central leaders' instruction (2014), the No. 1 document (2013), the housing ministry's guidance (2019)
    assert {code[e] for e in ("T42", "A28", "T40", "A25", "T08", "A10")} == {"recognised"}


def test_rules_on_known_events(coded):
    c = coded.set_index("event_id")
    assert c.loc["T26", "code"] == "reversal" and c.loc["A15", "code"] == "reversal"
    assert c.loc["T16", "code"] == "spread" and c.loc["T34", "code"] == "spread"        # study visits, benchmarking
    assert c.loc["T18", "code"] == "from_above" and c.loc["T18", "rule"] == "R3"        # a designation
    assert c.loc["T41", "code"] == "from_above"                                         # province-wide targets
    assert c.loc["A01", "code"] == "local"                                              # Yunfu, before Xiamen
    assert c.loc["A04", "code"] == "from_above"                                         # a community of Xiamen
    assert c.loc["A05", "code"] == "spread"                                             # cities elsewhere


def _event(text, level="city", table="governance_timeline", innovation="", year=2015, actor="X"):
    return {"event_id": "E1", "table": table, "date": str(year), "year": year, "actor": f"{actor} [{level}]",
            "actor_level": level, "innovation": innovation, "text": text, "source": "http://x.gov.cn/a"}


@pytest.mark.parametrize("text,level,expected", [
    ("County re-established the street office", "county", "reversal"),
    ("District cadres visit Haicang to learn", "district", "spread"),
    ("Ministry designates ten experimental zones", "central", "from_above"),
    ("Central leaders instruct officials to summarise and spread the Taicang experience", "central", "recognised"),
    ("City media present the programme as a sample for national innovation", "city", "local"),
    ("Citywide roll-out of the service centres", "city", "from_above"),
    ("State Council issues opinions on community governance", "central", "from_above"),
    ("City launches its own programme", "city", "local"),
])
def test_each_rule_on_a_one_line_event(text, level, expected):
    f = pd.DataFrame([_event(text, level)])
    f["actor_rank"] = f["actor_level"].map(ec._rank)
    assert ec.code_events(f)["code"].iloc[0] == expected


def test_adoptions_inside_outside_and_before_the_originator():
    rows = [_event("Haicang (Xiamen) adopts: co-creation", "district", "innovation_adoptions", "co_creation", 2014,
                   "海沧区 Haicang (Xiamen)"),
            _event("Nanjing adopts: co-creation", "prefecture city", "innovation_adoptions", "co_creation", 2016,
                   "南京 Nanjing"),
            _event("Yunfu adopts: co-creation", "prefecture city", "innovation_adoptions", "co_creation", 2010,
                   "云浮 Yunfu"),
            _event("Ministry adopts: co-creation", "central ministry", "innovation_adoptions", "co_creation", 2019,
                   "部 Ministry"),
            _event("Ministry adopts: co-creation again", "central ministry", "innovation_adoptions", "co_creation",
                   2021, "部 Ministry")]
    f = pd.DataFrame(rows)
    f["event_id"] = ["E1", "E2", "E3", "E4", "E5"]
    f["actor_rank"] = f["actor_level"].map(ec._rank)
    got = list(ec.code_events(f)["code"].astype(str))
    assert got == ["from_above", "spread", "local", "recognised", "from_above"]


def test_the_legacy_labels_are_those_the_audit_found_inconsistent(coded):
    t, a = catalogue.load_governance_timeline(), catalogue.load_innovation_adoptions()
    legacy = ec.legacy_kind(coded, t, a).to_numpy()
    lab = dict(zip(coded["event_id"], legacy))
    assert lab["A28"] == "spread" and lab["T42"] == "from_above" and lab["T40"] == "recognised"
    k = ec.kappa(coded["code"].astype(str), legacy)
    assert 0 < k < 1


# --- sources, blind export, reconciliation -------------------------------------------------------

def test_source_types_cover_every_event_and_sum_to_one(coded):
    s = ec.source_type_shares(coded)
    assert s["events"].sum() == len(coded) and s["share"].sum() == pytest.approx(1.0)
    by = ec.code_by_source_type(coded)
    assert by["events"].sum() == len(coded)


def test_unknown_source_domain_fails_loudly():
    with pytest.raises(ParameterError, match="SOURCE_TYPES"):
        ec.source_type("http://unknown.example.org/page")
    assert ec.source_type("http://www.anything.gov.cn/x") == "government"


def test_blind_export_holds_no_codes_and_no_old_labels(coded):
    b = ec.blind_export(coded)
    assert list(b.columns) == ["event_id", "date", "actor", "text", "source"]
    assert not b["text"].str.contains("top-down push|coercive analogue|national endorsement").any()
    assert not b["actor"].str.contains("national endorsement|national promotion").any()


def test_reconcile_and_kappa_against_a_blind_pass(coded):
    blind = coded[["event_id"]].assign(code=coded["code"].astype(str), reason="r")
    flip = blind.index[:3]
    blind.loc[flip, "code"] = ["spread" if c != "spread" else "local" for c in blind.loc[flip, "code"]]
    rec = ec.reconcile(coded, blind)
    assert (~rec["agree"]).sum() == 3
    nums = ec.coding_numbers(coded, blind=blind)
    assert nums["blind_disagreements"] == 3
    assert nums["kappa_blind"] == pytest.approx(ec.kappa(rec["code"], rec["blind_code"]))
    with pytest.raises(ParameterError, match="outside the codebook"):
        ec.reconcile(coded, blind.assign(code="maybe"))
    with pytest.raises(ParameterError, match="codes 10 of"):
        ec.reconcile(coded, blind.iloc[:10])


def test_the_reconciled_blind_pass_matches_the_current_codes_and_notes_every_difference(coded):
    rec = ec.load_reconciliation()
    assert len(rec) == len(coded) and set(rec["blind_code"]) <= set(ec.CODES)
    # the codes in the file are the codebook's codes as the code gives them now (a rule change re-reconciles)
    now = coded.set_index("event_id")["code"].astype(str)
    assert (rec.set_index("event_id")["codebook_code"] == now.reindex(rec["event_id"]).to_numpy()).all()
    # every disagreement has a resolved code and a note; so has every agreement reached by another rule
    bad = rec[~rec["agree"] & ((rec["note"] == "") | ~rec["resolved_code"].isin(ec.CODES))]
    assert bad.empty, bad[["event_id", "codebook_code", "blind_code"]]
    other_rule = rec[rec["agree"] & (rec["codebook_rule"] != rec["blind_rule"])]
    assert (other_rule["note"] != "").all(), other_rule["event_id"].tolist()
    assert ec.blind_kappa() == pytest.approx(ec.kappa(rec["codebook_code"], rec["blind_code"]))
