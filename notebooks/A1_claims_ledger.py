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
# Every quantitative claim of the five seed documents is a row of `data/claims.csv`. Each row names
# a *check*, a function in `megacity.checks` that looks the claim up in our cited tables or
# recomputes it from our models, and the check decides the status:
#
# * **confirmed**: a source or our computation agrees at the precision of the claim;
# * **confirmed-with-caveat**: it agrees under a stated vintage, definition or rounding;
# * **contradicted**: sources or computation disagree beyond that precision;
# * **unverifiable**: no public source in hand settles it; the note says what would.
#
# The status, our value and the note are computed when this page is built; a test fails if they
# differ from the values stored in the CSV, so no verdict can be typed by hand or go stale.
#
# **What you will see.** The verdicts counted by document and by the kind of evidence behind them;
# the ledger itself, one table per document, sorted by status and linked to the chapter that
# discusses each claim; and an audit of coverage: every number in the five documents is found by
# code and matched against the ledger, so that a number nobody checked cannot hide.

# %% tags=["remove-cell"]
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import HTML, display
from megacity.report import glue

from megacity import claims, plots
from megacity.checks import STATUSES
from megacity.claims_coverage import (coverage, evidence_table, exclusions_table,
                                      ledger_by_document, ledger_html)

warnings.filterwarnings("ignore", message="IProgress not found")
plots.house_style()

# %% [markdown]
# ## The verdicts in numbers

# %%
ledger = claims.evaluate()
counts = claims.status_counts(ledger)
n_by_status = counts.loc["all"]
glue("a1_n_claims", len(ledger), display=False)
for s in STATUSES:
    glue(f"a1_n_{s.replace('-', '_')}", int(n_by_status[s]), display=False)
counts

# %%
print(counts.loc["all"].to_string())
# NBVAL_CHECK_OUTPUT

# %% [markdown]
# The ledger holds {glue:text}`a1_n_claims` claims: {glue:text}`a1_n_confirmed` confirmed,
# {glue:text}`a1_n_confirmed_with_caveat` confirmed with a caveat, {glue:text}`a1_n_contradicted`
# contradicted and {glue:text}`a1_n_unverifiable` unverifiable. The bare counts flatter the
# documents less than they seem to, and the next table shows why: a verdict is only as strong as
# the evidence the check used.

# %%
evidence = evidence_table(ledger, STATUSES)
glue("a1_n_internal", int(evidence.loc["internal: the seed's own list", "all"]), display=False)
glue("a1_n_nosource", int(evidence.loc["no source in hand", "all"]), display=False)
evidence

# %% [markdown]
# Four kinds of evidence stand behind the verdicts:
#
# * **The seed's own list** ({glue:text}`a1_n_internal` claims). "Three features: bureaucracy,
#   ..., and suppression mode of law" is checked by counting the items the text names. This is a
#   test of internal consistency only; it cannot fail for a reason outside the text.
# * **Recomputed from stated numbers.** Spans of years ("four decades" from 1978 to 2019) and
#   shares are recomputed from figures the documents themselves give, with the reading of round
#   words ("four decades" as 35 to 45 years) written into the row's parameters.
# * **Sourced data or a model.** The claim is compared with a row of a cited table (for example the
#   urbanization series of {ref}`ch-urbanization`, or `data/seed_facts.csv` for the 1954
#   constitution) or with a model result from a chapter.
# * **No source in hand** ({glue:text}`a1_n_nosource` claims). The population and organizations
#   of Fengqiao town, the "Six Guarantees", the timing of Shanghai's reforms and similar facts are
#   public somewhere, but not in any table of this book. These rows are *unverifiable*, which is not
#   the same as false; each note names the document that would settle it.

# %%
fig, ax = plt.subplots(figsize=(8, 3.6))
table = counts.drop(index="all")
labels = [s[:3] for s in table.index]
left = np.zeros(len(table))
for s, colour in zip(STATUSES, [plots.PALETTE[2], plots.PALETTE[8], plots.PALETTE[3], "0.75"]):
    ax.barh(labels, table[s], left=left, color=colour, label=s)
    left += table[s].to_numpy()
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
# organizations, the "Six Guarantees") for which no table of the book holds a source.
# ```
#
# ## The ledger, document by document
#
# Each table lists one document's claims, sorted by status (confirmed first, unverifiable last) and
# then by identifier. The `location` is the line of the seed file; the `chapter` links to the page
# that discusses the claim (this appendix for the claims that no chapter takes up). Row prefixes
# say who checks a claim: `urban-`, `scaling-` and `megacity-` in Part I, `zj-` in Part II, `diff-`
# in Part III, and `s000-` to `s004-` here.

# %% tags=["remove-cell"]
parts = ledger_by_document(ledger, STATUSES)


def show(seed: str) -> None:
    """Display one document's part of the ledger with links to the chapters."""
    display(HTML(ledger_html(parts[seed])))


# %% [markdown]
# ### 000: Li Youmei, social risks of megacities
#
# An undated essay {cite:p}`liyoumei_megacity_risk`; its latest reference is from 2015, which the
# rows use as its approximate date. Its few numbers are spans of time ("30-plus years", "the past
# decade").

# %% tags=["remove-input"]
show("000_58bc604ed388d3c5.txt")

# %% [markdown]
# ### 001: Shanghai's Party-building-led grassroots governance
#
# A newspaper article of 19 October 2017 {cite:p}`csst2017shanghai`. The "four-level linkage" is the
# hierarchy modelled in Part III.

# %% tags=["remove-input"]
show("001_3a629cb3457eda3e.txt")

# %% [markdown]
# ### 002: Pan Weijiang, legal governance of megacities
#
# The essay {cite:p}`pan2024` carries the book's headline numbers: the urbanization rates checked
# in {ref}`ch-urbanization`, and West's scaling claims and the count of cities of ten million
# checked in Part I. The rest are spans of time, counts of the author's own categories, dates,
# and two historical size thresholds ("several hundred thousand" for a large city, "one million"
# for a mega-city), which match the 1980 and 1989 classifications as quoted on reference pages
# but not the 2014 standard, under which the same class starts at five million.

# %% tags=["remove-input"]
show("002_21c29aeaafc32df8.txt")

# %% [markdown]
# ### 003: Li and Fang, policy process diffusion (UNRISD 2018)
#
# Only the cover, contents, abstract and introduction of the working paper {cite:p}`lifang2018`
# are in the seed. Its numbers are mostly dates of national migration policy, checked in Part III
# against the governance timeline.

# %% tags=["remove-input"]
show("003_6ccb966cad977d98.txt")

# %% [markdown]
# ### 004: Social governance in China seen through Zhejiang
#
# The most numerical document {cite:p}`zhejiang_governance`. The 2017 safety record and the risk
# assessments are Part II's; this appendix checks the rest. Three results stand out:
#
# * **The 1954 constitution.** The national discussion's 150 million participants and 1.18 million
#   suggestions agree with the figures of an official document collection, which says "more than"
#   both; "one quarter of the country's population" holds (the seed's own 150 million over the
#   interpolated 1954 population gives just under 25%); "nine months" holds only if the making of
#   the constitution is counted from the drafting team's arrival in Hangzhou.
# * **Per-capita GDP of USD 2,400 in 2003.** The only source in hand, a weak one, says "more than
#   2,800 dollars". The sources differ; the row stays unverifiable until an official yuan figure
#   and the 2003 exchange rate are brought in.
# * **Dates of Party meetings** (1986, 2002, 2012, 2017) and of the start of reform (1978) agree
#   with official or major-media pages collected in `data/seed_facts.csv`. One attribution does
#   not: the document credits the 16th Party Congress of 2002 with "the Scientific Outlook on
#   Development", a phrase the sources in hand first attach to Hu Jintao in 2003-04. The row is
#   confirmed for the year and carries the doubt as its caveat.

# %% tags=["remove-input"]
show("004_3bcf6fd1773e6259.txt")

# %% [markdown]
# ## Coverage: is every number of the documents in the ledger?
#
# A ledger that lists the claims someone chose to check can hide the ones nobody chose. So the
# book counts the numbers instead of trusting the list. `megacity.claims_coverage` reads the five
# seed files line by line and finds every *numeric token*: digit strings ("10.64%", "31,835",
# "150 million", "18th", "1990s") and spelled-out cardinals ("four decades", "one quarter",
# "more than a dozen"). Each token then meets one of three fates:
#
# * **covered**, when a ledger row on the same document and line quotes it;
# * **excluded**, when an explicit rule says it is not a quantitative claim (a page number, a
#   publication date, a section number, an ordinal that names a meeting, an idiom such as "one
#   another"); the rules and their reasons are listed below;
# * **uncovered** otherwise, and a test of the book fails, listing it.

# %%
cov = coverage(ledger)
cov_summary = cov.summary()
tot = cov_summary.loc["all"]
glue("a1_tok_total", int(tot[["covered", "excluded", "uncovered"]].sum()), display=False)
glue("a1_tok_covered", int(tot["covered"]), display=False)
glue("a1_tok_excluded", int(tot["excluded"]), display=False)
glue("a1_tok_uncovered", int(tot["uncovered"]), display=False)
glue("a1_tok_share", float(tot["covered_share"]), display=False)
cov_summary

# %%
print(f"tokens = {int(tot[['covered', 'excluded', 'uncovered']].sum())}, covered = "
      f"{int(tot['covered'])}, excluded = {int(tot['excluded'])}, uncovered = {int(tot['uncovered'])}")
# NBVAL_CHECK_OUTPUT

# %% [markdown]
# The five documents contain {glue:text}`a1_tok_total` numeric tokens. Of those that are claims
# (covered or uncovered), a share of {glue:text}`a1_tok_share:.3f` is quoted by a ledger row;
# {glue:text}`a1_tok_excluded` tokens are set aside by the rules below, and
# {glue:text}`a1_tok_uncovered` remain uncovered. Uncovered tokens, if any, are listed next with
# the part of the book expected to cover them.

# %%
gaps = cov.uncovered[["seed", "location", "token", "by", "context"]].rename(
    columns={"by": "expected from"})
gaps if len(gaps) else print("no uncovered tokens")

# %% [markdown]
# The exclusion rules, with the number of tokens each one removes. A rule must name its reason;
# a test checks that every rule is used and that no rule ever removes a percentage or a figure in
# millions.

# %%
rules = exclusions_table().merge(cov.by_rule(), on="rule", how="left").fillna({"tokens": 0})
rules["tokens"] = rules["tokens"].astype(int)
with pd.option_context("display.max_colwidth", 200):
    display(rules.style.set_uuid("rules").hide(axis="index"))

# %% [markdown]
# ## What this ledger cannot show
#
# * **A confirmed claim is confirmed against our sources, not against the world.** Several checks
#   rest on a single secondary source (a newspaper feature, a publisher's description of an
#   official document collection); the notes name the source and its confidence, and a
#   confirmation is no stronger than that.
# * **Internal checks test consistency, not truth.** Counting the items a text lists for its own
#   "three features" can only catch a slip of the pen.
# * **Unverifiable is not false.** Most unverifiable rows are dates of public events that a reader
#   can look up; they are unverifiable only because no table of this book holds them, and each
#   note says what would settle the claim.
# * **Coverage is matched by quotation, not by meaning.** A row covers a number when it quotes it on
#   the right line; whether the row's check really tests what the number claims is a matter of
#   reading the row. The exclusion rules are judgements, written down so that a reader can dispute
#   them.
# * **Round words need a reading.** "Four decades" or "half a century" are checked against a
#   tolerance written into the row (35 to 45 years; 40 to 60 years). Another reader might choose
#   another tolerance; the choice is visible in the parameters.
#
# ## Exercises
#
# ```{exercise}
# :label: ex-a1-ratio
#
# Seed 004 says 1,008 of 31,835 assessed proposals, "or 3.16%", were rejected or delayed. Recompute
# the share with the `arithmetic` check (`megacity.checks.CHECKS["arithmetic"]`) and decide whether
# 3.16% agrees at the precision of the claim. What would a claim of "3.17%" get?
# ```
#
# ```{solution} ex-a1-ratio
# :class: dropdown
#
# `CHECKS["arithmetic"](3.16, {"expr": "1008/31835*100", "claimed_text": "3.16"})` computes
# 3.1663%. At two decimals that rounds to 3.17, so a strict reading at the claim's precision calls
# 3.16 contradicted and 3.17 confirmed; the figure in the document is truncated rather than
# rounded. Part II's row for this claim decides how to treat the last digit; compare its note.
# ```
#
# ```{exercise}
# :label: ex-a1-gdp
#
# The row for "per capita GDP reached USD 2,400 in 2003" is unverifiable because its only source is
# weak. Which two numbers would you need to settle it from official statistics, and why can two
# honest sources disagree about a per-capita figure in dollars?
# ```
#
# ```{solution} ex-a1-gdp
# :class: dropdown
#
# Zhejiang's 2003 GDP per person in yuan (from the provincial statistical yearbook) and the 2003
# average yuan-dollar exchange rate. Sources can differ because the denominator may be the
# resident or the registered (hukou) population, because GDP is revised after economic censuses,
# and because some writers convert at year-end rather than average exchange rates.
# ```
#
# ```{exercise}
# :label: ex-a1-rule
#
# The rule `meeting-ordinal` excludes "18th" in "the 18th CPC National Congress". Argue for or
# against treating such ordinals as claims. Then find, with `coverage(ledger).tokens`, every token
# the rule removes and check that none of them is a quantity.
# ```
#
# ```{solution} ex-a1-rule
# :class: dropdown
#
# An ordinal in a proper name identifies a meeting; it is a claim only in the weak sense that the
# meeting had that number. The dated claims attached to such meetings ("in 2012", "in 2013") are
# kept and have rows. To list the tokens:
# `t = coverage(ledger).tokens; t[t["by"] == "meeting-ordinal"][["seed", "location", "token", "context"]]`.
# Every match is an ordinal followed by CPC, Central Committee, National Congress, Five-year Plan or
# sessions.
# ```
