"""Locks on the compendium's own tables: each table's sha256 and row count, kept in its schema.

Every ``data/<name>.yml`` ends with one line::

    lock: {sha256: <hex digest of data/<name>.csv>, rows: <data rows>, compiler: scripts/compile_x.py}

:func:`megacity.data.catalogue.load_table` checks the lock on every load: a table cut short, a
changed value or a hand edit is an error that names the table and says what to do (rerun its
compiler, then this command).  ``compiler`` is the script that writes the table (found by running
every ``scripts/compile_*.py`` into a temporary folder), or the command that writes it
(``python -m megacity.claims --write`` for the ledger).

(Re)write the locks after a deliberate change to a table::

    python -m megacity.data.lock            # every table (make lock)
    python -m megacity.data.lock urbanization
    python -m megacity.data.lock --check    # exit 1 and list every table whose lock is stale

The line is edited as text, so the rest of the schema file (comments, layout) is untouched.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["LOCK_COMMAND", "Lock", "LockError", "compute_lock", "find_compilers",
           "check_lock", "write_lock", "main"]

LOCK_COMMAND = "python -m megacity.data.lock (or: make lock)"
#: Tables written by a command rather than a scripts/compile_*.py script.
COMMANDS = {"claims": "python -m megacity.claims --write (make ledger)"}
_LOCK_LINE = re.compile(r"^lock:.*(?:\n[ \t]+.*)*\n?", re.MULTILINE)


class LockError(ValueError):
    """A table's file does not match the lock in its schema."""


@dataclass(frozen=True)
class Lock:
    sha256: str
    rows: int
    compiler: str | None = None

    def line(self) -> str:
        comp = f", compiler: {self.compiler}" if self.compiler else ""
        return f"lock: {{sha256: {self.sha256}, rows: {self.rows}{comp}}}\n"


def count_rows(data: bytes) -> int:
    """Data records of a CSV (quoted line breaks are one record), the header excluded."""
    text = data.decode("utf-8-sig", errors="replace")
    n = sum(1 for rec in csv.reader(io.StringIO(text, newline="")) if rec)
    return max(n - 1, 0)


def compute_lock(csv_path: Path, compiler: str | None = None) -> Lock:
    data = Path(csv_path).read_bytes()
    return Lock(hashlib.sha256(data).hexdigest(), count_rows(data), compiler)


def _root(folder: Path) -> Path:
    return Path(folder).resolve().parent


def find_compilers(folder: Path, outputs: dict | None = None) -> dict[str, str]:
    """{table: 'scripts/compile_x.py'}: run each compiler into a temporary folder and see what
    it writes.  ``outputs``, if given, receives {table: compiled bytes}."""
    root = _root(folder)
    found: dict[str, str] = {}
    for script in sorted((root / "scripts").glob("compile_*.py")):
        with tempfile.TemporaryDirectory() as tmp:
            run_compiler(script, Path(tmp), folder)
            for out in sorted(Path(tmp).glob("*.csv")):
                found[out.stem] = script.relative_to(root).as_posix()
                if outputs is not None:
                    outputs[out.stem] = out.read_bytes()
    return found


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in Path(folder).glob("*") if p.is_file()}


def run_compiler(script: Path, out: Path, folder: Path, timeout: float = 300) -> None:
    """Run one compiler with ``$MEGACITY_COMPILE_OUT=out``; ``folder`` (data/) must not change.

    A compiler that writes into data/ directly (not through scripts/_tables.py's ``write_csv`` or
    ``output_path``) would overwrite the committed tables and their locks: the files are put back
    and the error names the script.
    """
    root = _root(folder)
    before = _snapshot(folder)
    env = {**os.environ, "MEGACITY_COMPILE_OUT": str(out)}
    try:
        res = subprocess.run([sys.executable, str(script)], cwd=root, env=env,
                             capture_output=True, text=True, timeout=timeout)
    finally:
        after = _snapshot(folder)
        touched = sorted(n for n in set(before) | set(after) if before.get(n) != after.get(n))
        for n in touched:
            if n in before:
                (Path(folder) / n).write_bytes(before[n])
            else:
                (Path(folder) / n).unlink()
    rel = script.relative_to(root) if script.is_relative_to(root) else script
    if touched:
        raise RuntimeError(f"{rel} wrote {touched} in {folder} although MEGACITY_COMPILE_OUT was "
                           f"set (the files were put back): write every output through "
                           f"scripts/_tables.py (write_csv, or output_path for other files)")
    if res.returncode != 0:
        raise RuntimeError(f"{rel} failed:\n{res.stderr[-2000:]}")


def write_lock(yml_path: Path, lock: Lock) -> bool:
    """Put ``lock`` as the schema file's ``lock:`` line; return whether the file changed."""
    text = yml_path.read_text(encoding="utf-8")
    new = _LOCK_LINE.sub("", text)
    if not new.endswith("\n"):
        new += "\n"
    new += lock.line()
    if new != text:
        yml_path.write_text(new, encoding="utf-8")
        return True
    return False


def fix_hint(name: str, compiler: str | None) -> str:
    if compiler:
        run = compiler if compiler.startswith("python ") else f"python {compiler}"
        return (f"if the change is intended, rerun its compiler ({run}) and then the lock "
                f"command ({LOCK_COMMAND}); otherwise restore the file (git checkout -- "
                f"data/{name}.csv)")
    return (f"restore the file (git checkout -- data/{name}.csv), or, if the change is intended, "
            f"rerun the lock command ({LOCK_COMMAND})")


def check_lock(name: str, data: bytes, lock: dict | None) -> str | None:
    """None if ``data`` matches ``lock`` (or there is no lock); else the problem, in words."""
    if not lock:
        return None
    sha = hashlib.sha256(data).hexdigest()
    rows = count_rows(data)
    if sha == lock.get("sha256") and rows == lock.get("rows"):
        return None
    parts = []
    if rows != lock.get("rows"):
        parts.append(f"it has {rows} data rows, the lock records {lock.get('rows')}")
    if sha != lock.get("sha256"):
        parts.append(f"its sha256 is {sha}, the lock records {lock.get('sha256')}")
    return (f"data/{name}.csv does not match the lock in {name}.yml ({'; '.join(parts)}): "
            f"the file was cut short, edited or replaced after it was locked")


def main(argv: list[str] | None = None) -> int:
    from .catalogue import data_dir, table_names

    ap = argparse.ArgumentParser(description="(Re)write or check the sha256/row locks of data/ tables")
    ap.add_argument("tables", nargs="*", help="table names (default: every table)")
    ap.add_argument("--check", action="store_true", help="only check; exit 1 if a lock is stale")
    args = ap.parse_args(argv)
    import yaml

    folder = data_dir()
    names = args.tables or table_names(folder)
    compiled: dict[str, bytes] = {}
    compilers = {**find_compilers(folder, compiled), **COMMANDS} if not args.check else {}
    stale = []
    for name in names:
        csv_path, yml_path = folder / f"{name}.csv", folder / f"{name}.yml"
        if not csv_path.is_file() or not yml_path.is_file():
            raise SystemExit(f"no table '{name}' in {folder}")
        if args.check:
            meta = yaml.safe_load(yml_path.read_text(encoding="utf-8")) or {}
            problem = check_lock(name, csv_path.read_bytes(), meta.get("lock")) if meta.get("lock") \
                else f"{name}.yml has no lock"
            if problem:
                stale.append(name)
                print(f"STALE {name}: {problem}")
            continue
        lock = compute_lock(csv_path, compilers.get(name))
        changed = write_lock(yml_path, lock)
        note = ""
        if name in compiled and compiled[name] != csv_path.read_bytes():
            note = (f"  WARNING: data/{name}.csv differs from what {compilers[name]} writes; "
                    f"the recompile test will fail until the two agree")
        print(f"{'locked' if changed else 'unchanged'} {name}: {lock.rows} rows, sha256 "
              f"{lock.sha256[:12]}..., compiler {lock.compiler or '(none)'}{note}")
    if stale:
        print(f"{len(stale)} stale lock(s); rewrite with {LOCK_COMMAND}")
        return 1
    if args.check:
        print(f"all {len(names)} locks match")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
