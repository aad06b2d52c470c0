"""Low-carbon pilot designations: our coding against the two third-party codings.

Our table (:func:`megacity.data.catalogue.load_lowcarbon_pilots`) is compiled from the pages that
name each unit (``data/raw/lowcarbon_pilots_ndrc.csv``).  Two third-party codings are in the
external registry: the Panel-GAIN panel (``policy`` per city, coded in ``code.R``) and the new_did
list.  :func:`third_party_disagreements` lists every unit on which either coding and ours differ,
says which is right and why, and flags any difference that no rule or note explains, so that a
test can fail on it.

How a difference is explained, in order:

1. **dating convention**: ours 2012, theirs 2013; the second-batch notice is of 26 November 2012,
   both codings date the batch by its first full year.  Ours is the designation year;
2. **province rule not applied**: a unit ours designates via Guangdong province (2010) that a
   coding leaves untreated; the 2010 notice names Guangdong among the five pilot provinces;
3. **coverage**: a unit ours designates that the coding does not cover: any unit outside the
   panel's 285 prefectures (it lacks Hainan's and Hubei's province-administered units and most of
   Xinjiang), and, for the list (which names designated units only, so that its silence on a unit
   is a disagreement), only the province-administered county-level units (codes xx90xx), to which
   it never expands a province;
4. a **note** in :data:`DISAGREEMENT_NOTES` for the unit and the coding, written after reading the
   pages (who is right, and the evidence).

Anything else is ``explained = False``.
"""
from __future__ import annotations

import pandas as pd

from .args import ParameterError

__all__ = ["CASE_UNITS", "CODINGS", "DISAGREEMENT_NOTES", "THEIR_NAME_MAP", "case_designations", "pilot_numbers",
           "third_party_disagreements",
           "disagreement_summary", "coded_years"]

CODINGS = ("panel", "biechouwo")

#: names in the third-party codings that are not census unit names -> census unit (the parent
#: prefecture for county-level units).
THEIR_NAME_MAP: dict[str, str] = {
    "第一师阿拉尔市": "阿拉尔市",
    "共青城市": "九江市",
    "敦煌市": "酒泉市",
    "昌吉市": "昌吉回族自治州",
    "逊克县": "黑河市",
    "宜城市": "襄阳市",
}

_XUNKE = ("undetermined; ours kept as none found",
          "逊克县 (a county of Heihe) is a third-batch unit in this list only; code.R does not name it and "
          "no stored page read names it, so our sheet has no row for it (the 2017 annex could not be read)")
_SINGLE = ("undetermined; ours kept as none found",
           "named as a 2017 unit by this list only: code.R's third-batch list does not have it and no stored "
           "page read names it; the list holds 39 third-batch entries against the notice's 45 units, six "
           "of them in no other source, so a single uncorroborated entry is not coded")

#: (coding, census unit) -> (which is right, why).  Written from the pages in data/raw.
DISAGREEMENT_NOTES: dict[tuple[str, str], tuple[str, str]] = {
    ("panel", "桂林市"): ("ours", "Guilin is in the second batch (TERI Table 3.4, from NCSC); code.R omits it "
                                "(a known error of that coding)"),
    ("biechouwo", "桂林市"): ("ours", "Guilin is in the second batch of 2012 (TERI Table 3.4, from NCSC), "
                                    "not the third"),
    ("panel", "柳州市"): ("ours", "Hong Kong Commercial Daily, 10 March 2017: Liuzhou had just been made a national "
                                "low-carbon pilot city, i.e. in the third batch; code.R omits it (the new_did "
                                "list also has Liuzhou 2017)"),
    ("panel", "九江市"): ("both, at their own unit",
                        "the third batch names 共青城市, a county-level city of Jiujiang; the panel has no "
                        "county-level rows, so Jiujiang stays untreated there, while ours marks Jiujiang "
                        "'via a county-level unit' (a partial designation, flagged)"),
    ("panel", "酒泉市"): ("both, at their own unit",
                        "the third batch names 敦煌市, a county-level city of Jiuquan; the panel has no "
                        "county-level rows, so Jiuquan stays untreated there, while ours marks Jiuquan "
                        "'via a county-level unit' (a partial designation, flagged)"),
    ("biechouwo", "黑河市"): _XUNKE,
    ("biechouwo", "襄阳市"): ("ours", "宜城市 (a county-level city of Xiangyang, Hubei) is dated 2017 in this list; no "
                                    "source names it in any batch (a doubtful entry, perhaps 宣城市, which the list "
                                    "also has); Xiangyang is a 2010 unit via Hubei province anyway"),
    ("biechouwo", "徐州市"): _SINGLE, ("biechouwo", "泉州市"): _SINGLE, ("biechouwo", "焦作市"): _SINGLE,
    ("biechouwo", "郑州市"): _SINGLE, ("biechouwo", "铜陵市"): _SINGLE, ("biechouwo", "长治市"): _SINGLE,
    ("biechouwo", "拉萨市"): ("ours, weakly", "Lhasa is a third-batch unit in code.R; this list misses several "
                                         "third-batch units (a known error); no stored page was found for Lhasa"),
    ("biechouwo", "吴忠市"): ("ours", "the Ningxia Department of Ecology and Environment (17 July 2023) reports Wuzhong "
                                   "rated as a national low-carbon pilot city; it is in neither of the first two "
                                   "batches, so third (code.R agrees); this list misses it"),
    ("biechouwo", "伊犁哈萨克自治州"): ("ours", "伊宁市 (county-level, Ili) is named in the third batch by the China CDM Fund "
                                           "news of 22 January 2017; this list misses it"),
    ("biechouwo", "和田地区"): ("ours", "和田市 (county-level, Hotan prefecture) is named in the third batch by the "
                                   "China CDM Fund news of 22 January 2017; this list misses it"),
}


def coded_years(coding: str, panel: pd.DataFrame | None = None,
                biechouwo: pd.DataFrame | None = None) -> pd.DataFrame:
    """One third-party coding as ``their_name, census_city, theirs`` (first year; NA = never)."""
    if coding not in CODINGS:
        raise ParameterError(f"coding must be one of {CODINGS}, got {coding!r}")
    if coding == "panel":
        from .data.external import load_lowcarbon_panel

        df = load_lowcarbon_panel() if panel is None else panel
        years = df["policy"].astype("Int64").where(df["policy"].astype("Int64") != 9999)
        out = pd.DataFrame({"their_name": df["city"].astype(str), "theirs": years})
    else:
        from .data.external import load_lowcarbon_biechouwo

        df = load_lowcarbon_biechouwo() if biechouwo is None else biechouwo
        out = pd.DataFrame({"their_name": df["city"].astype(str), "theirs": df["start_year"].astype("Int64")})
    out["census_city"] = out["their_name"].map(lambda n: THEIR_NAME_MAP.get(n, n))
    return out.reset_index(drop=True)


def _int(x) -> int | None:
    return None if x is None or pd.isna(x) else int(x)


def _explain(coding: str, unit: str, ours: int | None, theirs: int | None, listed: bool,
             designated_unit, city_code: str) -> tuple[str, str, str, bool]:
    if ours == 2012 and theirs == 2013:
        return ("dating convention", "ours (designation year)",
                "the second-batch notice is of 26 November 2012; this coding dates the batch by its first "
                "full year of treatment", True)
    if isinstance(designated_unit, str) and designated_unit == "广东省" and theirs is None and listed:
        return ("province rule not applied", "ours",
                "the 2010 notice names Guangdong among the five pilot provinces; this coding treats only "
                "Shenzhen in Guangdong (a known error)", True)
    if (coding, unit) in DISAGREEMENT_NOTES:
        right, why = DISAGREEMENT_NOTES[(coding, unit)]
        return ("noted", right, why, True)
    if not listed and ours is not None and (coding == "panel" or city_code[2:4] == "90"):
        # the panel is a universe of 285 prefectures: a unit outside it is not a disagreement; the
        # list names designated units only, so its silence on a unit is one, except for the
        # province-administered county-level units (codes xx90xx) it never expands a province to
        return ("coverage", "n/a (the unit is not in this coding)",
                "the coding does not cover this unit (panel: not among its prefectures; list: a "
                "province-administered county-level unit, not expanded from its province)", True)
    return ("unexplained", "", "", False)


def third_party_disagreements(ours: pd.DataFrame | None = None, panel: pd.DataFrame | None = None,
                              biechouwo: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every census unit on which a third-party coding and ours differ, explained or flagged.

    Columns: ``coding, city_code, city, ours, theirs, their_names, ours_designated_as, ours_evidence,
    kind, right, why, explained``.  ``ours``/``theirs`` are first designation years (NA = none).
    Names of theirs that match no census unit after :data:`THEIR_NAME_MAP` are rows with
    ``kind = 'name not in census'`` (explained only for 莱芜市, merged into Jinan in 2019).
    Pass frames to test a planted disagreement; by default the tables are loaded.
    """
    if ours is None:
        from .data.catalogue import load_lowcarbon_pilots

        ours = load_lowcarbon_pilots()
    need = {"city_code", "city", "designation_year", "designated_as", "designated_unit", "evidence"}
    missing = need - set(ours.columns)
    if missing:
        raise ParameterError(f"ours lacks the columns {sorted(missing)}")
    base = ours[list(need)].copy()
    base["ours"] = base["designation_year"].astype("Int64")
    out = []
    for coding in CODINGS:
        theirs = coded_years(coding, panel=panel, biechouwo=biechouwo)
        unknown = theirs[~theirs["census_city"].isin(base["city"])]
        for _, r in unknown.iterrows():
            ok = r["their_name"] == "莱芜市"
            out.append({"coding": coding, "city_code": "", "city": r["their_name"], "ours": pd.NA,
                        "theirs": r["theirs"], "their_names": r["their_name"], "ours_designated_as": "",
                        "ours_evidence": "", "kind": "name not in census",
                        "right": "n/a" if ok else "", "explained": ok,
                        "why": ("Laiwu was merged into Jinan in 2019 (国函〔2019〕4号); the census file has "
                                "2020 units; both code it untreated" if ok else "")})
        known = theirs[theirs["census_city"].isin(base["city"])]
        first = known.groupby("census_city")["theirs"].min()
        last = known.groupby("census_city")["theirs"].max()
        names = known.groupby("census_city")["their_name"].agg(lambda s: ", ".join(sorted(s)))
        for _, r in base.iterrows():
            o = _int(r["ours"])
            listed = r["city"] in names.index
            if not listed:
                if o is None:
                    continue
                t = None
            else:
                t0, t1 = _int(first.get(r["city"])), _int(last.get(r["city"]))
                # a unit whose entries disagree among themselves (宜城市 2017 under Xiangyang 2010)
                # is checked on the entry that differs from ours
                t = t1 if (t0 == o and t1 != o) else t0
                if t == o and t1 == o:
                    continue
                if o is None and t0 is None and t1 is None:
                    continue
            kind, right, why, ok = _explain(coding, r["city"], o, t, listed, r["designated_unit"],
                                           str(r["city_code"]))
            out.append({"coding": coding, "city_code": r["city_code"], "city": r["city"],
                        "ours": o, "theirs": t, "their_names": names.get(r["city"], ""),
                        "ours_designated_as": r["designated_as"],
                        "ours_evidence": r["evidence"] if isinstance(r["evidence"], str) else "",
                        "kind": kind, "right": right, "why": why, "explained": ok})
    cols = ["coding", "city_code", "city", "ours", "theirs", "their_names", "ours_designated_as",
            "ours_evidence", "kind", "right", "why", "explained"]
    res = pd.DataFrame(out, columns=cols)
    res["ours"] = res["ours"].astype("Int64")
    res["theirs"] = res["theirs"].astype("Int64")
    res["explained"] = res["explained"].astype(bool)
    return res.sort_values(["coding", "kind", "city"]).reset_index(drop=True)


def disagreement_summary(dis: pd.DataFrame) -> pd.DataFrame:
    """Counts of disagreements by coding and kind (for a chapter table)."""
    if not {"coding", "kind"} <= set(dis.columns):
        raise ParameterError("dis must be the output of third_party_disagreements")
    return dis.groupby(["coding", "kind"]).size().rename("units").reset_index()


#: the four cases of chapter 20 and the census unit each lies in
CASE_UNITS = {"Haicang": "厦门市", "Guiyang": "贵阳市", "Chengdu": "成都市", "Taicang": "苏州市"}


def case_designations(ours: pd.DataFrame | None = None) -> pd.DataFrame:
    """The four cases' census units in the pilot table: ``case, city, designation_year, designated_as, evidence``."""
    if ours is None:
        from .data.catalogue import load_lowcarbon_pilots

        ours = load_lowcarbon_pilots()
    t = ours.set_index("city")
    missing = [c for c in CASE_UNITS.values() if c not in t.index]
    if missing:
        raise ParameterError(f"ours lacks the case units {missing}")
    rows = [{"case": case, "city": city, "designation_year": t.loc[city, "designation_year"],
             "designated_as": str(t.loc[city, "designated_as"]), "evidence": t.loc[city, "evidence"]}
            for case, city in CASE_UNITS.items()]
    return pd.DataFrame(rows)


def pilot_numbers(ours: pd.DataFrame | None = None, dis: pd.DataFrame | None = None) -> dict[str, float]:
    """Numbers for ``glue_many``: units by batch and by route, evidence tiers, disagreements by kind."""
    if ours is None:
        from .data.catalogue import load_lowcarbon_pilots

        ours = load_lowcarbon_pilots()
    if dis is None:
        dis = third_party_disagreements(ours)
    out: dict[str, float] = {"units": float(len(ours))}
    for b in (1, 2, 3):
        out[f"batch{b}_units"] = float((ours["batch"] == b).sum())
    for how in ("city", "via its province", "via a county-level unit", "none found"):
        out["route_" + how.replace(" ", "_").replace("-", "_")] = float((ours["designated_as"] == how).sum())
    out["third_party_evidence_units"] = float((ours["evidence"] == "third_party_coding").sum())
    for (coding, kind), n in dis.groupby(["coding", "kind"]).size().items():
        out[f"dis_{coding}_{kind.replace(' ', '_')}"] = float(n)
    out["dis_unexplained"] = float((~dis["explained"]).sum())
    return out
