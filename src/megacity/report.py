"""Helpers for putting computed numbers into the book's prose."""
from __future__ import annotations

import numbers

import numpy as np

__all__ = ["glue"]


def glue(name: str, value, display: bool = False):
    """``myst_nb.glue`` for numbers and figures, with numpy scalars turned into Python numbers.

    myst-nb formats ``{glue:text}`name:.2f``` from the stored text/plain repr, which for a numpy
    scalar is ``np.float64(...)`` and cannot be formatted; this wrapper stores ``float``/``int``.
    """
    from myst_nb import glue as _glue

    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = int(value)
    elif isinstance(value, numbers.Real) and not isinstance(value, bool):
        value = float(value)
    _glue(name, value, display=display)
    return value
