"""Four-city event coding: a written codebook applied by code, Cohen's kappa, and source types.

The codebook is ``data/raw/four_city_codebook.md``; this module is its rules as code.  Every event of
``governance_timeline`` (T..) and ``innovation_adoptions`` (A..) gets exactly one code:

``reversal``
    the event undoes an adopted reform (a de-adoption).
``spread``
    horizontal: a unit adopts, pilots or studies a practice alongside or after peers, with no order
    from a common superior recorded in the event.
``recognised``
    a local innovation endorsed from above: an actor ranked above the unit where the practice
    originated endorses, ranks, instructs others to learn from, writes into a document, or first
    takes up that practice.
``from_above``
    an actor acts on units below it: it orders, designates (an experimental or pilot zone), creates,
    authorises, rolls out or sets targets, or extends its own practice to its sub-units.
``local``
    the unit's own act on its own practice: a first pilot, a launch, its own documents and plans, or
    an adoption by another unit dated before the originator's (an earlier or parallel claim).

The rules (R1-R8, applied in order; the first that fires decides) look only at what the blind coder
also sees: the actor (with its administrative rank), the date and the event text built by
:func:`event_table`.  The rank order is central 5 > province 4 > prefecture-level city 3 >
district, county and county-level city 2 > street and community 1.

* R1 reversal words (revers, re-created, re-established, de-adoption) -> ``reversal``;
* R2 horizontal words (learn from, visit, benchmark, successively, in parallel, 相继, 陆续) -> ``spread``;
* R3 designation words (experimental zone, pilot zone, designat, provincial ... pilots), when the actor
  ranks province or above or the text names a provincial or national designator -> ``from_above``
  (a designation is from above even where a source calls it recognition);
* R4 endorsement words (recognis, rank, instruct, summarise and spread, written into, citing prior
  local practice, as a case, sample for national, 推广 ... 经验) by an actor above the practice's
  origin -> ``recognised``; by the originator itself (its media) -> ``local``;
* R5 roll-out words (roll-out, extended to, citywide, province-wide, in place in, coverage, targets,
  re-divides, authorises, becomes an administrative district, folded into, due by, deadline, 全面推行,
  覆盖) ->
  ``from_above``;
* R6 an actor above the practice's origin (adoption rows) or a central/provincial actor (timeline
  rows): the first such act on a practice -> ``recognised``; any later one -> ``from_above``;
* R7 an adoption by a unit inside the originator's jurisdiction -> ``from_above`` (within the city);
  by another unit not above the originator -> ``spread`` if dated at or after the originator's first
  act, ``local`` (an earlier or parallel claim) if before;
* R8 otherwise -> ``local``.
"""
from __future__ import annotations

import re
from urllib.parse import urlparse

import numpy as np
import pandas as pd

from .args import ParameterError

__all__ = ["CODES", "INNOVATION_ORIGIN", "SOURCE_TYPES", "INTERPRETIVE_PHRASES", "event_table",
           "code_events", "kappa", "kappa_table", "source_type_shares", "source_type",
           "legacy_kind", "blind_export", "reconcile", "code_by_source_type", "coded_timeline",
           "coding_numbers", "load_reconciliation", "blind_kappa", "legacy_comparison"]

CODES = ("from_above", "recognised", "spread", "local", "reversal")

#: innovation -> (originating unit as it appears in actor names, its rank, year of its first act,
#: names of units inside its jurisdiction).
INNOVATION_ORIGIN: dict[str, tuple[str, int, int, tuple[str, ...]]] = {
    "co_creation": ("Xiamen", 3, 2013, ("Haicang", "Xiamen", "厦门")),
    "street_office_abolition": ("Guiyang", 3, 2010, ("Guiyang", "贵阳", "息烽")),
    "party_committee": ("Chengdu", 3, 2017, ("Chengdu", "成都")),
    "sichuan_pilots": ("Chengdu", 3, 2017, ("Chengdu", "成都")),
    "zhengshe_hudong": ("Taicang", 2, 2008, ("Taicang", "太仓")),
}

#: phrases of the fact sheets that are the compiler's interpretation, not the event; removed from the
#: text that is coded (by us and by the blind coder).
INTERPRETIVE_PHRASES = (
    " (top-down push diffusing Chengdu practice)",
    " (top-down / coercive analogue)",
    " (national endorsement)",
    "national promotion, ",
)

_RANK_WORDS = [(r"central|ministry|state council|national", 5), (r"(?<!sub-)provinc", 4),
               (r"prefecture|sub-provincial|^city$|city/district|^city \(", 3),
               (r"county-level city|district|county", 2), (r"street|community", 1)]

_R1 = re.compile(r"revers|re-creat|re-establish|de-adopt", re.I)
_R2 = re.compile(r"learn(s|ing)? from|visit|benchmark|successively|in parallel|相继|陆续", re.I)
_R3 = re.compile(r"experimental zone|pilot zone|designat|provincial\b.*\bpilots|batch \d pilots", re.I)
_R4 = re.compile(r"recognis|\brank|instruct|summari[sz]e and spread|writ\w* .*into|written into|"
                 r"citing prior local practice|as (a )?case|sample for national|推广.*经验", re.I)
_R5 = re.compile(r"roll-out|roll out|extended to|citywide|province-wide|in place in|coverage|target|"
                 r"re-divides|authorises|becomes an administrative district|folded into|全面推行|覆盖|"
                 r"to be finished by|due by|deadline|orders", re.I)
_DESIGNATOR = re.compile(r"provincial|national|ministry|state council", re.I)
_CENTRAL_TL = re.compile(r"^(central|provincial)", re.I)


def _rank(level: str) -> int:
    low = str(level).strip().lower()
    if "partial" in low:       # "province (partial: some cities/counties)": the adopters are cities
        return 3
    ranks = [r for pat, r in _RANK_WORDS if re.search(pat, low)]
    return max(ranks) if ranks else 3


def _clean(text: str) -> str:
    for p in INTERPRETIVE_PHRASES:
        text = text.replace(p, "")
    return " ".join(str(text).split())


def event_table(timeline: pd.DataFrame, adoptions: pd.DataFrame) -> pd.DataFrame:
    """One row per event of both tables: ``event_id, table, date, year, actor, actor_level,
    actor_rank, innovation, text, source, in_chapter20``.

    ``text`` is what is coded: the timeline's event, or for an adoption "adopter adopts innovation"
    with the count and the fact sheet's note (the quoted source text); the timeline's ``direction``
    column (the old label) is not used.  ``in_chapter20`` marks the events chapter 20's timeline
    figure shows (timeline rows of a case or national/Jiangsu; adoptions by units other than the
    originating cities).
    """
    need_t = {"event_id", "case", "place", "date_text", "year", "event", "level", "source"}
    need_a = {"adoption_id", "innovation", "innovation_label", "adopter", "adopter_level", "date_text",
              "year", "count", "note", "source"}
    for name, df, need in (("timeline", timeline, need_t), ("adoptions", adoptions, need_a)):
        missing = need - set(df.columns)
        if missing:
            raise ParameterError(f"{name} lacks the columns {sorted(missing)}")
    tl = pd.DataFrame({
        "event_id": timeline["event_id"].astype(str), "table": "governance_timeline",
        "date": timeline["date_text"].astype(str), "year": timeline["year"].astype("Int64"),
        "actor": timeline["place"].astype(str) + " [" + timeline["level"].astype(str) + "]",
        "actor_level": timeline["level"].astype(str),
        "innovation": "", "text": timeline["event"].astype(str).map(_clean),
        "source": timeline["source"].astype(str),
        "in_chapter20": (timeline["case"].notna()
                         | timeline["place"].astype(str).str.startswith(("China", "Jiangsu"))).to_numpy(),
    })
    cnt = adoptions["count"].fillna("").astype(str)
    note = adoptions["note"].fillna("").astype(str)
    label = adoptions["innovation_label"].astype(str).map(_clean)
    text = (adoptions["adopter"].astype(str) + " adopts: " + label
            + np.where(cnt != "", ". Count: " + cnt, "") + np.where(note != "", ". Note: " + note, ""))
    ad = pd.DataFrame({
        "event_id": adoptions["adoption_id"].astype(str), "table": "innovation_adoptions",
        "date": adoptions["date_text"].astype(str), "year": adoptions["year"].astype("Int64"),
        "actor": (adoptions["adopter"].astype(str).map(_clean) + " ["
                  + adoptions["adopter_level"].astype(str) + "]"),
        "actor_level": adoptions["adopter_level"].astype(str),
        "innovation": adoptions["innovation"].astype(str), "text": pd.Series(text).map(_clean).to_numpy(),
        "source": adoptions["source"].astype(str),
        "in_chapter20": (~adoptions["adopter"].astype(str).str.contains(
            "Xiamen$|Taicang$|Guiyang: pilot|Chengdu$|Haicang", regex=True)).to_numpy(),
    })
    out = pd.concat([tl, ad], ignore_index=True)
    out["actor_rank"] = out["actor_level"].map(_rank).astype(int)
    return out


def _origin_of(row) -> tuple[str, int, int, tuple[str, ...]] | None:
    if row["innovation"] in INNOVATION_ORIGIN:
        return INNOVATION_ORIGIN[row["innovation"]]
    return None


def _code_one(row, first_above: set[str]) -> tuple[str, str]:
    text, rank = row["text"], int(row["actor_rank"])
    origin = _origin_of(row)
    is_adoption = row["table"] == "innovation_adoptions"
    actor = row["actor"]
    above_origin = origin is not None and rank > origin[1]
    if is_adoption and origin is not None:
        own = actor.split(" [")[0]
        is_origin = bool(re.search(rf"(^|\W){origin[0]}$", own.split(":")[0].strip())) or (
            origin[0] in own and ":" in own)
    else:
        is_origin = False
    if _R1.search(text):
        return "reversal", "R1"
    if _R2.search(text):
        return "spread", "R2"
    if _R3.search(text) and (rank >= 4 or _DESIGNATOR.search(text)):
        return "from_above", "R3"
    if _R4.search(text):
        if above_origin or (not is_adoption and _CENTRAL_TL.match(row["actor_level"])):
            return "recognised", "R4"
        return "local", "R4"
    if _R5.search(text):
        return "from_above", "R5"
    if is_adoption and above_origin:
        return ("recognised", "R6") if row["event_id"] in first_above else ("from_above", "R6")
    if not is_adoption and _CENTRAL_TL.match(row["actor_level"]):
        return "from_above", "R6"
    if is_adoption and origin is not None and not is_origin:
        inside = any(n in actor for n in origin[3])
        if inside:
            return "from_above", "R7"
        yr = row["year"]
        if pd.notna(yr) and int(yr) < origin[2]:
            return "local", "R7"
        return "spread", "R7"
    return "local", "R8"


def code_events(frame: pd.DataFrame) -> pd.DataFrame:
    """Apply the codebook to an :func:`event_table` frame: adds ``code`` and ``rule`` (R1-R8)."""
    need = {"event_id", "table", "year", "actor", "actor_level", "actor_rank", "innovation", "text"}
    missing = need - set(frame.columns)
    if missing:
        raise ParameterError(f"frame lacks the columns {sorted(missing)}; build it with event_table()")
    if frame["event_id"].duplicated().any():
        raise ParameterError("frame has duplicate event_id values")
    out = frame.copy()
    # the first act, per innovation, by an actor above the practice's origin (for R6)
    above = out[(out["table"] == "innovation_adoptions") & out["innovation"].isin(INNOVATION_ORIGIN)]
    above = above[above.apply(lambda r: int(r["actor_rank"]) > INNOVATION_ORIGIN[r["innovation"]][1], axis=1)]
    first_above = set(above.sort_values(["year", "event_id"]).groupby("innovation")["event_id"].first())
    res = [_code_one(r, first_above) for _, r in out.iterrows()]
    out["code"] = pd.Categorical([c for c, _ in res], categories=list(CODES))
    out["rule"] = [r for _, r in res]
    return out


def legacy_kind(frame: pd.DataFrame, timeline: pd.DataFrame, adoptions: pd.DataFrame) -> pd.Series:
    """The label chapter 20's timeline gave each event before this codebook (for comparison).

    Timeline rows: from the ``direction`` column by the chapter's keyword rule; adoption rows:
    'spread' (or 'reversal', or 'earlier or parallel claim' before the originator's start).  Mapped
    onto the codebook's codes: top-down -> from_above, recognised from above -> recognised,
    horizontal and spread -> spread, local innovation and earlier claims -> local.
    """
    d = timeline.set_index("event_id")["direction"].astype(str)
    kind = {}
    for eid, s in d.items():
        if re.search("reversal", s, re.I):
            kind[eid] = "reversal"
        elif re.search("horizontal", s, re.I):
            kind[eid] = "spread"
        elif re.search("recognised|taken up|studied|signalling", s, re.I):
            kind[eid] = "recognised"
        elif re.search("local innovation|local institutional", s, re.I):
            kind[eid] = "local"
        else:
            kind[eid] = "from_above"
    start = {k: v[2] for k, v in INNOVATION_ORIGIN.items()}
    for _, r in adoptions.iterrows():
        if bool(r["reversal"]):
            kind[r["adoption_id"]] = "reversal"
        elif pd.notna(r["year"]) and int(r["year"]) < start[r["innovation"]]:
            kind[r["adoption_id"]] = "local"
        else:
            kind[r["adoption_id"]] = "spread"
    return frame["event_id"].map(kind).rename("legacy")


def kappa_table(a, b, categories=None) -> np.ndarray:
    """Square contingency table of two codings (rows: a, columns: b) over ``categories``."""
    a, b = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
    if a.shape != b.shape or a.ndim != 1:
        raise ParameterError(f"a and b must be 1-d of the same length, got {a.shape} and {b.shape}")
    if len(a) == 0:
        raise ParameterError("a and b are empty")
    if pd.isna(a).any() or pd.isna(b).any():
        raise ParameterError("a and b must not contain missing codes")
    cats = list(categories) if categories is not None else sorted(set(a) | set(b), key=str)
    unknown = (set(a) | set(b)) - set(cats)
    if unknown:
        raise ParameterError(f"codes not among the categories: {sorted(map(str, unknown))}")
    idx = {c: i for i, c in enumerate(cats)}
    t = np.zeros((len(cats), len(cats)))
    np.add.at(t, (np.array([idx[x] for x in a]), np.array([idx[x] for x in b])), 1)
    return t


def kappa(a, b) -> float:
    """Cohen's kappa of two codings of the same items: (p_o - p_e) / (1 - p_e).

    p_o is the share of items coded alike, p_e the agreement expected from the two coders' marginal
    shares.  Raises ``ParameterError`` when p_e = 1 (both coders use one and the same code), where
    kappa is undefined.
    """
    t = kappa_table(a, b)
    n = t.sum()
    po = np.trace(t) / n
    pe = float((t.sum(axis=1) / n) @ (t.sum(axis=0) / n))
    if np.isclose(pe, 1.0):
        raise ParameterError("kappa is undefined: both codings use a single, identical code")
    return float((po - pe) / (1 - pe))


#: source domain (or URL fragment) -> (source type, what it is).  Types: government (a government or
#: Party page, or a repost of a government document or government news), media (state or commercial
#: news), academic (journal, university, book, think tank abroad), other (encyclopedia mirror, Q&A
#: site, aggregator of unknown origin).
SOURCE_TYPES: dict[str, tuple[str, str]] = {
    "english.xm.gov.cn": ("government", "Xiamen government English profile"),
    "www.deyang.gov.cn": ("government", "Deyang government English news"),
    "en.drc.gov.cn": ("government", "State Council Development Research Center"),
    "hbjzrcw.com": ("government", "repost of a Xiamen government text"),
    "news.hxmyw.net": ("government", "title page of the city's strategic plan"),
    "www.wxylhbgc.com": ("government", "repost of the MOHURD document"),
    "nanjing.baogaosu.com/xinwen/%E4%B8%AD%E5%A4%AE": ("government", "repost of Jiangsu civil-affairs news"),
    "nanjing.baogaosu.com/xinwen/%E5%A4%AA%E4%BB%93": ("government", "repost of Taicang government news"),
    "www.msqc.cn": ("government", "Taicang news page"),
    "lr5.cn": ("government", "header of a Chengdu notice"),
    "www.fgdjw.com.cn": ("government", "Party-building news site"),
    "www.udnbkk.com": ("other", "aggregator summary of the institutional-reform plan"),
    "paper.people.com.cn": ("media", "People's Daily group"),
    "www.chinadaily.com.cn": ("media", "China Daily"),
    "xiamen.chinadaily.com.cn": ("media", "China Daily Xiamen"),
    "www.pressreader.com": ("media", "China Daily Hong Kong edition"),
    "epaper.neamco.com": ("media", "Guangming Daily e-paper"),
    "www.jrszb.cc": ("media", "Xinhua"),
    "m.dddjmc.com": ("media", "Taihai net"),
    "xm.fjsen.com": ("media", "Xiamen Daily via fjsen"),
    "fuzhou.baogaosu.com": ("media", "Xiamen news via baogaosu"),
    "chengdu.baogaosu.com": ("media", "newspaper column on the Guiyang reform"),
    "xzqh.info": ("media", "The Paper repost"),
    "cd.scol.com.cn": ("media", "Sichuan Online"),
    "yybnet.net": ("media", "Meishan local news"),
    "huifeng08.com": ("media", "People's Daily Sichuan repost"),
    "blue-maple.cn": ("media", "news repost on the Sichuan pilots"),
    "m.fx361.cc": ("academic", "journal article"),
    "zgkjsz.com": ("academic", "journal article"),
    "tst.ccnu.edu.cn": ("academic", "Central China Normal University note"),
    "www.econstor.eu": ("academic", "EconStor abstract of the UNRISD paper"),
    "www.innovations.harvard.edu": ("academic", "Harvard Ash Center page"),
    "ccprjournal.com.cn": ("academic", "China City Planning Review"),
    "ibooks.qq.com": ("academic", "book preface"),
    "ulib.interlib.cn": ("academic", "book description"),
    "m.csmtsr.com": ("academic", "article on the Taicang practice"),
    "piglix.com": ("other", "Wikipedia mirror"),
    "www.fudaoke.com": ("other", "Q&A site"),
    "mip.51dongshi.com": ("other", "Q&A site"),
}


def source_type(source: str) -> str:
    """The type of one source (URL first): government, media, academic or other."""
    url = str(source).split()[0]
    for key in sorted(SOURCE_TYPES, key=len, reverse=True):  # the longest (most specific) key first
        if key in url:
            return SOURCE_TYPES[key][0]
    host = urlparse(url).netloc
    if host.endswith(".gov.cn"):
        return "government"
    raise ParameterError(f"source of unknown type: {url!r}; add its domain to SOURCE_TYPES")


def source_type_shares(frame: pd.DataFrame) -> pd.DataFrame:
    """Share of events by source type: ``source_type, events, share``."""
    if "source" not in frame.columns:
        raise ParameterError("frame lacks the column 'source'")
    if len(frame) == 0:
        raise ParameterError("frame has no events")
    st = frame["source"].map(source_type)
    c = st.value_counts().reindex(["government", "media", "academic", "other"], fill_value=0)
    return pd.DataFrame({"source_type": c.index, "events": c.to_numpy().astype(int),
                         "share": c.to_numpy() / c.sum()})


def code_by_source_type(coded: pd.DataFrame) -> pd.DataFrame:
    """Events by code and source type (counts), with each code's share recorded by government pages."""
    if not {"code", "source"} <= set(coded.columns):
        raise ParameterError("coded must be the output of code_events")
    st = coded["source"].map(source_type)
    tab = pd.crosstab(coded["code"].astype(str), st).reindex(
        index=list(CODES), columns=["government", "media", "academic", "other"], fill_value=0)
    tab["events"] = tab.sum(axis=1)
    tab["government_share"] = np.where(tab["events"] > 0, tab["government"] / tab["events"].clip(lower=1),
                                       np.nan)
    return tab


def blind_export(frame: pd.DataFrame) -> pd.DataFrame:
    """What the blind coder receives: ``event_id, date, actor, text, source`` (no code, no rule)."""
    return frame[["event_id", "date", "actor", "text", "source"]].copy()


def reconcile(ours: pd.DataFrame, blind: pd.DataFrame) -> pd.DataFrame:
    """Join our codes with a blind pass (``event_id, code, reason``): one row per event, agreement flag."""
    for name, df, need in (("ours", ours, {"event_id", "code", "rule", "text"}),
                           ("blind", blind, {"event_id", "code"})):
        missing = need - set(df.columns)
        if missing:
            raise ParameterError(f"{name} lacks the columns {sorted(missing)}")
    b = blind.rename(columns={"code": "blind_code", "reason": "blind_reason"})
    if "blind_reason" not in b.columns:
        b["blind_reason"] = ""
    b["blind_code"] = b["blind_code"].astype(str).str.strip().str.lower()
    unknown = set(b["blind_code"]) - set(CODES)
    if unknown:
        raise ParameterError(f"blind codes outside the codebook: {sorted(unknown)}")
    m = ours[["event_id", "code", "rule", "text"]].merge(b[["event_id", "blind_code", "blind_reason"]],
                                                         on="event_id", how="inner")
    if len(m) != len(ours):
        raise ParameterError(f"the blind pass codes {len(m)} of {len(ours)} events")
    m["code"] = m["code"].astype(str)
    m["agree"] = m["code"] == m["blind_code"]
    return m


def coded_timeline() -> pd.DataFrame:
    """The events of ``governance_timeline`` and ``innovation_adoptions``, coded by the codebook."""
    from .data import catalogue

    return code_events(event_table(catalogue.load_governance_timeline(),
                                   catalogue.load_innovation_adoptions()))


def coding_numbers(coded: pd.DataFrame, blind: pd.DataFrame | None = None,
                   legacy: pd.Series | None = None) -> dict[str, float]:
    """Numbers for ``glue_many``: events, share by code, share by source type, kappas.

    ``kappa_legacy`` compares the codebook with the labels chapter 20 used before it (pass
    ``legacy``); ``kappa_blind`` and ``blind_disagreements`` need the blind pass.
    """
    if "code" not in coded.columns:
        raise ParameterError("coded must be the output of code_events")
    out: dict[str, float] = {"events": float(len(coded))}
    share = coded["code"].astype(str).value_counts(normalize=True)
    for c in CODES:
        out[f"share_{c}"] = float(share.get(c, 0.0))
    st = source_type_shares(coded).set_index("source_type")["share"]
    for s, v in st.items():
        out[f"source_{s}"] = float(v)
    by = code_by_source_type(coded)
    higher = by.loc[["from_above", "recognised"]]
    out["government_share_of_higher_acts"] = float(higher["government"].sum() / max(higher["events"].sum(), 1))
    rest = by.drop(index=["from_above", "recognised"])
    out["government_share_of_other_acts"] = float(rest["government"].sum() / max(rest["events"].sum(), 1))
    sp = coded[coded["code"].astype(str) == "spread"]
    out["spread_events"] = float(len(sp))
    out["spread_distinct_sources"] = float(sp["source"].map(lambda u: str(u).split()[0]).nunique())
    if legacy is not None:
        out["kappa_legacy"] = kappa(coded["code"].astype(str), legacy.astype(str))
    if blind is not None:
        rec = reconcile(coded, blind)
        out["kappa_blind"] = kappa(rec["code"], rec["blind_code"])
        out["blind_agreement"] = float(rec["agree"].mean())
        out["blind_disagreements"] = float((~rec["agree"]).sum())
    return out


RECONCILIATION = "four_city_coding_reconciliation.csv"


def load_reconciliation(folder=None) -> pd.DataFrame:
    """The reconciled blind second pass (``data/raw/four_city_coding_reconciliation.csv``).

    Raises ``FileNotFoundError`` with the reason when the blind pass has not been reconciled yet.
    """
    from pathlib import Path

    from .data import catalogue

    path = Path(folder) if folder is not None else catalogue.data_dir() / "raw"
    path = path / RECONCILIATION
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist: the blind second pass has not been reconciled "
                                "(run scripts/reconcile_four_city_coding.py once events_blind.csv exists)")
    rec = pd.read_csv(path, dtype=str, keep_default_na=False)
    rec["agree"] = rec["agree"].str.lower().eq("true")
    return rec


def blind_kappa(folder=None) -> float:
    """Cohen's kappa between the codebook's codes and the blind pass, from the reconciliation file."""
    rec = load_reconciliation(folder)
    return kappa(rec["codebook_code"], rec["blind_code"])


def legacy_comparison(coded: pd.DataFrame, timeline: pd.DataFrame, adoptions: pd.DataFrame) -> pd.DataFrame:
    """Events whose codebook code differs from chapter 20's earlier label: ``event_id, legacy, code, rule, text``."""
    leg = legacy_kind(coded, timeline, adoptions)
    out = coded.assign(legacy=leg.to_numpy(), code=coded["code"].astype(str))
    return out.loc[out["legacy"] != out["code"], ["event_id", "in_chapter20", "legacy", "code", "rule", "text"]] \
              .reset_index(drop=True)
