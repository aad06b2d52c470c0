"""Argument checks for the public model API: bad input fails loudly, naming the parameter.

Every public model function calls these on entry, so that an empty array, a NaN, a negative size,
a mismatched length, an out-of-range level or a fractional period is refused with a message that
says which argument is wrong and why, instead of returning a silent wrong result.
"""
from __future__ import annotations

import numbers
from typing import Any

import numpy as np

__all__ = [
    "ParameterError", "DegenerateFitError",
    "check_level", "check_finite", "check_positive", "check_nonnegative", "check_integer",
    "check_probability", "check_same_length", "check_min_size", "check_columns", "check_choice",
]


class ParameterError(ValueError):
    """An argument of a public function is outside what the function can handle."""


class DegenerateFitError(ValueError):
    """A model cannot be fitted meaningfully to these data (e.g. a constant series, one adopter)."""


def _name(name: str, func: str | None) -> str:
    return f"{func}(): {name}" if func else name


def check_level(level: Any, name: str = "level", func: str | None = None) -> float:
    """A confidence level strictly between 0 and 1."""
    try:
        value = float(level)
    except (TypeError, ValueError):
        raise ParameterError(f"{_name(name, func)} must be a number in (0, 1), got {level!r}") from None
    if not np.isfinite(value) or not 0 < value < 1:
        raise ParameterError(f"{_name(name, func)} must lie strictly between 0 and 1 "
                             f"(e.g. 0.95), got {level!r}")
    return value


def check_finite(values: Any, name: str, func: str | None = None, *, allow_empty: bool = False) -> np.ndarray:
    """A float array with no NaN or infinity (and, unless allowed, not empty)."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(f"{_name(name, func)} must be numeric, got {type(values).__name__}") from None
    if arr.size == 0 and not allow_empty:
        raise ParameterError(f"{_name(name, func)} is empty")
    bad = ~np.isfinite(arr)
    if bad.any():
        where = np.flatnonzero(bad.ravel())[:5].tolist()
        raise ParameterError(f"{_name(name, func)} has {int(bad.sum())} NaN or infinite value(s) "
                             f"(first at flat positions {where})")
    return arr


def check_positive(values: Any, name: str, func: str | None = None) -> np.ndarray:
    """Finite and strictly positive (scalars or arrays)."""
    arr = check_finite(values, name, func)
    if (arr <= 0).any():
        raise ParameterError(f"{_name(name, func)} must be > 0; "
                             f"{int((arr <= 0).sum())} value(s) are not (min {arr.min():g})")
    return arr


def check_nonnegative(values: Any, name: str, func: str | None = None) -> np.ndarray:
    """Finite and >= 0."""
    arr = check_finite(values, name, func)
    if (arr < 0).any():
        raise ParameterError(f"{_name(name, func)} must be >= 0; "
                             f"{int((arr < 0).sum())} value(s) are negative (min {arr.min():g})")
    return arr


def check_probability(values: Any, name: str, func: str | None = None) -> np.ndarray:
    """Finite and within [0, 1]."""
    arr = check_finite(values, name, func)
    if ((arr < 0) | (arr > 1)).any():
        raise ParameterError(f"{_name(name, func)} must lie in [0, 1]; got min {arr.min():g}, "
                             f"max {arr.max():g}")
    return arr


def check_integer(value: Any, name: str, func: str | None = None, *, minimum: int | None = None,
                  maximum: int | None = None) -> int:
    """A whole number (an integral float such as 3.0 is accepted; 2.5 is not), optionally bounded."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.integer, np.floating)):
        raise ParameterError(f"{_name(name, func)} must be a whole number, got {value!r}")
    if not np.isfinite(float(value)) or float(value) != int(value):
        raise ParameterError(f"{_name(name, func)} must be a whole number, got {value!r}")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ParameterError(f"{_name(name, func)} must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ParameterError(f"{_name(name, func)} must be <= {maximum}, got {value}")
    return value


def check_same_length(func: str | None = None, **arrays: Any) -> int:
    """All named arrays have the same length; returns it."""
    lengths = {k: len(v) for k, v in arrays.items()}
    if len(set(lengths.values())) > 1:
        detail = ", ".join(f"{k}={n}" for k, n in lengths.items())
        raise ParameterError(f"{func + '(): ' if func else ''}lengths differ: {detail}")
    return next(iter(lengths.values()), 0)


def check_min_size(values: Any, minimum: int, name: str, func: str | None = None,
                   what: str = "observations") -> None:
    """At least ``minimum`` elements (e.g. two units for a slope)."""
    n = len(values)
    if n < minimum:
        raise ParameterError(f"{_name(name, func)} has {n} {what}; at least {minimum} are needed")


def check_columns(frame: Any, columns: list[str] | tuple[str, ...], name: str = "frame",
                  func: str | None = None) -> None:
    """A DataFrame has the named columns."""
    missing = [c for c in columns if c not in getattr(frame, "columns", [])]
    if missing:
        raise ParameterError(f"{_name(name, func)} lacks column(s) {missing}; "
                             f"it has {list(getattr(frame, 'columns', []))}")


def check_choice(value: Any, choices: tuple | list, name: str, func: str | None = None) -> Any:
    """One of a fixed set of options."""
    if value not in choices:
        raise ParameterError(f"{_name(name, func)} must be one of {list(choices)}, got {value!r}")
    return value
