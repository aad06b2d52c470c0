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

# %% tags=["remove-cell"]
import pandas as pd
from megacity.report import glue

from megacity import claims
from megacity.checks import STATUSES

# %%
ledger = claims.evaluate()
counts = claims.status_counts(ledger)
glue("a1_n_claims", len(ledger), display=False)
counts

# %%
print(counts.loc["all"].to_string())
# NBVAL_CHECK_OUTPUT

# %% [markdown]
# The ledger holds {glue:text}`a1_n_claims` claims. The full table follows, grouped by document and
# sorted by status; the `chapter` column names the page that discusses each claim.

# %%
order = {s: i for i, s in enumerate(STATUSES)}
view = (ledger.assign(_o=ledger["status"].astype(str).map(order))
              .sort_values(["seed", "_o", "claim_id"])
              [["seed", "claim_id", "location", "quote", "claimed_value", "unit", "our_value",
                "status", "note", "chapter"]])
with pd.option_context("display.max_colwidth", 200, "display.max_rows", 500):
    display(view.style.hide(axis="index"))
