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

#: event_id -> (resolved code, note on why).  Filled after the blind pass came in: the blind pass of
#: 2026-12-01 agrees with the codebook on every event's code, so there is nothing to resolve.
RESOLUTIONS: dict[str, tuple[str, str]] = {}

#: events where both passes give the same code by a different rule of the codebook: what the
#: difference was and what was done about it (written after reading each event's text).
RULE_NOTES: dict[str, str] = {
    "A05": ("same code; the blind pass applied rule 2 to 陆续 (successively) in the quoted guidance, which the "
            "code's word list lacked (it had 相继 only), so the code reached 'spread' by rule 7; 陆续 was added "
            "to rule 2 in the code and in the codebook after the blind pass, and the code now uses rule 2"),
    "A06": "same code; as A05 (陆续 added to rule 2 after the blind pass)",
    "A07": "same code; as A05 (陆续 added to rule 2 after the blind pass)",
    "A08": "same code; as A05 (陆续 added to rule 2 after the blind pass)",
    "A09": "same code; as A05 (陆续 added to rule 2 after the blind pass)",
    "T09": ("same code; the blind pass applied rule 5 to 'local reforms due by end-2024' (a deadline), which the "
            "code's roll-out word list lacked, so the code reached 'from_above' by rule 6; 'due by' and "
            "'deadline' were added to rule 5 after the blind pass, and the code now uses rule 5"),
    "T06": ("same code; the text has a 2020 target, rule 5 in the code; the blind pass named rules 6 and 5, both "
            "give from_above; nothing changed"),
    "T11": ("same code (local); the code reaches it by rule 8 (a district's own first pilot), the blind pass by "
            "rule 7 (an adoption dated before the originator Guiyang's first act); rule 7 is written for the "
            "adoption table, so rule 8 is the codebook's reading, and the code is unchanged"),
    "A03": ("same code (from_above); the code uses rule 7 (a district inside the originator Xiamen), the blind "
            "pass rules 5/7 (the district re-divides its territory); the adoption text says 'divided', not the "
            "roll-out word 're-divides', so rule 7 decides; nothing changed"),
}
BLIND_SOURCE = ("/work/blind/events_blind.csv: second coding pass by the project lead, 2026-12-01, from "
                "events_to_code.csv and the codebook only")


def reconcile(path: Path) -> pd.DataFrame:
    coded = ec.coded_timeline()
    blind = pd.read_csv(path, dtype=str, keep_default_na=False)
    rec = ec.reconcile(coded, blind)
    rec = rec.merge(coded[["event_id", "source"]], on="event_id")
    res = rec["event_id"].map(RESOLUTIONS)
    rec["resolved_code"] = [r[0] if isinstance(r, tuple) else (c if a else "")
                            for r, c, a in zip(res, rec["code"], rec["agree"])]
    rec["blind_rule"] = "R" + rec["blind_reason"].str.extract(r"rule (\d)", expand=False).fillna("?")
    rec["note"] = [r[1] if isinstance(r, tuple) else RULE_NOTES.get(e, "")
                   for r, e in zip(res, rec["event_id"])]
    rec["blind_source"] = BLIND_SOURCE
    missing = rec.loc[~rec["agree"] & (rec["note"] == ""), "event_id"].tolist()
    if missing:
        raise SystemExit(f"unresolved disagreements: {missing}; add them to RESOLUTIONS")
    differ = rec.loc[rec["agree"] & (rec["rule"] != rec["blind_rule"]) & (rec["note"] == ""), "event_id"].tolist()
    if differ:
        print(f"note: same code by a different rule for {differ} (add them to RULE_NOTES)")
    return rec[["event_id", "code", "rule", "blind_code", "blind_rule", "blind_reason", "agree", "resolved_code",
                "note", "text", "source", "blind_source"]].rename(columns={"code": "codebook_code", "rule": "codebook_rule"})


def main(argv: list[str]) -> None:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT
    rec = reconcile(path)
    rec.to_csv(OUT, index=False, lineterminator="\n")
    k = ec.kappa(rec["codebook_code"], rec["blind_code"])
    print(f"wrote {len(rec)} rows to {OUT}; kappa = {k:.3f}; "
          f"disagreements = {(~rec['agree']).sum()}")


if __name__ == "__main__":
    main(sys.argv)
