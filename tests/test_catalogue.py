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


# --- locked, self-contained data (issue 12, item 6) -------------------------------------------

def test_every_table_is_locked_and_matches_its_lock():
    """Each data/<name>.yml records the sha256 and row count of its CSV; they match."""
    from megacity.data import lock

    for name in catalogue.table_names():
        schema = catalogue.load_schema(name)
        assert schema.lock, f"{name}.yml has no lock: run {lock.LOCK_COMMAND}"
        data = (catalogue.data_dir() / f"{name}.csv").read_bytes()
        assert schema.lock["sha256"] == hashlib.sha256(data).hexdigest()
        assert schema.lock["rows"] == len(pd.read_csv(catalogue.data_dir() / f"{name}.csv"))
        assert schema.lock.get("compiler"), f"{name}: the lock names no compiler"


def test_every_table_recompiles_from_the_repository_byte_for_byte(tmp_path):
    """Run every scripts/compile_*.py into a temporary folder (MEGACITY_COMPILE_OUT) and diff the
    result against data/: the tables compile from data/raw alone, and nobody edited one by hand."""
    import difflib

    from megacity.data import lock

    root = catalogue.data_dir().parent
    scripts = sorted((root / "scripts").glob("compile_*.py"))
    assert scripts
    produced = {}
    for script in scripts:
        out = tmp_path / script.stem
        out.mkdir()
        lock.run_compiler(script, out, catalogue.data_dir(), timeout=120)  # data/ stays untouched
        for csv in out.glob("*.csv"):
            assert csv.stem not in produced, f"{csv.name} is written by two compilers"
            produced[csv.stem] = (script, csv)
    expected = set(catalogue.table_names()) - set(lock.COMMANDS)
    assert set(produced) == expected, "every table but the ledger has a compiler"
    for name, (script, csv) in sorted(produced.items()):
        ours = (catalogue.data_dir() / f"{name}.csv").read_text(encoding="utf-8")
        fresh = csv.read_text(encoding="utf-8")
        if ours != fresh:
            diff = "".join(list(difflib.unified_diff(ours.splitlines(True), fresh.splitlines(True),
                                                     f"data/{name}.csv", f"{script.name} output"))[:40])
            pytest.fail(f"data/{name}.csv differs from what {script.relative_to(root)} writes:\n{diff}")
        assert catalogue.load_schema(name).lock["compiler"] == script.relative_to(root).as_posix()


def test_frictionless_agrees_that_every_table_is_valid(tmp_path):
    """A second opinion: export datapackage.json from the schemas and validate every table with
    frictionless; then plant a 140 % share and a duplicate key and check it sees both."""
    from megacity.data import datapackage

    dest = tmp_path / "data"
    shutil.copytree(catalogue.data_dir(), dest, ignore=shutil.ignore_patterns("raw", "datapackage.json"))
    desc = datapackage.write(dest / "datapackage.json")
    report = datapackage.validate_package(desc)
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == len(catalogue.table_names())

    path = dest / "urbanization.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first = lines[1].split(",")
    lines[1] = ",".join([first[0], "140", *first[2:]])
    lines.append(lines[2])
    path.write_text("".join(lines), encoding="utf-8")
    bad = datapackage.validate_package(desc)
    assert not bad.valid
    found = {(t.name, e.type) for t in bad.tasks for e in t.errors}
    assert {("urbanization", "constraint-error"), ("urbanization", "primary-key")} <= found, found
    assert {name for name, _ in found} == {"urbanization"}
