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
# (app-data)=
# # Appendix B. Data and provenance
#
# The compendium uses two kinds of data, and treats them differently.
#
# * **Our own tables** in `data/`: small CSV files compiled by scripts in `scripts/` from cited fact
#   sheets in `data/raw/`. Every row carries its source; each table has a schema file
#   (`data/<name>.yml`) with its title, sources, licence, unique key and the type, unit and range
#   of every column. They are read only through `megacity.data.catalogue`, which validates them on
#   every load.
# * **External data sets**: public files too large to commit. The registry in
#   `megacity.data.registry` pins each to a raw URL at a fixed commit and a sha256 checksum. They
#   are downloaded (or copied from a local mirror named by `MEGACITY_DATA_MIRROR`) into a user
#   cache, and verified before use; a mismatch is an error, never a silent substitute.
#
# This page is generated from the catalogue and the registry when the book is built. The claims
# ledger, which uses both kinds, is {ref}`app-claims`.

# %% tags=["remove-cell"]
# Colab set-up (megacity): on Google Colab this installs the package and its tables first;
# anywhere else it does nothing.
import sys

if "google.colab" in sys.modules:
    import subprocess

    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",
                    "megacity[colab] @ git+https://github.com/megacity-compendium/megacity-governance@main"], check=True)

# %% tags=["remove-cell"]
import pandas as pd
from IPython.display import display
from megacity.report import glue, table

from megacity.data import catalogue, registry

# %% tags=["remove-cell"]
cat = catalogue.catalogue()
ext = registry.describe()
ext["verified"] = [registry.file_sha256(registry.fetch(f)) == h
                   for f, h in zip(ext["file"], ext["sha256"])]
glue("a2_n_tables", len(cat))
glue("a2_n_rows", int(cat["rows"].sum()))
glue("a2_n_external", len(ext))
glue("a2_n_verified", int(ext["verified"].sum()))
glue("a2_all_verified", "all verified" if bool(ext["verified"].all()) else "NOT all verified")

# %% tags=["remove-cell"]
# NBVAL_CHECK_OUTPUT
print(f"{len(cat)} tables, {int(cat['rows'].sum())} rows")
print("all external files verified:", bool(ext["verified"].all()))

# %% [markdown]
# ## Our tables
#
# The book's own data are {glue:text}`a2_n_tables` tables with {glue:text}`a2_n_rows` rows in all.

# %% tags=["remove-input"]
table(cat, "The compendium's own tables (data/*.csv): title, size, unique key, licence and sources.",
      columns={"table": "Table", "title": "Title", "rows": "Rows", "columns": "Columns",
               "key": "Unique key", "license": "Licence", "sources": "Sources"})

# %% [markdown]
# ### Columns of each table
#
# Types, units and allowed ranges as the validator enforces them.

# %% tags=["remove-input"]
for name in cat["table"]:
    schema = catalogue.load_schema(name)
    display(table(catalogue.columns_table(name), f"{name}: {schema.title}",
                  columns={"column": "Column", "type": "Type", "unit": "Unit",
                           "range": "Allowed range", "meaning": "Meaning"}, table_id=f"cols-{name}"))

# %% [markdown]
# ## External data sets
#
# The book reads {glue:text}`a2_n_external` external files; each is verified against its
# checksum when this page is built ({glue:text}`a2_n_verified` passed: {glue:text}`a2_all_verified`).

# %% tags=["remove-input"]
table(ext[["file", "what", "size_kb", "license", "citation", "verified"]],
      "External data sets: what each file is, its size, licence and citation, and whether its "
      "checksum matched when this page was built.",
      columns={"file": "File", "what": "What it is", "size_kb": "Size (kB)", "license": "Licence",
               "citation": "Citation", "verified": "Checksum verified"}, formats={"size_kb": "{:,.0f}"})

# %% [markdown]
# Pinned URLs and checksums:

# %% tags=["remove-input"]
table(ext[["file", "url", "sha256"]], "Pinned URL and sha256 checksum of each external file.",
      columns={"file": "File", "url": "URL (fixed commit)", "sha256": "sha256"})

# %% [markdown]
# ## Weak figures
#
# The fact sheets grade their rows. In the urbanization table, tier C marks a transcription of the
# 2021 Yearbook with no identifiable upstream and tier D a derived value; chapters say where a
# result leans on them. Other tables carry a `confidence` or `tier` column with the same purpose,
# and the claims ledger says, in its evidence column, whether a figure comes from an independent
# source or is a government's report of its own results.
