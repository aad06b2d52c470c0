"""Fault injection, catalogue layer: broken schema files, bad rows, placeholder sources, locks.

Each case damages a copy of a table (a toy one, or a real one copied to a temporary folder) and
asserts an error that names the file, the key or the row, and says what to do.  Nothing may
load silently, crash with a bare KeyError/TypeError, or blame the wrong column.
"""
from __future__ import annotations

import shutil

import pytest

from megacity.data import catalogue
from megacity.data.catalogue import load_table
from megacity.data.validate import SchemaError, ValidationError

SCHEMA = """\
title: Toy shares
key: [city, year]
sources:
  - id: toy
    citation: generated for the tests
    url: https://www.stats.gov.cn/sj/
columns:
  city: {type: str, description: city}
  year: {type: year, description: year}
  share_pct: {type: float, unit: "%", min: 0, max: 100, description: a share}
  source: {type: str, description: citation}
"""
GOOD = "city,year,share_pct,source\nA,2010,40.5,s\nB,2010,55.0,s\nA,2020,48.25,s\n"


@pytest.fixture()
def toy(tmp_path):
    (tmp_path / "toy.yml").write_text(SCHEMA, encoding="utf-8")
    (tmp_path / "toy.csv").write_text(GOOD, encoding="utf-8")
    return tmp_path


def _schema_error(folder, yml: str) -> SchemaError:
    (folder / "toy.yml").write_text(yml, encoding="utf-8")
    with pytest.raises(SchemaError) as err:
        load_table("toy", folder)
    assert "toy.yml" in str(err.value)              # the file is named
    return err.value


# --- the schema files are validated against a meta-schema ----------------------------------

@pytest.mark.parametrize("old, new, key, phrase", [
    ("type: year", "type: yaer", "columns.year.type", "unknown type 'yaer'"),
    ("min: 0,", 'min: "0",', "columns.share_pct.min", "expected a number, got the string '0'"),
    ("max: 100,", "max: [100],", "columns.share_pct.max", "expected a number"),
    ("min: 0, max: 100", "min: 100, max: 0", "columns.share_pct.min", "above max"),
    ("unit: \"%\", ", "", "columns.share_pct.unit", "declares its unit"),
    (", max: 100", "", "columns.share_pct.max", "declares its range"),
    ("key: [city, year]", "key: [city, yr]", "key", "'yr' is not among the columns"),
    ("key: [city, year]", "key: city", "key", "expected a list"),
    ("title: Toy shares\n", "", "title", "missing"),
    ("{type: str, description: city}", "{type: str, descripton: city}", "columns.city.descripton",
     "unknown column key"),
    ("{type: str, description: citation}", "{type: str, nullable: yes please, description: c}",
     "columns.source.nullable", "expected true or false"),
    ("    citation: generated for the tests", "    citation: TODO", "sources[0].citation", "placeholder"),
    ("    citation: generated for the tests", "    citation: TBD (ask Li)", "sources[0].citation", "placeholder"),
    ("url: https://www.stats.gov.cn/sj/", "url: https://example.com/data", "sources[0].url", "placeholder"),
    ("url: https://www.stats.gov.cn/sj/", "url: www stats", "sources[0].url", "not a URL"),
    ("    citation: generated for the tests\n", "", "sources[0].citation", "missing"),
    ("title: Toy shares", "title: Toy shares\ntitel: typo", "titel", "unknown schema key"),
])
def test_schema_faults_name_the_file_and_key(toy, old, new, key, phrase):
    assert old in SCHEMA
    err = _schema_error(toy, SCHEMA.replace(old, new, 1))
    assert any(k == key and phrase in p for k, p in err.problems), err.problems
    assert f"{key}: " in str(err)


def test_columns_written_as_a_list(toy):
    yml = SCHEMA.split("columns:")[0] + "columns:\n  - city\n  - year\n  - share_pct\n  - source\n"
    err = _schema_error(toy, yml)
    assert ("columns", "expected a mapping of column name to its spec, got list ['city', 'year', "
            "'share_pct', 'source']") in err.problems


def test_schema_that_is_a_list_or_empty(toy):
    err = _schema_error(toy, "- just\n- a list\n")
    assert "expected a mapping" in str(err)
    (toy / "toy.yml").write_text("", encoding="utf-8")
    with pytest.raises(ValidationError, match="empty or not a mapping"):
        load_table("toy", toy)


def test_every_schema_problem_is_reported_at_once(toy):
    yml = SCHEMA.replace("type: year", "type: yaer").replace("min: 0,", 'min: "0",') \
                .replace("citation: generated for the tests", "citation: TODO")
    err = _schema_error(toy, yml)
    keys = {k for k, _ in err.problems}
    assert {"columns.year.type", "columns.share_pct.min", "sources[0].citation"} <= keys


def test_deleting_max_no_longer_lets_140_percent_through(toy):
    (toy / "toy.csv").write_text(GOOD + "C,2020,140,s\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="above the maximum 100"):
        load_table("toy", toy)
    err = _schema_error(toy, SCHEMA.replace(", max: 100", ""))
    assert ("columns.share_pct.max",) == tuple(k for k, _ in err.problems)


# --- bad rows ---------------------------------------------------------------------------------

def test_placeholder_source_in_a_row(toy):
    (toy / "toy.csv").write_text(GOOD + "C,2020,10,TODO\nD,2020,11,http://example.com/x\n",
                                 encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        load_table("toy", toy)
    assert err.value.column == "source" and err.value.rows == [5, 6]
    assert "placeholder sources" in str(err.value)


@pytest.mark.parametrize("csv, line, nfields", [
    ("city,year,share_pct,source\nA,2010,40.5,s,extra\nB,2010,55.0,s\n", 2, 5),   # extra, first row
    ("city,year,share_pct,source\nA,2010,40.5,s\nB,2010,55.0\n", 3, 3),           # missing, last row
    ("city,year,share_pct,source\nA,2010,40.5,s\nGuangzhou, Panyu,2010,5,s\n", 3, 5),  # unquoted comma
])
def test_extra_or_missing_field_names_the_row_not_another_column(toy, csv, line, nfields):
    (toy / "toy.csv").write_text(csv, encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        load_table("toy", toy)
    msg = str(err.value)
    assert err.value.rows == [line] and f"line {line}: {nfields}" in msg
    assert "different number of fields" in msg and err.value.column is None


def test_every_data_problem_of_a_table_is_reported_at_once(toy):
    csv = ("city,year,share_pct,source\nA,2010,forty,s\nB,,55,s\nC,2010,140,s\nA,2020,1,s\n"
           "A,2020,2,s\n")
    (toy / "toy.csv").write_text(csv, encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        load_table("toy", toy)
    found = {(e.column, e.problem.split(" ")[0]) for e in err.value.errors}
    assert ("share_pct", "non-numeric") in found and ("year", "empty") in found
    assert "4 problems" in str(err.value) or len(err.value.errors) >= 3
    assert "duplicate key" in str(err.value)  # (A, 2020) twice: reported with the rest


def test_duplicate_header_and_non_utf8(toy):
    (toy / "toy.csv").write_text("city,year,share_pct,share_pct\nA,2010,1,2\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="duplicate column name"):
        load_table("toy", toy)
    (toy / "toy.csv").write_bytes("city,year,share_pct,source\nZ\xfcrich,2010,1,s\n".encode("latin-1"))
    with pytest.raises(ValidationError, match="not UTF-8"):
        load_table("toy", toy)


def test_byte_order_mark(toy):
    """A spreadsheet's 'UTF-8 with BOM' would misname the first column ('\ufeffcity')."""
    (toy / "toy.csv").write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    with pytest.raises(ValidationError, match="byte-order mark") as err:
        load_table("toy", toy)
    assert err.value.rows == [1] and "without a BOM" in str(err.value)


def test_unclosed_quote(toy):
    (toy / "toy.csv").write_text('city,year,share_pct,source\n"A,2010,1,s\nB,2010,2,s\n', encoding="utf-8")
    with pytest.raises(ValidationError):
        load_table("toy", toy)


def test_infinite_value(toy):
    (toy / "toy.csv").write_text(GOOD.replace("40.5", "inf"), encoding="utf-8")
    with pytest.raises(ValidationError, match="infinite|above the maximum"):
        load_table("toy", toy)


# --- the locks: a real table cut short or changed does not load ------------------------------

@pytest.fixture()
def real(tmp_path):
    dest = tmp_path / "data"
    shutil.copytree(catalogue.data_dir(), dest, ignore=shutil.ignore_patterns("raw", "datapackage.json"))
    return dest


def test_urbanization_cut_in_half_fails_to_load(real):
    path = real / "urbanization.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    with pytest.raises(catalogue.LockMismatchError) as err:
        load_table("urbanization", real)
    msg = str(err.value)
    assert "table 'urbanization'" in msg and "data rows, the lock records" in msg
    assert "python scripts/compile_urbanization.py" in msg and "make lock" in msg


@pytest.mark.parametrize("name", catalogue.table_names())
def test_changing_one_value_fails_to_load(real, name):
    """Any edit of any table -- here the last digit of the first number in its last data row --
    is refused, whether or not a claim uses that value."""
    import re

    path = real / f"{name}.csv"
    text = path.read_text(encoding="utf-8")
    head, last = text.rstrip("\n").rsplit("\n", 1)
    m = re.search(r"(?<![\w.])(\d+)(?=[,.\n]|$)", last)
    assert m, f"no number in the last row of {name}"
    d = m.group(1)
    changed = last[: m.start()] + d[:-1] + str((int(d[-1]) + 1) % 10) + last[m.end():]
    path.write_text(head + "\n" + changed + "\n", encoding="utf-8")
    with pytest.raises(catalogue.LockMismatchError, match=f"table '{name}'.*sha256"):
        load_table(name, real)


def test_lock_command_checks_and_rewrites(real, monkeypatch, capsys):
    from megacity.data import lock

    monkeypatch.setenv(catalogue.DATA_DIR_ENV, str(real))
    assert lock.main(["--check"]) == 0
    path = real / "mca_zones.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\n", "\r\n"), encoding="utf-8")
    assert lock.main(["--check"]) == 1
    assert "STALE mca_zones" in capsys.readouterr().out
    with pytest.raises(catalogue.LockMismatchError):
        load_table("mca_zones", real)
    assert lock.main(["mca_zones"]) == 0                     # relock after a deliberate change
    assert len(load_table("mca_zones", real)) == 102 or len(load_table("mca_zones", real)) > 0
    assert lock.main(["--check"]) == 0


def test_a_140_percent_share_in_a_long_table(real):
    """In a long table the unit is per row; the schema's row range catches a share above 100 %
    (relocked, so that the lock is not what catches it)."""
    from megacity.data import lock

    path = real / "national_safety.csv"
    df = catalogue.read_raw("national_safety", real)
    i = df.index[df["measure"] == "share_pct"][0]
    df.loc[i, "value"] = "140"
    df.to_csv(path, index=False, lineterminator="\n")
    lock.write_lock(real / "national_safety.yml", lock.compute_lock(path))
    with pytest.raises(ValidationError) as err:
        load_table("national_safety", real)
    assert err.value.column == "value" and err.value.rows == [int(i) + 2]
    assert "outside [0, 100] % where measure = share_pct" in str(err.value)


def test_external_loader_arguments():
    from megacity.args import ParameterError
    from megacity.data import external

    with pytest.raises(ParameterError, match="version"):
        external.load_covid_policies("final")      # refused before anything is fetched


def test_a_compiler_that_writes_into_data_directly_is_caught_and_undone(real):
    from megacity.data import lock

    (real.parent / "scripts").mkdir()
    rogue = real.parent / "scripts" / "compile_rogue.py"
    rogue.write_text("from pathlib import Path\n"
                     f"Path({str(real / 'urbanization.yml')!r}).write_text('title: overwritten\\n')\n"
                     f"Path({str(real / 'rogue.csv')!r}).write_text('a\\n1\\n')\n", encoding="utf-8")
    before = (real / "urbanization.yml").read_bytes()
    with pytest.raises(RuntimeError, match="compile_rogue.py wrote .*rogue.csv.*urbanization.yml"):
        lock.run_compiler(rogue, real.parent, real)
    assert (real / "urbanization.yml").read_bytes() == before and not (real / "rogue.csv").exists()
