"""Helpers for putting computed numbers and tables into the book.

* :func:`glue` stores one number for ``{glue:text}`name``` in the prose and returns nothing, so a
  glue cell prints nothing on the page.
* :func:`glue_many` glues a whole mapping (a results object's ``as_dict()``, a row of a table) under
  one prefix in a single call.
* :func:`table` turns a DataFrame into a table for people: a caption, human headers with units, no
  index column, formatted numbers and years as integers.
"""
from __future__ import annotations

import numbers
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

__all__ = ["glue", "glue_many", "table", "human_header"]


def _plain(value):
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    return value


_GLUE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")


def _check_glue(name, value) -> None:
    from .args import ParameterError

    if not isinstance(name, str) or not _GLUE_NAME.fullmatch(name):
        raise ParameterError(f"glue(): name must be an identifier-like string (letters, digits, "
                             f"_ . -, not starting with a digit), got {name!r}")
    if isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)) \
            and not np.isfinite(float(value)):
        raise ParameterError(f"glue(): the value for {name!r} is {value!r}: a missing or infinite "
                             f"number would print as 'nan'/'inf' in the prose. Compute it, or "
                             f"glue a sentence that says it is not available")


def glue(name: str, value, display: bool = False) -> None:
    """``myst_nb.glue`` with numpy scalars turned into Python numbers; returns ``None``.

    myst-nb formats ``{glue:text}`name:.2f``` from the stored text/plain repr, which for a numpy
    scalar is ``np.float64(...)`` and cannot be formatted; this wrapper stores ``float``/``int``.
    A NaN or infinite number, or a name the prose cannot reference, is a ParameterError.
    """
    from myst_nb import glue as _glue

    value = _plain(value)
    _check_glue(name, value)
    _glue(name, value, display=display)


def _safe_key(key) -> str:
    return re.sub(r"[^0-9A-Za-z_]+", "_", str(key)).strip("_").lower()


def glue_many(prefix: str, values: Mapping | pd.Series, display: bool = False) -> None:
    """Glue every item of a mapping as ``{prefix}_{key}`` (keys made identifier-safe).

    Two keys that clean to the same name (``"ci low"`` and ``"ci-low"``) would overwrite each
    other; that, and any bad value, is refused before anything is glued."""
    from .args import ParameterError

    if isinstance(values, pd.Series):
        values = values.to_dict()
    if not isinstance(values, Mapping):
        raise ParameterError(f"glue_many(): values must be a mapping or a Series, got "
                             f"{type(values).__name__}")
    names: dict[str, object] = {}
    for key in values:
        safe = _safe_key(key)
        full = f"{prefix}_{safe}" if prefix else safe
        if full in names:
            raise ParameterError(f"glue_many(): keys {names[full]!r} and {key!r} both become "
                                 f"{full!r}; rename one")
        names[full] = key
    for full, key in names.items():
        _check_glue(full, _plain(values[key]))
    for full, key in names.items():
        glue(full, values[key], display=display)


_ACRONYMS = {"gdp": "GDP", "ci": "CI", "se": "SE", "ols": "OLS", "nls": "NLS", "ppml": "PPML",
             "nbs": "NBS", "id": "ID", "ks": "KS", "aic": "AIC", "bic": "BIC", "rmse": "RMSE",
             "sami": "SAMI", "mca": "MCA", "who": "WHO", "wdi": "WDI", "fe": "FE", "re": "RE"}


def human_header(name: str) -> str:
    """``pop_2020_millions`` -> ``Pop 2020 millions``; known acronyms stay upper case."""
    words = re.split(r"[_\s]+", str(name).strip())
    out = [_ACRONYMS.get(w.lower(), w) for w in words if w]
    if out and out[0] == out[0].lower():
        out[0] = out[0][:1].upper() + out[0][1:]
    return " ".join(out)


def _is_year_column(name: str, series: pd.Series) -> bool:
    if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        return False
    if not re.search(r"(^|[_\s])(year|years|since|from|to|start|end)([_\s]|$)", str(name), re.I) \
            and str(name).lower() not in {"year", "yr"}:
        return False
    v = series.dropna()
    return len(v) > 0 and bool(((v % 1 == 0) & (v >= 1800) & (v <= 2100)).all())


def table(frame: pd.DataFrame, caption: str, *, columns: Mapping[str, str] | None = None,
          formats: Mapping[str, str] | None = None, digits: int = 2, table_id: str | None = None,
          index: bool = False):
    """A pandas Styler for the page: caption, human headers, no index, formatted numbers.

    ``columns`` maps column names to reader headers (with units, e.g. ``"Population (millions)"``);
    columns not named get :func:`human_header`.  ``formats`` maps a column to a format string
    (``"{:,.0f}"``); otherwise integers get thousands separators, floats ``digits`` decimals, year
    columns print as integers and missing values as an en dash.
    """
    from .args import ParameterError, check_integer

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"table() takes a DataFrame, got {type(frame).__name__}")
    if not isinstance(caption, str) or not caption.strip():
        raise ParameterError("table(): caption must be a sentence for the reader, got "
                             f"{caption!r}")
    check_integer(digits, "digits", "table", minimum=0, maximum=12)
    # with index=True the index becomes a column (named "index" when it has no name)
    df = frame.reset_index() if index else frame.reset_index(drop=True)
    for what, mapping in (("columns", columns), ("formats", formats)):
        unknown = [c for c in (mapping or {}) if c not in df.columns]
        if unknown:
            raise ParameterError(f"table(): {what} names {unknown}, which are not columns of the "
                                 f"frame ({list(df.columns)}); check the spelling")
    formats = dict(formats or {})
    fmt: dict[str, object] = {}
    for col in df.columns:
        s = df[col]
        if col in formats:
            fmt[col] = formats[col]
        elif _is_year_column(col, s):
            fmt[col] = lambda v: "–" if pd.isna(v) else f"{int(v)}"
        elif pd.api.types.is_bool_dtype(s):
            fmt[col] = lambda v: "yes" if v else "no"
        elif pd.api.types.is_integer_dtype(s):
            fmt[col] = lambda v: "–" if pd.isna(v) else f"{int(v):,}"
        elif pd.api.types.is_float_dtype(s):
            if len(s.dropna()) and (s.dropna() % 1 == 0).all() and s.dropna().abs().max() >= 1000:
                fmt[col] = lambda v: "–" if pd.isna(v) else f"{v:,.0f}"
            else:
                fmt[col] = (lambda d: (lambda v: "–" if pd.isna(v) else f"{v:,.{d}f}"))(digits)
    headers = {c: (columns or {}).get(c, human_header(c)) for c in df.columns}
    styler = df.style.format(fmt, na_rep="–").hide(axis="index").set_caption(caption)
    styler = styler.relabel_index([headers[c] for c in df.columns], axis="columns")
    styler = styler.set_table_attributes('class="megacity-table"')
    if table_id:
        styler = styler.set_uuid(table_id)
    return styler
