"""The four cities of Li & Fang (2018): profile, timeline lanes and MCA batches."""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "CASE_PREFECTURE",
    "FOUR_CASES",
    "four_city_adoption",
    "predicted_adoption",
    "four_city_profile",
    "mca_batches",
    "timeline_lanes",
]



#: case -> (census prefecture, reform label, fact ids for: pop 2020, pop 2010 or None, increase
#: 2010-2020 or None, resident for non-hukou share, hukou for non-hukou share, reform start year)
FOUR_CASES = {
    "Haicang": dict(prefecture="厦门市", unit="district of Xiamen", reform="co-creation 共同缔造 (2013)",
                    pop2020="E001", pop2010="E002", increase=None, resident="E010", hukou="E011",
                    start_fact="E036"),
    "Guiyang": dict(prefecture="贵阳市", unit="prefecture city", reform="sub-district offices abolished (pilot 2010)",
                    pop2020="E050", pop2010=None, increase="E051", resident=None, hukou=None,
                    start_fact="E056"),
    "Chengdu": dict(prefecture="成都市", unit="prefecture city", reform="community governance committee 社治委 (2017)",
                    pop2020="E080", pop2010=None, increase="E081", resident="E087", hukou="E086",
                    start_fact="E100"),
    "Taicang": dict(prefecture="苏州市", unit="county-level city of Suzhou", reform="government-society interaction 政社互动 (2008)",
                    pop2020="E120", pop2010="E121", increase=None, resident="E129", hukou="E127",
                    start_fact="E132"),
}


def four_city_profile(facts: pd.DataFrame, census: pd.DataFrame) -> pd.DataFrame:
    """One row per case: census populations 2010/2020 of the case unit (fact sheet) and of its
    prefecture (census file), ten-year growth, the case's share of its prefecture, the non-hukou
    share where resident and hukou counts are sourced for the same year, and the reform.

    Guiyang's and Chengdu's 2010 figures are derived (2020 count minus the stated increase).
    """
    f = facts.set_index("fact_id")
    v = lambda fid: float(f.loc[fid, "value_num"]) if fid else np.nan  # noqa: E731
    cen = census.set_index("city")
    rows = []
    for case, c in FOUR_CASES.items():
        p20 = v(c["pop2020"])
        p10 = v(c["pop2010"]) if c["pop2010"] else p20 - v(c["increase"])
        res, huk = v(c["resident"]), v(c["hukou"])
        year_nh = str(f.loc[c["hukou"], "year"]) if c["hukou"] else ""
        rows.append({
            "case": case, "unit": c["unit"], "pop_2010": p10, "pop_2020": p20,
            "growth_pct": 100 * (p20 / p10 - 1),
            "pop_2010_derived": c["pop2010"] is None,
            "prefecture": c["prefecture"],
            "pref_pop_2010": float(cen.loc[c["prefecture"], "popu_2010"]),
            "pref_pop_2020": float(cen.loc[c["prefecture"], "popu_2020"]),
            "share_of_prefecture_2020": p20 / float(cen.loc[c["prefecture"], "popu_2020"]),
            "non_hukou_share": 1 - huk / res if c["hukou"] else np.nan,
            "non_hukou_year": year_nh,
            "reform": c["reform"],
            "reform_start": int(f.loc[c["start_fact"], "value_num"]) if pd.notna(f.loc[c["start_fact"], "value_num"])
            else int(str(f.loc[c["start_fact"], "value"])[:4]),
            "facts": ", ".join(x for x in (c["pop2020"], c["pop2010"], c["increase"], c["resident"], c["hukou"]) if x),
        })
    return pd.DataFrame(rows)


def timeline_lanes(timeline: pd.DataFrame, adoptions: pd.DataFrame, zones: pd.DataFrame) -> pd.DataFrame:
    """Events for the common-axis timeline figure: one lane per case plus 'national'.

    Governance events keep their lane (case, or national for national/provincial events with no
    case); innovation adoptions by units other than the originating city go to the lane of the
    innovation's case with kind 'spread' ('earlier or parallel claim' when dated before the case's
    own start, e.g. Yunfu's co-creation of 2010); MCA experimental-zone batches (urban, national) are one
    event per batch year, with the number of named zones.
    """
    innov_case = {"co_creation": "Haicang", "street_office_abolition": "Guiyang",
                  "party_committee": "Chengdu", "sichuan_pilots": "Chengdu", "zhengshe_hudong": "Taicang"}
    tl = timeline.copy()
    nat = tl["place"].str.startswith(("China", "Jiangsu"))
    tl = tl[tl["case"].notna() | nat]
    ev = pd.DataFrame({
        "lane": np.where(tl["case"].notna(), tl["case"].astype(str), "national"),
        "year": tl["year"].astype(int), "uncertain": tl["year_uncertain"].astype(bool),
        "kind": np.select([tl["direction"].str.contains("reversal", case=False),
                           tl["direction"].str.contains("horizontal", case=False),
                           tl["direction"].str.contains("recognised|taken up|studied|signalling", case=False,
                                                        regex=True),
                           tl["direction"].str.contains("local innovation|local institutional", case=False,
                                                        regex=True)],
                          ["reversal", "horizontal", "recognised from above", "local innovation"], "top-down"),
        "label": tl["event"].str.slice(0, 60), "source_table": "governance_timeline",
    })
    ad = adoptions[adoptions["year"].notna()].copy()
    ad = ad[~ad["adopter"].str.contains("Xiamen$|Taicang$|Guiyang: pilot|Chengdu$|Haicang", regex=True)]
    lane = ad["innovation"].astype(str).map(innov_case)
    start = lane.map({"Haicang": 2013, "Guiyang": 2010, "Chengdu": 2017, "Taicang": 2008})
    sp = pd.DataFrame({
        "lane": lane, "year": ad["year"].astype(int),
        "uncertain": ad["year_uncertain"].astype(bool),
        "kind": np.select([ad["reversal"].astype(bool), ad["year"].astype(int) < start],
                          ["reversal", "earlier or parallel claim"], "spread"),
        "label": ad["adopter"].str.slice(0, 60), "source_table": "innovation_adoptions",
    })
    z = zones[(zones["programme_kind"] == "national_urban") & zones["year"].notna()]
    zb = z.groupby(["batch", "year"], as_index=False).size()
    mca = pd.DataFrame({"lane": "national", "year": zb["year"].astype(int),
                        "uncertain": zb["batch"].isin(["2"]).to_numpy(), "kind": "MCA zones",
                        "label": [f"MCA batch {b}: {n} zones named" for b, n in zip(zb["batch"], zb["size"])],
                        "source_table": "mca_zones"})
    out = pd.concat([ev, sp, mca], ignore_index=True)
    return out.sort_values(["lane", "year"]).reset_index(drop=True)


def mca_batches(zones: pd.DataFrame) -> pd.DataFrame:
    """Named national urban experimental zones by batch and province (a lower bound on each batch)."""
    z = zones[zones["programme_kind"] == "national_urban"]
    return (z.pivot_table(index="province", columns="batch", values="zone_name_zh", aggfunc="count",
                          fill_value=0, observed=True)
             .assign(total=lambda d: d.sum(axis=1)).sort_values("total", ascending=False))



#: the census prefecture of each case (the unit in which the policy data record it)
CASE_PREFECTURE = {"Haicang": "厦门市", "Guiyang": "贵阳市", "Chengdu": "成都市", "Taicang": "苏州市"}


def predicted_adoption(fit, panel: pd.DataFrame, *, unit: str, period: str = "t") -> pd.DataFrame:
    """Predicted adoption period of units under a fitted pooled hazard (:func:`fit_hazard`).

    ``panel`` holds every period of the units (as if none had adopted: their covariates as they
    were, peers' adoptions as observed).  From the fitted hazards ``h_t`` the survival
    ``S(t) = prod (1 - h)`` gives the probability of having adopted by each period; the predicted
    period is the first with that probability at least one half ("later" if none).
    """
    import statsmodels.api as sm

    X = sm.add_constant(panel[list(fit.params.index.drop("const"))].astype(float), has_constant="add")
    h = np.asarray(fit.result.predict(X[fit.params.index]))
    d = panel[[unit, period]].assign(h=h).sort_values([unit, period])
    d["p_by"] = 1 - d.groupby(unit)["h"].transform(lambda s: np.cumprod(1 - s))
    rows = []
    for u, g in d.groupby(unit, sort=False):
        hit = g.loc[g["p_by"] >= 0.5, period]
        rows.append({unit: u, "predicted": float(hit.iloc[0]) if len(hit) else np.nan,
                     "p_by_end": float(g["p_by"].iloc[-1]), "curve": g.set_index(period)["p_by"]})
    return pd.DataFrame(rows)


def four_city_adoption(census: pd.DataFrame, *, covid_cities: pd.DataFrame, covid_fit, covid_last: int,
                       covid_panel, dual_adoption: pd.DataFrame, dual_fit, dual_panel,
                       pilots: pd.DataFrame) -> pd.DataFrame:
    """The four cases' prefectures in the three timelines, with predicted and actual adoption.

    ``covid_panel(cities_censored)`` and ``dual_panel(adoption_censored)`` rebuild the risk sets with
    the four prefectures' own adoptions removed (so that every period has a row for them); the
    fitted pooled hazards give each one's predicted adoption (day or year, see
    :func:`predicted_adoption`) and the probability of adopting by the actual date.
    """
    code_of = dict(zip(census["city"], census["city_code"].astype(str)))
    rows = []
    cov = covid_cities.copy()
    sel = cov["city"].isin(CASE_PREFECTURE.values()) & cov["match"].eq("name via dual-carbon")
    cov.loc[sel, "event_day"] = np.nan
    rs_c = covid_panel(cov)
    rs_c = rs_c[rs_c["city"].isin(CASE_PREFECTURE.values()) & rs_c["match"].eq("name via dual-carbon")]
    pc = predicted_adoption(covid_fit, rs_c, unit="city").set_index("city")
    act_c = covid_cities[sel].set_index("city")["event_day"]
    dual = dual_adoption.copy()
    dcode = dual["code"].astype(str).replace({"222401": "222400"})
    case_codes = {code_of[c] for c in CASE_PREFECTURE.values()}
    dsel = dcode.isin(case_codes)
    act_d = pd.Series(dual.loc[dsel, "first_year"].to_numpy(), index=dcode[dsel].to_numpy())
    dual.loc[dsel, "first_year"] = np.nan
    rs_d = dual_panel(dual)
    rs_d = rs_d[rs_d["code"].astype(str).isin(case_codes)]
    pdp = predicted_adoption(dual_fit, rs_d, unit="code").set_index("code")
    pil = pilots.assign(city_code=pilots["city_code"].astype(str)).set_index("city_code")
    for case, pref in CASE_PREFECTURE.items():
        code = code_of[pref]
        a_day = act_c.get(pref, np.nan)
        curve_c = pc.loc[pref, "curve"] if pref in pc.index else None
        a_year = act_d.get(code, np.nan)
        curve_d = pdp.loc[code, "curve"] if code in pdp.index else None
        rows.append({
            "case": case, "prefecture": pref,
            "covid_actual_day": a_day,
            "covid_predicted_day": pc.loc[pref, "predicted"] if pref in pc.index else np.nan,
            "covid_p_by_end": float(pc.loc[pref, "p_by_end"]) if pref in pc.index else np.nan,
            "covid_p_by_actual": (float(curve_c.loc[a_day]) if curve_c is not None and np.isfinite(a_day)
                                  and a_day in curve_c.index else np.nan),
            "dual_actual_year": a_year,
            "dual_predicted_year": pdp.loc[code, "predicted"] if code in pdp.index else np.nan,
            "dual_p_by_actual": (float(curve_d.loc[a_year]) if curve_d is not None and np.isfinite(a_year)
                                 else np.nan),
            "dual_p_by_2023": float(pdp.loc[code, "p_by_end"]) if code in pdp.index else np.nan,
            "pilot_year": float(pil.loc[code, "designation_year"]) if pd.notna(pil.loc[code, "designation_year"]) else np.nan,
            "pilot_batch": float(pil.loc[code, "batch"]) if pd.notna(pil.loc[code, "batch"]) else np.nan,
            "pilot_route": str(pil.loc[code, "designated_as"]),
        })
    return pd.DataFrame(rows)
