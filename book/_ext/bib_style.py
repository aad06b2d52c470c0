"""Sphinx extension: one author-year label style for the whole book.

Citations in the text are author-year (``bibtex_reference_style: author_year``), but pybtex's
``plain`` style numbers the bibliography ``[1]``, ``[2]``, ... so a reader meets two label styles.
This registers a pybtex formatting style ``megacity`` whose bibliography labels are the same
author-year text as the citations ("Bettencourt et al. 2007", "Pan 2024"), sorted by author and
year, with ``a``/``b`` suffixes where two entries would share a label.

Titles keep the capitals they are typed with: every title in ``book/references.bib`` is wrapped in
an extra pair of braces, which pybtex leaves alone (``tests/test_book.py`` checks this).
"""
from __future__ import annotations

import re
from collections import Counter

from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting.author_year_title import SortingStyle as AuthorYearTitleSort


def _strip_tex(text: str) -> str:
    """BibTeX text as a reader sees it: accents decoded (latexcodec), braces and quotes tidied."""
    import codecs

    import latexcodec  # noqa: F401  (registers the "latex" codec; a dependency of pybtex)

    text = text.replace("``", "\u201c").replace("''", "\u201d")
    try:
        text = codecs.decode(text.encode("utf-8"), "latex")
    except (UnicodeError, TypeError, ValueError):
        text = re.sub(r"\\[a-zA-Z]+\s*|\\.", "", text)
    return text.replace("{", "").replace("}", "").strip()


def _names(entry) -> str:
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    if not persons:
        title = _strip_tex(entry.fields.get("title", entry.key))
        return " ".join(title.split()[:3]) + ("…" if len(title.split()) > 3 else "")
    last = [_strip_tex(" ".join(p.prelast_names + p.last_names)) or _strip_tex(str(p)) for p in persons]
    if last[-1] == "others":          # BibTeX's "and others"
        return f"{last[0]} et al."
    if len(last) == 1:
        return last[0]
    if len(last) == 2:
        return f"{last[0]} and {last[1]}"
    return f"{last[0]} et al."


def author_year_label(entry) -> str:
    """"Bettencourt et al., 2007", "Li and Fang, 2018", "Pan, 2024" (as the citations print them)."""
    year = entry.fields.get("year", "n.d.")
    return f"{_names(entry)}, {year}"


class AuthorYearLabelStyle(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        entries = list(sorted_entries)
        labels = [author_year_label(e) for e in entries]
        counts = Counter(labels)
        seen: Counter = Counter()
        for label in labels:
            if counts[label] > 1:
                seen[label] += 1
                yield label + "abcdefghijklmnopqrstuvwxyz"[seen[label] - 1]
            else:
                yield label


class LabelSort(AuthorYearTitleSort):
    """Entries in the order of their labels, as a reader looks them up."""

    def sorting_key(self, entry):
        return (author_year_label(entry).casefold(), entry.fields.get("title", "").casefold())


class MegacityStyle(PlainStyle):
    default_label_style = AuthorYearLabelStyle
    default_sorting_style = LabelSort


def setup(app):
    register_plugin("pybtex.style.formatting", "megacity", MegacityStyle)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
