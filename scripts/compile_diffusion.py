"""Compile the Part III (policy diffusion) tables from the cited fact sheets in data/raw (copied from ../shared/data-sources).

Run from the repository root:  python scripts/compile_diffusion.py [path/to/data/raw]

Writes five tables to data/ (their schemas and provenance are in the matching .yml files):

* four_cities.csv            <- four_cities_facts.csv      (one row per sourced fact, id kept)
* governance_timeline.csv    <- governance_timeline.csv    (dated events, a parsed year added)
* innovation_adoptions.csv   <- innovation_adoptions.csv   (adoption events, a parsed year added)
* mca_zones.csv              <- mca_experimental_zones.csv (MCA experimental zones, batches 1-4)
* bass_literature.csv        <- diffusion_literature.md    (the Bass p, q reference values)

Rules (nothing else is done to the facts):
* every row keeps its source URL (and the fact sheet's location text) in ``source``;
* ``value_num`` is filled only when the fact-sheet value is one plain number (or "N million",
  converted to persons); approximate values
  ("~300000", "over 70") and ranges keep ``value_num`` empty and stay readable in ``value``;
* ``year`` is the first four-digit year in the date text, and ``year_uncertain`` flags dates
  written as "c.", "by", "before", "unknown", "unverified", ranges or "or";
* the Bass table is transcribed from the literature note, which cites its sources; the status column
  repeats that note's verdict (primary, secondary, unverified).
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for the shared helper below
from _tables import write_csv  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "data" / "raw"
OUT = ROOT / "data"

_NUM = re.compile(r"^-?\d+(\.\d+)?$")
_YEAR = re.compile(r"(19|20)\d\d")
_UNCERTAIN = ("c.", "by ", "(by", " to ", "before", "unknown", "unverified", " or ", "onward", "target", "(as ", "per ")


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def parse_year(text: str) -> tuple[str, str]:
    """(first four-digit year or '', 'true'/'false' for uncertain dating)."""
    text = _clean(text)
    m = _YEAR.search(text)
    if not m:
        return "", "true"
    low = text.lower()
    uncertain = any(u in low for u in _UNCERTAIN) or bool(re.search(r"\d{4}\s*[-/]\s*\d{4}", text))
    uncertain = uncertain or text.startswith("(")
    return m.group(0), "true" if uncertain else "false"


def _write(name: str, rows: list[dict]) -> None:
    write_csv(rows, OUT / f"{name}.csv")


def _read(path: Path) -> list[dict]:
    return list(csv.DictReader(open(path, encoding="utf-8")))


CASE_OF = {"Haicang": "Haicang", "Xiamen": "Haicang", "Guiyang": "Guiyang", "Chengdu": "Chengdu",
           "Deyang": "Chengdu", "Sichuan": "Chengdu", "Taicang": "Taicang", "Suzhou": "Taicang",
           "Jiangsu": "Taicang"}


def case_city(scope: str) -> str:
    """Which of the four cases a fact belongs to ('' for national or other context)."""
    for key, case in CASE_OF.items():
        if scope.startswith(key) or f"({key}" in scope:
            return case
    return ""


def four_cities(src: Path) -> list[dict]:
    out = []
    for r in _read(src / "four_cities_facts.csv"):
        value = _clean(r["value"]).replace(",", "")
        mill = re.match(r"^(\d+(\.\d+)?) million$", value)
        if mill:  # "15.5618 million" -> 15561800 (exact: the decimals are in units of 100 persons)
            value = str(round(float(mill.group(1)) * 1e6))
        out.append({
            "fact_id": r["id"],
            "case": case_city(r["city_or_scope"]),
            "scope": _clean(r["city_or_scope"]),
            "topic": _clean(r["topic"]),
            "quantity": _clean(r["quantity"]),
            "value": _clean(r["value"]),
            "value_num": value if _NUM.match(value) else "",
            "unit": _clean(r["unit"]),
            "year": _clean(r["year"]),
            "confidence": r["confidence"].strip(),
            "source": f"{r['source_url'].strip()} ({_clean(r['source_location'])})",
        })
    return out


def timeline(src: Path) -> list[dict]:
    out = []
    for i, r in enumerate(_read(src / "governance_timeline.csv"), start=1):
        year, unc = parse_year(r["year_or_date"])
        out.append({
            "event_id": f"T{i:02d}",
            "case": case_city(r["city"]),
            "place": _clean(r["city"]),
            "date_text": _clean(r["year_or_date"]),
            "year": year,
            "year_uncertain": unc,
            "event": _clean(r["event"]),
            "level": _clean(r["level"]),
            "direction": _clean(r["direction"]),
            "source": f"{r['source_url'].strip()} ({_clean(r['source_location'])})",
        })
    return out


INNOVATION_CODE = (("co-creation", "co_creation"), ("Guiyang-type", "street_office_abolition"),
                   ("Chengdu-type", "party_committee"), ("Sichuan provincial", "sichuan_pilots"),
                   ("Taicang", "zhengshe_hudong"))


def adoptions(src: Path) -> list[dict]:
    out = []
    for i, r in enumerate(_read(src / "innovation_adoptions.csv"), start=1):
        code = next(c for k, c in INNOVATION_CODE if r["innovation"].startswith(k))
        year, unc = parse_year(r["year"])
        out.append({
            "adoption_id": f"A{i:02d}",
            "innovation": code,
            "innovation_label": _clean(r["innovation"]),
            "adopter": _clean(r["adopter"]),
            "adopter_level": _clean(r["adopter_level"]),
            "date_text": _clean(r["year"]),
            "year": year,
            "year_uncertain": unc,
            "reversal": "true" if "REVERSAL" in r["adopter"] else "false",
            "count": _clean(r["count"]),
            "confidence": r["confidence"].strip(),
            "source": r["source_url"].strip(),
            "note": _clean(r["note"]),
        })
    return out


def mca_zones(src: Path) -> list[dict]:
    out = []
    for r in _read(src / "mca_experimental_zones.csv"):
        batch = r["batch"].strip()
        if batch in ("1", "2", "3", "4"):
            kind = "national_urban"
        elif batch.startswith("2 or 3"):
            kind, batch = "national_urban", "2 or 3"
        elif batch.startswith("rural"):
            kind = "national_rural"
        elif batch.startswith("province"):
            kind = "provincial"
        else:
            kind = "title"
        year, unc = parse_year(r["year"])
        if batch == "2 or 3" or "unverified" in r["year"]:
            year, unc = "", "true"
        out.append({
            "batch": batch,
            "programme_kind": kind,
            "date_text": _clean(r["year"]),
            "year": year,
            "year_uncertain": unc,
            "zone_name_zh": _clean(r["zone_name_zh"]),
            "zone_name_en": _clean(r["zone_name_en_if_known"]),
            "city": _clean(r["city"]).rstrip("*"),
            "city_added_by_compiler": "true" if r["city"].strip().endswith("*") else "false",
            "province": _clean(r["province"]),
            "programme": _clean(r["program"]),
            "source": r["source_url"].strip(),
            "note": _clean(r["note"]),
        })
    return out


LIT_URL_TEACH = "http://tx.shu.edu.tw/SilverJay/SJay05-u/BassModel.htm"
LIT_URL_12 = "https://www.12manage.com/methods_bass_curve_diffusion_innovation.html"
LIT_URL_VDB = ("https://decisionpro.freshdesk.com/support/solutions/articles/"
               "64000304644-bass-forecasting-tutorial-appendix-p-q-parameters-")


def bass_literature(src: Path) -> list[dict]:
    """The Bass reference values of diffusion_literature.md section 1 (checked against the file)."""
    text = (src / "diffusion_literature.md").read_text(encoding="utf-8")
    rows = [
        ("average (teaching page)", "typical", 0.03, 0.38, LIT_URL_TEACH, "secondary"),
        ("Sultan, Farley & Lehmann 1990 meta-analysis, as reported", "213 applications", 0.03, 0.38,
         LIT_URL_12, "secondary; primary abstract not seen"),
        ("Principles of Marketing Engineering", "average", 0.035, 0.390, "secondary text",
         "secondary, unverified"),
        ("Van den Bulte & Stremersch 2004", "average", 0.03, 0.42, "secondary text",
         "secondary, unverified"),
        ("Van den Bulte compilation", "hybrid corn", 0.00000001, 0.7975, LIT_URL_VDB, "secondary table"),
        ("Van den Bulte compilation", "tractor", 0.0072, 0.118, LIT_URL_VDB, "secondary table"),
        ("Van den Bulte compilation", "radio", 0.0103, 0.454, LIT_URL_VDB, "secondary table"),
        ("Van den Bulte compilation", "cable TV", 0.0212, 0.270, LIT_URL_VDB, "secondary table"),
        ("Van den Bulte compilation", "cell telephone", 0.0047, 0.506, LIT_URL_VDB, "secondary table"),
    ]
    out = []
    for study, item, p, q, url, status in rows:
        for v in (p, q):  # every number must appear in the note it is transcribed from
            shown = f"{v:.8f}".rstrip("0").rstrip(".")
            if shown not in text and f"{v:.3f}" not in text:
                raise SystemExit(f"bass_literature: {v} ({study}, {item}) is not in diffusion_literature.md")
        out.append({"study": study, "item": item, "p": p, "q": q, "status": status,
                    "source": f"{url} (via shared/data-sources/diffusion_literature.md)"})
    return out


def main(src: Path = DEFAULT) -> None:
    _write("four_cities", four_cities(src))
    _write("governance_timeline", timeline(src))
    _write("innovation_adoptions", adoptions(src))
    _write("mca_zones", mca_zones(src))
    _write("bass_literature", bass_literature(src))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
