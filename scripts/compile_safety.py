"""Compile data/zhejiang_safety.csv and data/national_safety.csv from the cited fact sheets.

Run from the repository root:

    python scripts/compile_safety.py [path/to/data/raw]

Inputs: ``zhejiang_safety_series.csv`` and ``national_safety_series.csv`` in ``data/raw`` (one
cited fact per row); also ``provincial_safety_panel.csv`` (the China Statistical Yearbook tables
"by region", one cell per row with its yearbook and table), ``peaceful_campaigns.csv`` (where
sources date provincial and national "peaceful" campaigns) and ``road_deaths_independent.csv``
(WHO estimates, death registration and surveillance figures), which are copied with checks into
``data/provincial_safety.csv``, ``data/peaceful_campaigns.csv`` and
``data/road_deaths_independent.csv``.  What the script does to the first two, and nothing else:

* keeps every row that has a value and a source URL (all of them, at the time of writing);
* normalises the confidence label (``med`` -> ``medium``);
* classifies each row's *measure* (a level count, a share in percent, a percent change, a rate,
  a sum of money, a ratio or a sign) from the indicator name and the unit text, so that the
  validation can apply the right range to each kind;
* reads the *value kind* off the unit text and the source note (exact, rounded, approximate,
  lower bound, upper bound, sign only) and flags rows that the fact sheet marks DERIVED;
* writes, on every row of an (indicator, geography, year) cell that has more than one value,
  a note listing the competing values with their sources' confidence, so that conflicts
  (CSY vs provincial police, English vs Chinese releases, a factor-ten unit slip) stay visible.

No value is changed, averaged or dropped here: choosing between sources is the model code's job
(``megacity.trends.pick_series``), and it says which rule it used.
"""
from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for the shared helper below
from _tables import write_csv  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "data" / "raw"
FILES = {
    "zhejiang_safety": "zhejiang_safety_series.csv",
    "national_safety": "national_safety_series.csv",
}
COLUMNS = ["indicator", "geography", "year", "value", "unit", "measure", "value_kind", "derived",
           "confidence", "source", "source_location", "note"]

CONFIDENCE = {"high": "high", "medium": "medium", "med": "medium", "low": "low"}


def measure_of(indicator: str, unit: str) -> str:
    """What kind of number the row holds (drives the range checks)."""
    ind, u = indicator.lower(), unit.lower()
    if "direction" in ind or u.startswith("sign only"):
        return "sign"
    if "yoy" in ind or "change" in ind:
        return "change_pct"
    if ind.endswith("_pct"):
        return "share_pct"
    if "sense_of_security" in ind:
        return "share_pct"
    if "per_" in ind and ("100k" in ind or "10k" in ind or "100m" in ind):
        return "rate"
    if "ratio" in ind:
        return "ratio"
    if "yuan" in u or "usd" in u or "loss" in ind or "gdp" in ind:
        return "money"
    return "count"


def value_kind_of(unit: str, location: str) -> str:
    u = unit.lower()
    if u.startswith("sign only"):
        return "sign_only"
    if "lower bound" in u or "余" in unit or "多" in unit:
        return "lower_bound"
    if "upper bound" in u or "以下" in unit or "以内" in unit:
        return "upper_bound"
    if "approx" in u or "约" in unit or "近" in unit:
        return "approx"
    if "rounded" in u or "亿" in unit:
        return "rounded"
    return "exact"


def compile_rows(path: Path) -> list[dict]:
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    out = []
    for r in rows:
        if not r["value"].strip() or not r["source_url"].strip():
            continue
        conf = CONFIDENCE.get(r["confidence"].strip().lower())
        if conf is None:
            raise ValueError(f"{path.name}: unknown confidence '{r['confidence']}' in {r}")
        location = " ".join(r["source_location"].split())
        out.append({
            "indicator": r["indicator"].strip(),
            "geography": r["geography"].strip(),
            "year": int(r["year"]),
            "value": r["value"].strip(),
            "unit": " ".join(r["unit"].split()),
            "measure": measure_of(r["indicator"], r["unit"]),
            "value_kind": value_kind_of(r["unit"], location),
            "derived": "true" if location.upper().startswith("DERIVED") else "false",
            "confidence": conf,
            "source": r["source_url"].strip(),
            "source_location": location,
            "note": "",
        })
    # Conflicting values for the same cell: note them on every row of the cell.
    cells: dict[tuple, list[dict]] = defaultdict(list)
    for row in out:
        cells[(row["indicator"], row["geography"], row["year"])].append(row)
    for cell_rows in cells.values():
        values = {float(r["value"]) for r in cell_rows}
        if len(values) > 1:
            lo, hi = min(values), max(values)
            spread = (hi - lo) / max(abs(hi), abs(lo))
            listing = "; ".join(
                f"{r['value']} ({r['confidence']}{', derived' if r['derived'] == 'true' else ''},"
                f" {re.sub(r'^https?://', '', r['source']).split('/')[0]})" for r in cell_rows)
            for r in cell_rows:
                r["note"] = (f"sources disagree for this year: {listing}; "
                             f"relative spread {100 * spread:.1f}%")
    out.sort(key=lambda d: (d["indicator"], d["geography"], d["year"],
                            {"high": 0, "medium": 1, "low": 2}[d["confidence"]], d["source"]))
    return out


PANEL_COLUMNS = ["indicator", "province", "year", "value", "unit", "source", "source_location"]
CAMPAIGN_COLUMNS = ["jurisdiction", "level", "campaign", "launch_year", "launch_date", "instrument",
                    "confidence", "source", "source_location"]
INDEPENDENT_COLUMNS = ["indicator", "geography", "year", "value", "unit", "estimator", "confidence",
                       "source", "source_location"]


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [{k: " ".join(str(v).split()) for k, v in r.items()} for r in csv.DictReader(fh)]


def compile_panel(path: Path) -> list[dict]:
    """The provincial by-region yearbook tables, one row per (indicator, province, year).

    Every value is checked to be a number and every cell to be unique; the province totals of
    each table are compared with its national row (the national total also counts fires on
    railways, in transport and in the military, so provinces may sum to less, never to more by
    over 1%).
    """
    rows = []
    for r in _read(path):
        float(r["value"])                     # raises on a non-number
        rows.append({"indicator": r["indicator"], "province": r["province"], "year": int(r["year"]),
                     "value": r["value"], "unit": r["unit"], "source": r["source_url"],
                     "source_location": r["source_location"]})
    keys = [(r["indicator"], r["province"], r["year"]) for r in rows]
    if len(keys) != len(set(keys)):
        raise ValueError(f"{path.name}: duplicate (indicator, province, year) cells")
    sums: dict[tuple, float] = defaultdict(float)
    counts: dict[tuple, int] = defaultdict(int)
    national = {}
    for r in rows:
        k = (r["indicator"], r["year"])
        if r["province"] == "China (national)":
            national[k] = float(r["value"])
        else:
            sums[k] += float(r["value"])
            counts[k] += 1
    for k, total in national.items():
        if counts[k] == 31 and sums[k] > 1.01 * total:
            raise ValueError(f"{path.name}: provinces sum to {sums[k]:g} > national {total:g} for {k}")
    rows.sort(key=lambda d: (d["indicator"], d["province"], d["year"]))
    return rows


def compile_plain(path: Path, columns: list[str]) -> list[dict]:
    """A cited fact sheet copied as it is (source_url renamed source), sorted."""
    out = []
    for r in _read(path):
        if not r["source_url"]:
            raise ValueError(f"{path.name}: a row has no source: {r}")
        r["source"] = r.pop("source_url")
        out.append({c: r[c] for c in columns})
    return out


def main(src: Path = DEFAULT) -> None:
    for name, fname in FILES.items():
        rows = compile_rows(src / fname)
        target = ROOT / "data" / f"{name}.csv"
        write_csv(rows, target, COLUMNS)
    write_csv(compile_panel(src / "provincial_safety_panel.csv"),
              ROOT / "data" / "provincial_safety.csv", PANEL_COLUMNS)
    write_csv(compile_plain(src / "peaceful_campaigns.csv", CAMPAIGN_COLUMNS),
              ROOT / "data" / "peaceful_campaigns.csv", CAMPAIGN_COLUMNS)
    write_csv(compile_plain(src / "road_deaths_independent.csv", INDEPENDENT_COLUMNS),
              ROOT / "data" / "road_deaths_independent.csv", INDEPENDENT_COLUMNS)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
