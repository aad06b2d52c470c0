"""Audit of the national safety table against the NBS national series (an independent source).

``data/national_safety.csv`` is compiled from cited fact sheets (yearbook tables, ministry press
conferences, news reports, reposts).  The NBS National Data files (``nbs_national_*.csv`` in the
registry) publish the same national totals for 1990-2014 from one official source.
:func:`audit_national_safety` puts every row of the table that has an NBS counterpart beside the
NBS value and flags each relative difference beyond the tolerance:

* ``exact`` values: 1 % (yearbook and NBS figures are the same numbers; 1 % allows revised
  vintages);
* rounded or approximate values: 3 % (a value given as "0.42 million" or "14.9亿" carries a
  rounding error of up to a few per cent);
* a difference of a factor of about ten (ratio between 5 and 20, or its inverse) is classed as a
  **unit or transcription error**, never as a disagreement between sources.

Flagged rows that are explained in :data:`EXPLAINED` (with the reason) pass; any other flag is a
failure of the test that calls :func:`unexplained`.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .args import check_nonnegative

__all__ = ["EXPLAINED", "INDICATOR_TO_NBS", "audit_national_safety", "unexplained"]

#: national_safety indicator -> key of megacity.data.external.NBS_NATIONAL
INDICATOR_TO_NBS = {
    "road_traffic_accidents": "traffic_accidents",
    "road_traffic_deaths": "traffic_deaths",
    "road_traffic_injured": "traffic_injuries",
    "road_traffic_direct_loss": "traffic_loss",
    "fires": "fires",
    "fire_deaths": "fire_deaths",
    "fire_injured": "fire_injuries",
    "fire_direct_loss": "fire_loss",
    "criminal_cases_filed": "criminal_cases",
}

#: (indicator, year, source host) -> why the flagged difference is not an error in our table
EXPLAINED: dict[tuple[str, int, str], str] = {
    ("road_traffic_direct_loss", 2000, "aolonic.com"):
        "an unsourced Q&A page (low confidence) gives 266,890 against NBS 263,290 (+1.4%); the "
        "MPS figure reported in April 2001 (2.67 billion yuan, rounded) sits between them, so the "
        "gap looks like a preliminary versus a final vintage; both rows stay visible",
}


def _host(url: str) -> str:
    return re.sub(r"^https?://", "", str(url)).split("/")[0]


def audit_national_safety(table: pd.DataFrame | None = None, nbs: pd.DataFrame | None = None, *,
                          tol_exact: float = 0.01, tol_rounded: float = 0.03) -> pd.DataFrame:
    """Every national-table row with an NBS counterpart, its relative difference and a verdict.

    Columns: indicator, year, value, value_kind, confidence, source host, nbs_value, rel_diff
    (value / nbs - 1), tolerance, status (``agrees``, ``disagrees``, ``unit or transcription
    error``) and explanation (from :data:`EXPLAINED`, or empty).
    """
    tol_exact = float(check_nonnegative(tol_exact, "tol_exact", "audit_national_safety"))
    tol_rounded = float(check_nonnegative(tol_rounded, "tol_rounded", "audit_national_safety"))
    if table is None:
        from .data.catalogue import load_national_safety
        table = load_national_safety()
    if nbs is None:
        from .data.external import load_nbs_national_totals
        nbs = load_nbs_national_totals()
    ref = nbs.set_index(["series", "year"])["value"]
    d = table[table["indicator"].astype(str).isin(INDICATOR_TO_NBS)].copy()
    d["series"] = d["indicator"].astype(str).map(INDICATOR_TO_NBS)
    keys = list(zip(d["series"], d["year"].astype(int)))
    d["nbs_value"] = [ref.get(k, np.nan) for k in keys]
    d = d[d["nbs_value"].notna()].copy()
    d["host"] = d["source"].map(_host)
    d["rel_diff"] = d["value"].astype(float) / d["nbs_value"] - 1
    exact = d["value_kind"].astype(str) == "exact"
    d["tolerance"] = np.where(exact, tol_exact, tol_rounded)
    ratio = d["value"].astype(float) / d["nbs_value"]
    tenfold = ((ratio > 5) & (ratio < 20)) | ((ratio < 0.2) & (ratio > 0.05))
    d["status"] = np.where(tenfold, "unit or transcription error",
                           np.where(d["rel_diff"].abs() <= d["tolerance"], "agrees", "disagrees"))
    d["explanation"] = [EXPLAINED.get((i, int(y), h), "") for i, y, h in
                        zip(d["indicator"].astype(str), d["year"], d["host"])]
    cols = ["indicator", "year", "value", "value_kind", "confidence", "host", "nbs_value",
            "rel_diff", "tolerance", "status", "explanation"]
    return d[cols].sort_values(["indicator", "year", "host"]).reset_index(drop=True)


def unexplained(audit: pd.DataFrame) -> pd.DataFrame:
    """Rows of an audit that disagree (or are a factor-ten error) and have no explanation."""
    return audit[(audit["status"] != "agrees") & (audit["explanation"] == "")]
