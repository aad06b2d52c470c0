"""Numbers in the chapters' prose are glued, never typed (issue #12, deliverable 1).

The rule and its allowlist are in :mod:`megacity.prose`.  The first tests show that the checker
catches a typed number and lets through each allowlisted kind; the last one applies it to every
chapter in ``_toc.yml``.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from megacity.prose import seed_corpus, unglued_in_markdown

ROOT = Path(__file__).resolve().parents[1]


def _toc_notebooks():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = []
    for part in toc.get("parts", []):
        for ch in part.get("chapters", []):
            f = ch["file"]
            if f.startswith("notebooks/"):
                files.append(ROOT / f"{f}.py")
    return files


def tokens(md, corpus=None):
    return [f.token for f in unglued_in_markdown(md, corpus=corpus)]


def test_typed_numbers_are_found():
    assert tokens("The exponent is 1.12 and the interval runs to 0.95-1.2.") == ["1.12", "0.95", "1.2"]
    assert tokens("It rose by 27% in 369 units, a 3.75e8 total.") == ["27%", "369", "3.75e8"]


def test_glued_and_structural_numbers_pass():
    md = ("In 2004 the rate was {glue:text}`p10_rate:.2f` (95% interval {glue:text}`lo` to "
          "{glue:text}`hi`), see chapter 3, Table 2 and {numref}`fig-p10-3`; between 2010-2020 "
          "and in the 1990s, on 26 November 2012, $\\beta > 1$ and `popu_2020`.")
    assert tokens(md) == []


def test_ordered_list_markers_pass_but_numbers_after_them_do_not():
    assert tokens("1. **First rule**: judged at its precision.\n2. Second rule.") == []
    assert tokens("1. The share is 3.17 and 2. is not a marker mid-line.") == ["3.17", "2"]


def test_citation_labels_and_directive_options_pass():
    md = "(ch-x)=\n# Title\n\n```{exercise}\n:label: ex-p01-2\n\nSee {cite:p}`bettencourt2007`.\n```"
    assert tokens(md) == []


def test_seed_quotations_pass_only_when_verbatim():
    corpus = "the urbanization rate was 10.64% in 1949 and reached 60.6%."
    assert tokens('Pan writes "the urbanization rate was 10.64% in 1949".', corpus) == []
    # a quotation that the seeds do not contain is prose like any other
    assert tokens('Pan writes "the urbanization rate was 11.64% in 1949".', corpus) == ["11.64%"]
    assert tokens("> reached 60.6%.", corpus) == []


@pytest.mark.skipif(not seed_corpus(), reason="the seed documents (../shared/seeds) are not beside the project")
def test_real_seed_quotation_is_recognised():
    assert tokens('Pan: "In 1949 the proportion of China\'s urban population to the total '
                  'population was 10.64%".') == []


@pytest.mark.parametrize("path", _toc_notebooks(), ids=lambda p: p.stem)
def test_chapter_prose_has_no_typed_numbers(path):
    from megacity.prose import unglued_numbers

    found = unglued_numbers(path)
    assert not found, (f"{len(found)} typed number(s) in the prose of {path.name}; glue them "
                       "(megacity.report.glue) or see megacity.prose for the allowlist:\n"
                       + "\n".join(str(f) for f in found))
