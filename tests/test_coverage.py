"""Coverage by claims (issue #12, deliverable 4).

The unit of coverage is the claim sentence: a sentence of a seed that asserts a quantity, a date,
an order or a direction of change ("doubled", "increased rapidly", "the first time", "several",
document numbers).  Each one is covered by a ledger row, excluded by a named rule with its reason,
or uncovered.  These tests plant sentences whose fate is known by reading them, and show that a
planted claim that no row quotes and no rule excludes is reported as uncovered.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from megacity.claims_coverage import (SENTENCE_EXCLUSIONS, claim_coverage, claim_sentences,
                                      read_seeds, split_sentences)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
needs_seeds = pytest.mark.skipif(not (SEEDS.is_dir() or os.environ.get("MEGACITY_SEEDS_DIR")),
                                 reason="the seed documents are not present")

TOY = {"009_toy.txt": [
    "Accidents doubled after the reform. Fires increased rapidly in the 1990s.",   # two claims
    "First, we argue that governance matters.",                                    # discourse
    "The city must reduce conflicts.",                                             # prescription
    "How can conflicts be reduced?",                                               # question
    "Several districts joined in May 2004; Zhejiang ranked No. 2 in the country.",  # one claim
    "Governance is a matter of values.",                                           # no trigger
]}


def _rows(*quotes):
    return pd.DataFrame([{"claim_id": f"t-{i:02d}", "seed": "009_toy.txt", "location": loc,
                          "quote": q} for i, (loc, q) in enumerate(quotes, 1)],
                        columns=["claim_id", "seed", "location", "quote"])


def test_sentences_split_at_full_stops_but_not_at_abbreviations():
    text = "It ranked No. 2 in 2017. Z.F. [2011] No. 11 says so, e.g. in art. 3. Next one."
    assert [s for _, s in split_sentences(text)] == [
        "It ranked No. 2 in 2017.", "Z.F. [2011] No. 11 says so, e.g. in art. 3.", "Next one."]


def test_claim_sentences_find_words_that_carry_no_digit():
    s = claim_sentences(TOY).set_index(["line", "sentence_no"])
    assert s.loc[(1, 1), "fate"] == "claim" and "change" in s.loc[(1, 1), "kinds"]
    assert s.loc[(1, 2), "fate"] == "claim"            # "increased rapidly" and a decade
    assert s.loc[(2, 1), "by"] == "discourse-ordinal"
    assert s.loc[(3, 1), "by"] == "prescription"
    assert s.loc[(4, 1), "by"] == "question"
    kinds = s.loc[(5, 1), "kinds"]
    assert {"several", "date", "order"} <= set(kinds.split(", "))
    assert 6 not in s.index.get_level_values("line")   # a sentence with no trigger is no claim


def test_a_planted_claim_sentence_that_no_row_quotes_is_uncovered():
    res = claim_coverage(_rows(("L1", "Accidents doubled after the reform")), TOY)
    unc = res.uncovered
    assert list(zip(unc["line"], unc["sentence_no"])) == [(1, 2), (5, 1)]
    s = res.summary()
    assert (s.loc["all", "covered"], s.loc["all", "uncovered"], s.loc["all", "excluded"]) == (1, 2, 3)
    assert s.loc["all", "covered_pct"] == pytest.approx(100 / 3, abs=0.05)
    # quoting the planted sentence covers it; a quote on the wrong line does not
    assert claim_coverage(_rows(("L1", "Accidents doubled"), ("L1", "Fires increased rapidly"),
                                ("L5", "Zhejiang ranked No. 2")), TOY).uncovered.empty
    assert len(claim_coverage(_rows(("L2", "Fires increased rapidly")), TOY).uncovered) == 3


@needs_seeds
def test_a_claim_planted_in_a_real_seed_is_reported(tmp_path):
    """Copy the seeds, plant one claim sentence, and the check lists it as uncovered."""
    from megacity.data.catalogue import load_claims
    for p in (SEEDS if SEEDS.is_dir() else Path(os.environ["MEGACITY_SEEDS_DIR"])).glob("0*.txt"):
        shutil.copy(p, tmp_path / p.name)
    target = tmp_path / "004_3bcf6fd1773e6259.txt"
    lines = target.read_text(encoding="utf-8").splitlines()
    lines[18] += " The number of mediators doubled between 2004 and 2010."   # line 19
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ledger = load_claims()
    before = claim_coverage(ledger)
    after = claim_coverage(ledger, read_seeds(tmp_path))
    new = after.uncovered.merge(before.uncovered, how="left", indicator=True,
                                on=["seed", "line", "sentence"]).query("_merge == 'left_only'")
    assert new["sentence"].tolist() == ["The number of mediators doubled between 2004 and 2010."]
    assert after.covered_pct < before.covered_pct


@needs_seeds
def test_every_sentence_rule_is_used_and_every_exclusion_has_a_reason():
    from megacity.data.catalogue import load_claims
    res = claim_coverage(load_claims())
    used = set(res.exclusions_by_rule()["rule"])
    assert {e.rule for e in SENTENCE_EXCLUSIONS} <= used
    assert res.exclusions_by_rule()["reason"].notna().all()


@needs_seeds
def test_no_exclusion_hides_a_percentage_or_a_count_in_millions():
    s = claim_sentences()
    ex = s[(s["fate"] == "excluded") & (s["by"] != "furniture")]
    hidden = ex[ex["sentence"].str.contains(r"\d%|\d\s+million", regex=True)]
    assert hidden.empty, hidden[["seed", "location", "sentence"]].to_string()
