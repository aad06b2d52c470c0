"""Does the claims ledger cover every number in the five seed documents?

The issue behind the ledger promises that *every* number of the seeds appears in it.  This module
makes that promise testable:

1. :func:`tokenize` finds the numeric tokens of a text, line by line: digit strings
   (``10.64%``, ``31,835``, ``150 million``, ``18th``, ``1990s``) and spelled-out cardinals
   (``four decades``, ``one quarter``, ``more than a dozen``, ``Twenty-Eight``).
2. :data:`EXCLUSIONS` is the explicit, commented list of tokens that are not quantitative claims:
   page numbers of a table of contents, publication dates, section and footnote numbers, citation
   years, ordinals that name a congress or a plenum, idioms such as "one another".
3. :func:`coverage` matches every remaining token against the ledger: a token is covered when a
   row of ``data/claims.csv`` on the same seed and line quotes it.  What is left is *uncovered*;
   a test fails listing it.

Matching by quotation (not by value) is deliberate: it forces each row to quote the words that
carry the number, so a reader can find them in the seed.  :func:`quote_in_seed` checks that a
row's quote really stands at its stated line.
"""
from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

__all__ = [
    "CHECK_KINDS",
    "EXCLUSIONS",
    "SEEDS_DIR_ENV",
    "CoverageResult",
    "Exclusion",
    "Token",
    "chapter_link",
    "check_kind",
    "coverage",
    "evidence_table",
    "exclusions_table",
    "ledger_by_document",
    "ledger_html",
    "normalize",
    "parse_location",
    "quote_in_seed",
    "read_seeds",
    "seeds_dir",
    "tokenize",
]

SEEDS_DIR_ENV = "MEGACITY_SEEDS_DIR"

# Spelled-out cardinals and quantity words.  Ordinal words (first, second, third) are not counted:
# in these texts they number the author's own arguments ("First, ...; Second, ...").
_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
          "eighty ninety hundreds? thousands? millions? billions? dozens? decades? half quarter "
          "twice").split()
_WORD = r"(?:%s)" % "|".join(_WORDS)
_WORD_RE = re.compile(r"(?<![\w-])%s(?:[\s-]+%s)*(?![\w])" % (_WORD, _WORD), re.IGNORECASE)
# Digits: a clock time (2:00), or a number with optional thousands separators/decimals, an
# ordinal or decade suffix (18th, 1990s, 1990's), a scale word (150 million) and a percent sign.
_DIGIT_RE = re.compile(
    r"(?<![\w.])(?:\d{1,2}:\d{2}"
    r"|\d+(?:[.,]\d+)*(?:st|nd|rd|th|'?s)?(?:\s+(?:million|billion|thousand))?%?)",
    re.IGNORECASE)


@dataclass(frozen=True)
class Token:
    """One numeric token: where it stands (seed file, 1-based line, column) and its text."""
    seed: str
    line: int
    start: int
    text: str
    kind: str  # "digit" or "word"

    @property
    def norm(self) -> str:
        return normalize(self.text)


def normalize(text: str) -> str:
    """Lower case, straight quotes and hyphens, no markdown emphasis (*word*), single spaces.

    Used to compare a ledger quote with its seed line.
    """
    text = unicodedata.normalize("NFKC", str(text)).replace("*", "")
    text = re.sub(r"[\u2018\u2019\u201a\u201b\u2032`]", "'", text)
    text = re.sub(r"[\u201c\u201d\u201e\u201f\u2033]", '"', text)
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def tokenize(text: str, seed: str = "", line: int = 0) -> list[Token]:
    """Numeric tokens of one line of text, in order of appearance."""
    tokens, spans = [], []
    for m in _DIGIT_RE.finditer(text):
        tokens.append(Token(seed, line, m.start(), m.group(0), "digit"))
        spans.append((m.start(), m.end()))
    for m in _WORD_RE.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in spans):
            continue  # "million" inside "150 million" belongs to the digit token
        tokens.append(Token(seed, line, m.start(), m.group(0), "word"))
    return sorted(tokens, key=lambda t: t.start)


# --------------------------------------------------------------------------------------------
# Seeds


def seeds_dir() -> Path:
    """The folder of the five seed documents: ``$MEGACITY_SEEDS_DIR``, else ``<repo>/../shared/seeds``."""
    env = os.environ.get(SEEDS_DIR_ENV)
    if env:
        return Path(env).expanduser()
    root = Path(__file__).resolve().parents[2]
    for cand in (root / "seeds", root.parent / "shared" / "seeds"):
        if cand.is_dir():
            return cand
    return root.parent / "shared" / "seeds"


def read_seeds(folder: Path | None = None) -> dict[str, list[str]]:
    """Each seed file's lines (line 1 is element 0), keyed by file name."""
    folder = Path(folder) if folder is not None else seeds_dir()
    files = sorted(folder.glob("0*.txt"))
    if not files:
        raise FileNotFoundError(
            f"no seed documents (0*.txt) in {folder}; set {SEEDS_DIR_ENV} to the folder that "
            "holds the five seed files (shared/seeds)")
    return {p.name: p.read_text(encoding="utf-8").splitlines() for p in files}


_LOC_RE = re.compile(r"^L(\d+)(?:\s*-\s*L?(\d+))?$")


def parse_location(location: str) -> tuple[int, int]:
    """``'L28'`` -> (28, 28); ``'L27-L28'`` or ``'L27-28'`` -> (27, 28)."""
    m = _LOC_RE.match(str(location).strip())
    if not m:
        raise ValueError(f"location '{location}' is not a line reference like 'L28' or 'L27-L28'")
    lo = int(m.group(1))
    hi = int(m.group(2) or lo)
    if hi < lo:
        raise ValueError(f"location '{location}': the range runs backwards")
    return lo, hi


def quote_in_seed(quote: str, lines: list[str], location: str) -> bool:
    """True when ``quote`` occurs (after :func:`normalize`) on the stated line(s).

    An ellipsis (``...`` or ``…``) in the quote skips text: the pieces must occur in order.
    """
    lo, hi = parse_location(location)
    if lo < 1 or hi > len(lines):
        return False
    text = normalize(" ".join(lines[lo - 1:hi]))
    pieces = [normalize(p) for p in re.split(r"\.\.\.|\u2026", str(quote))]
    pos = 0
    for piece in (p.strip(" ,;") for p in pieces):
        if not piece:
            continue
        found = text.find(piece, pos)
        if found < 0:
            return False
        pos = found + len(piece)
    return True


# --------------------------------------------------------------------------------------------
# Exclusions: numbers that are not quantitative claims


@dataclass(frozen=True)
class Exclusion:
    """A rule that removes tokens from the coverage count, with the reason.

    A token is excluded when every given condition holds: its seed starts with one of ``seeds``
    (empty = any seed), its line lies in one of ``lines`` (empty = any line), its text matches
    ``token`` (full match, case-insensitive), the text before it on the line ends with ``before``
    and the text after it starts with ``after``.
    """
    rule: str
    reason: str
    seeds: tuple[str, ...] = ()
    lines: tuple[tuple[int, int], ...] = ()
    token: str | None = None
    before: str | None = None
    after: str | None = None

    def applies(self, tok: Token, line_text: str) -> bool:
        if self.seeds and not any(tok.seed.startswith(s) for s in self.seeds):
            return False
        if self.lines and not any(a <= tok.line <= b for a, b in self.lines):
            return False
        if self.token and not re.fullmatch(self.token, tok.text, re.IGNORECASE):
            return False
        if self.before and not re.search(f"(?:{self.before})$", line_text[:tok.start],
                                         re.IGNORECASE):
            return False
        if self.after and not re.match(self.after, line_text[tok.start + len(tok.text):],
                                       re.IGNORECASE):
            return False
        return True


EXCLUSIONS: tuple[Exclusion, ...] = (
    # --- Document furniture: no claim is made by these numbers. -------------------------------
    Exclusion("masthead-001", "newspaper page number and publication date (Page 008, Oct. 19, 2017)",
              seeds=("001",), lines=((1, 1),)),
    Exclusion("masthead-002", "web-page header: publication date 2024-05-16 and author lines",
              seeds=("002",), lines=((1, 22),)),
    Exclusion("cover-003", "working-paper cover: series number 2018-15, date December 2018, "
              "postal address (1211 Geneva 10)", seeds=("003",), lines=((1, 39),)),
    Exclusion("toc-003", "table of contents: page numbers (and the headings 'Four Case Studies', "
              "'Two examples', 'Four o'clock school', whose numbers are titles)",
              seeds=("003",), lines=((40, 82),)),
    Exclusion("footer-003", "end-of-preview notice and URL", seeds=("003",), lines=((129, 132),)),
    Exclusion("image-004", "image tag of the book cover", seeds=("004",), lines=((1, 1),)),
    Exclusion("refs-000", "reference list: publication years, issue and page numbers, and the "
              "author line", seeds=("000",), lines=((19, 26),)),
    Exclusion("section-number", "section number at the start of a heading (1.1.2, 2., I.)",
              token=r"\d+(?:\.\d+)*", before=r"^\s*"),
    Exclusion("marker", "footnote or list marker in parentheses: (1), (2), (3)",
              token=r"\d", before=r"\(", after=r"\)"),
    Exclusion("citation-year", "publication year inside an author-year citation, e.g. (Li 2005) "
              "or (Kang Xiaoguang, Han Heng, 2007)",
              token=r"\d{4}", before=r"\([^()]*[A-Z][a-z]+[^()]*"),
    Exclusion("document-number", "serial number of a Party-State document, Z.F. [2011] No. 11",
              seeds=("004",), lines=((11, 11),), token=r"2011|11", before=r"Z\.F\. \[|No\. "),
    # --- Ordinals that name an institution, a meeting, a plan or an era. -----------------------
    # "the Third Plenary Session of the 18th Central Committee" names a meeting; its number is
    # part of a proper name, not a measured quantity.  The year attached to such a meeting (when
    # the seed gives one) is a claim and has its own row.
    Exclusion("meeting-ordinal", "ordinal in the name of a Party congress, Central Committee, "
              "plenary session or five-year plan",
              token=r"\d+(?:st|nd|rd|th)",
              after=r"(?:\s+and\s+\d+(?:st|nd|rd|th))?\s+(?:CPC|Central|National|Five|Provincial|"
                    r"sessions?\b)"),
    Exclusion("plan-name", "'Five' in the name of a five-year plan ('the 11th Five-year Plan')",
              token=r"five", before=r"\d+(?:st|nd|rd|th)\s+", after=r"-year plan"),
    # A century used as the name of an era ("in the 21st century") dates nothing precisely.  Where
    # a seed dates a specific event by its century (Hobbes, 17th century) the row quotes it.
    Exclusion("century-000", "a century naming an era: OECD risks 'in the 21st century'",
              seeds=("000",), lines=((4, 4),), token=r"21st", after=r"\s+century"),
    Exclusion("century-002", "a century naming an era: complexity science 'in the 20th century'",
              seeds=("002",), lines=((102, 102),), token=r"20th", after=r"\s+century"),
    Exclusion("century-004", "a century naming an era: 'the beginning of the 21st century'",
              seeds=("004",), lines=((7, 7),), token=r"21st", after=r"\s+century"),
    # --- Idioms: the word is not a number. -----------------------------------------------------
    Exclusion("idiom-one", "'one' as a pronoun or in an idiom: one another, one of, on (the) one "
              "hand, one-size-fits-all, one group ... after another, a conditional one, three in "
              "one, integrated in one, one is that (first item of a list)",
              token=r"one",
              before=r"(?:\bon (?:the )?|\bconditional |\bthree in |\bintegrated in |"
                     r"\bliterature: )"),
    Exclusion("idiom-one-after", "'one' followed by 'another', 'of', '-size', 'group': "
              "pronoun uses",
              token=r"one", after=r"(?:\s+another|\s+of\b|-size|\s+group\b|\s+hand\b)"),
    Exclusion("anaphora-two", "'the two' / 'these two' pointing back at two things just named "
              "(not a new count; 'the two months' is a duration and stays counted)",
              token=r"two", before=r"\b(?:the|these|first)\s+",
              after=r"(?!\s+(?:months?|years?|weeks?|days?|decades?)\b)"),
)


def _exclusion_for(tok: Token, line_text: str) -> Exclusion | None:
    for rule in EXCLUSIONS:
        if rule.applies(tok, line_text):
            return rule
    return None


def exclusions_table() -> pd.DataFrame:
    """The exclusion rules as a table (for the appendix)."""
    return pd.DataFrame([{
        "rule": e.rule, "seeds": ", ".join(e.seeds) or "all",
        "lines": ", ".join(f"L{a}" if a == b else f"L{a}-L{b}" for a, b in e.lines) or "all",
        "reason": e.reason} for e in EXCLUSIONS])


# --------------------------------------------------------------------------------------------
# Coverage

# Which helper's prefixes are expected to cover which lines (used only to say whose a gap is).
OWNERS: tuple[tuple[str, tuple[int, int], str | None, str], ...] = (
    ("002", (28, 28), r"[\d.]+%", "urban- (Part I, urbanization)"),
    ("002", (87, 87), None, "scaling- (Part I)"),
    ("002", (110, 110), r"dozen|10 million", "megacity- (Part I)"),
    ("003", (101, 107), None, "diff- (Part III)"),
    ("003", (119, 119), None, "diff- (Part III)"),
    ("004", (22, 22), None, "zj- (Part II)"),
    ("004", (26, 26), r"fourteen", "zj- (Part II)"),
    ("004", (27, 28), None, "zj- (Part II)"),
)


def owner_of(seed: str, line: int, token: str = "") -> str:
    """Whose rows are expected to cover a token (to say whose a gap is)."""
    for s, (a, b), pat, who in OWNERS:
        if seed.startswith(s) and a <= line <= b and (pat is None or re.fullmatch(pat, token, re.I)):
            return who
    return f"s{seed[:3]}- (ledger audit)"


@dataclass
class CoverageResult:
    """Every numeric token of the seeds with its fate: covered (by which rows), excluded (by which
    rule) or uncovered."""
    tokens: pd.DataFrame
    problems: list[str] = field(default_factory=list)

    @property
    def uncovered(self) -> pd.DataFrame:
        return self.tokens[self.tokens["status"] == "uncovered"].reset_index(drop=True)

    def summary(self) -> pd.DataFrame:
        """Counts of tokens by seed and fate, with an 'all' row and the covered share."""
        t = pd.crosstab(self.tokens["seed"], self.tokens["status"]).reindex(
            columns=["covered", "excluded", "uncovered"], fill_value=0)
        t.loc["all"] = t.sum()
        counted = t["covered"] + t["uncovered"]
        t["covered_share"] = (t["covered"] / counted.where(counted > 0)).round(3)
        return t

    def by_rule(self) -> pd.DataFrame:
        ex = self.tokens[self.tokens["status"] == "excluded"]
        return ex.groupby("by").size().rename("tokens").reset_index().rename(columns={"by": "rule"})


def coverage(claims: pd.DataFrame, seeds: dict[str, list[str]] | None = None) -> CoverageResult:
    """Match the numeric tokens of the seeds with the ledger's quotes.

    ``claims`` needs the columns claim_id, seed, location and quote.  For each seed line, the
    tokens of all quotes located on that line form a multiset; a token of the line is covered
    while that multiset still holds a copy of it (so a number that occurs twice on a line needs
    two quotes, or one quote that holds it twice).
    """
    seeds = read_seeds() if seeds is None else seeds
    problems: list[str] = []
    supply: dict[tuple[str, int], Counter] = {}
    who: dict[tuple[str, int, str], list[str]] = {}
    for row in claims.itertuples(index=False):
        seed = str(row.seed)
        try:
            lo, hi = parse_location(row.location)
        except ValueError as exc:
            problems.append(f"{row.claim_id}: {exc}")
            continue
        for t in tokenize(str(row.quote)):
            for ln in range(lo, hi + 1):
                supply.setdefault((seed, ln), Counter())[t.norm] += 1
                who.setdefault((seed, ln, t.norm), []).append(str(row.claim_id))
    records = []
    for seed, lines in seeds.items():
        for i, text in enumerate(lines, start=1):
            for tok in tokenize(text, seed, i):
                rule = _exclusion_for(tok, text)
                if rule is not None:
                    status, by = "excluded", rule.rule
                else:
                    pool = supply.get((seed, i), Counter())
                    if pool[tok.norm] > 0:
                        pool[tok.norm] -= 1
                        status = "covered"
                        by = ", ".join(dict.fromkeys(who[(seed, i, tok.norm)]))
                    else:
                        status, by = "uncovered", owner_of(seed, i, tok.text)
                lo_ctx = max(0, tok.start - 40)
                records.append({"seed": seed, "line": i, "location": f"L{i}", "token": tok.text,
                                "kind": tok.kind, "status": status, "by": by,
                                "context": text[lo_ctx:tok.start + len(tok.text) + 40]})
    cols = ["seed", "line", "location", "token", "kind", "status", "by", "context"]
    return CoverageResult(pd.DataFrame(records, columns=cols), problems)


# --------------------------------------------------------------------------------------------
# Presentation helpers for the appendix (pure functions of the evaluated ledger)

#: Which kind of evidence each check uses (for the appendix's breakdown).
CHECK_KINDS = {
    "count_items": "internal: the seed's own list",
    "arithmetic": "recomputed from stated numbers",
    "date_span": "recomputed from stated numbers",
    "no_source": "no source in hand",
}


def check_kind(check: str) -> str:
    """The kind of evidence behind a check (anything not listed looks up data or a model)."""
    return CHECK_KINDS.get(str(check), "sourced data or a model")


def chapter_link(chapter: str | float | None) -> str:
    """An HTML link to the book page that discusses a claim (pages sit beside this appendix)."""
    if chapter is None or (isinstance(chapter, float) and pd.isna(chapter)) or not str(chapter):
        return ""
    stem = Path(str(chapter)).stem
    return f'<a href="{stem}.html">{stem}</a>'


def ledger_by_document(evaluated: pd.DataFrame, statuses: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    """The evaluated ledger split by seed, each part sorted by status (in ``statuses`` order),
    then by claim id, with the columns a reader needs."""
    order = {s: i for i, s in enumerate(statuses)}
    cols = ["claim_id", "location", "quote", "claimed_value", "unit", "our_value", "status",
            "note", "chapter"]
    out = {}
    for seed, part in evaluated.groupby(evaluated["seed"].astype(str), sort=True):
        part = part.assign(_o=part["status"].astype(str).map(order))
        out[seed] = part.sort_values(["_o", "claim_id"])[cols].reset_index(drop=True)
    return out


def evidence_table(evaluated: pd.DataFrame, statuses: tuple[str, ...]) -> pd.DataFrame:
    """Counts of claims by kind of evidence (rows) and status (columns), with totals."""
    kinds = evaluated["check"].map(check_kind).rename("evidence")
    t = pd.crosstab(kinds, evaluated["status"].astype(str)).reindex(columns=list(statuses),
                                                                    fill_value=0)
    t["all"] = t.sum(axis=1)
    t.loc["all"] = t.sum()
    return t


def ledger_html(part: pd.DataFrame) -> str:
    """One document's ledger rows as a compact HTML table (claimed and our values with units,
    the chapter as a link); text is escaped, widths keep the quote and the note readable."""
    import html

    def num(v) -> str:
        return "" if v is None or (isinstance(v, float) and pd.isna(v)) else f"{float(v):.6g}"

    rows = []
    for r in part.itertuples(index=False):
        claimed = num(r.claimed_value)
        rows.append(
            "<tr>"
            f"<td><code>{html.escape(str(r.claim_id))}</code><br>{html.escape(str(r.location))}</td>"
            f"<td style='min-width:14em'>{html.escape(str(r.quote))}</td>"
            f"<td>{claimed}{' ' + html.escape(str(r.unit)) if claimed else ''}</td>"
            f"<td>{num(r.our_value)}</td>"
            f"<td><b>{html.escape(str(r.status))}</b></td>"
            f"<td style='min-width:22em'>{html.escape(str(r.note))}</td>"
            f"<td>{chapter_link(r.chapter)}</td>"
            "</tr>")
    head = "".join(f"<th>{h}</th>" for h in
                   ["claim / line", "quote", "claimed", "ours", "status", "note", "chapter"])
    return ("<div style='overflow-x:auto'><table class='dataframe' style='font-size:0.8em'>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")
