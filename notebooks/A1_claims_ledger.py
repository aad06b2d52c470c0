# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (megacity)
#     language: python
#     name: python3
# ---

# %% [markdown]
# (app-claims)=
# # Appendix A. The claims ledger
#
# Every claim of the five seed documents that states a number, a date, an order or a count is a
# row of `data/claims.csv`. Each row names a *check*, a function in `megacity.checks` that looks
# the claim up in our cited tables or recomputes it, and the check decides two things:
#
# * the **status**: *confirmed*, *confirmed-with-caveat*, *contradicted* or *unverifiable*;
# * the **evidence** the status rests on: an *independent source*, an *official self-report* (a
#   government's report of its own results, such as Zhejiang's satisfaction shares), *our
#   computation*, or *none*.
#
# Both are computed when this page is built, under one written precision rule (next section); a
# test fails if they differ from the values stored in the CSV, so no verdict can be typed by hand
# or go stale.
#
# **What you will see.** The rule; the verdicts counted by status and evidence; every status that
# changed when the rule was applied to every row, with the reason; the whole ledger as a table
# you can search and filter; an audit of coverage that counts the *claims* of the documents, not
# their digits; and the agreement of an independent, blind second pass.

# %% tags=["remove-cell"]
# Colab set-up (megacity): on Google Colab this installs the package and its tables first;
# anywhere else it does nothing.
import sys

if "google.colab" in sys.modules:
    import subprocess

    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",
                    "megacity[colab] @ git+https://github.com/megacity-compendium/megacity-governance@main"], check=True)

# %% tags=["remove-cell"]
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display
from megacity.report import glue, table

from megacity import claims, plots
from megacity.checks import CHECKS, EVIDENCE, STATUSES
from megacity.claims_coverage import claim_coverage, coverage, exclusions_table
from megacity.precision import tolerance

warnings.filterwarnings("ignore", message="IProgress not found")
plots.house_style()

# %% tags=["remove-cell"]
ledger = claims.evaluate()
ledger["tolerance"] = claims.tolerance_text(ledger)
counts = claims.status_counts(ledger)
cross = claims.status_evidence(ledger)
changes = claims.status_changes(ledger)
parts = claims.split_parts(ledger)
glue("a1_n_claims", len(ledger))
for s in STATUSES:
    glue(f"a1_n_{s.replace('-', '_')}", int(counts.loc["all", s]))
for e in EVIDENCE:
    glue(f"a1_ev_{e.replace(' ', '_').replace('-', '_')}", int(cross.loc["all", e]))
glue("a1_n_confirmed_self", int(cross.loc["confirmed", "official self-report"]))
glue("a1_n_confirmed_indep", int(cross.loc["confirmed", "independent source"]))
glue("a1_n_changed", len(changes))
glue("a1_n_changed_split", int((changes["part"] != "").sum()))
glue("a1_n_new", int((changes["previous_status"] == "").sum()))
glue("a1_n_parts", len(parts))
glue("a1_n_compound", parts["claim_id"].str[:-1].nunique())
# one glued status per row, so that prose verdicts come from the ledger
for r in ledger.itertuples():
    glue(f"a1_status_{r.claim_id.replace('-', '_')}", str(r.status))

# %% tags=["remove-cell"]
# NBVAL_CHECK_OUTPUT
print(counts.loc["all"].to_string())
print(cross.to_string())

# %% [markdown]
# ## The precision rule
#
# One rule decides whether a number agrees, for every row. It is written once, in the docstring
# of `megacity.precision`, and the checks apply it through that module:
#
# 1. **A claim is judged at its own stated precision**: half a unit of its last significant digit.
# 2. **Trailing zeros of an integer are not significant unless stated**: "130" is stated to the
#    tens, "150 million" to the ten million; a row that needs another precision (the exact
#    threshold of a definition) says so in its parameters, with the reason.
# 3. **Identifiers are exact**: years, months, ranks and counts of listed items.
# 4. **A truncation is named as such**: a claim that equals our value cut off, not rounded, at
#    its last digit is *confirmed-with-caveat* everywhere, and the note says "truncation, not
#    rounding".
# 5. **Hedge words get a stated tolerance**, and so do a source's hedges ("more than", "nearly");
#    the table below computes each one from the module for an example.
# 6. **Where our value is an estimate**, a claim that misses our point estimate but meets our
#    interval is confirmed only with a caveat.
# 7. **Compound claims are split into parts**, each with its own row and check: "body X
#    established idea Y in year Z" becomes a date row and an attribution row.

# %% tags=["remove-input"]
examples = [("60.6", "% of population", ""), ("130", "times", ""), ("150000000", "persons", ""),
            ("2020", "year", ""), ("130", "times", "about"), ("3", "months", "nearly"),
            ("5000", "persons", "more than"), ("30", "years", "at least"),
            ("12", "cities", "more than a dozen"), ("100000", "persons", "several"),
            ("100000000", "persons", "hundreds of")]
rule_rows = []
for text, unit, hedge in examples:
    t = tolerance(text, unit, hedge)
    rule_rows.append({"claim": f"{hedge + ' ' if hedge else ''}{float(text):,.6g} {unit}",
                      "rule": t.rule, "holds for": t.text().split(" (")[0]})
table(pd.DataFrame(rule_rows), "The precision rule applied to example claims: the interval of "
      "values that support each one (computed by megacity.precision.tolerance).",
      columns={"claim": "Claim (hedge, number, unit)", "rule": "Rule applied",
               "holds for": "Values that support it"})

# %% [markdown]
# ## The verdicts in numbers
#
# The ledger holds {glue:text}`a1_n_claims` rows: {glue:text}`a1_n_confirmed` confirmed,
# {glue:text}`a1_n_confirmed_with_caveat` confirmed with a caveat, {glue:text}`a1_n_contradicted`
# contradicted and {glue:text}`a1_n_unverifiable` unverifiable. The evidence axis says what kind
# of confirmation each is. Of the confirmed rows, {glue:text}`a1_n_confirmed_indep` rest on an
# independent source, but {glue:text}`a1_n_confirmed_self` are official self-reports: Zhejiang's
# safety figures for 2017 agree with the provincial government's own releases, which shows that the
# seed reproduces them faithfully, not that anyone measured them independently.

# %% tags=["remove-input"]
table(cross.reset_index().rename(columns={"status": "Status"}),
      "Claims of the ledger by status (rows) and by the evidence the status rests on (columns).",
      columns={"all": "All", **{e: e.capitalize() for e in EVIDENCE}})

# %%
fig, ax = plt.subplots(figsize=(8, 3.6))
by_seed = counts.drop(index="all")
labels = [f"seed {s[:3]}" for s in by_seed.index]
left = np.zeros(len(by_seed))
for s, colour in zip(STATUSES, [plots.PALETTE[2], plots.PALETTE[8], plots.PALETTE[3], "0.75"]):
    ax.barh(labels, by_seed[s], left=left, color=colour, label=s)
    left += by_seed[s].to_numpy()
ax.invert_yaxis()
ax.set_xlabel("claims in the ledger (count)")
ax.set_ylabel("seed document")
ax.legend(ncol=4, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False, fontsize=9)
fig.tight_layout()
plots.source_note(fig, "data/claims.csv, statuses computed by megacity.checks.", y=-0.04)
glue("a1_fig_status", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} a1_fig_status
# :alt: Horizontal stacked bars, one per seed document (000 to 004), counting ledger claims by status. Document 004 on Zhejiang has by far the most claims; unverifiable claims are a large share in every document; contradicted claims are few.
# :name: fig-a1-status
#
# Claims of each seed document by computed status. Document 004 (Zhejiang) is the most numerical
# of the five; its unverifiable rows are mostly local counts (Fengqiao's population and
# organizations, the "Six Guarantees") and attributions for which no table of the book holds a
# source.
# ```
#
# ## What the rule changed
#
# The statuses of the audit before this rule are kept in the ledger's `previous_status` column, so
# the list of changes below is computed, not typed. Applying the rule to every row changed
# {glue:text}`a1_n_changed` statuses. {glue:text}`a1_n_new` are new rows, for claims that the
# coverage check below found and no row held; {glue:text}`a1_n_changed_split` come from
# splitting a compound claim: of the {glue:text}`a1_n_compound` compound claims, now
# {glue:text}`a1_n_parts` rows, the earlier audit had checked only the date and carried the
# attribution (or the month) as a caveat. The date parts
# are now confirmed without that caveat, and the attributions stand on their own, mostly
# unverifiable from the sources in hand. Seed 004 says, for example, that
# "The 16th CPC National Congress in 2002 established the Scientific Outlook on Development":
# the date part is
# {glue:text}`a1_status_s004_06a`, the attribution {glue:text}`a1_status_s004_06b`. Other rows
# keep their status under the rule but now state it in its terms: "about 130" is judged with the
# stated tolerance for "about", which the published prediction misses while its interval reaches
# it, so the claim agrees only within that uncertainty ({glue:text}`a1_status_scaling_02`); and the
# share "3.16%" of rejected proposals is named a truncation ({glue:text}`a1_status_zj_18`).

# %% tags=["remove-input"]
table(changes, "Every status that changed when the precision rule and the split of compound "
      "claims were applied to every row (computed from the previous_status column).",
      columns={"claim_id": "Claim", "part": "Part", "previous_status": "Status before",
               "status": "Status now", "evidence": "Evidence", "reason": "Reason (note of the new verdict)"})

# %% tags=["remove-input"]
table(parts, "The compound claims and their parts: each part is a row of the ledger with its own "
      "check.", columns={"claim_id": "Claim", "part": "Part", "quote": "Quote",
                          "previous_status": "Status before", "status": "Status now",
                          "evidence": "Evidence"})

# %% [markdown]
# ## The ledger
#
# The whole ledger, one row per claim, with whole quotes and notes. Type in the search box, or in
# a column's filter, to find a claim (`s004`, `Fengqiao`, `unverifiable`); click a header to sort.
# The `location` is the line of the seed file; `tolerance` is the interval the precision rule
# gives the claimed number; row prefixes say who checks a claim: `urban-`, `scaling-` and
# `megacity-` in Part I, `zj-` in Part II, `diff-` in Part III, and `s000-` to `s004-` here.

# %% tags=["remove-input"]
raw_claimed = claims.read_raw("claims").set_index("claim_id")["claimed_value"]
view = ledger.assign(seed=ledger["seed"].astype(str).str[:3],
                     claimed_value=ledger["claim_id"].map(raw_claimed).fillna(""),
                     chapter=ledger["chapter"].fillna("").str.replace("notebooks/", "", regex=False))
claims.ledger_table(
    view[["status", "evidence", "claim_id", "seed", "location", "quote", "part", "claimed_value",
          "unit", "hedge", "tolerance", "our_value", "note", "chapter"]],
    "The claims ledger: every claim of the five seed documents with its computed status, "
    "evidence and note.",
    columns={"status": "Status", "evidence": "Evidence", "claim_id": "Claim", "seed": "Seed",
             "location": "Line", "quote": "Quote", "part": "Part", "claimed_value": "Claimed",
             "unit": "Unit", "hedge": "Hedge", "tolerance": "Tolerance (precision rule)",
             "our_value": "Our value", "note": "How the verdict was reached", "chapter": "Chapter"},
    table_id="a1-ledger")

# %% [markdown]
# A few rows deserve a word, each with its verdict from the ledger.
#
# * **The 1954 constitution** (seed 004). The national discussion's participants and suggestions
#   agree with an official document collection, which says "more than" both
#   ({glue:text}`a1_status_s004_18`, {glue:text}`a1_status_s004_19`); "one quarter of the
#   country's population" holds against the interpolated 1954 population
#   ({glue:text}`a1_status_s004_21`). "In the two months after its publication" is
#   {glue:text}`a1_status_s004_17`: the stronger source says "nearly three months", whose stated
#   tolerance just meets the claim's.
# * **Per-capita GDP in 2003** (seed 004) is {glue:text}`a1_status_s004_29`: the only source in
#   hand, a weak one, gives a lower bound that misses the claim's interval, and a weak source can
#   make the sources differ but cannot refute.
# * **The end of custody and repatriation** (seed 003) is {glue:text}`a1_status_diff_01`: the
#   governance timeline dates it two years before the year the abstract gives.
#
# ## Coverage: is every claim of the documents in the ledger?
#
# A ledger that lists the claims someone chose to check can hide the ones nobody chose. So the
# book enumerates the claims instead of trusting the list. `megacity.claims_coverage` splits the
# five seed files into sentences and marks as a *claim* every sentence that asserts a quantity,
# a date, an order or a direction of change: a number or a number word, an ordinal, "several",
# "doubled", "increased rapidly", a date, a rank, a document number. Each claim sentence then
# meets one of three fates:
#
# * **covered**, when a ledger row on the same document and line quotes words of it;
# * **excluded**, when an explicit rule says its trigger makes no claim (document furniture, a
#   heading, an ordinal that numbers the author's own points, a change word in a prescription such
#   as "must reduce", a question, an ordinal in the name of a meeting, an idiom such as "one
#   another"); every exclusion is listed below with its reason;
# * **uncovered** otherwise. These are counted against the ledger, not hidden.

# %% tags=["remove-cell"]
ccov = claim_coverage(ledger)
csum = ccov.summary()
call = csum.loc["all"]
glue("a1_cl_claims", int(call["claims"]))
glue("a1_cl_covered", int(call["covered"]))
glue("a1_cl_uncovered", int(call["uncovered"]))
glue("a1_cl_excluded", int(call["excluded"]))
glue("a1_cl_pct", float(call["covered_pct"]))
glue("a1_cl_pct_004", float(csum.loc["004_3bcf6fd1773e6259.txt", "covered_pct"]))
unc_kinds = ccov.uncovered["kinds"].str.split(", ").explode().value_counts()
glue("a1_cl_unc_change", int(unc_kinds.get("change", 0)))
tok = coverage(ledger).summary().loc["all"]
glue("a1_tok_total", int(tok[["covered", "excluded", "uncovered"]].sum()))
glue("a1_tok_covered", int(tok["covered"]))
glue("a1_tok_excluded", int(tok["excluded"]))
glue("a1_tok_uncovered", int(tok["uncovered"]))

# %% tags=["remove-cell"]
# NBVAL_CHECK_OUTPUT
print(csum.to_string())

# %% [markdown]
# The five documents hold {glue:text}`a1_cl_claims` claim sentences (after
# {glue:text}`a1_cl_excluded` sentences excluded by the rules). A ledger row covers
# {glue:text}`a1_cl_covered` of them: {glue:text}`a1_cl_pct:.1f` per cent. That is the honest
# coverage of the ledger, and it is far from complete. Coverage is best for seed 004
# ({glue:text}`a1_cl_pct_004:.1f` per cent), whose figures are the book's subject; the
# {glue:text}`a1_cl_uncovered` uncovered sentences are mostly qualitative statements of change
# ({glue:text}`a1_cl_unc_change` of them carry a word such as "increasingly", "rapid" or
# "growing"), which no table in hand can test. A second audit, by digits, checks that no *number*
# slips through: of {glue:text}`a1_tok_total` numeric tokens, {glue:text}`a1_tok_covered` are
# quoted by a row, {glue:text}`a1_tok_excluded` are excluded by rules and
# {glue:text}`a1_tok_uncovered` are uncovered; a test fails if any number is left uncovered.

# %% tags=["remove-input"]
table(csum.reset_index().assign(seed=lambda d: d["seed"].str[:3]),
      "Claim sentences of each seed document by fate, and the share covered by a ledger row.",
      columns={"seed": "Seed", "covered": "Covered", "uncovered": "Uncovered",
               "excluded": "Excluded", "claims": "Claims (covered + uncovered)",
               "covered_pct": "Covered (%)"}, formats={"covered_pct": "{:.1f}"})

# %% tags=["remove-input"]
table(ccov.exclusions_by_rule(), "The exclusion rules and the number of sentences each one sets "
      "aside (a sentence may be set aside by several rules when all its triggers are excluded).",
      columns={"rule": "Rule", "sentences": "Sentences", "reason": "Reason"})

# %% tags=["remove-input"]
claims.ledger_table(
    ccov.excluded.assign(seed=lambda d: d["seed"].str[:3])[
        ["seed", "location", "by", "triggers", "sentence"]],
    "Every excluded claim sentence, with the rule that excludes it and its triggers.",
    status_column=None, columns={"seed": "Seed", "location": "Line", "by": "Rule",
                                 "triggers": "Triggers", "sentence": "Sentence"},
    table_id="a1-excluded")

# %% tags=["remove-input"]
claims.ledger_table(
    ccov.uncovered.assign(seed=lambda d: d["seed"].str[:3])[
        ["seed", "location", "kinds", "triggers", "sentence"]],
    "Every claim sentence that no ledger row covers.",
    status_column=None, columns={"seed": "Seed", "location": "Line", "kinds": "Kind of claim",
                                 "triggers": "Triggers", "sentence": "Sentence"},
    table_id="a1-uncovered")

# %% [markdown]
# The rules of the digit audit, with the number of tokens each one removes. A test checks that
# every rule is used and that no rule ever removes a percentage or a figure in millions.

# %% tags=["remove-input"]
token_rules = exclusions_table().merge(coverage(ledger).by_rule(), on="rule", how="left").fillna(
    {"tokens": 0}).astype({"tokens": int})
table(token_rules, "Exclusion rules of the digit audit and the tokens each removes.",
      columns={"rule": "Rule", "seeds": "Seeds", "lines": "Lines", "reason": "Reason",
               "tokens": "Tokens"})

# %% [markdown]
# ## The blind second pass
#
# Another reader re-derived the statuses without seeing ours: it received only the claims (id,
# seed, line, quote, claimed value and unit) and the rule above, and returned a status, an evidence
# class and a reason per claim. Its file is kept unchanged in `data/audit/claims_blind.csv`; every
# disagreement is resolved in writing in `data/audit/claims_reconciliation.csv`, which says whether
# the ledger changed, kept its status (and why), or awaits data that another part of the book adds.

# %% tags=["remove-cell"]
bpath = claims.blind_path()
rec = None if bpath is None else claims.reconcile(ledger, claims.read_blind(bpath))
if rec is not None:
    rated = rec[rec["in_blind"]]
    agree = claims.agreement_table(rec)
    glue("a1_bl_rated", int(len(rated)))
    glue("a1_bl_unrated", int(len(rec) - len(rated)))
    glue("a1_bl_agree", int(rated["status_agrees"].sum()))
    glue("a1_bl_agree_pct", float(100 * rated["status_agrees"].mean()))
    glue("a1_bl_ev_agree", int(rated["evidence_agrees"].sum()))
    glue("a1_bl_resolved", int((rec["resolution"] != "").sum()))
    for action in ("ledger changed", "kept", "follow-up"):
        glue(f"a1_bl_{action.replace(' ', '_').replace('-', '_')}",
             int((rec["ledger_action"] == action).sum()))
    glue("a1_bl_open", int((rated[~rated["status_agrees"] | ~rated["evidence_agrees"]]
                            ["resolution"] == "").sum()))
    glue("a1_bl_state", "in hand")
else:
    glue("a1_bl_state", "not yet in hand; the reconciliation code is ready and runs when its file is added")

# %% [markdown]
# The blind pass's file is {glue:text}`a1_bl_state`. It rated {glue:text}`a1_bl_rated` claims
# (it did not reach {glue:text}`a1_bl_unrated` in its time, and says so on those rows). On the
# rated claims the two passes give the same status {glue:text}`a1_bl_agree` times
# ({glue:text}`a1_bl_agree_pct:.0f` per cent), counted after the corrections below, and the same
# evidence class {glue:text}`a1_bl_ev_agree` times; every other difference has a written
# resolution. Of the
# {glue:text}`a1_bl_resolved` written resolutions, {glue:text}`a1_bl_ledger_changed` changed the
# ledger (a check, or the wording of the rule), {glue:text}`a1_bl_kept` keep our status with the
# reason, and {glue:text}`a1_bl_follow_up` accept the blind pass's evidence, which rests on data
# that another part of the book is adding; {glue:text}`a1_bl_open` disagreements remain
# unresolved.

# %% tags=["remove-input"]
if rec is not None:
    display(table(agree.reset_index().rename(columns={"status": "Our status"}),
                  "Our status (rows) against the blind pass's status (columns), over the claims "
                  "the blind pass rated.", columns={"all": "All"}))
    shown = rec[(rec["resolution"] != "") | (rec["in_blind"] & ~rec["status_agrees"])]
    display(table(shown[["claim_id", "status", "blind_status", "evidence", "blind_evidence",
                         "blind_reason", "ledger_action", "resolution"]],
                  "Every claim on which the two passes disagreed, and how it was resolved.",
                  columns={"claim_id": "Claim", "status": "Our status",
                           "blind_status": "Blind status", "evidence": "Our evidence",
                           "blind_evidence": "Blind evidence", "blind_reason": "Blind reason",
                           "ledger_action": "Action", "resolution": "Resolution"}))

# %% [markdown]
# ## What this ledger cannot show
#
# * **A confirmed claim is confirmed against our sources, not against the world.** Several checks
#   rest on a single secondary source; the notes name the source and its confidence, and the
#   evidence column says whether the source is independent of the body whose results it reports.
# * **Internal checks test consistency, not truth.** Counting the items a text lists for its own
#   "three features" can only catch a slip of the pen; such rows are *our computation*.
# * **Unverifiable is not false.** Most unverifiable rows are facts a reader can look up; they are
#   unverifiable only because no table of this book holds them, and each note says what would
#   settle the claim.
# * **Claim sentences are found by rules, not by understanding.** A trigger word can miss a claim
#   phrased without one, and the exclusion rules are judgements, written down so that a reader can
#   dispute them.
# * **The tolerance of a hedge is a convention.** "About" is given the tolerance stated in the
#   rule; another reader might choose another, and the choice is in one place, where it can be
#   changed and the whole ledger recomputed.
#
# ## Exercises
#
# ```{exercise}
# :label: ex-a1-ratio
#
# Seed 004 says that of "31,835 proposals", "1,008, or 3.16%, of which were rejected or delayed".
# Recompute the share with the `arithmetic` check (`megacity.checks.CHECKS["arithmetic"]`) and
# decide, under the precision rule, what status the stated share gets. What status would the
# correctly rounded share get, and does Part II's row for this claim agree with your answer?
# ```

# %% [markdown]
# ```{solution-start} ex-a1-ratio
# :class: dropdown
# ```

# %% tags=["remove-output"]
stated = CHECKS["arithmetic"](3.16, {"expr": "1008/31835*100", "claimed_text": "3.16"})
share = float(stated.our_value)
rounded_text = f"{share:.2f}"
rounded = CHECKS["arithmetic"](float(rounded_text), {"expr": "1008/31835*100",
                                                      "claimed_text": rounded_text})
glue("a1_ex1_share", share)
glue("a1_ex1_status", stated.status)
glue("a1_ex1_rounded", rounded_text)
glue("a1_ex1_rounded_status", rounded.status)
glue("a1_ex1_part2", str(ledger.set_index("claim_id").loc["zj-18", "status"]))
print(stated.note)

# %% [markdown]
# The recomputed share is {glue:text}`a1_ex1_share:.4f` per cent. The stated figure lies outside
# its own rounding interval, but it equals the share cut off at its second decimal: a truncation,
# which the rule confirms only with that caveat ({glue:text}`a1_ex1_status`). The correctly rounded
# figure, {glue:text}`a1_ex1_rounded`, would be {glue:text}`a1_ex1_rounded_status`. Part II's row
# for the claim (`zj-18`) is {glue:text}`a1_ex1_part2`: the same status, because both go through
# the one rule.
#
# ```{solution-end}
# ```
#
# ```{exercise}
# :label: ex-a1-gdp
#
# The row for "Zhejiang's per capita GDP reached USD 2,400 in 2003" is unverifiable. Use
# `megacity.precision.tolerance` to find the interval the claim stands for under the rule, and the
# interval of its only source, which says "more than" a higher figure (the row's note and
# `data/seed_facts.csv`, fact `zj_gdp_pc_usd_2003`). Do they overlap? Which two official numbers
# would settle the claim, and why can two honest sources disagree about a per-capita figure in
# dollars?
# ```

# %% [markdown]
# ```{solution-start} ex-a1-gdp
# :class: dropdown
# ```

# %% tags=["remove-output"]
from megacity.data.catalogue import load_seed_facts  # noqa: E402

fact = load_seed_facts().set_index("fact_id").loc["zj_gdp_pc_usd_2003"]
claim_tol = tolerance("2400", "USD")
source_tol = tolerance(str(int(fact["value"])), "USD", str(fact["qualifier"]))
overlap = claim_tol.lo <= source_tol.hi and source_tol.lo < claim_tol.hi
glue("a1_ex2_lo", claim_tol.lo)
glue("a1_ex2_hi", claim_tol.hi)
glue("a1_ex2_src", float(fact["value"]))
glue("a1_ex2_overlap", "overlap" if overlap else "do not overlap")
glue("a1_ex2_status", str(ledger.set_index("claim_id").loc["s004-29", "status"]))
print(claim_tol.text(), "|", source_tol.text())

# %% [markdown]
# Stated to the hundred, the claim stands for {glue:text}`a1_ex2_lo:,.0f` to
# {glue:text}`a1_ex2_hi:,.0f` dollars; the source says more than {glue:text}`a1_ex2_src:,.0f`. The
# intervals {glue:text}`a1_ex2_overlap`, but the source is weak, so the row is
# {glue:text}`a1_ex2_status` rather than contradicted. To settle it one needs Zhejiang's 2003 GDP
# per person in yuan (provincial statistical yearbook) and the 2003 average yuan-dollar exchange
# rate. Honest sources differ because the denominator may be the resident or the registered
# (hukou) population, because GDP is revised after economic censuses, and because some writers
# convert at year-end rather than average rates.
#
# ```{solution-end}
# ```
#
# ```{exercise}
# :label: ex-a1-rule
#
# The coverage audit excludes a sentence when every claim trigger in it is excluded. Take the rule
# `discourse-ordinal`, which sets aside ordinals that number the author's own points ("First, ...",
# "the second strategy"). List the sentences it excludes with `claim_coverage(ledger).excluded`,
# and check whether any of them asserts an order in the world. What share of the claim sentences
# would be covered if the rule were dropped and its sentences counted as uncovered claims?
# ```

# %% [markdown]
# ```{solution-start} ex-a1-rule
# :class: dropdown
# ```

# %% tags=["remove-output"]
ex = ccov.excluded
by_rule = ex[ex["by"] == "discourse-ordinal"]
n_rule = len(by_rule)
pct_without = 100 * call["covered"] / (call["claims"] + n_rule)
glue("a1_ex3_n", n_rule)
glue("a1_ex3_pct", float(pct_without))
by_rule[["seed", "location", "triggers", "sentence"]].head(10)

# %% [markdown]
# The rule excludes {glue:text}`a1_ex3_n` sentences whose only triggers are such ordinals
# ("Secondly, the pluralistic governance structure ...", "The first strategy is ..."). Read them:
# they number arguments and strategies; none ranks anything in the world. Counting them as
# uncovered claims would lower the covered share to {glue:text}`a1_ex3_pct:.1f` per cent, which
# shows how much an exclusion rule can flatter a coverage figure, and why every rule is listed.
#
# ```{solution-end}
# ```
