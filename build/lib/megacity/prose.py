"""Find numbers typed into the prose of a chapter instead of glued from the computation.

The book's rule: a number in a markdown cell of a chapter is either glued (``{glue:text}`name```)
or belongs to a short, explicit allowlist:

* **years** (four digits from 1800 to 2100), year ranges (``2010-2020``), decades (``1990s``) and
  day-of-month in dates (``26 November 2012``);
* **structural numbers**: chapter, section, part, table, figure, step, exercise, equation,
  appendix, batch, level numbers (``chapter 3``, ``Table 2``, ``step 3``);
* **citation keys, labels and cross-references**: anything inside a MyST role or target;
* **quotations of the seeds**: a double-quoted span or a block quote whose text occurs verbatim
  (up to white space and quote style) in one of the five seed documents;
* **model notation**: anything inside ``$...$`` or ``$$...$$`` maths, and inline code;
* **stated confidence levels**: ``90%``, ``95%`` or ``99%`` followed by interval, confidence, CI or
  band (a choice of the analysis, not a result).

Everything else is reported with its cell, line and the token, so that the author can glue it.

Run as ``python -m megacity.prose notebooks/*.py`` (exit 1 if anything is found).
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["Finding", "unglued_numbers", "unglued_in_markdown", "seed_corpus"]

_ROOT = Path(__file__).resolve().parents[2]

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
          "December|Jan\\.|Feb\\.|Mar\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sep\\.|Sept\\.|Oct\\.|"
          "Nov\\.|Dec\\.")
STRUCTURAL = ("chapter|chapters|ch\\.|section|sections|§|part|parts|table|tables|fig\\.|figs\\.|"
              "figure|figures|step|steps|exercise|exercises|equation|eq\\.|appendix|batch|"
              "batches|level|levels|item|items|issue|phase|stage|wave|round|column|row|panel|"
              "panels|seed|document|tier|model|specification|version")

# Spans removed before numbers are looked for (their content is never prose).
_STRIP = [
    re.compile(r"<!--.*?-->", re.S),                     # HTML comments
    re.compile(r"\$\$.*?\$\$", re.S),                     # display maths
    re.compile(r"(?<!\\)\$[^$\n]+?(?<!\\)\$"),            # inline maths
    re.compile(r"```.*?```", re.S),                       # fenced code (not directives: see below)
    re.compile(r"\{[A-Za-z0-9:_\-]+\}`[^`]*`"),           # MyST roles: glue, cite, ref, numref, doc
    re.compile(r"``[^`]+``|`[^`\n]+`"),                   # inline code
    re.compile(r"\]\([^)]*\)"),                           # link targets
    re.compile(r"https?://\S+"),                          # bare URLs
    re.compile(r"^\s*\([A-Za-z0-9_\-:]+\)=\s*$", re.M),   # label targets
    re.compile(r"^\s*:[a-z\-_]+:.*$", re.M),              # directive options (:label: ...)
    re.compile(r"\[\^[^\]]+\]"),                          # footnote references
    re.compile(r"<[^>\n]+>"),                             # HTML tags and their attributes
]
_NUMBER = re.compile(r"(?<![A-Za-z_\d.])[-+−]?\d(?:\d|,(?=\d{3}))*(?:\.\d+)?(?:[eE][-+]?\d+)?%?")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d|2100)$")
_QUOTE = re.compile(r"[\"“]([^\"”\n]{3,}?)[\"”]")


@dataclass(frozen=True)
class Finding:
    """A typed number in prose: where it is and what it says."""

    file: str
    cell: int
    line: int
    token: str
    context: str

    def __str__(self) -> str:
        return f"{self.file}: markdown cell {self.cell}, line {self.line}: '{self.token}' in «{self.context}»"


def _normalise(text: str) -> str:
    text = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    text = text.replace("−", "-").replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).strip().lower()


@lru_cache(maxsize=1)
def seed_corpus(seeds_dir: str | None = None) -> str:
    """The five seed documents, normalised for verbatim-quotation matching ('' if absent)."""
    folder = Path(seeds_dir) if seeds_dir else _ROOT.parent / "shared" / "seeds"
    if not folder.is_dir():
        return ""
    return "\n".join(_normalise(p.read_text(encoding="utf-8", errors="replace"))
                     for p in sorted(folder.glob("*.txt")))


def _blank(match: re.Match) -> str:
    # keep line structure so that reported line numbers stay right
    return re.sub(r"[^\n]", " ", match.group(0))


def _quoted_spans(text: str, corpus: str) -> list[tuple[int, int]]:
    """Character spans of quotations that occur verbatim in a seed."""
    spans = []
    for m in _QUOTE.finditer(text):
        inner = _normalise(m.group(1)).strip(" .,;:")
        if inner and corpus and inner in corpus:
            spans.append(m.span())
    # block quotes: a run of lines starting with '>'
    for m in re.finditer(r"(?:^\s*>.*(?:\n|$))+", text, re.M):
        inner = _normalise(re.sub(r"^\s*>\s?", "", m.group(0), flags=re.M))
        inner = re.sub(r"^[\"']|[\"']$", "", inner).strip(" .,;:")
        if inner and corpus and inner in corpus:
            spans.append(m.span())
    return spans


def _allowed(text: str, start: int, end: int, token: str) -> bool:
    bare = token.lstrip("+-−").rstrip("%")
    before = text[max(0, start - 30):start]
    after = text[end:end + 20]
    if _YEAR.match(bare) and not token.endswith("%"):
        return True
    if re.match(r"^s\b", after) and re.match(r"^\d{2,4}$", bare):          # 1990s, 80s
        return True
    if re.search(rf"\b(?:{STRUCTURAL})\s*(?:\d+[a-z]?\s*(?:,|and|or|to|-|–)\s*)*$", before, re.I):
        return True
    if re.search(r"\b[A-Z]$", before) or re.match(r"^[A-Z]\b", after):    # A1, Fig. B2 etc.
        return True
    if re.match(r"^(?:90|95|99)%$", token) and re.match(
            r"^\s*(?:\w+\s+){0,2}(?:interval|intervals|confidence|CI|band|bands|credible)", after):
        return True                                                      # a stated confidence level
    if re.match(rf"^\s*(?:{MONTHS})", after) and re.match(r"^\d{1,2}$", bare):
        return True
    if re.search(rf"(?:{MONTHS})\s*$", before) and re.match(r"^\d{1,2}$", bare):
        return True
    if re.match(r"^\d{1,2}$", bare) and re.match(r"^(?:st|nd|rd|th)\b", after):
        return False   # ordinals are numbers too: glue them or spell them
    return False


def unglued_in_markdown(source: str, *, file: str = "", cell: int = 0,
                        corpus: str | None = None) -> list[Finding]:
    """Typed numbers in one markdown cell's source."""
    corpus = seed_corpus() if corpus is None else corpus
    text = source
    for span in sorted(_quoted_spans(text, corpus), reverse=True):
        text = text[:span[0]] + re.sub(r"[^\n]", " ", text[span[0]:span[1]]) + text[span[1]:]
    # directive fences (```{exercise}, :::{note}) are structure; their bodies are prose
    text = re.sub(r"^(\s*(?:```+|:::+))\{[^}\n]*\}[^\n]*$", _blank, text, flags=re.M)
    for pattern in _STRIP:
        text = pattern.sub(_blank, text)
    findings = []
    for m in _NUMBER.finditer(text):
        token = m.group(0)
        if not re.search(r"\d", token):
            continue
        if _allowed(text, m.start(), m.end(), token):   # year ranges: each end is a year
            continue
        line_no = text.count("\n", 0, m.start()) + 1
        line = source.splitlines()[line_no - 1] if source.splitlines() else ""
        findings.append(Finding(file, cell, line_no, token, line.strip()[:160]))
    return findings


def unglued_numbers(path: str | Path) -> list[Finding]:
    """Typed numbers in every markdown cell of a notebook (``.py`` percent script or ``.ipynb``)."""
    import jupytext

    path = Path(path)
    nb = jupytext.read(path)
    found: list[Finding] = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        found.extend(unglued_in_markdown(cell.source, file=str(path), cell=i))
    return found


def main(argv: list[str] | None = None) -> int:
    paths = argv if argv is not None else sys.argv[1:]
    total = 0
    for p in paths:
        for f in unglued_numbers(p):
            print(f)
            total += 1
    print(f"{total} typed number(s) in prose", file=sys.stderr)
    return 1 if total else 0


if __name__ == "__main__":
    raise SystemExit(main())
