"""Helpers for putting computed numbers and tables into the book.

* :func:`glue` stores one number for ``{glue:text}`name``` in the prose and returns nothing, so a
  glue cell prints nothing on the page.
* :func:`glue_many` glues a whole mapping (a results object's ``as_dict()``, a row of a table) under
  one prefix in a single call.
* :func:`table` turns a DataFrame into a table for people: a caption, human headers with units, no
  index column, formatted numbers and years as integers.  In the HTML book its caption is numbered
  ("Table 1.", "Table 2.", ... on each page, by CSS counters in ``book/_static/custom.css``) and a
  wide table scrolls inside its own box.
* :func:`interactive_table` is the same for a long table that readers search, filter and sort
  (the claims ledger): an itables DataTable that carries its JavaScript with it, so it works with
  no network, in the HTML book and in JupyterLab alike, with status columns coloured.

Outside a Jupyter Book build (plain Jupyter, Colab without ``myst-nb``) :func:`glue` still works:
it keeps the value in :data:`GLUED` so that a reader can look it up (``report.GLUED["name"]``).
"""
from __future__ import annotations

import numbers
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

__all__ = ["GLUED", "STATUS_COLOURS", "glue", "glue_many", "glued_table", "human_header",
           "interactive_table", "table"]

#: Every value glued in this kernel, by name (also filled when myst-nb is not installed).
GLUED: dict[str, object] = {}


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
    value = _plain(value)
    _check_glue(name, value)
    if type(value).__name__ == "Figure" and hasattr(value, "canvas"):
        from . import plots

        if plots.figure_checks_enabled():      # MEGACITY_CHECK_FIGURES=1: no overprinted text
            plots.check_figure(value)
    GLUED[name] = value
    try:
        from myst_nb import glue as _glue
    except ImportError:        # plain Jupyter or Colab: nothing to glue into; value kept in GLUED
        if display:
            from IPython.display import display as _show

            _show(value)
        return None
    _glue(name, value, display=display)
    return None


def glued_table(prefix: str = "") -> pd.DataFrame:
    """Every value glued so far in this kernel (optionally only names starting with ``prefix``).

    In JupyterLab a ``{glue:text}`` role shows the glued *name*, not the number (jupyterlab-myst
    does not read myst-nb's glue); after running a chapter, this table gives the numbers.
    """
    if not isinstance(prefix, str):
        raise TypeError(f"prefix must be a string, got {type(prefix).__name__}")
    rows = [(k, v) for k, v in GLUED.items() if k.startswith(prefix)
            and isinstance(v, (str, bool, int, float, type(None)))]
    return pd.DataFrame(rows, columns=["name", "value"])


def _safe_key(key) -> str:
    return re.sub(r"[^0-9A-Za-z_]+", "_", str(key)).strip("_").lower()


def glue_many(prefix: str, values: Mapping | pd.Series, display: bool = False) -> list[str]:
    """Glue every item of a mapping as ``{prefix}_{key}`` (keys made identifier-safe).

    Two keys that clean to the same name (``"ci low"`` and ``"ci-low"``) would overwrite each
    other; that, and any bad value, is refused before anything is glued.  A results object may hold
    an undefined number (a Wald bound at a boundary, a time never reached): a NaN or infinite value
    is *not glued* and its name is returned, so a prose reference to it fails the build loudly
    (unknown glue key) instead of printing "nan"."""
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
    skipped = [full for full, key in names.items() if _undefined(_plain(values[key]))]
    for full, key in names.items():
        if full not in skipped:
            _check_glue(full, _plain(values[key]))
    for full, key in names.items():
        if full not in skipped:
            glue(full, values[key], display=display)
    return skipped


def _undefined(value) -> bool:
    return (isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))
            and not np.isfinite(float(value)))


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


#: Background colours of the claims ledger's statuses (also classes ``status-<status>`` in
#: ``book/_static/custom.css``); colour-blind-safe pastel pairs with a text label always shown.
STATUS_COLOURS = {
    "confirmed": "#d8f0dc",
    "confirmed-with-caveat": "#fdf1cf",
    "contradicted": "#f8d7d7",
    "unverifiable": "#e6e6e6",
}

_BUNDLE_EMITTED = False


def _status_badge(value) -> str:
    import html

    text = "" if pd.isna(value) else str(value)
    key = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    colour = STATUS_COLOURS.get(key, "transparent")
    return (f'<span class="status-badge status-{key}" style="background:{colour};'
            f'padding:0.05rem 0.4rem;border-radius:0.25rem;white-space:nowrap">'
            f"{html.escape(text)}</span>")


class InteractiveTable:
    """An itables DataTable with its caption; ``_repr_html_`` is the whole, offline HTML."""

    def __init__(self, html: str, frame: pd.DataFrame, caption: str):
        self.html, self.frame, self.caption = html, frame, caption

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:   # text/plain: what nbval and a terminal see
        return f"<interactive table: {self.caption} ({len(self.frame)} rows)>"


def interactive_table(frame: pd.DataFrame, caption: str, *,
                      columns: Mapping[str, str] | None = None,
                      status_column: str | None = None,
                      table_id: str | None = None,
                      page_length: int = 10,
                      column_filters: bool = True,
                      digits: int = 3) -> InteractiveTable:
    """A searchable, sortable, filterable table that works offline (itables, no CDN).

    ``frame`` is shown whole: every row and every character of every cell (no downsampling, long
    text wraps).  ``columns`` maps column names to reader headers as in :func:`table`;
    ``status_column`` names a column of ledger statuses, shown first (so it stays on screen on a
    phone) and coloured by :data:`STATUS_COLOURS`.  ``table_id`` fixes the HTML id, so that
    re-executing the notebook does not change its stored output.  The DataTables library is
    embedded in the first interactive table a kernel shows (about 0.7 MB, once per notebook).
    Numbers stay numbers (so they sort as numbers): whole floats become integers, other floats are
    rounded to ``digits`` decimals.
    """
    global _BUNDLE_EMITTED
    import html as _html

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"interactive_table() takes a DataFrame, got {type(frame).__name__}")
    if not isinstance(caption, str) or not caption.strip():
        raise ValueError("interactive_table: caption must be a non-empty string")
    if status_column is not None and status_column not in frame.columns:
        raise KeyError(f"interactive_table: status_column {status_column!r} is not a column "
                       f"(columns: {', '.join(map(str, frame.columns))})")
    if not isinstance(digits, int) or digits < 0:
        raise ValueError(f"interactive_table: digits must be a non-negative integer, got {digits!r}")
    if not isinstance(page_length, int) or page_length < 1:
        raise ValueError(f"interactive_table: page_length must be a positive integer, got {page_length!r}")
    if table_id is not None and not re.fullmatch(r"[A-Za-z][\w-]*", table_id):
        raise ValueError(f"interactive_table: table_id {table_id!r} must be a letter then letters, "
                         "digits, '_' or '-'")
    from itables import to_html_datatable
    from itables.javascript import generate_init_offline_itables_html
    from itables import options as itables_options

    df = frame.reset_index(drop=True).copy()
    order = list(df.columns)
    if status_column is not None:
        order = [status_column] + [c for c in order if c != status_column]
        df = df[order]
    for col in df.columns:
        if col == status_column:
            df[col] = df[col].map(_status_badge)
        elif _is_year_column(col, df[col]):
            df[col] = df[col].map(lambda v: "–" if pd.isna(v) else f"{int(v)}")
        elif pd.api.types.is_float_dtype(df[col]):
            v = df[col].dropna()
            df[col] = df[col].astype("Int64") if len(v) and (v % 1 == 0).all() else df[col].round(digits)
        elif df[col].dtype == object or pd.api.types.is_string_dtype(df[col]):
            df[col] = df[col].map(lambda v: "" if pd.isna(v) else _html.escape(str(v)))
    df.columns = [(columns or {}).get(c, human_header(c)) for c in order]

    table_html = to_html_datatable(
        df, caption=caption, connected=False, table_id=table_id, allow_html=True,
        showIndex=False, maxBytes=0, pageLength=page_length,
        lengthMenu=[page_length, 25, 50, 100, -1] if page_length not in (25, 50, 100) else [10, 25, 50, 100, -1],
        classes="display compact megacity-interactive",
        column_filters="footer" if column_filters else False,
    )
    parts = []
    if not _BUNDLE_EMITTED:
        parts.append(generate_init_offline_itables_html(itables_options.dt_bundle))
        _BUNDLE_EMITTED = True
    parts.append('<div class="megacity-interactive-wrap">' + table_html + "</div>")
    return InteractiveTable("\n".join(parts), frame, caption)
