"""Shared helper of the compile scripts: write a list of row dicts to a tidy CSV."""
from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def write_csv(rows: list[dict], path: Path, fieldnames: list[str] | None = None) -> None:
    """Write ``rows`` (UTF-8, LF line ends, header first) and say how many were written."""
    if not rows:
        raise ValueError(f"refusing to write an empty table to {path}")
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fieldnames or list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to {Path(path).resolve().relative_to(ROOT)}")
