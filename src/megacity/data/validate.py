"""Schema checks for the compendium's tables.

A :class:`TableSchema` says what a tidy table must look like: which columns,
of which type and unit, within which range, and which columns form a unique
key.  :func:`validate` checks a DataFrame against it and raises
:class:`ValidationError` with a message that names the table, the column, the
offending rows and what to do about it.  Nothing is coerced silently: a value
that cannot be read as a number is an error, not a NaN.  Every problem of a
table is reported at once (the error's ``errors`` attribute lists them).

The schema files themselves are checked against a meta-schema
(:func:`check_schema_mapping`): a misspelt type, ``min: "0"``, ``columns:``
written as a list, a percentage column without a unit or a range, or a
placeholder source ("TODO", "example.com") is a :class:`SchemaError` that
names the file and the key.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

__all__ = [
    "COLUMN_TYPES",
    "ColumnSpec",
    "PLACEHOLDER",
    "RowRange",
    "SchemaError",
    "TableSchema",
    "ValidationError",
    "check_schema_mapping",
    "is_percentage",
    "validate",
]

#: Types a column may declare.  ``year`` is an integer in a plausible range,
#: ``share`` a percentage (0-100) unless the column sets other bounds.
COLUMN_TYPES = ("str", "int", "float", "year", "date", "bool", "category")

_MAX_ROWS_SHOWN = 8

#: Text that marks a source as not yet filled in.  A citation or URL matching it is refused.
PLACEHOLDER = re.compile(
    r"\b(?:TODO|TBD|TBC|FIXME|XXX+|placeholder|lorem\s+ipsum|citation\s+needed|to\s+be\s+(?:added|"
    r"filled|confirmed|determined)|fill\s+in|insert\s+(?:source|citation|url))\b"
    r"|(?:^|[/.@\s])example\.(?:com|org|net)\b|^\s*(?:\?+|-+|n/?a|none|unknown|source|url|\.\.\.)\s*$",
    re.IGNORECASE)

_NUMERIC = ("int", "float", "year")
_PCT_NAME = re.compile(r"(?:^|_)(?:pct|percent|percentage|share)(?:_|$)", re.IGNORECASE)


def is_percentage(name: str, unit: str | None) -> bool:
    """A column that holds a percentage or share: by its name (``*_pct``, ``*share*``) or unit (%)."""
    return bool(_PCT_NAME.search(name)) or (unit is not None and ("%" in unit or "percent" in unit.lower()))


class ValidationError(ValueError):
    """A table does not meet its schema.  The message says where and how to fix it.

    When a table has several problems, one error carries them all: ``errors``
    lists one :class:`ValidationError` per problem, and ``column``, ``rows``,
    ``problem`` and ``fix`` are those of the first.
    """

    def __init__(self, table: str, problem: str, *, column: str | None = None,
                 rows: Iterable[Any] | None = None, fix: str | None = None):
        self.table = table
        self.column = column
        self.rows = list(rows) if rows is not None else []
        self.problem = problem
        self.fix = fix
        self.errors: list[ValidationError] = [self]
        super().__init__(self._describe(with_table=True))

    def _describe(self, with_table: bool) -> str:
        where = f"table '{self.table}'" if with_table else ""
        if self.column is not None:
            where += (", " if where else "") + f"column '{self.column}'"
        msg = f"{where}: {self.problem}" if where else self.problem
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows[:_MAX_ROWS_SHOWN])
            more = len(self.rows) - _MAX_ROWS_SHOWN
            msg += f" (rows {shown}{f' and {more} more' if more > 0 else ''})"
        if self.fix:
            msg += f". Fix: {self.fix}"
        return msg

    @classmethod
    def collect(cls, table: str, errors: list["ValidationError"]) -> "ValidationError":
        """One error that reports every problem in ``errors`` (at least one)."""
        if len(errors) == 1:
            return errors[0]
        first = errors[0]
        out = cls.__new__(cls)
        out.table, out.column, out.rows = table, first.column, first.rows
        out.problem, out.fix, out.errors = first.problem, first.fix, list(errors)
        lines = [f"table '{table}': {len(errors)} problems"]
        lines += [f"  {i}. {e._describe(with_table=False)}" for i, e in enumerate(errors, 1)]
        ValueError.__init__(out, "\n".join(lines))
        return out


class SchemaError(ValidationError):
    """A schema file (``data/<name>.yml``) does not meet the meta-schema.

    ``problems`` lists (key path, problem) pairs; the message names the file and every key.
    """

    def __init__(self, table: str, source: str, problems: list[tuple[str, str]]):
        self.source = source
        self.problems = list(problems)
        text = "; ".join(f"{k or '(top level)'}: {p}" for k, p in self.problems)
        super().__init__(
            table, f"the schema file {source} is invalid: {text}",
            fix="correct the schema file at the key(s) named (see the meta-schema in "
                "megacity/data/validate.py)")


# --- the meta-schema -------------------------------------------------------------------------

_TOP = {  # key: (required, expected python types, description for messages)
    "title": (True, (str,), "a string"),
    "description": (False, (str,), "a string"),
    "key": (False, (list,), "a list of column names"),
    "license": (False, (str,), "a string"),
    "sources": (False, (list,), "a list of mappings with id, citation and url"),
    "notes": (False, (str,), "a string"),
    "columns": (True, (dict,), "a mapping of column name to its spec"),
    "row_ranges": (False, (list,), "a list of {when: {column: value}, column, unit, min, max}"),
    "lock": (False, (dict,), "a mapping {sha256, rows, compiler}"),
}
_COLUMN_KEYS = {"type": "a type name", "unit": "a string", "description": "a string",
                "required": "true or false", "nullable": "true or false", "min": "a number",
                "max": "a number", "allowed": "a list of values"}
_SOURCE_KEYS = {"id", "citation", "url"}


def _tname(value: Any) -> str:
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, bool):
        return f"the boolean {value}"
    if value is None:
        return "nothing (null)"
    return f"{type(value).__name__} {value!r}"[:80]


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def check_schema_mapping(meta: Any, *, name: str = "table") -> list[tuple[str, str]]:  # noqa: C901
    """Every way ``meta`` (a parsed schema file) breaks the meta-schema, as (key path, problem).

    Checks: required keys and their types; per column, known keys, a known type, numbers for
    ``min``/``max`` (``min <= max``, numeric columns only), booleans for ``required``/``nullable``,
    a list for ``allowed``; a percentage column declares a unit and both bounds; key columns
    exist; each source is a mapping with a citation, and no source or citation is a placeholder;
    a lock has a 64-hex sha256 and a row count.
    """
    out: list[tuple[str, str]] = []
    if not isinstance(meta, dict):
        return [("", f"expected a mapping of schema keys, got {_tname(meta)}")]
    for key, value in meta.items():
        if key not in _TOP:
            out.append((str(key), f"unknown schema key; allowed keys are {sorted(_TOP)}"))
            continue
        _, types, what = _TOP[key]
        if not isinstance(value, types):
            out.append((key, f"expected {what}, got {_tname(value)}"))
    for key, (required, _, what) in _TOP.items():
        if required and key not in meta:
            out.append((key, f"missing (expected {what})"))
    if isinstance(meta.get("license"), str) and PLACEHOLDER.search(meta["license"]):
        out.append(("license", f"placeholder text {meta['license']!r}: state the licence"))
    if isinstance(meta.get("title"), str) and not meta["title"].strip():
        out.append(("title", "empty"))

    cols = meta.get("columns")
    names: list[str] = []
    if isinstance(cols, dict):
        if not cols:
            out.append(("columns", "lists no columns"))
        for cname, spec in cols.items():
            names.append(str(cname))
            path = f"columns.{cname}"
            if spec is None:
                spec = {}
            if not isinstance(spec, dict):
                out.append((path, f"expected a mapping of column keys, got {_tname(spec)}"))
                continue
            for k, v in spec.items():
                if k not in _COLUMN_KEYS:
                    out.append((f"{path}.{k}", f"unknown column key; allowed keys are {sorted(_COLUMN_KEYS)}"))
            ctype = spec.get("type", "str")
            if ctype not in COLUMN_TYPES:
                out.append((f"{path}.type", f"unknown type {ctype!r}; use one of {list(COLUMN_TYPES)}"))
            for k in ("min", "max"):
                if k in spec:
                    if not _is_number(spec[k]):
                        out.append((f"{path}.{k}", f"expected a number, got {_tname(spec[k])}"))
                    elif ctype not in _NUMERIC:
                        out.append((f"{path}.{k}", f"bounds apply to numeric columns only; the type is {ctype!r}"))
            if _is_number(spec.get("min")) and _is_number(spec.get("max")) and spec["min"] > spec["max"]:
                out.append((f"{path}.min", f"min {spec['min']} is above max {spec['max']}"))
            for k in ("required", "nullable"):
                if k in spec and not isinstance(spec[k], bool):
                    out.append((f"{path}.{k}", f"expected true or false, got {_tname(spec[k])}"))
            for k in ("unit", "description"):
                if k in spec and not isinstance(spec[k], str):
                    out.append((f"{path}.{k}", f"expected a string, got {_tname(spec[k])}"))
            if "allowed" in spec and not (isinstance(spec["allowed"], list) and spec["allowed"]):
                out.append((f"{path}.allowed", f"expected a non-empty list, got {_tname(spec['allowed'])}"))
            if ctype == "category" and "allowed" not in spec:
                out.append((f"{path}.allowed", "a category column lists its allowed values"))
            unit = spec.get("unit") if isinstance(spec.get("unit"), str) else None
            if ctype in ("int", "float") and is_percentage(str(cname), unit):
                if not unit:
                    out.append((f"{path}.unit", "a percentage or share column declares its unit "
                                                "(e.g. '% of resident population')"))
                for k in ("min", "max"):
                    if k not in spec:
                        out.append((f"{path}.{k}", "a percentage or share column declares its range "
                                                   "(min and max, e.g. 0 and 100)"))
    elif "columns" in meta:
        pass  # reported above as a type error

    key = meta.get("key")
    if isinstance(key, list):
        for k in key:
            if not isinstance(k, str):
                out.append(("key", f"expected column names, got {_tname(k)}"))
            elif names and k not in names:
                out.append(("key", f"key column {k!r} is not among the columns"))

    sources = meta.get("sources")
    if isinstance(sources, list):
        for i, s in enumerate(sources):
            path = f"sources[{i}]"
            if not isinstance(s, dict):
                out.append((path, f"expected a mapping with id, citation and url, got {_tname(s)}"))
                continue
            for k, v in s.items():
                if k not in _SOURCE_KEYS:
                    out.append((f"{path}.{k}", f"unknown source key; allowed keys are {sorted(_SOURCE_KEYS)}"))
                elif not isinstance(v, str):
                    out.append((f"{path}.{k}", f"expected a string, got {_tname(v)}"))
                elif PLACEHOLDER.search(v) or not v.strip():
                    out.append((f"{path}.{k}", f"placeholder or empty source {v!r}: cite the real source"))
            if not (isinstance(s.get("citation"), str) and s["citation"].strip()):
                out.append((f"{path}.citation", "missing: every source has a citation"))
            url = s.get("url")
            if isinstance(url, str) and not re.match(r"^(https?|ftp)://[^\s/]+\.[^\s]+$|^doi:\S+$", url):
                out.append((f"{path}.url", f"not a URL: {url!r}"))

    ranges = meta.get("row_ranges")
    if isinstance(ranges, list):
        for i, r in enumerate(ranges):
            path = f"row_ranges[{i}]"
            if not isinstance(r, dict) or not isinstance(r.get("when"), dict) or "column" not in r:
                out.append((path, "expected {when: {column: value}, column: name, unit, min, max}"))
                continue
            for k in r:
                if k not in ("when", "column", "unit", "min", "max"):
                    out.append((f"{path}.{k}", "unknown key; allowed: when, column, unit, min, max"))
            for k in ("min", "max"):
                if k not in r or not _is_number(r[k]):
                    out.append((f"{path}.{k}", f"expected a number, got {_tname(r.get(k))}"))
            if not isinstance(r.get("unit"), str):
                out.append((f"{path}.unit", "a range declares its unit"))
            for c in [r["column"], *r["when"]]:
                if names and c not in names:
                    out.append((path, f"column {c!r} is not among the columns"))

    lock = meta.get("lock")
    if isinstance(lock, dict):
        if not (isinstance(lock.get("sha256"), str) and re.fullmatch(r"[0-9a-f]{64}", lock["sha256"])):
            out.append(("lock.sha256", f"expected a 64-digit hex sha256, got {_tname(lock.get('sha256'))}"))
        if not (isinstance(lock.get("rows"), int) and not isinstance(lock.get("rows"), bool)
                and lock["rows"] >= 0):
            out.append(("lock.rows", f"expected a row count, got {_tname(lock.get('rows'))}"))
        for k in lock:
            if k not in ("sha256", "rows", "compiler"):
                out.append((f"lock.{k}", "unknown key; allowed: sha256, rows, compiler"))
    return out


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a table: its type, unit, bounds and meaning."""

    name: str
    type: str = "str"
    unit: str | None = None
    description: str = ""
    required: bool = True          #: the column must be present
    nullable: bool = False         #: empty cells are allowed
    min: float | None = None
    max: float | None = None
    allowed: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.type not in COLUMN_TYPES:
            raise ValueError(
                f"column '{self.name}': unknown type '{self.type}'; use one of {COLUMN_TYPES}")
        for k in ("min", "max"):
            v = getattr(self, k)
            if v is not None and not _is_number(v):
                raise ValueError(f"column '{self.name}': {k} must be a number, got {v!r}")

    @classmethod
    def from_mapping(cls, name: str, spec: Mapping[str, Any]) -> "ColumnSpec":
        spec = dict(spec or {})
        allowed = spec.pop("allowed", None)
        unknown = set(spec) - {"type", "unit", "description", "required", "nullable", "min", "max"}
        if unknown:
            raise ValueError(f"column '{name}': unknown schema keys {sorted(unknown)}")
        return cls(name=name, allowed=tuple(allowed) if allowed is not None else None, **spec)


@dataclass(frozen=True)
class RowRange:
    """A range for one column in the rows that match ``when`` (for long tables whose rows mix
    units, e.g. ``value`` is a percentage where ``measure`` is ``share_pct``)."""

    when: Mapping[str, Any]
    column: str
    unit: str
    min: float
    max: float


@dataclass(frozen=True)
class TableSchema:
    """The schema of one table, with its key and provenance."""

    name: str
    columns: tuple[ColumnSpec, ...]
    key: tuple[str, ...] = ()
    title: str = ""
    description: str = ""
    sources: tuple[Mapping[str, Any], ...] = field(default_factory=tuple)
    license: str = ""
    notes: str = ""
    row_ranges: tuple[RowRange, ...] = ()
    lock: Mapping[str, Any] | None = None

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> ColumnSpec:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"table '{self.name}' has no column '{name}' in its schema")

    @classmethod
    def from_mapping(cls, name: str, meta: Mapping[str, Any], *,
                     source: str | None = None) -> "TableSchema":
        """Build a schema from a parsed schema file, after checking it against the meta-schema
        (:class:`SchemaError` naming ``source`` and every bad key)."""
        problems = check_schema_mapping(meta, name=name)
        if problems:
            raise SchemaError(name, source or f"{name}.yml", problems)
        cols = meta["columns"]
        return cls(
            name=name,
            title=meta.get("title", name),
            description=meta.get("description", ""),
            key=tuple(meta.get("key", ())),
            columns=tuple(ColumnSpec.from_mapping(c, s) for c, s in cols.items()),
            sources=tuple(meta.get("sources", ())),
            license=meta.get("license", ""),
            notes=meta.get("notes", ""),
            row_ranges=tuple(RowRange(**r) for r in meta.get("row_ranges", ()) or ()),
            lock=meta.get("lock"),
        )


def _row_labels(df: pd.DataFrame, mask: np.ndarray | pd.Series) -> list[Any]:
    """Human row numbers: the line in the CSV file (header is line 1)."""
    idx = np.flatnonzero(np.asarray(mask, dtype=bool))
    return [int(i) + 2 for i in idx]


def _coerce_numeric(df: pd.DataFrame, spec: ColumnSpec, table: str) -> pd.Series:
    s = df[spec.name]
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        return s
    as_text = s.astype("string").str.strip()
    num = pd.to_numeric(as_text, errors="coerce")
    bad = num.isna() & as_text.notna() & (as_text != "")
    if bad.any():
        examples = sorted(set(as_text[bad].astype(str)))[:3]
        raise ValidationError(
            table, f"non-numeric values {examples} in a {spec.type} column",
            column=spec.name, rows=_row_labels(df, bad),
            fix="write plain numbers (no units, thousands separators or notes in the cell); "
                "put comments in the notes column")
    return num


def _check_column(out: pd.DataFrame, spec: ColumnSpec, table: str, errors: list) -> bool:
    """Type, empty cells, range and allowed values of one column; problems go to ``errors``.
    Returns whether the column could be typed (then the typed column replaces the text one in
    ``out``).  Values that do not parse are reported, and the others are still range-checked."""
    col = out[spec.name]
    empty = col.isna() | (col.astype("string").str.strip() == "")
    if empty.any() and not spec.nullable:
        errors.append(ValidationError(
            table, "empty cells in a column that may not be empty",
            column=spec.name, rows=_row_labels(out, empty),
            fix="fill the value from its source, or mark the column nullable in the schema "
                "if absence is meaningful"))

    if spec.type in _NUMERIC:
        typed = True
        try:
            num = _coerce_numeric(out, spec, table)
        except ValidationError as exc:
            errors.append(exc)
            typed = False
            num = pd.to_numeric(col.astype("string").str.strip(), errors="coerce")
        num = num.astype("float64")
        if spec.type in ("int", "year"):
            frac = num.notna() & (num != np.round(num))
            if frac.any():
                errors.append(ValidationError(table, f"non-integer values in an {spec.type} column",
                                              column=spec.name, rows=_row_labels(out, frac),
                                              fix="integers only"))
                typed = False
                num = num.where(~frac)
        else:
            inf = num.notna() & ~np.isfinite(num.to_numpy(dtype=float, na_value=0.0))
            if inf.any():
                errors.append(ValidationError(table, "infinite values", column=spec.name,
                                              rows=_row_labels(out, inf),
                                              fix="write the finite value from the source"))
                num = num.where(~inf)
        lo = spec.min if spec.min is not None else (1800 if spec.type == "year" else None)
        hi = spec.max if spec.max is not None else (2100 if spec.type == "year" else None)
        if lo is not None:
            low = num.notna() & (num < lo)
            if low.any():
                errors.append(ValidationError(
                    table, f"values below the minimum {lo}"
                           f"{f' {spec.unit}' if spec.unit else ''}",
                    column=spec.name, rows=_row_labels(out, low),
                    fix=f"check the unit (expected {spec.unit or 'as documented'}) and the source"))
        if hi is not None:
            high = num.notna() & (num > hi)
            if high.any():
                errors.append(ValidationError(
                    table, f"values above the maximum {hi}"
                           f"{f' {spec.unit}' if spec.unit else ''}",
                    column=spec.name, rows=_row_labels(out, high),
                    fix=f"check the unit (expected {spec.unit or 'as documented'}; "
                        "a share given as a fraction or a count in the wrong unit is the usual cause)"))
        if typed:
            out[spec.name] = num.astype("Int64") if spec.type in ("int", "year") else num
        return typed
    elif spec.type == "date":
        parsed = pd.to_datetime(out[spec.name], errors="coerce", format="ISO8601")
        bad = parsed.isna() & ~empty
        if bad.any():
            errors.append(ValidationError(table, "values that are not ISO dates (YYYY-MM-DD)",
                                          column=spec.name, rows=_row_labels(out, bad),
                                          fix="write dates as YYYY-MM-DD"))
            return False
        out[spec.name] = parsed
    elif spec.type == "bool":
        mapping = {"true": True, "false": False, "1": True, "0": False}
        text = out[spec.name].astype("string").str.strip().str.lower()
        bad = ~text.isin(list(mapping)) & ~empty
        if bad.any():
            errors.append(ValidationError(table, "values that are not true/false",
                                          column=spec.name, rows=_row_labels(out, bad),
                                          fix="write true or false"))
            return False
        out[spec.name] = text.map(mapping).astype("boolean")
    else:
        out[spec.name] = out[spec.name].astype("string")

    if spec.allowed is not None:
        text = out[spec.name].astype("string")
        bad = ~text.isin(list(spec.allowed)) & ~empty
        if bad.any():
            found = sorted(set(text[bad].astype(str)))[:5]
            errors.append(ValidationError(table, f"values {found} not among the allowed {list(spec.allowed)}",
                                          column=spec.name, rows=_row_labels(out, bad),
                                          fix="use one of the allowed values or extend the schema"))
            return False
        if spec.type == "category":
            out[spec.name] = pd.Categorical(out[spec.name], categories=list(spec.allowed))
    return True


def validate(df: pd.DataFrame, schema: TableSchema, *, strict_columns: bool = True,
             cited: bool = False) -> pd.DataFrame:
    """Check ``df`` against ``schema`` and return a typed copy.

    Raises one :class:`ValidationError` that lists every problem found: missing
    columns, unexpected columns (if ``strict_columns``), and per column its type,
    empty cells, range and allowed values; then row ranges and duplicate keys.
    An empty table is refused at once.  With ``cited``, a ``source`` cell that is
    a placeholder ("TODO", "example.com") is an error too.
    """
    table = schema.name
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"table '{table}': expected a DataFrame, got {type(df).__name__}")
    if len(df) == 0:
        raise ValidationError(table, "the table has no rows",
                              fix="check that the file is complete; an empty table is never valid")

    errors: list[ValidationError] = []
    missing = [c.name for c in schema.columns if c.required and c.name not in df.columns]
    if missing:
        errors.append(ValidationError(
            table, f"missing column(s) {missing}; found {list(df.columns)}",
            column=missing[0],
            fix="restore the column (check the header spelling) or update the schema file"))
    if strict_columns:
        extra = [c for c in df.columns if c not in schema.column_names]
        if extra:
            errors.append(ValidationError(
                table, f"column(s) {extra} are not in the schema", column=extra[0],
                fix="add them to the table's schema (type, unit, description) or drop them"))

    out = df.copy()
    failed: set[str] = set()
    for spec in schema.columns:
        if spec.name not in out.columns:
            continue
        if not _check_column(out, spec, table, errors):
            failed.add(spec.name)

    if cited and "source" in out.columns:
        text = out["source"].astype("string").fillna("")
        bad = text.str.contains(PLACEHOLDER, na=False)
        if bad.any():
            found = sorted(set(text[bad].astype(str)))[:3]
            errors.append(ValidationError(
                table, f"placeholder sources {found}", column="source", rows=_row_labels(out, bad),
                fix="cite the public source of each row (URL and title)"))

    for rr in schema.row_ranges:
        cols = [rr.column, *rr.when]
        if any(c not in out.columns or c in failed for c in cols):
            continue
        mask = pd.Series(True, index=out.index)
        for c, v in rr.when.items():
            mask &= out[c].astype("string") == str(v)
        num = pd.to_numeric(out[rr.column], errors="coerce")
        bad = mask & num.notna() & ((num < rr.min) | (num > rr.max))
        if bad.any():
            cond = ", ".join(f"{c} = {v}" for c, v in rr.when.items())
            errors.append(ValidationError(
                table, f"values outside [{rr.min}, {rr.max}] {rr.unit} where {cond}",
                column=rr.column, rows=_row_labels(out, bad),
                fix=f"check the unit (expected {rr.unit}) and the source"))

    if schema.key:
        absent = [k for k in schema.key if k not in out.columns]
        if absent:
            errors.append(ValidationError(table, f"key column(s) {absent} are missing",
                                          column=absent[0], fix="restore the key columns"))
        elif not failed.intersection(schema.key):
            dup = out.duplicated(list(schema.key), keep=False)
            if dup.any():
                examples = out.loc[dup, list(schema.key)].drop_duplicates().head(3).to_dict("records")
                errors.append(ValidationError(
                    table, f"duplicate key {list(schema.key)}: {examples}",
                    column=schema.key[0], rows=_row_labels(out, dup),
                    fix="each key must appear once; merge the rows or add a distinguishing key column"))
    if errors:
        raise ValidationError.collect(table, errors)
    return out
