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
#   sheets. Every row carries its source; each table has a schema file (`data/<name>.yml`) with its
#   title, sources, licence, unique key and the type, unit and range of every column. They are read
#   only through `megacity.data.catalogue`, which validates them on every load.
# * **External data sets**: public files too large to commit. The registry in
#   `megacity.data.registry` pins each to a raw URL at a fixed commit and a sha256 checksum. They
#   are downloaded (or copied from a local mirror named by `MEGACITY_DATA_MIRROR`) into a user
#   cache, and verified before use; a mismatch is an error, never a silent substitute.
#
# This page is generated from the catalogue and the registry when the book is built.

# %% tags=["remove-cell"]
import pandas as pd

from megacity.data import catalogue, registry

pd.set_option("display.max_colwidth", 120)

# %% [markdown]
# ## Our tables

# %%
cat = catalogue.catalogue()
cat.style.set_uuid("catalogue").hide(axis="index")

# %%
print(f"{len(cat)} tables, {int(cat['rows'].sum())} rows")
# NBVAL_CHECK_OUTPUT

# %% [markdown]
# ### Columns of each table
#
# Types, units and allowed ranges as the validator enforces them.

# %%
for name in cat["table"]:
    schema = catalogue.load_schema(name)
    display(pd.io.formats.style.Styler(catalogue.columns_table(name), uuid=name).hide(axis="index")
            .set_caption(f"{name}: {schema.title}"))

# %% [markdown]
# ## External data sets
#
# Each file is verified against its checksum when this page is built; the last column shows the
# result.

# %%
ext = registry.describe()
ext["verified"] = [registry.file_sha256(registry.fetch(f)) == h
                   for f, h in zip(ext["file"], ext["sha256"])]
ext[["file", "what", "size_kb", "license", "citation", "verified"]].style.set_uuid("external").hide(axis="index")

# %%
print("all external files verified:", bool(ext["verified"].all()))
# NBVAL_CHECK_OUTPUT

# %% [markdown]
# Pinned URLs and checksums:

# %%
ext[["file", "url", "sha256"]].style.set_uuid("pins").hide(axis="index")

# %% [markdown]
# ## Weak figures
#
# The fact sheets grade their rows. In the urbanization table, tier C marks a transcription of the
# 2021 Yearbook with no identifiable upstream and tier D a derived value; chapters say where a
# result leans on them. Other tables carry a `confidence` or `tier` column with the same purpose.
