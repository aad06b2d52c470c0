"""The claims ledger: evaluate every recorded claim of the seed documents.

``data/claims.csv`` holds one row per quantitative claim (a compound claim is
split into parts, ids ``<id>a``, ``<id>b``): where it stands in which seed, a
short quote, the claimed value, unit and hedge word, the check that evaluates
it and that check's parameters (JSON), and the status of the audit before the
precision rule (``previous_status``, frozen, from which :func:`status_changes`
computes the list of changes).  The columns ``our_value``, ``status``,
``evidence`` and ``note`` are *outputs*, under the rule of
:mod:`megacity.precision`: :func:`evaluate` computes them with the
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

from .checks import CHECKS, EVIDENCE, STATUSES, CheckResult
from .data.catalogue import data_dir, load_claims, read_raw
from .precision import tolerance

__all__ = ["EVIDENCE_BY_CHECK", "OUTPUT_COLUMNS", "agreement_table", "blind_path", "evaluate",
           "evidence_of", "ledger_table", "read_blind", "reconcile", "split_parts", "stale_rows",
           "status_changes", "status_counts", "status_evidence", "tolerance_text",
           "write_blind_inputs", "write_outputs"]

OUTPUT_COLUMNS = ("our_value", "status", "evidence", "note")

#: The evidence class of each check's source (megacity.precision, "Evidence").  A row overrides
#: it with ``params['evidence']``; an unverifiable result has evidence "none"; a check may set
#: :attr:`CheckResult.evidence` itself.
EVIDENCE_BY_CHECK = {
    # sources other than the seed and other than the body reporting on itself
    "urban_share": "independent source",            # NBS releases and yearbooks
    "urban_share_first_above": "independent source",
    "west_output_ratio": "independent source",      # published scaling exponents
    "megacity_count": "independent source",         # 2010/2020 census, NBS/MOHURD lists
    "fact_value": "independent source",             # seed_facts: news, reference pages
    "first_year_in_data": "independent source",     # Hsiang et al. policy data
    "timeline_event_year": "independent source",    # the governance timeline (not the seed)
    "four_cases_sourced": "independent source",     # census bulletins
    # the provincial government's releases on its own results
    "zj_reported_value": "official self-report",
    "zj_share_pct": "official self-report",         # computed from official counts: weakest input
    "zj_difference": "official self-report",
    "zj_consecutive_years": "official self-report",
    # our own derivations
    "arithmetic": "our computation",
    "count_items": "our computation",
    "date_span": "our computation",
    "population_share": "our computation",
    "case_events_from_above": "our computation",
    # nothing in hand
    "no_source": "none",
    "risk_size_scaling": "none",
}


def _run(row: pd.Series, raw_claimed: str) -> CheckResult:
    name = str(row["check"])
    if name not in CHECKS:
        raise KeyError(f"claim {row['claim_id']}: unknown check '{name}'; registered: {sorted(CHECKS)}")
    try:
        params = json.loads(row["params"]) if isinstance(row["params"], str) and row["params"] else {}
    except json.JSONDecodeError as exc:
        raise ValueError(f"claim {row['claim_id']}: params are not valid JSON ({exc})") from exc
    params.setdefault("claimed_text", raw_claimed)
    params.setdefault("unit", "" if pd.isna(row.get("unit")) else str(row["unit"]))
    params.setdefault("hedge", "" if pd.isna(row.get("hedge")) else str(row["hedge"]))
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
    out["evidence"] = pd.Categorical([evidence_of(row, r) for (_, row), r in
                                      zip(claims.iterrows(), results)], categories=list(EVIDENCE))
    out["note"] = [r.note for r in results]
    return out


def evidence_of(row: pd.Series, result: CheckResult) -> str:
    """The evidence class of one evaluated row (the rule in megacity.precision)."""
    if result.status == "unverifiable":
        return "none"
    if result.evidence is not None:
        return result.evidence
    try:
        params = json.loads(row["params"]) if isinstance(row["params"], str) and row["params"] else {}
    except json.JSONDecodeError:
        params = {}
    if params.get("evidence"):
        if params["evidence"] not in EVIDENCE:
            raise ValueError(f"claim {row['claim_id']}: evidence '{params['evidence']}' is not one "
                             f"of {EVIDENCE}")
        return params["evidence"]
    name = str(row["check"])
    if name not in EVIDENCE_BY_CHECK:
        raise KeyError(f"claim {row['claim_id']}: check '{name}' has no evidence class; add it to "
                       "EVIDENCE_BY_CHECK in megacity/claims.py (one of " + ", ".join(EVIDENCE) + ")")
    return EVIDENCE_BY_CHECK[name]


def tolerance_text(evaluated: pd.DataFrame) -> pd.Series:
    """The tolerance interval the precision rule gives each row's claimed number (empty when the
    claim states none); rows whose check sets its own precision keep it (``places``)."""
    raw = read_raw("claims").set_index("claim_id")["claimed_value"]
    out = []
    for _, row in evaluated.iterrows():
        text = raw.get(row["claim_id"])
        if not isinstance(text, str) or not text.strip():
            out.append("")
            continue
        params = json.loads(row["params"]) if isinstance(row["params"], str) and row["params"] else {}
        hedge = "" if pd.isna(row.get("hedge")) else str(row["hedge"])
        if params.get("op") == "between":
            out.append(f"[{params['lo']:g}, {params['hi']:g})")
            continue
        tol = tolerance(text, str(row["unit"]), hedge, params.get("places"))
        out.append(tol.text())
    return pd.Series(out, index=evaluated.index, name="tolerance")


def status_changes(evaluated: pd.DataFrame) -> pd.DataFrame:
    """Every row whose computed status differs from ``previous_status`` (the audit before the
    precision rule, the evidence axis and the split of compound claims), with the reason: which
    part a split row checks, and the note of the new verdict."""
    rows = []
    for _, r in evaluated.iterrows():
        prev = "" if pd.isna(r.get("previous_status")) else str(r["previous_status"])
        now = str(r["status"])
        if prev == now:
            continue
        part = "" if pd.isna(r.get("part")) else str(r["part"])
        reason = [f"compound claim split: this row checks the {part} only"] if part else []
        if not prev:
            reason.append("new row of the re-audit (a claim sentence the coverage check found)")
        reason.append(str(r["note"]))
        rows.append({"claim_id": r["claim_id"], "part": part, "previous_status": prev,
                     "status": now, "evidence": str(r["evidence"]), "reason": "; ".join(reason)})
    return pd.DataFrame(rows, columns=["claim_id", "part", "previous_status", "status", "evidence",
                                       "reason"])


def split_parts(evaluated: pd.DataFrame) -> pd.DataFrame:
    """The parts of the compound claims (ids ``<id>a``, ``<id>b``): each part's own status."""
    parts = evaluated[evaluated["part"].fillna("").astype(str) != ""]
    return parts[["claim_id", "part", "quote", "previous_status", "status", "evidence"]].reset_index(
        drop=True)


def status_evidence(evaluated: pd.DataFrame) -> pd.DataFrame:
    """Counts of claims by status (rows) and evidence (columns), with totals."""
    t = pd.crosstab(evaluated["status"].astype(str), evaluated["evidence"].astype(str)).reindex(
        index=list(STATUSES), columns=list(EVIDENCE), fill_value=0)
    t["all"] = t.sum(axis=1)
    t.loc["all"] = t.sum()
    return t


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
                    "evidence": str(row["evidence"]), "note": str(row["note"])}
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
    raw["evidence"] = evaluated["evidence"].astype(str).to_numpy()
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


# --------------------------------------------------------------------------------------------
# Presentation: an interactive ledger table (offline itables)

_STATUS_COLOURS = {"confirmed": "#d8f0dc", "confirmed-with-caveat": "#fdf1cf",
                   "contradicted": "#f8d7d7", "unverifiable": "#e6e6e6"}
_BUNDLE_SHOWN = False


class _Interactive:
    """An offline itables table: ``_repr_html_`` carries the HTML, ``repr`` a one-line summary
    (what nbval compares)."""

    def __init__(self, html: str, frame: pd.DataFrame, caption: str):
        self.html, self.frame, self.caption = html, frame, caption

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<interactive table: {self.caption} ({len(self.frame)} rows)>"


def ledger_table(frame: pd.DataFrame, caption: str, *, columns: dict[str, str] | None = None,
                 status_column: str | None = "status", table_id: str | None = None,
                 page_length: int = 10):
    """A searchable, sortable, filterable table of ledger rows that works offline.

    Uses ``megacity.report.interactive_table`` when the package has it (the book's shared
    helper), else a small offline itables table with the statuses coloured.  Every row and every
    character of every cell is shown (whole quotes and notes).
    """
    import html as _html

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"ledger_table takes a DataFrame, got {type(frame).__name__}")
    if not isinstance(caption, str) or not caption.strip():
        raise ValueError("ledger_table: caption must be a non-empty string")
    if status_column is not None and status_column not in frame.columns:
        status_column = None
    try:
        from .report import interactive_table
    except ImportError:
        interactive_table = None
    if interactive_table is not None:
        return interactive_table(frame, caption, columns=columns, status_column=status_column,
                                 table_id=table_id, page_length=page_length)
    global _BUNDLE_SHOWN
    from itables import options as itables_options
    from itables import to_html_datatable
    from itables.javascript import generate_init_offline_itables_html

    df = frame.reset_index(drop=True).copy()
    for col in df.columns:
        if col == status_column:
            df[col] = [f'<span style="background:{_STATUS_COLOURS.get(str(v), "transparent")};'
                       f'padding:0 0.3em;white-space:nowrap">{_html.escape(str(v))}</span>'
                       for v in df[col]]
        elif df[col].dtype == object or pd.api.types.is_string_dtype(df[col]) or isinstance(
                df[col].dtype, pd.CategoricalDtype):
            df[col] = ["" if pd.isna(v) else _html.escape(str(v)) for v in df[col]]
    df.columns = [(columns or {}).get(c, str(c).replace("_", " ")) for c in frame.columns]
    body = to_html_datatable(df, caption=caption, connected=False, table_id=table_id,
                             allow_html=True, showIndex=False, maxBytes=0,
                             pageLength=page_length, classes="display compact", scrollX=True)
    parts = []
    if not _BUNDLE_SHOWN:
        parts.append(generate_init_offline_itables_html(itables_options.dt_bundle))
        _BUNDLE_SHOWN = True
    parts.append(body)
    return _Interactive("\n".join(parts), frame, caption)


# --------------------------------------------------------------------------------------------
# The blind second pass: reconcile an independent re-derivation of every status

def blind_path():
    """Where the blind pass's result is kept in the repository (None when it is not there)."""
    p = data_dir() / "audit" / "claims_blind.csv"
    return p if p.is_file() else None


BLIND_COLUMNS = ("claim_id", "blind_status", "blind_evidence", "blind_value", "blind_reason")
AUDIT_COLUMNS = ("claim_id", "seed", "location", "quote", "claimed_value", "unit")

BLIND_PREAMBLE = """# Rules for the blind second pass of the claims ledger

`claims_to_audit.csv` lists every claim of the ledger: `claim_id`, `seed` (file in
`/work/shared/seeds`), `location` (line number in that file, `L28`), `quote` (the claim's words; an
ellipsis `...` skips text), `claimed_value` (the number the claim states, empty when it states
none) and `unit`.  Ids ending in a letter (`s004-06a`, `s004-06b`) are the parts of one compound
claim; the `unit` says which part (a year, a month, an attribution, a count).  Statuses, our values
and notes are deliberately left out: derive each status yourself from the seed and from public
sources (`/work/shared/data-sources`, `/work/shared/external-data`, stored web pages), under the
rule below.

Write `/work/blind/claims_blind.csv` with columns `claim_id, blind_status, blind_evidence,
blind_value, blind_reason`: one row per claim_id; `blind_status` from the status vocabulary,
`blind_evidence` from the evidence vocabulary (both spelled exactly as below), `blind_value` the
value you find (empty if none), `blind_reason` one or two sentences (source and how you compared).

The rule (the docstring of `megacity.precision`, which the ledger's code applies):

"""


def write_blind_inputs(folder, evaluated: pd.DataFrame | None = None) -> None:
    """Write ``claims_to_audit.csv`` (the claims only, no status, value, note, check or params)
    and ``RULES.md`` (the rule of megacity.precision) for a blind second pass."""
    from pathlib import Path

    from .precision import rules_text
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    raw = read_raw("claims")
    raw[list(AUDIT_COLUMNS)].to_csv(folder / "claims_to_audit.csv", index=False,
                                    lineterminator="\n")
    (folder / "RULES.md").write_text(BLIND_PREAMBLE + rules_text(), encoding="utf-8")


def read_blind(path) -> pd.DataFrame:
    """The blind pass's result, checked: the columns of :data:`BLIND_COLUMNS`, known vocabularies."""
    b = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in BLIND_COLUMNS if c not in b.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {missing}; expected {list(BLIND_COLUMNS)}")
    b = b[list(BLIND_COLUMNS)].copy()
    for col in ("claim_id", "blind_status", "blind_evidence"):
        b[col] = b[col].str.strip()
    b["blind_status"] = b["blind_status"].str.lower()
    b["blind_evidence"] = b["blind_evidence"].str.lower()
    bad = b.loc[~b["blind_status"].isin(STATUSES), "claim_id"].tolist()
    if bad:
        raise ValueError(f"{path}: blind_status outside {STATUSES} for {bad}")
    return b


def reconcile(evaluated: pd.DataFrame, blind: pd.DataFrame) -> pd.DataFrame:
    """One row per ledger claim: our status and evidence beside the blind pass's, whether they
    agree, and the resolution recorded in ``data/audit/claims_reconciliation.csv`` (if any).

    ``data/audit/claims_blind.csv`` is the blind pass's file as delivered (copied unchanged); the
    reconciliation file holds one written resolution per disagreement."""
    ours = evaluated[["claim_id", "status", "evidence", "our_value"]].copy()
    ours["status"] = ours["status"].astype(str)
    ours["evidence"] = ours["evidence"].astype(str)
    m = ours.merge(blind, on="claim_id", how="left")
    # a row the blind pass did not reach (its reason says so) is not a rating
    unrated = m["blind_reason"].fillna("").str.match(r"(?i)\s*not reached")
    m.loc[unrated, ["blind_status", "blind_evidence"]] = np.nan
    m["in_blind"] = m["blind_status"].notna()
    m["status_agrees"] = m["in_blind"] & (m["status"] == m["blind_status"])
    m["evidence_agrees"] = m["in_blind"] & (m["evidence"] == m["blind_evidence"])
    path = data_dir() / "audit" / "claims_reconciliation.csv"
    if path.is_file():
        res = pd.read_csv(path, dtype=str, keep_default_na=False)
        m = m.merge(res[["claim_id", "ledger_action", "resolution"]], on="claim_id", how="left")
    else:
        m["ledger_action"], m["resolution"] = "", ""
    m["resolution"] = m["resolution"].fillna("")
    m["ledger_action"] = m["ledger_action"].fillna("")
    return m


def agreement_table(rec: pd.DataFrame) -> pd.DataFrame:
    """Our status (rows) by the blind status (columns), over the claims both passes rated."""
    both = rec[rec["in_blind"]]
    t = pd.crosstab(both["status"], both["blind_status"]).reindex(
        index=list(STATUSES), columns=list(STATUSES), fill_value=0)
    t["all"] = t.sum(axis=1)
    t.loc["all"] = t.sum()
    return t
