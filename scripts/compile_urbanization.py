"""Compile data/urbanization.csv from the cited fact sheet ../shared/data-sources/urbanization_china.csv.

Run from the repository root:  python scripts/compile_urbanization.py [path/to/urbanization_china.csv]

What it does (and nothing else): keeps every row that has a value, classifies each row by the
series it comes from and by vintage (published before or after the 2020-census revision, or a
census-day count), and keeps the source URL and the fact sheet's note on every row.  The 1979 row of
the fact sheet has no value (no source was found) and is therefore not a data row; the ledger
records that absence instead.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for the shared helper below
from _tables import write_csv  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "data" / "raw" / "urbanization_china.csv"
OUT = ROOT / "data" / "urbanization.csv"


def classify(row: dict) -> tuple[str, str]:
    """(series, vintage) for one fact-sheet row."""
    year, tier, url, notes = int(row["year"]), row["tier"], row["source_url"], row["notes"]
    if tier == "D":
        return "derived", "revised"
    if tier == "C":
        return "csy2021_transcription", "revised"
    if tier == "B":
        return "csy1998", "original"
    if "census" in notes.lower() and year in (2000, 2010, 2020):
        return "census", "census"
    return "nbs_release", ("original" if year <= 2019 else "revised")


def main(src: Path = DEFAULT) -> None:
    rows = list(csv.DictReader(open(src, encoding="utf-8")))
    out = []
    for r in rows:
        if not r["urban_share_pct"].strip():
            continue
        series, vintage = classify(r)
        out.append({
            "year": r["year"],
            "urban_share_pct": r["urban_share_pct"],
            "urban_pop_10k": r["urban_pop_10k"],
            "total_pop_10k": r["total_pop_10k"],
            "series": series,
            "vintage": vintage,
            "tier": r["tier"],
            "source": r["source_url"],
            "note": " ".join(r["notes"].split()),
        })
    out.sort(key=lambda d: (int(d["year"]), d["series"]))
    write_csv(out, OUT)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
