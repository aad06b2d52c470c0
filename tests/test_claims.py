"""Tests of the claims ledger: the rows, their checks, the stored verdicts and the coverage of
every number in the five seed documents."""
from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
_MIRROR = ROOT.parent / "shared" / "external-data"
if _MIRROR.is_dir():  # the Makefile does the same; one check (s002-13) reads an external file
    os.environ.setdefault("MEGACITY_DATA_MIRROR", str(_MIRROR))

from megacity import claims  # noqa: E402
from megacity.checks import CHECKS, STATUSES, CheckResult  # noqa: E402
from megacity.checks.seeds import compare, safe_eval  # noqa: E402
from megacity.claims_coverage import (EXCLUSIONS, coverage, normalize, parse_location,  # noqa: E402
                                      quote_in_seed, read_seeds, tokenize)
from megacity.data.catalogue import load_claims, read_raw  # noqa: E402

SEEDS_AVAILABLE = (ROOT.parent / "shared" / "seeds").is_dir() or bool(
    os.environ.get("MEGACITY_SEEDS_DIR"))
needs_seeds = pytest.mark.skipif(not SEEDS_AVAILABLE, reason="the seed documents are not present")


@pytest.fixture(scope="module")
def ledger() -> pd.DataFrame:
    return load_claims()


@pytest.fixture(scope="module")
def evaluated(ledger) -> pd.DataFrame:
    return claims.evaluate(ledger)


@pytest.fixture(scope="module")
def seeds() -> dict[str, list[str]]:
    return read_seeds()


# --- the ledger's rows ------------------------------------------------------------------------

def test_every_row_names_a_registered_check(ledger):
    unknown = ledger.loc[~ledger["check"].isin(list(CHECKS)), ["claim_id", "check"]]
    assert unknown.empty, f"rows naming unregistered checks:\n{unknown.to_string(index=False)}"


def test_params_are_json_objects(ledger):
    bad = []
    for cid, p in zip(ledger["claim_id"], ledger["params"]):
        if pd.isna(p) or p == "":
            continue
        try:
            if not isinstance(json.loads(p), dict):
                bad.append(f"{cid}: not a JSON object")
        except json.JSONDecodeError as exc:
            bad.append(f"{cid}: {exc}")
    assert not bad, "\n".join(bad)


def test_claim_ids_are_unique_and_prefixed(ledger):
    assert ledger["claim_id"].is_unique
    assert ledger["claim_id"].str.fullmatch(r"[a-z0-9]+-\d+[a-z]?").all()


def test_parts_of_compound_claims_name_their_part_and_come_in_sets(ledger):
    """Ids ending in a letter are parts of one compound claim: each names its part, and every
    compound claim has at least two parts, starting with 'a'."""
    split = ledger[ledger["claim_id"].str.contains(r"\d[a-z]$")]
    assert (split["part"].fillna("").str.strip() != "").all()
    stems = split["claim_id"].str[:-1]
    for stem, ids in split.groupby(stems)["claim_id"]:
        letters = sorted(i[-1] for i in ids)
        assert len(letters) >= 2 and letters[0] == "a", (stem, letters)
    assert (ledger.loc[~ledger.index.isin(split.index), "part"].fillna("") == "").all()


def test_quotes_are_short(ledger):
    words = ledger["quote"].str.replace("...", " ", regex=False).str.split().str.len()
    long = ledger.loc[words > 25, "claim_id"].tolist()
    assert not long, f"quotes longer than 25 words: {long}"


@needs_seeds
def test_quotes_stand_at_their_stated_line(ledger, seeds):
    missing = [f"{r.claim_id} ({r.seed} {r.location}): {r.quote!r}"
               for r in ledger.itertuples() if not quote_in_seed(r.quote, seeds[r.seed], r.location)]
    assert not missing, "quotes not found at their stated line:\n" + "\n".join(missing)


def test_stored_verdicts_equal_computed_ones(evaluated):
    stale = claims.stale_rows(evaluated)
    assert stale.empty, ("stored outputs differ from computed ones (run `make ledger` and review "
                         f"the diff):\n{stale.to_string(index=False)}")


def test_every_status_is_in_the_vocabulary_and_every_verdict_explained(evaluated):
    assert set(evaluated["status"].astype(str)) <= set(STATUSES)
    no_note = evaluated.loc[evaluated["note"].fillna("").str.strip() == "", "claim_id"].tolist()
    assert not no_note, f"verdicts without a note: {no_note}"


def test_unverifiable_rows_say_what_would_settle_them(evaluated):
    mine = evaluated[evaluated["claim_id"].str.match(r"s00\d-")
                     & (evaluated["status"].astype(str) == "unverifiable")]
    lacking = mine.loc[~mine["note"].str.contains("settle|sources differ", case=False), "claim_id"]
    assert lacking.empty, f"unverifiable rows without a way to settle them: {lacking.tolist()}"


def test_a_changed_evidence_makes_the_ledger_stale(evaluated):
    tampered = evaluated.copy()
    tampered["evidence"] = tampered["evidence"].astype(str)
    i = tampered.index[tampered["evidence"] == "official self-report"][0]
    tampered.at[i, "evidence"] = "independent source"
    stale = claims.stale_rows(tampered)
    assert list(stale["column"]) == ["evidence"]


def test_a_changed_status_makes_the_ledger_stale(evaluated):
    """The stale-row test can fail: flip one computed status and it is reported."""
    tampered = evaluated.copy()
    i = tampered.index[0]
    old = str(tampered.at[i, "status"])
    tampered["status"] = tampered["status"].astype(str)
    tampered.at[i, "status"] = next(s for s in STATUSES if s != old)
    stale = claims.stale_rows(tampered)
    assert list(stale["claim_id"]) == [tampered.at[i, "claim_id"]]
    assert list(stale["column"]) == ["status"]


# --- coverage: every number of the seeds is in the ledger or explicitly excluded ---------------

@needs_seeds
def test_every_number_in_the_seeds_is_covered(ledger, seeds):
    res = coverage(ledger, seeds)
    assert not res.problems, res.problems
    gaps = res.uncovered
    assert gaps.empty, (
        f"{len(gaps)} numeric token(s) of the seeds are in no ledger quote and no exclusion "
        "(add a row quoting them, or an exclusion with its reason, in megacity.claims_coverage):\n"
        + gaps[["seed", "location", "token", "by", "context"]].to_string(index=False))


@needs_seeds
def test_exclusions_never_hide_percentages_or_counts_in_millions(seeds):
    """Guard against an over-broad exclusion rule: figures with % or a scale word are claims."""
    from megacity.claims_coverage import _exclusion_for
    hidden = []
    for seed, lines in seeds.items():
        for i, text in enumerate(lines, 1):
            for tok in tokenize(text, seed, i):
                if ("%" in tok.text or "million" in tok.text.lower()) and _exclusion_for(tok, text):
                    hidden.append((seed, i, tok.text))
    assert not hidden


@needs_seeds
def test_every_exclusion_rule_is_used(seeds):
    """A rule that matches nothing is dead text in the list; keep the list honest."""
    empty = pd.DataFrame(columns=["claim_id", "seed", "location", "quote"])
    used = set(coverage(empty, seeds).tokens.query("status == 'excluded'")["by"])
    assert {e.rule for e in EXCLUSIONS} == used


# --- the tokeniser and the matching, on text whose answer is known by reading it --------------

def test_tokenize_finds_digits_words_scales_and_percentages():
    text = ("In 2003 it reached USD 2,400; 1,008, or 3.16%, were delayed; 150 million people "
            "took part over four decades, with more than a dozen cities of about 10 million.")
    assert [t.text for t in tokenize(text)] == [
        "2003", "2,400", "1,008", "3.16%", "150 million", "four decades", "dozen", "10 million"]
    assert [t.kind for t in tokenize("one quarter of 77 days")] == ["word", "digit"]


def test_tokenize_keeps_ordinals_decades_and_clock_times_whole():
    toks = [t.text for t in tokenize("At 2:00 AM the 18th Congress met; in the 1990's and 1990s, "
                                     "Twenty-Eight Areas, 15-minute circles.")]
    assert toks == ["2:00", "18th", "1990's", "1990s", "Twenty-Eight", "15"]


def test_normalize_unifies_quotes_dashes_and_space():
    assert normalize("the “rule  of law”\u2014Zhejiang’s") == "the \"rule of law\"-zhejiang's"


def test_quote_in_seed_checks_the_line_and_allows_ellipsis():
    lines = ["Intro line.", "It rose to 60.6% in 2019, and exceeded 60% for the first time."]
    assert quote_in_seed("rose to 60.6% in 2019", lines, "L2")
    assert quote_in_seed("rose to 60.6% ... for the first time", lines, "L2")
    assert not quote_in_seed("rose to 60.6% in 2019", lines, "L1")      # wrong line
    assert not quote_in_seed("for the first time ... rose to", lines, "L2")  # wrong order
    assert not quote_in_seed("rose to 60.6%", lines, "L9")               # beyond the file


def test_bad_locations_are_rejected_with_the_format():
    assert parse_location("L27-L28") == (27, 28) and parse_location("L5") == (5, 5)
    with pytest.raises(ValueError, match="line reference like 'L28'"):
        parse_location("para 3")
    with pytest.raises(ValueError, match="runs backwards"):
        parse_location("L9-L3")


def test_coverage_counts_repeated_numbers_and_applies_exclusions():
    seeds = {"009_toy.txt": [
        "1.1 Heading",                                             # section number: excluded
        "Nine times larger, not nine times higher (Li 2005).",     # citation year excluded
        "On the one hand, 26.3% fell.",                            # idiom 'one' excluded
    ]}
    rows = pd.DataFrame([
        {"claim_id": "t-01", "seed": "009_toy.txt", "location": "L2", "quote": "Nine times larger"},
        {"claim_id": "t-02", "seed": "009_toy.txt", "location": "L3", "quote": "26.3% fell"},
    ])
    res = coverage(rows, seeds)
    t = res.tokens.set_index(["line", "token"])
    assert t.loc[(1, "1.1"), "status"] == "excluded"
    assert t.loc[(2, "2005"), "by"] == "citation-year"
    assert t.loc[(3, "one"), "status"] == "excluded"
    assert t.loc[(3, "26.3%"), "by"] == "t-02"
    # "nine" occurs twice on line 2 but the one quote holds it once: one copy stays uncovered
    assert res.uncovered[["line", "token"]].values.tolist() == [[2, "nine"]]
    s = res.summary()
    assert (s.loc["all", "covered"], s.loc["all", "excluded"], s.loc["all", "uncovered"]) == (2, 3, 1)


def test_missing_seed_folder_gives_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="MEGACITY_SEEDS_DIR"):
        read_seeds(tmp_path)


# --- the generic checks -----------------------------------------------------------------------

def test_safe_eval_does_arithmetic_and_refuses_anything_else():
    assert safe_eval("1008/31835*100") == pytest.approx(3.1663, abs=1e-4)
    assert safe_eval("2019-70+100") == 2049
    with pytest.raises(ValueError, match=r"only numbers and \+ - \* / \*\* \( \) are allowed"):
        safe_eval("__import__('os').getcwd()")
    with pytest.raises(ValueError, match="not valid arithmetic"):
        safe_eval("3 +")


def test_arithmetic_check_rounds_at_the_claims_precision():
    # 1,008 of 31,835 is 3.1663%: "3.17" agrees at two decimals; "3.16" is a truncation
    # (confirmed with that caveat, as everywhere in the ledger); "3.15" is contradicted.
    ok = CHECKS["arithmetic"](3.17, {"expr": "1008/31835*100", "claimed_text": "3.17"})
    trunc = CHECKS["arithmetic"](3.16, {"expr": "1008/31835*100", "claimed_text": "3.16"})
    bad = CHECKS["arithmetic"](3.15, {"expr": "1008/31835*100", "claimed_text": "3.15"})
    assert ok.status == "confirmed" and bad.status == "contradicted"
    assert trunc.status == "confirmed-with-caveat" and "truncation, not rounding" in trunc.note
    cav = CHECKS["arithmetic"](3.2, {"expr": "1008/31835*100", "claimed_text": "3.2",
                                     "caveat": "rounded"})
    assert cav.status == "confirmed-with-caveat" and "rounded" in cav.note


def test_compare_applies_the_precision_rule():
    # "130" is stated to the tens: 125-135; "about 130": +/- 13
    assert compare(130, 134.9, {"claimed_text": "130"})[0]
    assert not compare(130, 135.6, {"claimed_text": "130"})[0]
    assert compare(130, 142.9, {"claimed_text": "130", "op": "hedge", "hedge": "about"})[0]
    assert not compare(130, 143.8, {"claimed_text": "130", "op": "hedge", "hedge": "about"})[0]
    # a year is exact whatever its zeros
    assert not compare(2020, 2021, {"claimed_text": "2020", "unit": "year"})[0]
    # a truncation holds, with the caveat named
    ok, how, cav = compare(3.16, 100 * 1008 / 31835, {"claimed_text": "3.16"})
    assert ok and cav == "truncation, not rounding" and "truncates" in how
    with pytest.raises(ValueError, match="hedge word"):
        compare(10, 11, {"op": "hedge", "claimed_text": "10"})


def test_compare_operators():
    assert compare(40, 41, {"op": "approx", "rel_tol": 0.125})[0]
    assert not compare(40, 46, {"op": "approx", "rel_tol": 0.125})[0]
    assert compare(30, 37, {"op": "ge"})[0] and not compare(30, 29, {"op": "ge"})[0]
    assert compare(None, 3.8e8, {"op": "between", "lo": 2e8, "hi": 1e9})[0]
    assert not compare(None, 1e9, {"op": "between", "lo": 2e8, "hi": 1e9})[0]  # half-open
    with pytest.raises(ValueError, match="unknown op"):
        compare(1, 1, {"op": "roughly"})
    with pytest.raises(ValueError, match="needs a claimed_value"):
        compare(None, 1, {"op": "eq"})


def test_count_items_counts_the_list():
    assert CHECKS["count_items"](3, {"items": ["a", "b", "c"]}).status == "confirmed"
    assert CHECKS["count_items"](4, {"items": ["a", "b", "c"]}).status == "contradicted"
    with pytest.raises(ValueError, match="non-empty list"):
        CHECKS["count_items"](3, {"items": []})


def test_date_span_in_months():
    # 28 Dec 1953 to 20 Sep 1954 is 266 days = 266 / 30.4375 = 8.74 months
    r = CHECKS["date_span"](9, {"start": "1953-12-28", "end": "1954-09-20", "unit": "months",
                                "op": "approx", "rel_tol": 0.056})
    assert r.our_value == pytest.approx(266 / (365.25 / 12), abs=0.01)
    assert r.status == "confirmed"
    assert CHECKS["date_span"](6, {"start": "1953-12-28", "end": "1954-09-20", "unit": "months",
                                   "op": "approx", "rel_tol": 0.056}).status == "contradicted"


def test_population_share_uses_sourced_totals_and_interpolates_geometrically():
    from megacity.data.catalogue import load_urbanization
    u = load_urbanization().dropna(subset=["total_pop_10k"]).groupby("year")["total_pop_10k"].mean()
    # an exact sourced year: a quarter of the 1952 total is a quarter
    r = CHECKS["population_share"](0.25, {"numerator": u[1952] * 1e4 / 4, "year": 1952,
                                          "places": 2})
    assert r.our_value == pytest.approx(0.25) and r.status == "confirmed"
    # 1954 lies 2/5 of the way from 1952 to 1957 on a log scale
    pop1954 = u[1952] * (u[1957] / u[1952]) ** 0.4
    r = CHECKS["population_share"](0.25, {"numerator": 1.5e8, "year": 1954, "places": 2})
    assert r.our_value == pytest.approx(1.5e8 / (pop1954 * 1e4), abs=1e-4)
    with pytest.raises(ValueError, match="brackets"):
        CHECKS["population_share"](0.25, {"numerator": 1.5e8, "year": 1800})


def test_fact_value_weak_disagreement_is_unverifiable_not_contradicted():
    r = CHECKS["fact_value"](2400, {"fact": "zj_gdp_pc_usd_2003", "claimed_text": "2400",
                                    "places": -2, "settle": "the yearbook"})
    assert r.status == "unverifiable" and "sources differ" in r.note and "yearbook" in r.note
    # a strong fact that disagrees does contradict
    r = CHECKS["fact_value"](2005, {"fact": "custody_repatriation_abolished", "places": 0})
    assert r.status == "contradicted" and r.our_value == 2003
    with pytest.raises(KeyError, match="not in table seed_facts"):
        CHECKS["fact_value"](1, {"fact": "no_such_fact"})


def test_no_source_demands_a_reason_and_a_way_to_settle():
    r = CHECKS["no_source"](74000, {"reason": "no township data", "settle": "the census"})
    assert r == CheckResult(None, "unverifiable", "no township data. Would settle it: the census")
    with pytest.raises(ValueError, match="'settle'"):
        CHECKS["no_source"](1, {"reason": "x"})


def test_raw_claimed_text_keeps_trailing_zeros():
    """'60.60' must keep two decimals of precision; the CSV is read as text for that reason."""
    raw = read_raw("claims")
    assert raw["claimed_value"].map(lambda v: isinstance(v, str) or (isinstance(v, float)
                                                                    and math.isnan(v))).all()


# --- the appendix's presentation helpers ------------------------------------------------------

def test_ledger_views_keep_every_row_and_sort_by_status(evaluated):
    from megacity.claims_coverage import evidence_table, ledger_by_document, ledger_html
    parts = ledger_by_document(evaluated, STATUSES)
    assert sum(len(p) for p in parts.values()) == len(evaluated)
    rank = {s: i for i, s in enumerate(STATUSES)}
    for part in parts.values():
        r = part["status"].astype(str).map(rank)
        assert r.is_monotonic_increasing
    ev = evidence_table(evaluated, STATUSES)
    assert ev.loc["all", "all"] == len(evaluated)
    html_text = ledger_html(parts[next(iter(parts))].head(2))
    assert html_text.count("<tr>") == 3 and "<script" not in html_text


def test_chapter_link_points_at_the_sibling_page_and_handles_blanks():
    from megacity.claims_coverage import chapter_link
    assert chapter_link("notebooks/01_urbanization") == '<a href="01_urbanization.html">01_urbanization</a>'
    assert chapter_link(float("nan")) == "" and chapter_link(None) == ""
