"""Loaders for the external (fetched, not committed) data sets.

Each loader fetches its file through :func:`megacity.data.registry.fetch`
(verified by sha256), parses it and validates it against a schema written
here, so that a changed upstream layout fails loudly and names the column.
"""
from __future__ import annotations

import pandas as pd

from .registry import fetch
from .validate import ColumnSpec, TableSchema, ValidationError, validate

__all__ = [
    "census_centroids",
    "load_census",
    "load_census_2000",
    "load_nbs_national_population",
    "load_wdi_urban_share",
    "load_covid_city_pop",
    "load_covid_policies",
    "load_dual_carbon",
    "load_lowcarbon_biechouwo",
    "load_lowcarbon_panel",
    "load_yearbook_light",
    "NBS_NATIONAL",
    "load_nbs_national",
    "load_nbs_national_totals",
]


def _schema(name: str, *cols: ColumnSpec, key: tuple[str, ...] = ()) -> TableSchema:
    return TableSchema(name=name, columns=cols, key=key)


def _read_csv(name: str, **kw) -> pd.DataFrame:
    path = fetch(name)
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=["", "NA"], **kw)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ValidationError(name, f"cannot be parsed as CSV ({exc})",
                              fix="the verified file should parse; report the pandas version") from exc


# float, not int: the 2010 counts were re-apportioned to 2020 boundaries upstream, and a few are
# fractional (e.g. 三门峡市 urban 2010 = 982680.29).
_POP = dict(type="float", unit="persons", min=0)
CENSUS_SCHEMA = _schema(
    "census_city_2010-2020_v1.csv",
    ColumnSpec("city", description="prefecture-level unit (Chinese name)"),
    ColumnSpec("city_code", description="6-digit administrative code"),
    ColumnSpec("province"),
    ColumnSpec("province_code"),
    ColumnSpec("popu_2020", nullable=True, **_POP),
    ColumnSpec("popu_urban_2020", nullable=True, **_POP),
    ColumnSpec("popu_rural_2020", nullable=True, **_POP),
    ColumnSpec("popu_2010", nullable=True, **_POP),
    ColumnSpec("popu_urban_2010", nullable=True, **_POP),
    ColumnSpec("popu_rural_2010", nullable=True, **_POP),
    ColumnSpec("coord", description="boundary polygon, WKT, lon/lat"),
    key=("city_code",),
)


def load_census() -> pd.DataFrame:
    """The 2010/2020 census by prefecture-level unit (369 rows), population in persons.

    Population is the resident (常住) population of the whole prefecture,
    counties included; ``popu_urban_*`` is the census urban (城镇) population
    inside it.  Units without 2020 data (XPCC county-level cities) have NA.
    Columns not in the schema (household size, sex ratio, age shares) are kept
    as numbers.
    """
    df = _read_csv("census_city_2010-2020_v1.csv", encoding="utf-8-sig")
    out = validate(df, CENSUS_SCHEMA, strict_columns=False)
    for c in out.columns:
        if c not in CENSUS_SCHEMA.column_names:
            out[c] = pd.to_numeric(out[c], errors="raise")
    return out


def census_centroids(census: pd.DataFrame) -> pd.DataFrame:
    """Centroid longitude/latitude of each census unit's polygon (vectorised with shapely)."""
    import shapely

    geoms = shapely.from_wkt(census["coord"].to_numpy())
    cent = shapely.centroid(geoms)
    return pd.DataFrame({"city_code": census["city_code"].to_numpy(),
                         "lon": shapely.get_x(cent), "lat": shapely.get_y(cent)})


YEARBOOK_SCHEMA = _schema(
    "yearbook_light.csv",
    ColumnSpec("city", description="city (Chinese name, with 市 etc.)"),
    # Any indicator may be missing for a city (one Employment cell is empty upstream); the models
    # drop missing values per indicator and report how many.
    ColumnSpec("GDP10000", type="float", unit="10^4 yuan", min=0, nullable=True),
    ColumnSpec("Fiscal10000", type="float", unit="10^4 yuan", min=0, nullable=True),
    ColumnSpec("Employment", type="float", unit="persons", min=0, nullable=True),
    ColumnSpec("light_sum", type="float", unit="sum of night-light digital numbers", min=0,
               nullable=True),
    key=("city",),
)


def load_yearbook_light() -> pd.DataFrame:
    """City GDP, fiscal revenue, employment and night light (279 cities; treated as 2015)."""
    return validate(_read_csv("yearbook_light.csv"), YEARBOOK_SCHEMA)


COVID_SCHEMA = _schema(
    "gpl_covid_CHN_policy_data_sources",
    ColumnSpec("adm0_name"), ColumnSpec("adm1_name", description="province (English)"),
    ColumnSpec("adm2_name", nullable=True, description="city (English); empty for provincial rows"),
    ColumnSpec("policy"), ColumnSpec("policy_description", nullable=True),
    ColumnSpec("date_start", description="MM/DD/YYYY"),
    ColumnSpec("source", nullable=True),
)


def load_covid_policies(version: str = "raw") -> pd.DataFrame:
    """Chinese local COVID-19 policies, Jan-Feb 2020 (Hsiang et al. 2020); ``version`` raw or interim."""
    from ..args import check_choice

    check_choice(version, ("raw", "interim"), "version", "load_covid_policies")
    name = f"gpl_covid_CHN_policy_data_sources_{version}.csv"
    df = validate(_read_csv(name), TableSchema(name=name, columns=COVID_SCHEMA.columns),
                  strict_columns=False)
    dates = pd.to_datetime(df["date_start"], format="%m/%d/%Y", errors="coerce")
    if dates.isna().any():
        bad = [int(i) + 2 for i in dates.index[dates.isna()]]
        raise ValidationError(name, "date_start values that are not MM/DD/YYYY", column="date_start",
                              rows=bad, fix="the verified file parses; check the format string")
    df["date_start"] = dates
    return df


def load_covid_city_pop() -> pd.DataFrame:
    """City populations (2010, 10^4 persons) used by Hsiang et al. for weighting."""
    name = "gpl_covid_china_city_pop.csv"
    df = _read_csv(name, index_col=0)
    schema = _schema(name, ColumnSpec("adm0_name"), ColumnSpec("adm1_name"), ColumnSpec("adm2_name"),
                     ColumnSpec("2010pop_10k", type="float", unit="10^4 persons", min=0),
                     key=("adm1_name", "adm2_name"))
    return validate(df.reset_index(drop=True), schema)


def load_dual_carbon(sheet: str = "Strategy") -> pd.DataFrame:
    """One sheet of the dual-carbon city panel (sheets: 2005, 2010, 2015, 2020, Strategy)."""
    path = fetch("dual_carbon_Data.xlsx")
    try:
        return pd.read_excel(path, sheet_name=sheet)
    except ValueError as exc:  # pandas raises ValueError for an unknown sheet
        raise ValidationError("dual_carbon_Data.xlsx", f"cannot read sheet '{sheet}' ({exc})",
                              fix="use one of the sheets 2005, 2010, 2015, 2020, Strategy") from exc


LOWCARBON_PANEL_SCHEMA = _schema(
    "lowcarbon_pilot_panel_co2_dta.xlsx",
    ColumnSpec("city", description="城市 (Chinese name)"),
    ColumnSpec("province", description="省份"),
    ColumnSpec("policy", type="int", min=2010, max=9999,
               description="first treated year as coded by code.R (2010, 2013, 2017; 9999 = never)"),
    key=("city",),
)


def load_lowcarbon_panel() -> pd.DataFrame:
    """Third-party pilot coding (Panel-GAIN): one row per city, ``city, province, policy``.

    The panel (285 prefectures x 2007-2019) carries one ``policy`` value per city, coded in
    ``lowcarbon_pilot_panel_code.R``; this loader keeps that value and fails if a city carries two.
    ``policy`` 2013 is the panel's date for the second batch (the notice is of November 2012) and
    9999 means never treated.  A cross-check only: see :mod:`megacity.lowcarbon`.
    """
    name = "lowcarbon_pilot_panel_co2_dta.xlsx"
    path = fetch(name)
    try:
        df = pd.read_excel(path, usecols=["城市", "省份", "policy"])
    except ValueError as exc:
        raise ValidationError(name, f"cannot read the columns 城市, 省份, policy ({exc})",
                              fix="the verified file has them; check the openpyxl install") from exc
    df = df.rename(columns={"城市": "city", "省份": "province"}).drop_duplicates()
    if df["city"].duplicated().any():
        bad = sorted(df.loc[df["city"].duplicated(), "city"])
        raise ValidationError(name, f"cities with more than one policy value: {bad}", column="policy",
                              fix="the panel should code one first-treatment year per city")
    return validate(df.astype(str).reset_index(drop=True), LOWCARBON_PANEL_SCHEMA)


LOWCARBON_BIECHOUWO_SCHEMA = _schema(
    "lowcarbon_pilot_cities_biechouwo.csv",
    ColumnSpec("city", description="City (Chinese name as written)"),
    ColumnSpec("start_year", type="int", min=2010, max=2017, description="Start_Year"),
    ColumnSpec("source", description="Source: batch and whether named as city (城市) or via province (省份)"),
    key=("city",),
)


def load_lowcarbon_biechouwo() -> pd.DataFrame:
    """Third-party pilot list (new_did, GBK-encoded): ``city, start_year, source`` (147 units).

    A cross-check only (see :mod:`megacity.lowcarbon`): it dates the second batch 2013, puts
    Guilin in 2017 and has doubtful third-batch entries.
    """
    name = "lowcarbon_pilot_cities_biechouwo.csv"
    df = _read_csv(name, encoding="gbk")
    df = df.loc[:, ~df.columns.str.startswith("Unnamed")]
    df = df.rename(columns={"City": "city", "Start_Year": "start_year", "Source": "source"})
    return validate(df, LOWCARBON_BIECHOUWO_SCHEMA)


# ----------------------------------------------------------------------------------------------
# NBS national series (Part II, issue 14): a second, independent source for data/national_safety
# ----------------------------------------------------------------------------------------------

#: short name -> (file, total column, unit); "total" is the column the national safety table holds
NBS_NATIONAL = {
    "traffic_accidents": ("nbs_national_traffic_accidents.csv", "交通事故发生数总计", "cases"),
    "traffic_deaths": ("nbs_national_traffic_deaths.csv", "交通事故死亡人数总计", "persons"),
    "traffic_injuries": ("nbs_national_traffic_injuries.csv", "交通事故受伤人数总计", "persons"),
    "traffic_loss": ("nbs_national_traffic_loss.csv", "交通事故直接财产损失总计", "10^4 yuan"),
    "fires": ("nbs_national_fires.csv", "火灾发生数", "cases"),
    "fire_deaths": ("nbs_national_fire_deaths.csv", "火灾死亡人数", "persons"),
    "fire_injuries": ("nbs_national_fire_injuries.csv", "火灾受伤人数", "persons"),
    "fire_loss": ("nbs_national_fire_loss.csv", "火灾直接经济损失", "10^4 yuan"),
    "criminal_cases": ("nbs_national_criminal_cases.csv", "公安机关立案的刑事案件合计", "cases"),
    "civil_vehicles": ("nbs_national_civil_vehicles.csv", "民用汽车拥有量", "10^4 vehicles"),
    "population": ("nbs_national_population.csv", "年末总人口", "10^4 persons"),
}


def load_nbs_national(series: str) -> pd.DataFrame:
    """One NBS national file as a long table: year (int) and every published column (float).

    ``series`` is a key of :data:`NBS_NATIONAL` (e.g. ``"traffic_deaths"``).  The first column of
    the file is the year written ``1978年``; empty cells (not published) become NaN.  The column
    that holds the national total is renamed ``total``; the others keep their Chinese names.
    """
    if series not in NBS_NATIONAL:
        raise ValidationError(str(series), "is not an NBS national series",
                              fix=f"use one of {sorted(NBS_NATIONAL)}")
    name, total, unit = NBS_NATIONAL[series]
    df = _read_csv(name)
    first = df.columns[0]
    years = df[first].str.extract(r"^(\d{4})年$")[0]
    if years.isna().any():
        bad = df.loc[years.isna(), first].tolist()[:3]
        raise ValidationError(name, f"first column should hold years written like '1978年'; got {bad}",
                              fix="the pinned file has this layout; check the registry entry")
    if total not in df.columns:
        raise ValidationError(name, f"lacks the total column '{total}'",
                              fix="the pinned file has it; check the registry entry")
    out = df.drop(columns=[first]).apply(pd.to_numeric, errors="raise")
    out.insert(0, "year", years.astype(int).to_numpy())
    out = out.rename(columns={total: "total"})
    schema = _schema(name, ColumnSpec("year", type="int", min=1978, max=2014),
                     ColumnSpec("total", type="float", unit=unit, min=0, nullable=True),
                     key=("year",))
    validate(out[["year", "total"]], schema)
    out.attrs["unit"] = unit
    return out.sort_values("year").reset_index(drop=True)


def load_nbs_national_totals() -> pd.DataFrame:
    """Every NBS national total in one long table: series, year, value, unit (rows with a value)."""
    frames = []
    for key, (_, _, unit) in NBS_NATIONAL.items():
        d = load_nbs_national(key)[["year", "total"]].dropna()
        frames.append(d.rename(columns={"total": "value"}).assign(series=key, unit=unit))
    return pd.concat(frames, ignore_index=True)[["series", "year", "value", "unit"]]


# ---------------------------------------------------------------- added for Part I (issue 13)
_P10K = dict(type="float", unit="10^4 persons", min=0)
CENSUS_2000_SCHEMA = _schema(
    "prefecture_census_2000_2010_cityinfo.csv",
    ColumnSpec("id", type="int"), ColumnSpec("dzcode", description="4-digit division code"),
    ColumnSpec("coord_long", type="float"), ColumnSpec("coord_lat", type="float"),
    ColumnSpec("pos_x", type="int"), ColumnSpec("pos_y", type="int"),
    ColumnSpec("cityname_chn"), ColumnSpec("cityname_eng"),
    ColumnSpec("cpop2000", **_P10K), ColumnSpec("cpop2010", **_P10K),
    ColumnSpec("upop2000", **_P10K), ColumnSpec("upop2010", **_P10K),
    ColumnSpec("cityclass", type="int", min=1, max=7),
    key=("dzcode",),
)


def load_census_2000() -> pd.DataFrame:
    """2000 and 2010 census total and urban population (10^4) of 279 prefectures (Ma & Tang 2024),
    on the authors' boundaries; ``province_code`` is the first two digits of ``dzcode``."""
    df = validate(_read_csv("prefecture_census_2000_2010_cityinfo.csv"), CENSUS_2000_SCHEMA)
    df["dzcode"] = df["dzcode"].astype(str).str.zfill(4)
    df["province_code"] = df["dzcode"].str[:2]
    return df


def load_wdi_urban_share() -> pd.DataFrame:
    """World Bank WDI urban share (% of total), long format: country, code, year, urban_share_pct."""
    name = "wdi_urban_share_SP.URB.TOTL.IN.ZS.csv"
    path = fetch(name)
    wide = pd.read_csv(path, skiprows=4, encoding="utf-8-sig")
    if "Country Code" not in wide.columns or "2000" not in wide.columns:
        raise ValidationError(name, "does not have the World Bank layout (Country Code, 1960...)",
                              fix="the verified file has 4 preamble lines; check skiprows")
    years = [c for c in wide.columns if str(c).isdigit()]
    long = wide.melt(id_vars=["Country Name", "Country Code"], value_vars=years,
                     var_name="year", value_name="urban_share_pct").dropna(subset=["urban_share_pct"])
    long["year"] = long["year"].astype(int)
    return long.rename(columns={"Country Name": "country", "Country Code": "code"}).reset_index(drop=True)


def load_nbs_national_population() -> pd.DataFrame:
    """NBS year-end national population 1978-2014 (10^4; pre-2021 vintage): year, total, urban,
    rural, urban_share_pct (computed as urban / total)."""
    name = "nbs_national_population.csv"
    raw = _read_csv(name)
    cols = {"年末总人口": "total_pop_10k", "城镇人口": "urban_pop_10k", "乡村人口": "rural_pop_10k"}
    if missing := set(cols) - set(raw.columns):
        raise ValidationError(name, f"lacks columns {sorted(missing)}", fix="check the upstream layout")
    year = raw.iloc[:, 0].str.replace("年", "", regex=False)
    df = pd.DataFrame({"year": pd.to_numeric(year, errors="raise").astype(int)})
    for c, new in cols.items():
        df[new] = pd.to_numeric(raw[c], errors="coerce")
    df = df.dropna(subset=["total_pop_10k", "urban_pop_10k"]).sort_values("year").reset_index(drop=True)
    df["urban_share_pct"] = 100 * df["urban_pop_10k"] / df["total_pop_10k"]
    return df
