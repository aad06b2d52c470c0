"""The ledger's one precision rule, and its two axes: status and evidence.

This module is the written rule; :func:`tolerance` and :func:`judge` apply it, and every check
of :mod:`megacity.checks` that compares a claimed number with ours goes through them.  The same
text is handed to the blind second pass (``python -m megacity.precision`` prints it).

Precision
---------
1. **A claim is judged at its own stated precision**: half a unit of its last significant digit.
   "60.6%" means 60.55-60.65; "3.16%" means 3.155-3.165; "31,835" means 31,834.5-31,835.5.
2. **Trailing zeros of an integer are not significant unless stated.**  "130" is stated to the
   tens (125-135); "150 million" to the ten million (145-155 million); "1.18 million" to the ten
   thousand; "2,400" to the hundred; "40 years" (or "forty years", "four decades") to the ten
   (35-45).  A row states a different precision explicitly (``places`` in its parameters, with a
   reason: a definition's threshold such as "exceeds one million" is exact).
3. **Identifiers are exact**: calendar years, months and days, ranks, ordinals and counts of
   listed items are integers whose every digit is significant ("2020" is the year 2020, not
   2015-2025; "1990s" is the decade 1990-1999).
4. **A truncation is named as such.**  When our value lies outside the claim's rounding interval
   but the claim equals our value *truncated* at the claim's last digit (3.16 for 3.1663), the
   claim is a truncation, not a rounding.  One status everywhere: **confirmed-with-caveat**, the
   note saying "truncation, not rounding" and giving the rounded figure.  The rule applies to
   figures stated with decimals (a computed share such as "3.16%"); a round integer ("130") is
   already judged at its coarse precision and is not also read as a truncation.
5. **Hedge words get a stated tolerance** (``hedge`` column; x is the claimed number, h its
   half-unit from rules 1-3).  A *source's* hedge gets the same tolerance ("more than 150
   million", "nearly three months"), and a claim then agrees with the source when the two
   intervals overlap, with the caveat that the source hedges:

   ==================  ===================================================================
   hedge               the claim holds when our value v lies in
   ==================  ===================================================================
   (none)              [x - h, x + h]
   about, or so        [x - t, x + t], t = max(h, 10 % of x)
   nearly, almost      [x - t, x]
   more than, over     v > x
   at least, -plus     v >= x
   more than a dozen   13 <= v <= 23 (above one dozen, below two)
   several             3x <= v < 10x ("several hundred thousand": 300,000 to 999,999)
   hundreds of         2x <= v < 10x ("hundreds of millions": 200 million to 999 million)
   ==================  ===================================================================

6. **Uncertain values of ours.**  Where our value is an estimate with a 95 % interval, a claim
   whose tolerance interval contains our point estimate agrees; one whose tolerance interval
   misses the point estimate but overlaps our 95 % interval is confirmed-with-caveat ("agrees only
   within our uncertainty"); otherwise it is contradicted.
7. **Compound claims are split into parts**, one ledger row each (ids ``<id>a``, ``<id>b``, ...,
   the ``part`` column naming it: date (year), date (month), attribution, count, value), and
   every part is checked.  "Body X established idea Y in year Z" is a date row (did X meet in Z?)
   and an attribution row (did X establish Y?).

Status (one per row)
--------------------
``confirmed``
    a source or our computation agrees at the claim's precision (rules 1-6), with no qualification.
``confirmed-with-caveat``
    it agrees, but only under a stated vintage, definition, derivation, weak source, truncation
    (rule 4) or within our uncertainty only (rule 6); the note states the caveat.
``contradicted``
    the sources or our computation disagree beyond the claim's tolerance.
``unverifiable``
    nothing in hand can settle it (no source, or only a weak source that differs); the note says
    what would settle it.

Evidence (one per row, beside status)
-------------------------------------
``independent source``
    a source other than the seed and other than the body whose own results the claim reports
    (statistical offices' population data, the census, published studies, news and reference
    pages dating an event).  Arithmetic on such a source's data (a published exponent raised to
    a power, a count of census rows) keeps this class.
``official self-report``
    a government body's report of its own programme's results or of the public's satisfaction
    with it (Zhejiang's 2017 safety figures and satisfaction shares, its risk-assessment counts,
    the province's own dating of its strategy); a match shows the seed reproduces the report,
    not that the figure was measured independently.  A figure we compute from such reports
    (a share, a difference) keeps this evidence: the weakest input decides.
``our computation``
    we derive the value ourselves from the seed's own numbers (arithmetic on its dates, counts of
    the items it lists) or from a table we compiled or a model we fitted.  (This sentence and
    the last one of the previous class were made explicit after the blind second pass, which
    read the earlier wording, "from stated numbers or data", as covering arithmetic on
    independent data; see the reconciliation in the ledger appendix.)
``none``
    nothing settles the claim (every ``unverifiable`` row).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .args import ParameterError, check_choice, check_integer

__all__ = ["EVIDENCE", "HEDGES", "STATUSES", "Tolerance", "judge", "rules_text", "stated_places",
           "tolerance"]

STATUSES = ("confirmed", "confirmed-with-caveat", "contradicted", "unverifiable")
EVIDENCE = ("independent source", "official self-report", "our computation", "none")
HEDGES = ("", "about", "or so", "nearly", "almost", "more than", "over", "at least",
          "more than a dozen", "several", "hundreds of")

#: Units whose numbers are identifiers or counts: every digit significant (rule 3).
_EXACT_UNIT = re.compile(r"^(?:year|decade|century|month of|day of|rank|consecutive years|cases|"
                         r"levels|features|types|key words|factors|elements|stages|parts|"
                         r"sentences|compounds|goals|guarantees|assessment systems|cities)\b",
                         re.IGNORECASE)


def stated_places(text: str | float, unit: str = "") -> int:
    """Decimal places a claimed number is stated to (negative: tens, hundreds, ...).

    ``'60.6'`` -> 1; ``'31835'`` -> 0; ``'130'`` -> -1; ``'150000000'`` -> -7; ``'1180000'`` ->
    -4; a year or another identifier (``unit`` 'year', 'rank', ...) -> 0 whatever its zeros.
    """
    s = str(text).strip().replace(",", "")
    if not s or s.lower() == "nan":
        raise ParameterError("stated_places(): text (the claimed value) is empty")
    if not re.fullmatch(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", s):
        raise ParameterError(f"stated_places(): text must be a number as written, got {text!r}")
    if "e" in s.lower():
        mant, _, exp = s.lower().partition("e")
        return stated_places(mant) - int(exp)
    if "." in s:
        return len(s.split(".")[1])
    if _EXACT_UNIT.match(str(unit).strip()):
        return 0
    digits = s.lstrip("-+")
    if set(digits) == {"0"}:
        return 0
    return -(len(digits) - len(digits.rstrip("0")))


@dataclass(frozen=True)
class Tolerance:
    """The interval of values that support a claim: ``lo``/``hi`` with open or closed ends."""
    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False
    rule: str = ""

    def contains(self, v: float) -> bool:
        eps = 1e-9 * max(1.0, abs(v))
        above = v > self.lo + eps if self.lo_open else v >= self.lo - eps
        below = v < self.hi - eps if self.hi_open else v <= self.hi + eps
        return above and below

    def overlaps(self, lo: float, hi: float) -> bool:
        return lo <= self.hi and hi >= self.lo

    def text(self) -> str:
        def g(x):
            if math.isinf(x):
                return "inf"
            if abs(x) >= 10000:
                return f"{x:,.2f}".rstrip("0").rstrip(".")
            if x == round(x):
                return f"{x:.0f}"
            return f"{x:.6g}"
        return (f"{'(' if self.lo_open else '['}{g(self.lo)}, {g(self.hi)}"
                f"{')' if self.hi_open else ']'} ({self.rule})")


def tolerance(text: str | float, unit: str = "", hedge: str = "",
              places: int | None = None) -> Tolerance:
    """The tolerance interval of a claimed number under the precision rule (rules 1-3 and 5)."""
    hedge = (hedge or "").strip().lower()
    check_choice(hedge, HEDGES, "hedge", "tolerance")
    p = stated_places(text, unit) if places is None else check_integer(places, "places", "tolerance")
    x = float(str(text).replace(",", ""))
    h = 0.5 * 10.0 ** (-p)
    where = f"stated to {_unit_name(p)}"
    if hedge == "":
        if p == 0 and x == round(x) and _EXACT_UNIT.match(str(unit).strip()):
            return Tolerance(x - h, x + h, rule=f"exact {str(unit).strip()}")
        return Tolerance(x - h, x + h, rule=f"{where}: +/- {h:g}")
    if hedge in ("about", "or so"):
        t = max(h, 0.1 * abs(x))
        return Tolerance(x - t, x + t, rule=f"'{hedge}': +/- max(half-unit, 10%) = {t:g}")
    if hedge in ("nearly", "almost"):
        t = max(h, 0.1 * abs(x))
        return Tolerance(x - t, x, rule=f"'{hedge}': up to 10% below, not above")
    if hedge in ("more than", "over"):
        return Tolerance(x, math.inf, lo_open=True, rule=f"'{hedge}': above {_g(x)}")
    if hedge == "at least":
        return Tolerance(x, math.inf, rule=f"'{hedge}' / '-plus': {_g(x)} or more")
    if hedge == "more than a dozen":
        return Tolerance(13, 23, rule="'more than a dozen': 13 to 23")
    if hedge == "several":
        return Tolerance(3 * x, 10 * x, hi_open=True, rule="'several': 3 to under 10 times the unit")
    return Tolerance(2 * x, 10 * x, hi_open=True, rule="'hundreds of': 2 to under 10 times the unit")


def _unit_name(p: int) -> str:
    if p > 0:
        return f"{p} decimal{'s' if p > 1 else ''}"
    return {0: "the unit", -1: "the ten", -2: "the hundred", -3: "the thousand"}.get(
        p, f"10^{-p}")


def judge(ours: float | None, text: str | float, unit: str = "", hedge: str = "",
          places: int | None = None, interval: tuple[float, float] | None = None
          ) -> tuple[str, str]:
    """Apply the rule: ``('agree' | 'truncation' | 'within uncertainty' | 'disagree', how)``.

    ``interval`` is our value's 95% interval, where it has one (rule 6).
    """
    if ours is None or not math.isfinite(float(ours)):
        raise ParameterError(f"judge(): ours (our value) must be a finite number, got {ours!r}")
    if interval is not None and not (len(interval) == 2 and interval[0] <= interval[1]):
        raise ParameterError(f"judge(): interval must be (low, high) with low <= high, got {interval!r}")
    tol = tolerance(text, unit, hedge, places)
    ours = float(ours)
    if tol.contains(ours):
        return "agree", f"{_g(ours)} lies in {tol.text()}"
    p = stated_places(text, unit) if places is None else int(places)
    if not hedge and p > 0:
        unit_ = 10.0 ** (-p)
        x = float(str(text).replace(",", ""))
        trunc = math.trunc(ours / unit_ + math.copysign(1e-9, ours)) * unit_
        if abs(trunc - x) < 1e-9 * max(1.0, abs(x)):
            return "truncation", (f"{_g(ours)} lies outside {tol.text()}; the claim truncates "
                                  f"rather than rounds (rounded: {round(ours, p):.{max(p, 0)}f})")
    if interval is not None and tol.overlaps(*interval):
        return "within uncertainty", (f"{_g(ours)} lies outside {tol.text()}, but our 95% interval "
                                      f"[{_g(interval[0])}, {_g(interval[1])}] reaches it")
    return "disagree", f"{_g(ours)} lies outside {tol.text()}"


def _g(x: float) -> str:
    x = float(x)
    if x == round(x):
        return f"{x:,.0f}" if abs(x) >= 10000 else f"{x:.0f}"
    return f"{x:.6g}"


def rules_text() -> str:
    """The rule as text (this module's docstring)."""
    return __doc__ or ""


if __name__ == "__main__":
    print(rules_text())
