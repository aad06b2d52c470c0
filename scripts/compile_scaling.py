"""Compile the Part I (megacity scaling) tables.

Run from the repository root:  python scripts/compile_scaling.py [path/to/data/raw]

Writes two tables to data/ (schemas and provenance in the matching .yml files):

* scaling_exponents_published.csv <- ../shared/data-sources/scaling_exponents_published.csv
  One row per published (or publicly released) exponent.  Kept as in the fact sheet; added:
  ``ref`` (a short key for the publication), ``kind`` (published_table / repository_output /
  abstract_only), ``beta_text`` (the value as printed) and ``beta`` only when that text is one
  plain number.  The Leitao et al. (2016) method row carries no exponent and is not a data row.
* megacities_official.csv <- transcribed below, with its sources.  The official lists of
  super-large (城区常住人口 >= 10 million) and extra-large (5-10 million) cities: the NBS chart of
  the 2020 census published in Qiushi 2021 no. 18, and the MOHURD Urban Construction Statistical
  Yearbook 2019, both as reported in the press (the originals were not retrievable here, so the
  rows are tier C).  Membership and order are what the reports give; the urban-core population is
  filled only where a report states it.
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


def _ref(source: str) -> tuple[str, str]:
    s = source.lower()
    if s.startswith("bettencourt"):
        return "bettencourt2007", "published_table"
    if s.startswith("r. soc. open sci. 4"):
        return "rsos2017", "published_table"
    if s.startswith("edugalt"):
        return "leitao2016_code", "repository_output"
    if s.startswith("urban studies"):
        return "urbanstudies2021", "abstract_only"
    if s.startswith("zund"):
        return "zund2019", "abstract_only"
    if s.startswith("chen & feng"):
        return "chenfeng2017", "abstract_only"
    if s.startswith("liu & zou"):
        return "liuzou2020", "abstract_only"
    if s.startswith("leitao"):
        return "leitao2016", "method"
    raise ValueError(f"unknown source in the fact sheet: {source[:60]}")


def published(src: Path) -> list[dict]:
    rows = []
    for r in csv.DictReader(open(src / "scaling_exponents_published.csv", encoding="utf-8")):
        ref, kind = _ref(r["source"])
        if kind == "method":
            continue
        text = r["beta"].strip()
        rows.append({
            "ref": ref, "indicator": r["indicator"].strip(), "country": r["country"].strip(),
            "year": r["year"].strip(), "beta_text": text,
            "beta": text if _NUM.match(text) else "",
            "ci_low": r["ci_low"].strip(), "ci_high": r["ci_high"].strip(),
            "r2": r["r2"].strip(), "n": r["n"].strip() if _NUM.match(r["n"].strip()) else "",
            "kind": kind,
            "source": f"{' '.join(r['source'].split())}; {r['url'].strip()}",
            "note": " ".join(r["notes"].split()),
        })
    return rows


# --- official lists (transcribed; see the module docstring) --------------------------------
QIUSHI = ("NBS, 'Statistical charts of economic and social development: super-large and "
          "extra-large cities in the 7th population census', Qiushi 2021 no. 18, as reported by CCTV "
          "(2021-09-27, repost http://www.sxdrink.com/show.php?contentid=51197) and Sichuan "
          "Observer (2021-09-23, repost http://m.fpigeon.com/hongguan/2021/09/23/39841.html)")
MOHURD = ("MOHURD Urban Construction Statistical Yearbook 2019, as reported in the same CCTV "
          "article (repost http://www.sxdrink.com/show.php?contentid=51197)")
LISTS = [
    # (list, year, class, cities in the reported order, source)
    ("nbs_census_2020", 2020, "super-large", ["上海市", "北京市", "深圳市", "重庆市", "广州市", "成都市", "天津市"], QIUSHI),
    ("nbs_census_2020", 2020, "extra-large", ["武汉市", "东莞市", "西安市", "杭州市", "佛山市", "南京市", "沈阳市",
                                               "青岛市", "济南市", "长沙市", "哈尔滨市", "郑州市", "昆明市", "大连市"], QIUSHI),
    ("mohurd_2019", 2019, "super-large", ["上海市", "北京市", "重庆市", "广州市", "深圳市", "天津市"], MOHURD),
    ("mohurd_2019", 2019, "extra-large", ["东莞市", "武汉市", "成都市", "杭州市", "南京市", "郑州市", "西安市",
                                           "济南市", "沈阳市", "青岛市"], MOHURD),
]
# urban-core population (10^4 persons) where a report states it
CORE_POP = {("nbs_census_2020", "成都市"): ("1334", "Sichuan Observer report: 城区常住人口 1334万"),
            ("nbs_census_2020", "武汉市"): ("995", "Sichuan Observer report: 城区常住人口 995万")}


def official() -> list[dict]:
    rows = []
    for lst, year, cls, cities, src in LISTS:
        for i, c in enumerate(cities, 1):
            pop, note = CORE_POP.get((lst, c), ("", ""))
            ordered = "reported order (by urban-core population)" if lst == "nbs_census_2020" else \
                "reported order (not stated to be by size)"
            rows.append({"list": lst, "year": year, "city": c, "size_class": cls, "order": i,
                         "core_pop_10k": pop, "tier": "C", "source": src,
                         "note": "; ".join(x for x in (ordered, note) if x)})
    return rows


def _write(name: str, rows: list[dict]) -> None:
    write_csv(rows, OUT / f"{name}.csv")


def main(src: Path = DEFAULT) -> None:
    _write("scaling_exponents_published", published(src))
    _write("megacities_official", official())


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
