"""The claims ledger: evaluate every recorded claim of the seed documents.

``data/claims.csv`` holds one row per quantitative claim: where it stands in
which seed, a short quote, the claimed value and unit, the check that
evaluates it and that check's parameters (JSON).  The columns ``our_value``,
``status`` and ``note`` are *outputs*: :func:`evaluate` computes them with the
registered checks (:mod:`megacity.checks`), and ``python -m megacity.claims
--write`` stores them in the CSV so that the committed ledger can be read
without running code.  A test recomputes them and fails when any differs, so a
status can never be typed by hand or go stale silently.
"""
from __future__ import annotations

import argparse
import json
import sys

import numpy as np
import pandas as pd

from .checks import CHECKS, STATUSES, CheckResult
from .data.catalogue import data_dir, load_claims, read_raw

__all__ = ["OUTPUT_COLUMNS", "evaluate", "stale_rows", "status_counts", "write_outputs"]

OUTPUT_COLUMNS = ("our_value", "status", "note")


def _run(row: pd.Series, raw_claimed: str) -> CheckResult:
    name = str(row["check"])
    if name not in CHECKS:
        raise KeyError(f"claim {row['claim_id']}: unknown check '{name}'; registered: {sorted(CHECKS)}")
    try:
        params = json.loads(row["params"]) if isinstance(row["params"], str) and row["params"] else {}
    except json.JSONDecodeError as exc:
        raise ValueError(f"claim {row['claim_id']}: params are not valid JSON ({exc})") from exc
    params.setdefault("claimed_text", raw_claimed)
    claimed = None if pd.isna(row["claimed_value"]) else float(row["claimed_value"])
    return CHECKS[name](claimed, params)


def evaluate(claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Run every claim's check; return the ledger with freshly computed outputs."""
    raw = read_raw("claims")
    claims = load_claims() if claims is None else claims
    raw_claimed = dict(zip(raw["claim_id"], raw["claimed_value"].fillna("")))
    results = [_run(row, raw_claimed.get(row["claim_id"], "")) for _, row in claims.iterrows()]
    out = claims.copy()
    out["our_value"] = [np.nan if r.our_value is None else float(r.our_value) for r in results]
    out["status"] = pd.Categorical([r.status for r in results], categories=list(STATUSES))
    out["note"] = [r.note for r in results]
    return out


def _fmt(v) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    return f"{float(v):.6g}"


def stale_rows(evaluated: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows whose stored outputs differ from the computed ones (empty when the ledger is current)."""
    evaluated = evaluate() if evaluated is None else evaluated
    stored = read_raw("claims").set_index("claim_id")
    diffs = []
    for _, row in evaluated.iterrows():
        s = stored.loc[row["claim_id"]]
        computed = {"our_value": _fmt(row["our_value"]), "status": str(row["status"]),
                    "note": str(row["note"])}
        for col, val in computed.items():
            have = "" if pd.isna(s[col]) else str(s[col])
            if col == "our_value" and have:
                have = _fmt(float(have))
            if have != val:
                diffs.append({"claim_id": row["claim_id"], "column": col, "stored": have,
                              "computed": val})
    return pd.DataFrame(diffs, columns=["claim_id", "column", "stored", "computed"])


def write_outputs() -> int:
    """Store computed outputs in data/claims.csv; return the number of rows changed."""
    evaluated = evaluate()
    path = data_dir() / "claims.csv"
    raw = read_raw("claims")
    before = raw[list(OUTPUT_COLUMNS)].fillna("").astype(str).to_numpy().tolist()
    raw["our_value"] = [_fmt(v) for v in evaluated["our_value"]]
    raw["status"] = evaluated["status"].astype(str).to_numpy()
    raw["note"] = evaluated["note"].to_numpy()
    after = raw[list(OUTPUT_COLUMNS)].fillna("").astype(str).to_numpy().tolist()
    raw.to_csv(path, index=False, lineterminator="\n")
    return sum(a != b for a, b in zip(before, after))


def status_counts(evaluated: pd.DataFrame) -> pd.DataFrame:
    """Counts of claims by seed and status (all four statuses as columns)."""
    t = pd.crosstab(evaluated["seed"].astype(str), evaluated["status"]).reindex(
        columns=list(STATUSES), fill_value=0)
    t.loc["all"] = t.sum()
    return t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Evaluate the claims ledger.")
    ap.add_argument("--write", action="store_true", help="store computed outputs in data/claims.csv")
    args = ap.parse_args(argv)
    if args.write:
        n = write_outputs()
        print(f"updated {n} row(s) of data/claims.csv")
        return 0
    stale = stale_rows()
    print(status_counts(evaluate()).to_string())
    if len(stale):
        print("\nstale rows (run: python -m megacity.claims --write):")
        print(stale.to_string(index=False))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
