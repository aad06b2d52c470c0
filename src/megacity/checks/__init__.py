"""Checks that evaluate the seed documents' quantitative claims.

A check is a function ``f(claimed, params) -> CheckResult`` registered under a
name with :func:`register`.  Each row of ``data/claims.csv`` names its check and
passes parameters as JSON; :mod:`megacity.claims` runs them.  One module per
part of the book holds its checks; importing this package imports them all.

Status vocabulary (:data:`STATUSES`):

* ``confirmed``: a sourced value or our computation agrees at the precision of the claim;
* ``confirmed-with-caveat``: it agrees, but only under a stated vintage, definition or rounding;
* ``contradicted``: the sources or our computation disagree beyond that precision;
* ``unverifiable``: no public source in hand can settle it (the note says what would).

The precision rule that decides "agrees", and the evidence vocabulary beside the status, are
written in :mod:`megacity.precision`; :func:`agrees` applies the rule's rounding part (rules 1-3).
A check may set :attr:`CheckResult.evidence`; otherwise :mod:`megacity.claims` classifies the
result by the check's kind of source.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

from ..precision import EVIDENCE, STATUSES, judge, stated_places, tolerance

__all__ = ["CHECKS", "EVIDENCE", "STATUSES", "CheckResult", "agrees", "decimals", "judge",
           "places_of", "register", "stated_places", "tolerance"]


@dataclass(frozen=True)
class CheckResult:
    our_value: float | None
    status: str
    note: str = ""
    evidence: str | None = None

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"unknown status '{self.status}'; use one of {STATUSES}")
        if self.evidence is not None and self.evidence not in EVIDENCE:
            raise ValueError(f"unknown evidence '{self.evidence}'; use one of {EVIDENCE}")


CheckFn = Callable[[float | None, dict[str, Any]], CheckResult]
CHECKS: dict[str, CheckFn] = {}


def register(name: str) -> Callable[[CheckFn], CheckFn]:
    """Register a check function under ``name`` (names are unique)."""
    def deco(fn: CheckFn) -> CheckFn:
        if name in CHECKS and CHECKS[name] is not fn:
            raise ValueError(f"a check named '{name}' is already registered")
        CHECKS[name] = fn
        return fn
    return deco


def decimals(value: float | str) -> int:
    """Number of decimals a claimed value is stated with ('60.6' -> 1, '16' -> 0).

    Kept for the checks whose claims are all decimals or exact integers; :func:`places_of`
    applies the whole rule (trailing zeros, identifiers, a row's stated precision).
    """
    text = str(value).strip()
    if "e" in text.lower():
        return 6
    return len(text.split(".")[1]) if "." in text else 0


def places_of(params: dict, claimed: float | str) -> int:
    """The places a claim is judged at: the row's stated ``places``, else :func:`stated_places`
    of its text and unit (precision rules 1-3)."""
    if "places" in params:
        return int(params["places"])
    return stated_places(params.get("claimed_text", claimed), params.get("unit", ""))


def agrees(claimed: float, ours: float, places: int | None = None, slack: float = 0.0) -> bool:
    """True when ``ours`` rounds to ``claimed`` at the claim's precision.

    ``places`` is the number of decimals of the claim; the tolerance is half a
    unit in the last place (plus ``slack`` for checks that justify one).
    """
    if ours is None or claimed is None or (isinstance(ours, float) and math.isnan(ours)):
        return False
    places = decimals(claimed) if places is None else places
    return abs(float(claimed) - float(ours)) <= 0.5 * 10 ** (-places) + 1e-12 + slack


# Import the modules that register checks (kept at the end: they import from here).
from . import urbanization  # noqa: E402,F401
from . import zhejiang  # noqa: E402,F401
from . import seeds  # noqa: E402,F401
from . import scaling  # noqa: E402,F401
from . import diffusion  # noqa: E402,F401
