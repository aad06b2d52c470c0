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
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

__all__ = ["CHECKS", "STATUSES", "CheckResult", "agrees", "decimals", "register"]

STATUSES = ("confirmed", "confirmed-with-caveat", "contradicted", "unverifiable")


@dataclass(frozen=True)
class CheckResult:
    our_value: float | None
    status: str
    note: str = ""

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"unknown status '{self.status}'; use one of {STATUSES}")


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
    """Number of decimals a claimed value is stated with ('60.6' -> 1, '16' -> 0)."""
    text = str(value).strip()
    if "e" in text.lower():
        return 6
    return len(text.split(".")[1]) if "." in text else 0


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
