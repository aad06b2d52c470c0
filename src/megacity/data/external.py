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
    "load_covid_city_pop",
    "load_covid_policies",
    "load_dual_carbon",
    "load_lowcarbon_biechouwo",
    "load_lowcarbon_panel",
    "load_yearbook_light",
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
    if version not in ("raw", "interim"):
        raise ValueError("version must be 'raw' or 'interim'")
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
