"""Schema checks for the compendium's tables.

A :class:`TableSchema` says what a tidy table must look like: which columns,
of which type and unit, within which range, and which columns form a unique
key.  :func:`validate` checks a DataFrame against it and raises
:class:`ValidationError` with a message that names the table, the column, the
offending rows and what to do about it.  Nothing is coerced silently: a value
that cannot be read as a number is an error, not a NaN.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

__all__ = [
    "ColumnSpec",
    "TableSchema",
    "ValidationError",
    "validate",
]

#: Types a column may declare.  ``year`` is an integer in a plausible range,
#: ``share`` a percentage (0-100) unless the column sets other bounds.
COLUMN_TYPES = ("str", "int", "float", "year", "date", "bool", "category")

_MAX_ROWS_SHOWN = 8


class ValidationError(ValueError):
    """A table does not meet its schema.  The message says where and how to fix it."""

    def __init__(self, table: str, problem: str, *, column: str | None = None,
                 rows: Iterable[Any] | None = None, fix: str | None = None):
        self.table = table
        self.column = column
        self.rows = list(rows) if rows is not None else []
        self.problem = problem
        self.fix = fix
        where = f"table '{table}'"
        if column is not None:
            where += f", column '{column}'"
        msg = f"{where}: {problem}"
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows[:_MAX_ROWS_SHOWN])
            more = len(self.rows) - _MAX_ROWS_SHOWN
            msg += f" (rows {shown}{f' and {more} more' if more > 0 else ''})"
        if fix:
            msg += f". Fix: {fix}"
        super().__init__(msg)


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

    @classmethod
    def from_mapping(cls, name: str, spec: Mapping[str, Any]) -> "ColumnSpec":
        spec = dict(spec or {})
        allowed = spec.pop("allowed", None)
        unknown = set(spec) - {"type", "unit", "description", "required", "nullable", "min", "max"}
        if unknown:
            raise ValueError(f"column '{name}': unknown schema keys {sorted(unknown)}")
        return cls(name=name, allowed=tuple(allowed) if allowed is not None else None, **spec)


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

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> ColumnSpec:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"table '{self.name}' has no column '{name}' in its schema")

    @classmethod
    def from_mapping(cls, name: str, meta: Mapping[str, Any]) -> "TableSchema":
        cols = meta.get("columns")
        if not cols:
            raise ValueError(f"table '{name}': the schema lists no columns")
        return cls(
            name=name,
            title=meta.get("title", name),
            description=meta.get("description", ""),
            key=tuple(meta.get("key", ())),
            columns=tuple(ColumnSpec.from_mapping(c, s) for c, s in cols.items()),
            sources=tuple(meta.get("sources", ())),
            license=meta.get("license", ""),
            notes=meta.get("notes", ""),
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


def validate(df: pd.DataFrame, schema: TableSchema, *, strict_columns: bool = True) -> pd.DataFrame:
    """Check ``df`` against ``schema`` and return a typed copy.

    Raises :class:`ValidationError` on the first problem found, in this order:
    empty table, missing columns, unexpected columns (if ``strict_columns``),
    types, empty cells, ranges and allowed values, duplicate keys.
    """
    table = schema.name
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"table '{table}': expected a DataFrame, got {type(df).__name__}")
    if len(df) == 0:
        raise ValidationError(table, "the table has no rows",
                              fix="check that the file is complete; an empty table is never valid")

    missing = [c.name for c in schema.columns if c.required and c.name not in df.columns]
    if missing:
        raise ValidationError(
            table, f"missing column(s) {missing}; found {list(df.columns)}",
            column=missing[0],
            fix="restore the column (check the header spelling) or update the schema file")
    if strict_columns:
        extra = [c for c in df.columns if c not in schema.column_names]
        if extra:
            raise ValidationError(
                table, f"column(s) {extra} are not in the schema", column=extra[0],
                fix="add them to the table's schema (type, unit, description) or drop them")

    out = df.copy()
    for spec in schema.columns:
        if spec.name not in out.columns:
            continue
        col = out[spec.name]
        empty = col.isna() | (col.astype("string").str.strip() == "")
        if empty.any() and not spec.nullable:
            raise ValidationError(
                table, "empty cells in a column that may not be empty",
                column=spec.name, rows=_row_labels(out, empty),
                fix="fill the value from its source, or mark the column nullable in the schema "
                    "if absence is meaningful")

        if spec.type in ("int", "float", "year"):
            num = _coerce_numeric(out, spec, table)
            if spec.type in ("int", "year"):
                frac = num.notna() & (num != np.round(num))
                if frac.any():
                    raise ValidationError(table, f"non-integer values in an {spec.type} column",
                                          column=spec.name, rows=_row_labels(out, frac),
                                          fix="integers only")
                num = num.astype("Int64")
            else:
                num = num.astype("float64")
            lo = spec.min if spec.min is not None else (1800 if spec.type == "year" else None)
            hi = spec.max if spec.max is not None else (2100 if spec.type == "year" else None)
            if lo is not None:
                low = num.notna() & (num < lo)
                if low.any():
                    raise ValidationError(
                        table, f"values below the minimum {lo}"
                               f"{f' {spec.unit}' if spec.unit else ''}",
                        column=spec.name, rows=_row_labels(out, low),
                        fix=f"check the unit (expected {spec.unit or 'as documented'}) and the source")
            if hi is not None:
                high = num.notna() & (num > hi)
                if high.any():
                    raise ValidationError(
                        table, f"values above the maximum {hi}"
                               f"{f' {spec.unit}' if spec.unit else ''}",
                        column=spec.name, rows=_row_labels(out, high),
                        fix=f"check the unit (expected {spec.unit or 'as documented'}; "
                            "a share given as a fraction or a count in the wrong unit is the usual cause)")
            out[spec.name] = num
        elif spec.type == "date":
            parsed = pd.to_datetime(out[spec.name], errors="coerce", format="ISO8601")
            bad = parsed.isna() & ~empty
            if bad.any():
                raise ValidationError(table, "values that are not ISO dates (YYYY-MM-DD)",
                                      column=spec.name, rows=_row_labels(out, bad),
                                      fix="write dates as YYYY-MM-DD")
            out[spec.name] = parsed
        elif spec.type == "bool":
            mapping = {"true": True, "false": False, "1": True, "0": False}
            text = out[spec.name].astype("string").str.strip().str.lower()
            bad = ~text.isin(list(mapping)) & ~empty
            if bad.any():
                raise ValidationError(table, "values that are not true/false",
                                      column=spec.name, rows=_row_labels(out, bad),
                                      fix="write true or false")
            out[spec.name] = text.map(mapping).astype("boolean")
        else:
            out[spec.name] = out[spec.name].astype("string")

        if spec.allowed is not None:
            text = out[spec.name].astype("string")
            bad = ~text.isin(list(spec.allowed)) & ~empty
            if bad.any():
                found = sorted(set(text[bad].astype(str)))[:5]
                raise ValidationError(table, f"values {found} not among the allowed {list(spec.allowed)}",
                                      column=spec.name, rows=_row_labels(out, bad),
                                      fix="use one of the allowed values or extend the schema")
            if spec.type == "category":
                out[spec.name] = pd.Categorical(out[spec.name], categories=list(spec.allowed))

    if schema.key:
        absent = [k for k in schema.key if k not in out.columns]
        if absent:
            raise ValidationError(table, f"key column(s) {absent} are missing", column=absent[0],
                                  fix="restore the key columns")
        dup = out.duplicated(list(schema.key), keep=False)
        if dup.any():
            examples = out.loc[dup, list(schema.key)].drop_duplicates().head(3).to_dict("records")
            raise ValidationError(
                table, f"duplicate key {list(schema.key)}: {examples}",
                column=schema.key[0], rows=_row_labels(out, dup),
                fix="each key must appear once; merge the rows or add a distinguishing key column")
    return out
