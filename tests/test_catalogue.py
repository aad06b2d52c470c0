"""Our own tables: schemas, validation errors that say where and how, and provenance."""
from __future__ import annotations

import hashlib
import shutil

import pandas as pd
import pytest

from megacity.data import catalogue
from megacity.data.catalogue import TableNotFoundError, load_table
from megacity.data.validate import ValidationError

SCHEMA = """\
title: Toy shares
key: [city, year]
sources:
  - id: toy
    citation: generated for the tests
columns:
  city: {type: str}
  year: {type: year}
  share_pct: {type: float, unit: "%", min: 0, max: 100}
  source: {type: str}
"""
GOOD = "city,year,share_pct,source\nA,2010,40.5,s\nB,2010,55.0,s\nA,2020,48.25,s\n"


@pytest.fixture()
def folder(tmp_path):
    (tmp_path / "toy.yml").write_text(SCHEMA, encoding="utf-8")
    (tmp_path / "toy.csv").write_text(GOOD, encoding="utf-8")
    return tmp_path


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_good_table_loads_typed(folder):
    df = load_table("toy", folder)
    assert list(df.columns) == ["city", "year", "share_pct", "source"]
    assert str(df["year"].dtype) == "Int64" and df["share_pct"].dtype == "float64"
    assert df["share_pct"].sum() == pytest.approx(143.75)


@pytest.mark.parametrize("csv, column, phrase, rows", [
    ("city,year,source\nA,2010,s\n", "share_pct", "missing column", []),
    ("city,year,share_pct,source\nA,2010,40,s\nA,2010,41,s\n", "city", "duplicate key", [2, 3]),
    ("city,year,share_pct,source\nA,2010,forty,s\nB,2010,3,s\n", "share_pct", "non-numeric", [2]),
    ("city,year,share_pct,source\nA,2010,40,s\nB,2010,140,s\n", "share_pct", "above the maximum 100", [3]),
    ("city,year,share_pct,source\nA,2010,-4,s\n", "share_pct", "below the minimum 0", [2]),
    ("city,year,share_pct,source\nA,,40,s\n", "year", "empty cells", [2]),
    ("city,year,share_pct,source,extra\nA,2010,40,s,x\n", "extra", "not in the schema", []),
    ("city,year,share_pct,source\nA,2010.5,40,s\n", "year", "non-integer", [2]),
])
def test_bad_tables_give_errors_that_locate_the_problem(folder, csv, column, phrase, rows):
    path = folder / "toy.csv"
    path.write_text(csv, encoding="utf-8")
    before = _digest(path)
    with pytest.raises(ValidationError) as err:
        load_table("toy", folder)
    e = err.value
    msg = str(e)
    assert "table 'toy'" in msg and f"column '{column}'" in msg and phrase in msg
    assert "Fix:" in msg
    assert e.rows[: len(rows)] == rows
    assert _digest(path) == before  # loading never rewrites the file


def test_empty_table_and_empty_file(folder):
    (folder / "toy.csv").write_text("city,year,share_pct,source\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="no rows"):
        load_table("toy", folder)
    (folder / "toy.csv").write_text("", encoding="utf-8")
    with pytest.raises(ValidationError, match="empty"):
        load_table("toy", folder)


def test_missing_files_name_the_fix(folder):
    (folder / "toy.csv").unlink()
    with pytest.raises(TableNotFoundError, match="git checkout -- data/toy.csv"):
        load_table("toy", folder)
    with pytest.raises(TableNotFoundError, match="known tables: \\['toy'\\]"):
        load_table("nonexistent", folder)


def test_broken_schema_file(folder):
    (folder / "toy.yml").write_text("columns: [unclosed\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="not valid YAML"):
        load_table("toy", folder)


def test_share_in_wrong_unit_is_caught_by_bounds(folder):
    """A share written per ten thousand (4050 for 40.5%) exceeds 100 and the error points at units.
    (A share written as a fraction, 0.405, is within bounds; the models refuse it instead, see
    test_urbanization.)"""
    (folder / "toy.csv").write_text("city,year,share_pct,source\nA,2010,4050,s\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="check the unit"):
        load_table("toy", folder)


def test_edits_are_seen_without_restarting(folder):
    """The loader caches by file modification time; an edited file is read again."""
    import os

    assert len(load_table("toy", folder)) == 3
    path = folder / "toy.csv"
    path.write_text(GOOD + "C,2020,10,s\n", encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert len(load_table("toy", folder)) == 4


# --- the real tables -------------------------------------------------------------------------

@pytest.mark.parametrize("name", catalogue.table_names())
def test_every_real_table_validates_and_cites_every_row(name):
    schema = catalogue.load_schema(name)
    df = load_table(name)
    assert len(df) > 0
    assert schema.sources, f"{name}.yml lists no sources"
    assert "source" in df.columns, f"{name} has no source column"
    blank = df["source"].isna() | (df["source"].astype(str).str.strip() == "")
    assert not blank.any(), f"{name}: rows without a source: {list(df.index[blank] + 2)}"
    for col in schema.columns:
        assert col.description, f"{name}.{col.name} has no description in the schema"


def test_every_csv_has_a_schema_and_vice_versa():
    folder = catalogue.data_dir()
    csvs = {p.stem for p in folder.glob("*.csv")}
    ymls = {p.stem for p in folder.glob("*.yml")}
    assert csvs == ymls


def test_catalogue_lists_every_table():
    cat = catalogue.catalogue()
    assert set(cat["table"]) == set(catalogue.table_names())
    assert (cat["rows"] > 0).all()


def test_copy_of_data_folder_via_environment(tmp_path, monkeypatch):
    dest = tmp_path / "data"
    shutil.copytree(catalogue.data_dir(), dest)
    monkeypatch.setenv(catalogue.DATA_DIR_ENV, str(dest))
    assert catalogue.data_dir() == dest
    assert len(catalogue.load_urbanization()) == len(pd.read_csv(dest / "urbanization.csv"))
