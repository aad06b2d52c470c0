"""Shared helper of the compile scripts: write a list of row dicts to a tidy CSV.

Every compiler writes through :func:`write_csv`.  By default a table goes where its compiler
says (``data/<name>.csv``).  When ``$MEGACITY_COMPILE_OUT`` names a folder, every table is
written there instead, under the same file name: the reproducibility test
(tests/test_catalogue.py) runs each compiler into a temporary folder this way and diffs the
result against ``data/``, and nothing in ``data/`` is touched.
"""
from __future__ import annotations

import csv
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT_ENV = "MEGACITY_COMPILE_OUT"


def output_path(path: Path) -> Path:
    """Where a table meant for ``path`` is written: ``path``, or ``$MEGACITY_COMPILE_OUT/<name>``."""
    out = os.environ.get(OUT_ENV)
    return Path(out) / Path(path).name if out else Path(path)


def write_csv(rows: list[dict], path: Path, fieldnames: list[str] | None = None) -> None:
    """Write ``rows`` (UTF-8, LF line ends, header first) and say how many were written."""
    path = output_path(path)
    if not rows:
        raise ValueError(f"refusing to write an empty table to {path}")
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fieldnames or list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    resolved = Path(path).resolve()
    shown = resolved.relative_to(ROOT) if resolved.is_relative_to(ROOT) else resolved
    print(f"wrote {len(rows)} rows to {shown}")
