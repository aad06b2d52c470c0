"""Adoption tables and crosswalks: who adopted when, in the COVID-19 and dual-carbon data."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "PROVINCE_ZH",
    "attach_pilots",
    "PROVINCIAL_CAPITAL",
    "COVID_NAME_ALIAS",
    "COVID_DIRECT_CODE",
    "DUAL_CARBON_CODE_FIX",
    "Crosswalk",
    "covid_crosswalk",
    "covid_orders",
    "daily_counts",
    "dual_carbon_adoption",
    "dual_carbon_census_codes",
]



#: gpl-covid province names (pinyin) -> short Chinese names used by the dual-carbon file.
PROVINCE_ZH = {
    "Anhui": "安徽", "Beijing": "北京", "Chongqing": "重庆", "Fujian": "福建", "Gansu": "甘肃",
    "Guangdong": "广东", "Guangxi": "广西", "Guizhou": "贵州", "Hainan": "海南", "Hebei": "河北",
    "Heilongjiang": "黑龙江", "Henan": "河南", "Hubei": "湖北", "Hunan": "湖南", "Jiangsu": "江苏",
    "Jiangxi": "江西", "Jilin": "吉林", "Liaoning": "辽宁", "Neimenggu": "内蒙古", "Ningxia": "宁夏",
    "Qinghai": "青海", "Shaanxi": "陕西", "Shandong": "山东", "Shanghai": "上海", "Shanxi": "山西",
    "Sichuan": "四川", "Tianjin": "天津", "Xinjiang": "新疆", "Xizang": "西藏", "Yunnan": "云南",
    "Zhejiang": "浙江",
}

#: Provincial capitals (short Chinese names as in the dual-carbon file); the four municipalities
#: are their own province.
PROVINCIAL_CAPITAL = {
    "河北": "石家庄", "山西": "太原", "内蒙古": "呼和浩特", "辽宁": "沈阳", "吉林": "长春",
    "黑龙江": "哈尔滨", "江苏": "南京", "浙江": "杭州", "安徽": "合肥", "福建": "福州", "江西": "南昌",
    "山东": "济南", "河南": "郑州", "湖北": "武汉", "湖南": "长沙", "广东": "广州", "广西": "南宁",
    "海南": "海口", "四川": "成都", "贵州": "贵阳", "云南": "昆明", "西藏": "拉萨", "陕西": "西安",
    "甘肃": "兰州", "青海": "西宁", "宁夏": "银川", "新疆": "乌鲁木齐",
    "北京": "北京", "天津": "天津", "上海": "上海", "重庆": "重庆",
}

#: gpl-covid city names spelled differently from the dual-carbon English names (normalised keys).
COVID_NAME_ALIAS = {
    "enshitujiaandmiaoautonomousprefecture": "enshi", "xilingolleague": "xilingol",
    "luliang": "lvliang", "akesu": "aksu", "xinganmeng": "hinggan",
    "garzetibetanautonomousprefecture": "ganzi", "ngawatibetanandqiangautonomousprefecture": "aba",
}

#: gpl-covid units that are not prefectures in the dual-carbon file: census code of the unit
#: itself (province-administered county-level cities) or, flagged 'parent', of its prefecture.
COVID_DIRECT_CODE = {
    ("Hainan", "Dongfang"): ("469007", "self"), ("Hainan", "Qionghai"): ("469002", "self"),
    ("Hainan", "Wanning"): ("469006", "self"), ("Hainan", "Wenchang"): ("469005", "self"),
    ("Henan", "Jiyuan"): ("419001", "self"), ("Hubei", "Qianjiang"): ("429005", "self"),
    ("Hubei", "Tianmen"): ("429006", "self"), ("Hubei", "Xiantao"): ("429004", "self"),
    ("Hubei", "Shennongjia"): ("429021", "self"),
    ("Xinjiang", "Shihezi, Xinjiang Production and Construction Corps 8th Division"): ("659001", "self"),
    ("Xinjiang", "Wujiaqu, Xinjiang Production and Construction Corps 5th Division"): ("659004", "self"),
    ("Henan", "Dengzhou"): ("411300", "parent"), ("Jilin", "Gongzhuling"): ("220100", "parent"),
    ("Jilin", "Meihekou"): ("220500", "parent"), ("Shaanxi", "Hancheng"): ("610500", "parent"),
}

#: dual-carbon codes that differ from the census codes of the same unit.
DUAL_CARBON_CODE_FIX = {"110000": "110100", "120000": "120100", "310000": "310100",
                        "500000": "500100", "222401": "222400"}


def _name_key(s: pd.Series) -> pd.Series:
    import unicodedata
    norm = s.astype(str).map(lambda x: unicodedata.normalize("NFKD", x).encode("ascii", "ignore").decode())
    return norm.str.lower().str.replace(r"[^a-z]", "", regex=True)


@dataclass
class Crosswalk:
    """A name crosswalk: the matched table and every name that did not match (nothing dropped)."""

    table: pd.DataFrame
    unmatched: pd.DataFrame

    def summary(self) -> pd.DataFrame:
        how = self.table["match"].value_counts()
        out = how.rename_axis("match").reset_index(name="units")
        return pd.concat([out, pd.DataFrame({"match": ["unmatched"], "units": [len(self.unmatched)]})],
                         ignore_index=True)


def dual_carbon_census_codes(dual: pd.DataFrame, census: pd.DataFrame) -> Crosswalk:
    """Attach census codes to the dual-carbon cities (by code, with the documented fixes)."""
    d = dual.copy()
    code = d["Code"].astype("Int64").astype(str)
    d["city_code"] = code.replace(DUAL_CARBON_CODE_FIX)
    ok = d["city_code"].isin(set(census["city_code"].astype(str)))
    d["match"] = np.where(code.isin(DUAL_CARBON_CODE_FIX), "code (fixed)", "code")
    from ..data.external import census_centroids

    cent = census_centroids(census).astype({"city_code": str}).set_index("city_code")
    d["census_lon"], d["census_lat"] = d["city_code"].map(cent["lon"]), d["city_code"].map(cent["lat"])
    # distance between the file's own point and the census polygon centroid (a coordinate check)
    lon1, lat1, lon2, lat2 = (np.radians(d[c].astype(float)) for c in ("Longitude", "Latitude", "census_lon", "census_lat"))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    d["centroid_distance_km"] = 2 * 6371.0 * np.arcsin(np.sqrt(a))
    return Crosswalk(d[ok].reset_index(drop=True),
                     d.loc[~ok, ["Province", "城市名称", "City", "Code"]].reset_index(drop=True))


def covid_crosswalk(cities: pd.DataFrame, dual: pd.DataFrame, census: pd.DataFrame) -> Crosswalk:
    """Census codes and centroids for the gpl-covid cities (pinyin names).

    Route: (province, normalised English name) -> dual-carbon city -> code -> census unit, with
    :data:`COVID_NAME_ALIAS` for spelling differences, :data:`COVID_DIRECT_CODE` for units that are
    not prefectures (coordinates of the unit itself or of its parent prefecture, flagged), and
    :data:`DUAL_CARBON_CODE_FIX`.  Returns the matched rows with ``lon``/``lat`` of the census
    polygon centroid and a ``match`` column saying how each was matched.
    """
    from ..data.external import census_centroids

    c = cities[["adm1_name", "adm2_name"]].drop_duplicates().copy()
    unknown = sorted(set(c["adm1_name"]) - set(PROVINCE_ZH))
    if unknown:
        raise ValueError(f"covid_crosswalk: provinces without a Chinese name: {unknown}")
    c["prov_zh"] = c["adm1_name"].map(PROVINCE_ZH)
    c["key"] = _name_key(c["adm2_name"]).replace(COVID_NAME_ALIAS)
    d = dual[["Province", "城市名称", "City", "Code"]].copy()
    d["key"] = _name_key(d["City"])
    m = c.merge(d, left_on=["prov_zh", "key"], right_on=["Province", "key"], how="left")
    m["city_code"] = m["Code"].astype("Int64").astype(str).replace(DUAL_CARBON_CODE_FIX)
    m["match"] = np.where(m["Code"].notna(), "name via dual-carbon", "")
    for (prov, name), (code, how) in COVID_DIRECT_CODE.items():
        sel = (m["adm1_name"] == prov) & (m["adm2_name"] == name) & (m["match"] == "")
        m.loc[sel, "city_code"] = code
        m.loc[sel, "match"] = "direct code" if how == "self" else "parent prefecture (approximate)"
    cent = census_centroids(census)
    cent["city_code"] = cent["city_code"].astype(str)
    m = m.merge(cent, on="city_code", how="left")
    m = m.merge(census[["city_code", "city"]].astype({"city_code": str}), on="city_code", how="left")
    ok = m["lon"].notna() & (m["match"] != "")
    cols = ["adm1_name", "adm2_name", "prov_zh", "city", "city_code", "lon", "lat", "match"]
    return Crosswalk(m.loc[ok, cols].reset_index(drop=True),
                     m.loc[~ok, ["adm1_name", "adm2_name"]].reset_index(drop=True))


def covid_orders(policies: pd.DataFrame, city_pop: pd.DataFrame, dual: pd.DataFrame,
                 census: pd.DataFrame, origin: str = "2020-01-23") -> dict:
    """The two COVID adoption tables: provincial level-1 declarations and city home-isolation orders.

    Day 1 is ``origin`` (the first level-1 declarations and Wuhan's closure).  The city universe is
    every city of the Hsiang et al. population file plus any city with an order that the file lacks
    (flagged ``in_pop_file``).  A city's event day is its first own home-isolation order.  Three
    provinces issued province-wide orders (adm2 'All'); their cities are censored on that day (from
    then on they could not decide independently): ``province_order_day``.  Population is the 2010
    census population of the matched census unit (10^4), except for units matched to a parent
    prefecture or without census population (XPCC cities), which keep the Hsiang et al. figure.  Returned keys: ``declarations``, ``cities``,
    ``crosswalk`` (a :class:`Crosswalk`, with every unmatched name), ``province_orders``.
    """
    d0 = pd.Timestamp(origin)
    day = lambda s: (s - d0).dt.days + 1  # noqa: E731
    decl = policies[policies["policy"] == "emergency_declaration"].copy()
    decl = decl.groupby("adm1_name", as_index=False)["date_start"].min()
    decl["day"] = day(decl["date_start"])
    home = policies[policies["policy"] == "home_isolation"].copy()
    prov_all = home[home["adm2_name"] == "All"].groupby("adm1_name")["date_start"].min()
    own = (home[home["adm2_name"] != "All"].groupby(["adm1_name", "adm2_name"], as_index=False)
           ["date_start"].min())
    pop = city_pop[["adm1_name", "adm2_name", "2010pop_10k"]].assign(in_pop_file=True)
    cities = pop.merge(own, how="outer", on=["adm1_name", "adm2_name"])
    cities["in_pop_file"] = cities["in_pop_file"].fillna(False).astype(bool)
    cities["event_day"] = day(cities["date_start"])
    cities["province_order_day"] = day(cities["adm1_name"].map(prov_all))
    cities = cities.merge(decl[["adm1_name", "day"]].rename(columns={"day": "declaration_day"}),
                          on="adm1_name", how="left")
    cw = covid_crosswalk(cities, dual, census)
    cities = cities.merge(cw.table[["adm1_name", "adm2_name", "city", "city_code", "lon", "lat", "match"]],
                          on=["adm1_name", "adm2_name"], how="left")
    cpop = census.assign(city_code=census["city_code"].astype(str)).set_index("city_code")["popu_2010"] / 1e4
    census_pop = cities["city_code"].map(cpop)
    parent = cities["match"].str.startswith("parent").fillna(False).to_numpy(bool)
    use_hsiang = parent | census_pop.isna().to_numpy()
    cities["pop_10k"] = np.where(use_hsiang, cities["2010pop_10k"], census_pop)
    cities["pop_source"] = np.where(use_hsiang, "Hsiang et al. 2010 population", "census 2010")
    cities = cities.sort_values(["adm1_name", "adm2_name"]).reset_index(drop=True)
    return {"declarations": decl, "cities": cities, "crosswalk": cw,
            "province_orders": prov_all.rename("date").reset_index()}


def daily_counts(event_day: pd.Series, last: int) -> tuple[np.ndarray, np.ndarray]:
    """(t = 1..last, adoptions per day) from event days (missing = not adopted by ``last``)."""
    ev = pd.to_numeric(event_day, errors="coerce").dropna().astype(int)
    if (ev < 1).any():
        raise ValueError("event days must be >= 1 (day 1 is the origin)")
    counts = np.bincount(ev[ev <= last], minlength=last + 1)[1:]
    return np.arange(1, last + 1), counts


def dual_carbon_adoption(strategy: pd.DataFrame, panel2020: pd.DataFrame,
                         years=(2020, 2021, 2022, 2023), census: pd.DataFrame | None = None) -> pd.DataFrame:
    """First-adoption year of a dual-carbon strategy for each of the 339 cities.

    Rule: the first year y in ``years`` with ``Strategy_y == 1``; 0 or empty means no strategy
    that year; a city with none is censored at the last year.  ``Good_Strategy_2023`` is a quality
    flag, not an adoption, and is kept as a column.  Covariates from the 2020 panel: resident
    population (10^4), GDP (10^8 yuan) and total CO2 emissions (as given, 10^4 t).

    Coordinates: the file's own Longitude/Latitude are unreliable (many cities carry Beijing's
    point, 116.41 E 39.91 N, a geocoding fallback; see :func:`dual_carbon_census_codes`).  With
    ``census`` given, ``lon``/``lat`` are the census polygon centroids instead (code crosswalk with
    :data:`DUAL_CARBON_CODE_FIX`); the three aggregates of province-administered counties (codes
    ``xx9000``) get the mean centroid of their member units; ``coord_source`` says which.
    """
    s = strategy.copy()
    flags = np.column_stack([s[f"Strategy_{y}"].fillna(0).to_numpy() == 1 for y in years])
    first = np.where(flags.any(axis=1), np.asarray(years)[flags.argmax(axis=1)], np.nan)
    out = pd.DataFrame({
        "code": s["Code"].astype("Int64").astype(str), "province": s["Province"], "city_zh": s["城市名称"],
        "city_en": s["City"], "lon": s["Longitude"], "lat": s["Latitude"], "first_year": first,
        "good_strategy_2023": s["Good_Strategy_2023"].fillna(0).astype(int),
    })
    out["coord_source"] = "dual-carbon file"
    if census is not None:
        from ..data.external import census_centroids

        cent = census_centroids(census).astype({"city_code": str})
        cc = out["code"].replace(DUAL_CARBON_CODE_FIX)
        look = cent.set_index("city_code")
        hit = cc.isin(look.index)
        out.loc[hit, "lon"] = cc[hit].map(look["lon"]).to_numpy()
        out.loc[hit, "lat"] = cc[hit].map(look["lat"]).to_numpy()
        out.loc[hit, "coord_source"] = "census centroid"
        for i in np.flatnonzero(~hit & cc.str.endswith("9000")):
            members = cent[cent["city_code"].str.startswith(cc.iloc[i][:4])]
            if len(members):
                out.loc[i, ["lon", "lat"]] = members[["lon", "lat"]].mean().to_numpy()
                out.loc[i, "coord_source"] = f"mean of {len(members)} member-unit centroids"
    out["is_capital"] = [PROVINCIAL_CAPITAL.get(p) == c for p, c in zip(out["province"], out["city_zh"])]
    p = panel2020.set_index(panel2020["Code"].astype("Int64").astype(str))
    for new, col in [("pop_10k", "Permanent_population_10K"), ("gdp_100m", "GDP_100M"), ("co2_total", "Total")]:
        out[new] = out["code"].map(p[col]).astype(float)
    return out



def attach_pilots(adoption: pd.DataFrame, pilots: pd.DataFrame, *, before: int = 2020) -> pd.DataFrame:
    """Add the low-carbon pilot designation (a dated vertical signal) to the dual-carbon cities.

    ``pilots`` has one row per census unit (``city_code``, ``batch``, ``designation_year``,
    ``designated_as``: city, via its province, via a county-level unit, none found), as compiled
    from the NDRC notices (``catalogue.load_lowcarbon_pilots``).  Adds ``lc_year``, ``lc_batch``,
    ``lc_route`` and two indicators fixed before the hazard's first year ``before``:
    ``lc_pilot`` (designated in any way) and ``lc_city`` (the city itself named, not only its
    province).  The dual-carbon aggregates of province-administered counties (``xx9000``) count as
    designated if any member unit was.
    """
    from ..args import check_columns

    check_columns(pilots, ["city_code", "batch", "designation_year", "designated_as"], "pilots", "attach_pilots")
    a = adoption.copy()
    p = pilots.assign(city_code=pilots["city_code"].astype(str)).set_index("city_code")
    cc = a["code"].astype(str).replace(DUAL_CARBON_CODE_FIX)
    yr = cc.map(p["designation_year"]).astype("Float64")
    batch = cc.map(p["batch"]).astype("Float64")
    route = cc.map(p["designated_as"].astype(str))
    for i in np.flatnonzero(cc.str[2:4].eq("90") & cc.str.endswith("000") & yr.isna().to_numpy()):
        members = p[p.index.str[:4] == cc.iloc[i][:4]]
        if len(members) and members["designation_year"].notna().any():
            k = members["designation_year"].astype(float).idxmin()
            yr.iloc[i], batch.iloc[i] = members.loc[k, "designation_year"], members.loc[k, "batch"]
            route.iloc[i] = "via a member unit"
    if route.isna().any():
        raise ValueError(f"attach_pilots: cities missing from the pilot table: {a.loc[route.isna(), 'city_zh'].tolist()}")
    a["lc_year"] = yr.astype(float)
    a["lc_batch"] = batch.astype(float)
    a["lc_route"] = route.to_numpy()
    a["lc_pilot"] = (a["lc_year"] < before).astype(float)
    a["lc_city"] = ((a["lc_year"] < before) & a["lc_route"].eq("city")).astype(float)
    return a
