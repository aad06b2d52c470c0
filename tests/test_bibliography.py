"""The bibliography for readers: capitals kept, one author-year label style, no doubled years."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from pybtex.database import parse_file

ROOT = Path(__file__).resolve().parents[1]
BIB = ROOT / "book" / "references.bib"
DATA = parse_file(str(BIB))


def _style_module():
    spec = importlib.util.spec_from_file_location("bib_style", ROOT / "book" / "_ext" / "bib_style.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _labels() -> dict[str, str]:
    mod = _style_module()
    entries = sorted(DATA.entries.values(), key=mod.LabelSort().sorting_key)
    labels = list(mod.AuthorYearLabelStyle().format_labels(entries))
    return {e.key: lab for e, lab in zip(entries, labels)}


def test_every_title_is_protected_by_braces():
    """pybtex lowercases an unprotected title ("china's megacities"); a second pair of braces keeps
    the capitals as typed."""
    raw = BIB.read_text(encoding="utf-8")
    titles = re.findall(r"^\s*title\s*=\s*(.*?),?\s*$", raw, flags=re.M)
    assert len(titles) == len(DATA.entries)
    bad = [t for t in titles if not (t.startswith("{{") and t.endswith("}}"))]
    assert not bad, "titles without protecting braces:\n" + "\n".join(bad)


def test_labels_are_author_year_like_the_citations():
    labels = _labels()
    assert labels["bettencourt2007"] == "Bettencourt et al., 2007"
    assert labels["lifang2018"] == "Li and Fang, 2018"
    assert labels["pan2024"] == "Pan, 2024"
    assert labels["leitao2016"] == "Leitão et al., 2016"           # accents decoded
    assert labels["zund2019"] == "Zünd and Bettencourt, 2019"
    assert labels["hsiang2020"] == "Hsiang et al., 2020"            # "and others"
    assert labels["nbs2019urbanization"] == "National Bureau of Statistics of China, 2019"
    assert all(not re.fullmatch(r"\d+", lab) for lab in labels.values())
    assert len(set(labels.values())) == len(labels), "two entries share a label"


def test_labels_sort_the_list():
    labels = list(_labels().values())
    assert labels == sorted(labels, key=str.casefold)


@pytest.mark.parametrize("key", sorted(DATA.entries))
def test_no_year_is_printed_twice(key):
    """The year field is printed once; howpublished and note must not repeat it."""
    entry = DATA.entries[key]
    year = entry.fields.get("year")
    if not year:
        return
    for field in ("howpublished", "note", "journal"):
        text = entry.fields.get(field, "")
        assert year not in re.sub(r"\d{5,}|\d{4}-\d+", "", text), \
            f"{key}: the year {year} appears again in {field}: {text!r}"


def test_no_raw_tex_maths_in_titles():
    for key, entry in DATA.entries.items():
        assert "$" not in entry.fields.get("title", ""), f"{key}: TeX maths in a title shows raw"
