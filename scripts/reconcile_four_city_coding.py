"""Reconcile the codebook's codes with the blind second pass of the four-city events.

Run from the repository root:  python scripts/reconcile_four_city_coding.py [/work/blind/events_blind.csv]

Reads the blind pass (columns event_id, code, reason), joins it to the codes that
``megacity.eventcoding.code_events`` gives, and writes
``data/raw/four_city_coding_reconciliation.csv``: one row per event with both codes, the blind
coder's reason, whether they agree, and for each disagreement the resolved code and a note
(``RESOLUTIONS`` below, written after reading the event's source text).  Prints Cohen's kappa.
An unresolved disagreement stops the script.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from megacity import eventcoding as ec  # noqa: E402

DEFAULT = Path("/work/blind/events_blind.csv")
OUT = ROOT / "data" / "raw" / "four_city_coding_reconciliation.csv"

#: event_id -> (resolved code, note on why).  Filled after the blind pass came in.
RESOLUTIONS: dict[str, tuple[str, str]] = {}


def reconcile(path: Path) -> pd.DataFrame:
    coded = ec.coded_timeline()
    blind = pd.read_csv(path, dtype=str, keep_default_na=False)
    rec = ec.reconcile(coded, blind)
    rec = rec.merge(coded[["event_id", "source"]], on="event_id")
    res = rec["event_id"].map(RESOLUTIONS)
    rec["resolved_code"] = [r[0] if isinstance(r, tuple) else (c if a else "")
                            for r, c, a in zip(res, rec["code"], rec["agree"])]
    rec["note"] = [r[1] if isinstance(r, tuple) else "" for r in res]
    missing = rec.loc[~rec["agree"] & (rec["note"] == ""), "event_id"].tolist()
    if missing:
        raise SystemExit(f"unresolved disagreements: {missing}; add them to RESOLUTIONS")
    return rec[["event_id", "code", "rule", "blind_code", "blind_reason", "agree", "resolved_code", "note",
                "text", "source"]].rename(columns={"code": "codebook_code", "rule": "codebook_rule"})


def main(argv: list[str]) -> None:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT
    rec = reconcile(path)
    rec.to_csv(OUT, index=False, lineterminator="\n")
    k = ec.kappa(rec["codebook_code"], rec["blind_code"])
    print(f"wrote {len(rec)} rows to {OUT}; kappa = {k:.3f}; "
          f"disagreements = {(~rec['agree']).sum()}")


if __name__ == "__main__":
    main(sys.argv)
