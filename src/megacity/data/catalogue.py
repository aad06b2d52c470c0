"""The catalogue of the compendium's own tables (the small, cited CSVs in ``data/``).

Every table is a pair of files in ``data/``:

* ``<name>.csv``: tidy rows, UTF-8, with a ``source`` column that cites each row;
* ``<name>.yml``: its schema and provenance (title, description, sources,
  licence, unique key, and per column: type, unit, bounds, meaning).

:func:`load_table` reads a table, validates it against its schema and returns
a typed DataFrame; each table also has a named loader (``load_urbanization``
and so on) for readability in the notebooks.  :func:`catalogue` lists every
table with its sources.  Notebooks never read ``data/`` by path.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from .validate import TableSchema, ValidationError, validate

__all__ = [
    "DATA_DIR_ENV",
    "TableNotFoundError",
    "catalogue",
    "data_dir",
    "load_claims",
    "load_schema",
    "load_table",
    "load_urbanization",
    "table_names",
]

DATA_DIR_ENV = "MEGACITY_DATA_DIR"


class TableNotFoundError(FileNotFoundError):
    """A table (or its schema file) is not in the data folder."""


def data_dir() -> Path:
    """The folder of the compendium's tables: ``$MEGACITY_DATA_DIR`` or ``<repo>/data``."""
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    return Path(__file__).resolve().parents[3] / "data"


def table_names(folder: Path | None = None) -> list[str]:
    """Names of all tables that have a schema file."""
    folder = folder or data_dir()
    return sorted(p.stem for p in folder.glob("*.yml"))


def load_schema(name: str, folder: Path | None = None) -> TableSchema:
    folder = folder or data_dir()
    path = folder / f"{name}.yml"
    if not path.is_file():
        raise TableNotFoundError(
            f"no schema for table '{name}' ({path}); known tables: {table_names(folder)}")
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValidationError(name, f"the schema file {path.name} is not valid YAML ({exc})",
                              fix="repair the YAML syntax") from exc
    if not isinstance(meta, dict):
        raise ValidationError(name, f"the schema file {path.name} is empty or not a mapping",
                              fix="restore the schema file from version control")
    return TableSchema.from_mapping(name, meta)


def read_raw(name: str, folder: Path | None = None) -> pd.DataFrame:
    """The table's CSV as text columns, unvalidated (for tools that repair tables)."""
    folder = folder or data_dir()
    path = folder / f"{name}.csv"
    if not path.is_file():
        raise TableNotFoundError(
            f"table '{name}': the data file {path} is missing. Restore it from version control "
            f"(git checkout -- data/{name}.csv)")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""],
                           encoding="utf-8")
    except pd.errors.EmptyDataError:
        raise ValidationError(name, f"{path.name} is empty (no header, no rows)",
                              fix="restore the file from version control") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ValidationError(name, f"{path.name} cannot be parsed as UTF-8 CSV ({exc})",
                              fix="check for a truncated line, stray quotes or a wrong encoding")


@lru_cache(maxsize=None)
def _load_cached(name: str, folder: str, mtime_csv: float, mtime_yml: float) -> pd.DataFrame:
    schema = load_schema(name, Path(folder))
    return validate(read_raw(name, Path(folder)), schema)


def load_table(name: str, folder: Path | None = None) -> pd.DataFrame:
    """Read, validate and return table ``name`` (a fresh copy on every call)."""
    folder = Path(folder) if folder is not None else data_dir()
    csv, yml = folder / f"{name}.csv", folder / f"{name}.yml"
    if not yml.is_file():
        load_schema(name, folder)  # raises the informative error
    if not csv.is_file():
        read_raw(name, folder)
    return _load_cached(name, str(folder), csv.stat().st_mtime, yml.stat().st_mtime).copy()


def catalogue(folder: Path | None = None) -> pd.DataFrame:
    """One row per table: name, title, rows, columns, key, licence and sources."""
    rows = []
    for name in table_names(folder):
        schema = load_schema(name, folder)
        df = load_table(name, folder)
        rows.append({
            "table": name,
            "title": schema.title,
            "rows": len(df),
            "columns": len(df.columns),
            "key": ", ".join(schema.key),
            "license": schema.license,
            "sources": "; ".join(s.get("citation", s.get("id", "")) for s in schema.sources),
        })
    return pd.DataFrame(rows)


def columns_table(name: str, folder: Path | None = None) -> pd.DataFrame:
    """The schema of one table as a DataFrame (column, type, unit, range, meaning)."""
    schema = load_schema(name, folder)
    return pd.DataFrame([{
        "column": c.name, "type": c.type, "unit": c.unit or "",
        "range": "" if c.min is None and c.max is None else f"[{c.min}, {c.max}]",
        "meaning": c.description,
    } for c in schema.columns])


# Named loaders: one per table, so that a notebook says what it reads.

def load_urbanization() -> pd.DataFrame:
    """China's urban population share, 1949-2024, one row per (year, source), with vintage."""
    return load_table("urbanization")


def load_claims() -> pd.DataFrame:
    """The claims ledger: every quantitative claim of the five seed documents."""
    return load_table("claims")


def load_four_cities() -> pd.DataFrame:
    """Sourced facts on the four cases of Li & Fang (2018): Haicang, Guiyang, Chengdu, Taicang."""
    return load_table("four_cities")


def load_governance_timeline() -> pd.DataFrame:
    """Dated national and city governance events with level and direction."""
    return load_table("governance_timeline")


def load_innovation_adoptions() -> pd.DataFrame:
    """Documented adoption events of the four cities' governance innovations."""
    return load_table("innovation_adoptions")


def load_mca_zones() -> pd.DataFrame:
    """Ministry of Civil Affairs community-governance experimental zones, by batch."""
    return load_table("mca_zones")


def load_bass_literature() -> pd.DataFrame:
    """Published Bass-model p and q reference values."""
    return load_table("bass_literature")


def load_zhejiang_safety() -> pd.DataFrame:
    """Zhejiang public-safety facts (satisfaction, road traffic, fires, crime, risk assessments), cited per row."""
    return load_table("zhejiang_safety")


def load_national_safety() -> pd.DataFrame:
    """China national public-safety facts (road traffic 1998-2011+, fires, work safety, crime), cited per row."""
    return load_table("national_safety")


def load_seed_facts() -> pd.DataFrame:
    """Sourced facts the claims ledger uses for seed claims no chapter checks (GDP, 1954, Fengqiao)."""
    return load_table("seed_facts")


def load_scaling_exponents_published() -> pd.DataFrame:
    """Published urban scaling exponents (Bettencourt et al. 2007 Table 1 and others), cited per row."""
    return load_table("scaling_exponents_published")


def load_megacities_official() -> pd.DataFrame:
    """Official lists of super-large and extra-large cities by urban-core population (2019, 2020)."""
    return load_table("megacities_official")


def load_lowcarbon_pilots() -> pd.DataFrame:
    """NDRC low-carbon pilot designations (2010, 2012, 2017) on the 369 census units, province rule flagged."""
    return load_table("lowcarbon_pilots")
