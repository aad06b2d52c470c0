"""Risk sets and exposures: the unit-period table of a discrete-time hazard and its diffusion covariates.

The helpers :func:`group_share_adopted` and :func:`neighbour_exposure` compute the time-varying
diffusion covariates (share of same-group peers, distance-weighted share of neighbours that had
adopted before the period began), vectorised over units and periods.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..args import ParameterError, check_integer
from .adoption import PROVINCIAL_CAPITAL

__all__ = [
    "adoption_clustering",
    "attach_panel",
    "contiguity_exposure",
    "contiguity_matrix",
    "covid_risk_set",
    "dual_carbon_risk_set",
    "group_share_adopted",
    "haversine_km",
    "neighbour_exposure",
    "risk_set",
]



def risk_set(units: pd.DataFrame, *, unit: str, event: str, first: int, last: int,
             entry: str | None = None) -> pd.DataFrame:
    """Unit-period risk set for a discrete-time hazard model.

    ``units`` has one row per unit with ``event`` = the period (integer) in which it adopted, or
    missing if it had not adopted by ``last``.  Each unit contributes one row for every period
    from its entry (``entry`` column, default ``first``) to its adoption period (inclusive; the
    row has ``adopt = 1``) or to ``last`` if it never adopted (censored).  Units that adopted
    before entering are left out (they were never at risk) and counted in ``attrs['left_out']``.
    Columns: ``unit``, ``t`` (period), ``adopt`` (0/1), plus all other columns of ``units``.
    """
    for c in [unit, event] + ([entry] if entry else []):
        if c not in units.columns:
            raise KeyError(f"risk_set: column '{c}' not in the units table ({list(units.columns)})")
    if units[unit].duplicated().any():
        dup = units.loc[units[unit].duplicated(), unit].tolist()[:5]
        raise ValueError(f"risk_set: units must be unique; duplicated: {dup}")
    first = check_integer(first, "first", "risk_set")
    last = check_integer(last, "last", "risk_set")
    if last < first:
        raise ValueError(f"risk_set: last ({last}) is before first ({first})")
    ev = pd.to_numeric(units[event], errors="raise").to_numpy(dtype=float)
    _whole_periods(ev, units[unit], event)
    if entry is not None:
        ent = pd.to_numeric(units[entry], errors="raise").to_numpy(dtype=float)
        _whole_periods(ent, units[unit], entry)
        if np.isnan(ent).any():
            raise ParameterError(f"risk_set(): entry column '{entry}' is missing for unit(s) "
                                 f"{units.loc[np.isnan(ent), unit].tolist()[:5]}")
    start = (np.full(len(units), first, dtype=float) if entry is None
             else np.maximum(ent, first))
    before = np.isfinite(ev) & (ev < start)
    keep = ~before & (start <= last)
    stop = np.where(np.isfinite(ev) & (ev <= last), ev, last)
    u, s, e = np.flatnonzero(keep), start[keep].astype(int), stop[keep].astype(int)
    lengths = e - s + 1
    rows = np.repeat(u, lengths)
    offs = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    t = np.repeat(s, lengths) + offs
    out = units.iloc[rows].reset_index(drop=True).copy()
    out.insert(1, "t", t)
    out["adopt"] = (t == ev[rows]).astype(int)
    out.attrs["left_out"] = int(before.sum())
    out.attrs["left_out_units"] = units.loc[before, unit].tolist()
    return out


def _whole_periods(values: np.ndarray, names: pd.Series, column: str) -> None:
    """Periods are whole numbers: a fractional one would be silently dropped from the risk set."""
    frac = np.isfinite(values) & (values != np.round(values))
    if frac.any():
        bad = [f"{n!r} ({v:g})" for n, v in zip(names[frac].tolist()[:5], values[frac][:5])]
        raise ParameterError(f"risk_set(): column '{column}' must hold whole periods; "
                             f"{int(frac.sum())} unit(s) have a fractional one: {', '.join(bad)}. "
                             "Round or bin the times to the period grid first")


def haversine_km(lon, lat) -> np.ndarray:
    """Great-circle distance matrix (km) between points given in degrees."""
    lon, lat = np.radians(np.asarray(lon, float)), np.radians(np.asarray(lat, float))
    dlon = lon[:, None] - lon[None, :]
    dlat = lat[:, None] - lat[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def _adopted_before(event_time: np.ndarray, periods: np.ndarray) -> np.ndarray:
    """A[k, j] = 1 if unit j adopted strictly before period periods[k]."""
    ev = np.where(np.isfinite(event_time), event_time, np.inf)
    return (ev[None, :] < periods[:, None]).astype(float)


def group_share_adopted(event_time, group, periods) -> np.ndarray:
    """Share of the *other* units of the same group that adopted before each period.

    Returns an array (len(periods), n_units); units alone in their group get NaN.
    """
    event_time = np.asarray(event_time, float)
    codes, uniq = pd.factorize(pd.Series(group), sort=True)
    A = _adopted_before(event_time, np.asarray(periods))
    G = np.zeros((len(uniq), len(event_time)))
    G[codes, np.arange(len(event_time))] = 1.0
    adopted_in_group = A @ G.T                     # (periods, groups)
    size = G.sum(axis=1)
    own = A                                        # a unit is never its own peer
    num = adopted_in_group[:, codes] - own
    den = size[codes] - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / den, np.nan)


def neighbour_exposure(event_time, lon, lat, periods, *, radius_km: float = 200.0) -> np.ndarray:
    """Share of the units within ``radius_km`` (self excluded) that adopted before each period.

    Returns (len(periods), n_units); units with no neighbour inside the radius get 0 and should
    be flagged by the caller (``attrs`` are not available on arrays: use :func:`haversine_km`).
    """
    D = haversine_km(lon, lat)
    W = ((D <= radius_km) & (D > 0)).astype(float)
    deg = W.sum(axis=1)
    A = _adopted_before(np.asarray(event_time, float), np.asarray(periods))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(deg > 0, (A @ W.T) / deg, 0.0)


def attach_panel(rs: pd.DataFrame, unit_index: np.ndarray, periods: np.ndarray,
                 values: np.ndarray) -> np.ndarray:
    """Look up a (periods x units) covariate array for each risk-set row (t, unit position)."""
    pos = pd.Index(periods).get_indexer(rs["t"].to_numpy())
    if np.any(pos < 0):
        raise ValueError("attach_panel: risk-set periods outside the covariate periods")
    return values[pos, unit_index]


def covid_risk_set(cities: pd.DataFrame, last: int, *, radius_km: float = 200.0) -> pd.DataFrame:
    """City-day risk set for the home-isolation orders, with the three diffusion covariates.

    * ``prov_share``: share of the other cities of the same province with an own order before the day
      (horizontal, within the province);
    * ``days_since_decl``: days since the provincial level-1 declaration (vertical);
    * ``nbr_share``: share of the cities within ``radius_km`` (any province) with an order before the
      day (horizontal, spatial);
    * ``log_pop``: log 2010 population (10^4), ``hubei``: Hubei province.
    Cities under a province-wide order leave the risk set the day before it applies.
    """
    c = cities.reset_index(drop=True).copy()
    if c[["lon", "lat", "pop_10k", "declaration_day"]].isna().any().any():
        bad = c[c[["lon", "lat", "pop_10k", "declaration_day"]].isna().any(axis=1)]["adm2_name"].tolist()
        raise ValueError(f"covid_risk_set: cities without coordinates, population or declaration: {bad}")
    c["unit"] = np.arange(len(c))
    ev = c["event_day"].to_numpy(float)
    # province-wide orders: censor the city at the day before the order if it had not adopted yet
    pod = c["province_order_day"].to_numpy(float)
    capped = np.isfinite(pod) & ~(np.isfinite(ev) & (ev < pod))
    c["exit_day"] = np.where(capped, pod - 1, last)
    c["event"] = np.where(capped & np.isfinite(ev) & (ev >= pod), np.nan, ev)
    rs = risk_set(c, unit="unit", event="event", first=1, last=last)
    rs = rs[rs["t"] <= rs["exit_day"]].reset_index(drop=True)
    periods = np.arange(1, last + 1)
    ev_all = np.where(np.isfinite(ev), ev, np.inf)  # peers' own orders, whether or not censored
    ps = group_share_adopted(ev_all, c["adm1_name"], periods)
    nb = neighbour_exposure(ev_all, c["lon"], c["lat"], periods, radius_km=radius_km)
    ui = rs["unit"].to_numpy()
    rs["prov_share"] = attach_panel(rs, ui, periods, np.nan_to_num(ps, nan=0.0))
    rs["nbr_share"] = attach_panel(rs, ui, periods, nb)
    rs["days_since_decl"] = np.maximum(rs["t"] - rs["declaration_day"], 0)
    rs["log_pop"] = np.log(rs["pop_10k"].astype(float))
    rs["hubei"] = (rs["adm1_name"] == "Hubei").astype(float)
    rs["log_day"] = np.log(rs["t"].astype(float))
    return rs


def dual_carbon_risk_set(adoption: pd.DataFrame, years=(2020, 2021, 2022, 2023), *,
                         radius_km: float = 200.0, contiguity: np.ndarray | None = None) -> pd.DataFrame:
    """City-year risk set for the dual-carbon strategies with the diffusion covariates.

    * ``nbr_share``: share of cities within ``radius_km`` (``lon``/``lat``; use census centroids, see
      :func:`dual_carbon_adoption`) that adopted in an
      earlier year (horizontal);
    * ``prov_share``: share of the other cities of the province that adopted in an earlier year
      (provincial coordination as much as imitation; 0 for the single-unit municipalities);
    * ``capital_adopted``: the provincial capital adopted in an earlier year (vertical-ish:
      imitation of the provincial centre); 0 for the capitals and municipalities themselves, which
      carry ``is_capital``;
    * ``log_pop``, ``log_gdp``, ``log_co2``: 2020 size, income and emissions (logs);
    * year dummies ``y2021``..: the baseline hazard (national policy calendar);
    * with ``contiguity`` (an n x n 0/1 matrix in the order of ``adoption``, see
      :func:`contiguity_matrix`): ``contig_share``, the share of the cities sharing a border that
      adopted in an earlier year, and ``contig_isolated`` for cities with no contiguous neighbour;
    * ``gdp_pc``: GDP per resident (10^4 yuan), for the dyadic income similarity.
    """
    a = adoption.reset_index(drop=True).copy()
    need = ["lon", "lat", "pop_10k", "gdp_100m", "co2_total"]
    if a[need].isna().any().any():
        bad = a.loc[a[need].isna().any(axis=1), "city_zh"].tolist()
        raise ValueError(f"dual_carbon_risk_set: cities with missing coordinates or covariates: {bad}")
    a["unit"] = np.arange(len(a))
    years = np.asarray(years)
    rs = risk_set(a, unit="unit", event="first_year", first=int(years[0]), last=int(years[-1]))
    ev = a["first_year"].to_numpy(float)
    nb = neighbour_exposure(ev, a["lon"], a["lat"], years, radius_km=radius_km)
    ui = rs["unit"].to_numpy()
    rs["nbr_share"] = attach_panel(rs, ui, years, nb)
    ps = group_share_adopted(np.where(np.isfinite(ev), ev, np.inf), a["province"], years)
    rs["prov_share"] = attach_panel(rs, ui, years, np.nan_to_num(ps, nan=0.0))
    cap_year = {p: y for p, c, y in zip(a["province"], a["city_zh"], ev) if PROVINCIAL_CAPITAL.get(p) == c}
    cy = rs["province"].map(cap_year).astype(float).fillna(np.inf)
    rs["capital_adopted"] = ((cy < rs["t"]) & ~rs["is_capital"]).astype(float)
    rs["is_capital"] = rs["is_capital"].astype(float)
    rs["log_pop"] = np.log(rs["pop_10k"])
    rs["log_gdp"] = np.log(rs["gdp_100m"])
    rs["log_co2"] = np.log(rs["co2_total"])
    rs["gdp_pc"] = rs["gdp_100m"] / rs["pop_10k"]
    for c in ("lc_pilot", "lc_city"):
        if c in rs:
            rs[c] = rs[c].astype(float)
    if contiguity is not None:
        C = np.asarray(contiguity, float)
        if C.shape != (len(a), len(a)):
            raise ParameterError(f"dual_carbon_risk_set(): contiguity must be {len(a)} x {len(a)}, got {C.shape}")
        rs["contig_share"] = attach_panel(rs, ui, years, contiguity_exposure(ev, C, years))
        rs["contig_isolated"] = (C.sum(axis=1) == 0)[ui].astype(float)
    for y in years[1:]:
        rs[f"y{y}"] = (rs["t"] == y).astype(float)
    return rs



# ---------------------------------------------------------------------------------------------
# Contiguity from the census polygons, and spatial clustering of adoption timing
# ---------------------------------------------------------------------------------------------

def contiguity_matrix(codes, census: pd.DataFrame, kind: str = "queen", *, weights=None) -> np.ndarray:
    """0/1 contiguity matrix (n x n) for units given by census codes, from the census polygons.

    Built on :func:`megacity.geo.contiguity_weights` (fuzzy queen or rook contiguity, libpysal).
    A unit without a polygon of its own whose code ends in ``9000`` (the dual-carbon aggregates of
    province-administered counties) borders whatever its member units (census codes with the same
    first four digits) border.  ``weights`` may pass a precomputed libpysal ``W`` keyed by census
    code, to build rook and queen once.
    """
    from ..geo import contiguity_weights

    codes = pd.Series(codes).astype(str).to_numpy()
    w = weights if weights is not None else contiguity_weights(census, kind, ids="city_code")
    cen = census["city_code"].astype(str).to_numpy()
    # each census unit belongs to the input unit with its code, or to the aggregate of its 4-digit prefix
    owner = {}
    pos = {c: k for k, c in enumerate(codes)}
    for c in cen:
        if c in pos:
            owner[c] = pos[c]
        elif c[:4] + "00" in pos and c[2:4] == "90":
            owner[c] = pos[c[:4] + "00"]
    missing = [c for k, c in enumerate(codes) if k not in set(owner.values())]
    if missing:
        raise ParameterError(f"contiguity_matrix(): code(s) without a census polygon: {missing[:5]}")
    n = len(codes)
    C = np.zeros((n, n))
    for c, nbrs in w.neighbors.items():
        if c not in owner:
            continue
        a = owner[c]
        for b_code in nbrs:
            b = owner.get(str(b_code))
            if b is not None and b != a:
                C[a, b] = C[b, a] = 1.0
    return C


def contiguity_exposure(event_time, C, periods) -> np.ndarray:
    """Share of contiguous neighbours (rows of ``C``) that adopted before each period.

    Returns (len(periods), n_units); units without a neighbour (islands) get 0 and should be
    flagged by the caller (``C.sum(axis=1) == 0``).
    """
    C = np.asarray(C, float)
    deg = C.sum(axis=1)
    A = _adopted_before(np.asarray(event_time, float), np.asarray(periods))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(deg > 0, (A @ C.T) / np.where(deg > 0, deg, 1), 0.0)


def adoption_clustering(event_time, C, years, *, permutations: int = 999, seed: int = 0) -> dict:
    """Spatial clustering of adoption timing on a contiguity matrix (esda).

    * Moran's I of the adoption year (never-adopters coded one year after the last), row-standardised
      weights, with a permutation pseudo p-value;
    * join counts of "adopted by the end of year y" for each year: observed adopter-adopter (BB)
      joins against their permutation mean, and the pseudo p-value of as many or more.
    Islands (units without a contiguous neighbour) are left out of both.  esda draws from numpy's
    global generator, which is seeded here so that the pseudo p-values are reproducible.
    """
    import warnings

    from libpysal.weights import W
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")          # esda imports tqdm.auto, which warns in a notebook
        import esda

    C = np.asarray(C, float)
    ev = np.asarray(event_time, float)
    keep = C.sum(axis=1) > 0
    Ck = C[np.ix_(keep, keep)]
    evk = ev[keep]
    years = np.asarray(years)
    y = np.where(np.isfinite(evk), evk, years[-1] + 1)
    nb = {i: list(np.flatnonzero(Ck[i])) for i in range(len(Ck))}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = W(nb, silence_warnings=True)
        np.random.seed(seed)
        mi = esda.Moran(y, w, permutations=permutations)
        rows = []
        for yr in years:
            b = (y <= yr).astype(int)
            if b.min() == b.max():
                continue
            w2 = W(nb, silence_warnings=True)
            np.random.seed(seed)
            jc = esda.Join_Counts(b, w2, permutations=permutations)
            rows.append({"year": int(yr), "adopted": int(b.sum()), "bb_joins": float(jc.bb),
                         "bb_expected": float(jc.mean_bb), "p_bb": float(jc.p_sim_bb)})
    return {"moran_i": float(mi.I), "moran_expected": float(mi.EI), "moran_p": float(mi.p_sim),
            "moran_z": float(mi.z_sim), "n_units": int(keep.sum()), "islands": int((~keep).sum()),
            "joins": pd.DataFrame(rows)}
