"""Compile the low-carbon pilot designations (a dated vertical signal) onto the census units.

Run from the repository root:  python scripts/compile_lowcarbon.py [path/to/data/raw]

Reads ``data/raw/lowcarbon_pilots_ndrc.csv`` (one row per unit named in one of the three NDRC
batches, 2010, 2012, 2017, each with the page it was read from) and the census unit list
(``census_city_2010-2020_v1.csv``, fetched and verified by sha256 through the registry; set
``MEGACITY_DATA_MIRROR``), and writes ``data/lowcarbon_pilots.csv``: one row per census unit (369).

Rules, in this order, each one recorded on the output row:

1. **city**: a unit named in a batch as a city (or municipality) is matched to the census unit of
   the same Chinese name;
2. **via a county-level unit**: a county-level city named in a batch (e.g. 敦煌市) designates its
   prefecture only in part; the prefecture is coded with ``designated_as = via a county-level unit``
   and the parent is the compiler's (``COUNTY_PARENT``, flagged ``parent_added_by_compiler``);
3. **via its province (the province rule)**: a province named in a batch (Guangdong, Liaoning,
   Hubei, Shaanxi and Yunnan in 2010, Hainan in 2012) covers every census unit of that province,
   prefectures and province-administered counties alike; such rows carry ``province_rule = true``;
4. a unit's **designation** is its earliest one; on a tie of years, a unit named itself (city)
   wins over the province rule, which wins over a county-level unit.  Later designations are kept,
   as text, in ``later_designations`` (e.g. Wuhan: via Hubei 2010, then named itself in 2012);
5. a unit named in no batch read has ``designated_as = none found``; because the third batch's
   annex could not be read in full, this is "not found", not "never designated".

The ``evidence`` column repeats the evidence tier of the raw row that decides the designation
(``notice_text``, ``official_page``, ``news_report_of_notice``, ``secondary_table``, ...,
``third_party_coding``): a reader can drop the third-party tier.
"""
from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for the shared helper below
from _tables import write_csv  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "data" / "raw"
OUT = ROOT / "data"
RAW = "lowcarbon_pilots_ndrc.csv"

#: county-level designee -> its prefecture-level census unit (2020 administrative divisions).
COUNTY_PARENT: dict[str, str] = {
    "共青城市": "九江市",
    "敦煌市": "酒泉市",
    "昌吉市": "昌吉回族自治州",
    "伊宁市": "伊犁哈萨克自治州",
    "和田市": "和田地区",
}

#: priority of the ways a unit is designated, for ties within one year (lower wins).
_PRIORITY = {"city": 0, "via its province": 1, "via a county-level unit": 2}


def read_raw(src: Path) -> list[dict]:
    with open(src / RAW, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if not rows:
        raise ValueError(f"{src / RAW} has no rows")
    return rows


def census_units() -> list[dict]:
    """The census units (city, city_code, province) from the verified external file."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("MEGACITY_DATA_MIRROR", str(ROOT.parent / "shared" / "external-data"))
    from megacity.data.registry import fetch

    with open(fetch("census_city_2010-2020_v1.csv"), encoding="utf-8-sig", newline="") as fh:
        return [{"city": r["city"], "city_code": r["city_code"], "province": r["province"]}
                for r in csv.DictReader(fh)]


def designations(raw: list[dict], units: list[dict]) -> dict[str, list[dict]]:
    """Every designation that reaches each census unit (by city_code), by rules 1-3."""
    by_name = {u["city"]: u for u in units}
    by_prov: dict[str, list[dict]] = {}
    for u in units:
        by_prov.setdefault(u["province"], []).append(u)
    out: dict[str, list[dict]] = {u["city_code"]: [] for u in units}
    for r in raw:
        zh, level = r["unit_name_zh"], r["unit_level"]
        if level == "province":
            if zh not in by_prov:
                raise ValueError(f"{r['unit_id']}: province {zh} has no census units")
            targets, how, parent = by_prov[zh], "via its province", False
        elif level == "county-level":
            if zh not in COUNTY_PARENT:
                raise ValueError(f"{r['unit_id']}: county-level unit {zh} has no parent in COUNTY_PARENT")
            targets, how, parent = [by_name[COUNTY_PARENT[zh]]], "via a county-level unit", True
        elif level == "city":
            if zh not in by_name:
                raise ValueError(f"{r['unit_id']}: city {zh} is not a census unit name")
            targets, how, parent = [by_name[zh]], "city", False
        else:
            raise ValueError(f"{r['unit_id']}: unknown unit_level {level!r}")
        for u in targets:
            out[u["city_code"]].append({"row": r, "how": how, "parent": parent})
    return out


def compile_rows(src: Path = DEFAULT, units: list[dict] | None = None) -> list[dict]:
    raw = read_raw(src)
    units = census_units() if units is None else units
    des = designations(raw, units)
    rows = []
    for u in units:
        ds = sorted(des[u["city_code"]],
                    key=lambda d: (int(d["row"]["designation_year"]), _PRIORITY[d["how"]]))
        if ds:
            first, later = ds[0], ds[1:]
            r = first["row"]
            rows.append({
                "city_code": u["city_code"], "city": u["city"], "province": u["province"],
                "batch": r["batch"], "designation_year": r["designation_year"],
                "notice_no": r["notice_no"], "designated_as": first["how"],
                "designated_unit": r["unit_name_zh"],
                "province_rule": "true" if first["how"] == "via its province" else "false",
                "parent_added_by_compiler": "true" if first["parent"] else "false",
                "evidence": r["evidence"],
                "later_designations": "; ".join(
                    f"{d['row']['designation_year']} {d['how']} ({d['row']['unit_name_zh']}, {d['row']['unit_id']})"
                    for d in later),
                "raw_rows": " ".join(d["row"]["unit_id"] for d in ds),
                "source": f"{r['url']} ({r['page_title']})",
            })
        else:
            rows.append({
                "city_code": u["city_code"], "city": u["city"], "province": u["province"],
                "batch": "", "designation_year": "", "notice_no": "", "designated_as": "none found",
                "designated_unit": "", "province_rule": "false", "parent_added_by_compiler": "false",
                "evidence": "", "later_designations": "", "raw_rows": "",
                "source": "no unit of the three batches read in data/raw/lowcarbon_pilots_ndrc.csv",
            })
    return rows


def main(argv: list[str]) -> None:
    src = Path(argv[1]) if len(argv) > 1 else DEFAULT
    write_csv(compile_rows(src), OUT / "lowcarbon_pilots.csv")


if __name__ == "__main__":
    main(sys.argv)
