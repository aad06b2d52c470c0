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
# (ch-four-cities)=
# # The four cities
#
# Bingqin Li and Lijie Fang's UNRISD working paper {cite:p}`lifang2018` studies how a way of
# governing, not just a single programme, travels through China's administrative system. Its
# evidence is four places: Haicang (a district of Xiamen), Guiyang, Chengdu and Taicang (a
# county-level city under Suzhou). Its abstract puts the finding bluntly: participatory governance
# was, in its words, "imposed on the urban communities by higher level authorities", and residents
# still take little part.
#
# The copy of the paper that is publicly readable stops after the introduction, so the four case
# sections cannot be read. This chapter rebuilds what can be sourced about each case from census
# bulletins, government pages and news: population and migration, the dated reform, and how the
# reform spread. It then places the four timelines and the national events on one axis. The next
# two chapters test the diffusion argument with data ({ref}`ch-diffusion-data`) and with a model
# ({ref}`ch-hierarchy-model`).
#
# **What you will see.** A profile table of the four cases; a check of the fact sheets against the
# census file; a common timeline; the Ministry of Civil Affairs experimental zones as designation
# from above; and the verdict on three of the paper's claims.

# %% tags=["remove-cell"]
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from megacity import claims, plots
from megacity.data import catalogue
from megacity.data.external import load_census
from megacity.diffusion import four_city_profile, mca_batches, timeline_lanes
from megacity.report import glue

plots.house_style()

# %% [markdown]
# ## Four places, four sizes
#
# The cases differ in rank, and in size by a factor of more than thirty. Haicang is an urban district,
# Taicang a county-level city; Guiyang and Chengdu are prefecture-level cities (Chengdu
# sub-provincial). The table `four_cities` ({ref}`app-data`) holds every sourced fact; the profile
# below uses the census counts of 2010 and 2020 for each case unit and, from the census file
# {cite:p}`dong2022census`, those of the prefecture it belongs to.

# %%
facts = catalogue.load_four_cities()
census = load_census()
profile = four_city_profile(facts, census)
profile_view = profile[["case", "unit", "pop_2010", "pop_2020", "growth_pct", "share_of_prefecture_2020",
                        "non_hukou_share", "non_hukou_year", "reform"]]
profile_view.style.set_uuid("profile").format({"pop_2010": "{:,.0f}", "pop_2020": "{:,.0f}", "growth_pct": "{:.1f}",
                           "share_of_prefecture_2020": "{:.3f}", "non_hukou_share": "{:.2f}"}, na_rep="not sourced")

# %%
p = profile.set_index("case")
for case in p.index:
    glue(f"p20_pop2020_{case.lower()}", float(p.loc[case, "pop_2020"]), display=False)
    glue(f"p20_growth_{case.lower()}", float(p.loc[case, "growth_pct"]), display=False)
glue("p20_nonhukou_haicang", float(p.loc["Haicang", "non_hukou_share"]) * 100, display=False)
glue("p20_nonhukou_taicang", float(p.loc["Taicang", "non_hukou_share"]) * 100, display=False)
glue("p20_nonhukou_chengdu", float(p.loc["Chengdu", "non_hukou_share"]) * 100, display=False)
glue("p20_size_ratio", float(p["pop_2020"].max() / p["pop_2020"].min()), display=False)
print(p[["pop_2020", "growth_pct", "non_hukou_share"]].round(3).to_string())
# NBVAL_CHECK_OUTPUT

# %% [markdown]
# In 2020 Haicang had {glue:text}`p20_pop2020_haicang:,.0f` residents, twice as many as ten years
# earlier (growth {glue:text}`p20_growth_haicang:.1f`%). Taicang grew by
# {glue:text}`p20_growth_taicang:.1f`%, Guiyang by {glue:text}`p20_growth_guiyang:.1f`% and Chengdu by
# {glue:text}`p20_growth_chengdu:.1f`% (the last two ten-year changes are stated in the census
# bulletins; we derive the 2010 counts from them). Chengdu is
# {glue:text}`p20_size_ratio:.0f` times the size of Haicang.
#
# **Migrants.** No source gives the non-hukou share for the four places in one year and on one
# definition. Where a resident count and a household-registration (hukou) count are sourced for the
# same year, one minus their ratio is a rough share of residents without local hukou: about
# {glue:text}`p20_nonhukou_haicang:.0f`% in Haicang (2019, rounded news figures, medium confidence),
# {glue:text}`p20_nonhukou_taicang:.0f`% in Taicang (2021) and {glue:text}`p20_nonhukou_chengdu:.0f`% in
# Chengdu (2021). The ratio is not the census "floating population": hukou holders living elsewhere
# are in the hukou count but not among the residents, so the figure understates the migrants' share.
# For Guiyang no hukou count was found.
#
# ### Do the fact sheets agree with the census file?
#
# For the two prefecture-level cases the fact sheets and the census file describe the same unit, so
# they must agree. The census file re-apportions 2010 counts to 2020 boundaries, which is how
# Chengdu's 2010 figure comes to include Jianyang (transferred to Chengdu in 2016).

# %%
check = profile.loc[profile["case"].isin(["Guiyang", "Chengdu"]),
                    ["case", "pop_2010", "pref_pop_2010", "pop_2020", "pref_pop_2020"]]
check = check.assign(diff_2010=check["pop_2010"] - check["pref_pop_2010"],
                     diff_2020=check["pop_2020"] - check["pref_pop_2020"])
glue("p20_guiyang_diff2010", float(check.set_index("case").loc["Guiyang", "diff_2010"]), display=False)
print(check[["case", "diff_2010", "diff_2020"]].to_string(index=False))
# NBVAL_CHECK_OUTPUT

# %% [markdown]
# The 2020 counts agree exactly. For 2010, Chengdu agrees exactly; Guiyang's derived count differs
# from the census file by {glue:text}`p20_guiyang_diff2010:,.0f` persons, a small difference that
# comes from re-apportioning the 2010 count to the 2020 boundaries (or from the bulletin's own
# rounding of the increase), not from an error in either source.
#
# ## Four reforms on one time axis
#
# Each case is known for one reform:
#
# * **Taicang**: "government-society interaction" (政社互动, from October 2008), two lists that
#   separate the statutory duties of village and residents' committees from the administrative tasks
#   government may ask of them;
# * **Guiyang**: abolition of sub-district offices (pilot 2010, citywide 2012), replaced by larger
#   community service centres;
# * **Haicang/Xiamen**: "co-creation" (共同缔造, from 2013), residents planning and managing
#   neighbourhood projects together;
# * **Chengdu**: a Party committee for urban-rural community development and governance (社治委,
#   September 2017).
#
# The figure puts these reforms and their spread (table `innovation_adoptions`) on one axis with the
# national events (table `governance_timeline`) and the Ministry of Civil Affairs (MCA) batches of
# experimental zones (table `mca_zones`).

# %%
lanes = timeline_lanes(catalogue.load_governance_timeline(), catalogue.load_innovation_adoptions(),
                       catalogue.load_mca_zones())
lanes.groupby(["lane", "kind"]).size().unstack(fill_value=0)

# %%
order = ["national", "Taicang", "Guiyang", "Haicang", "Chengdu"]
kinds = {"top-down": ("v", 0), "local innovation": ("o", 2), "recognised from above": ("^", 4),
         "horizontal": ("P", 1), "spread": ("s", 9), "earlier or parallel claim": ("X", 7),
         "reversal": ("D", 3), "MCA zones": ("*", 5)}
rng = np.random.default_rng(20)  # vertical jitter only, so that events of one year do not overlap
fig, ax = plt.subplots(figsize=(8.5, 4.4))
for kind, (marker, ci) in kinds.items():
    d = lanes[lanes["kind"] == kind]
    y = d["lane"].map({k: i for i, k in enumerate(order)}) + rng.uniform(-0.22, 0.22, len(d))
    ax.scatter(d["year"], y, marker=marker, s=np.where(d["kind"] == "MCA zones", 140, 45),
               color=plots.PALETTE[ci], edgecolors="black", linewidths=np.where(d["uncertain"], 1.2, 0.3), alpha=0.85, label=kind)
ax.set_yticks(range(len(order)), ["national / province" if o == "national" else o for o in order])
ax.set_xlabel("year (events with an uncertain date have a thick outline)")
ax.set_xlim(1999.5, 2024.5)
ax.set_title("Governance reforms of the four cases, their spread and national events")
ax.legend(fontsize=7, ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.2))
plots.source_note(fig, "data/governance_timeline.csv, data/innovation_adoptions.csv, data/mca_zones.csv "
                  "(news, government pages, MCA notices). One earlier Haicang event (1989) lies left of the axis.",
                  y=0.02)
fig.tight_layout(rect=(0, 0.05, 1, 1))
glue("p20_fig_timeline", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p20_fig_timeline
# :alt: Timeline from 2000 to 2024 with five rows (national or province, Taicang, Guiyang, Haicang, Chengdu). The Taicang, Guiyang and Chengdu rows start with a local innovation (2008, 2010, 2003) followed by top-down roll-out within the city and later by recognition and spread to other places; Haicang's row starts with top-down events (2003, 2013) and ends with the spread of co-creation to five provinces and a national campaign in 2019; the national row shows MCA experimental-zone batches in 2011, 2015 and 2019 and central documents in 2015, 2017 and 2023.
# :name: fig-p20-timeline
#
# The four reforms, their spread and the national events. Markers show the kind of event: a city's
# own innovation, roll-out from above, recognition by a higher level, horizontal learning, spread to
# other units, a reversal (Guiyang's Xifeng county, 2019) and the MCA batches.
# ```
#
# Read across the rows, Taicang and Chengdu follow one sequence: **a city-level innovation, then
# roll-out from above inside the city, then recognition by the province or the centre, then spread
# to other places mostly through higher-level documents.** Guiyang shares the first two steps, but
# no central recognition is recorded and one county reversed the reform in 2019. Haicang runs the
# other way round: it was already a national experimental zone (batch 1, 2011-2012) when Xiamen's
# co-creation programme reached the district in 2013. Horizontal learning is documented only
# twice (Huli district visiting Haicang and Siming in 2013; Deyang benchmarking Chengdu around
# 2019-2020). That is a statement about what has been documented: study visits are rarely reported,
# so the count of horizontal events is a lower bound.
#
# ## Designation from above: the MCA experimental zones
#
# The Ministry of Civil Affairs designates national community-governance experimental zones in
# batches. Designation is vertical diffusion in its purest form: the centre picks the units. The
# fact sheet could name only about half of the roughly 114 urban zones, so each count below is a
# lower bound; a few zones appear twice (renewed in batch 4), and the year of batch 2 is uncertain.

# %%
zones = catalogue.load_mca_zones()
batches = mca_batches(zones)
urban = zones[zones["programme_kind"] == "national_urban"]
glue("p20_zones_named", len(urban), display=False)
glue("p20_zone_provinces", int((batches["total"] > 0).sum()), display=False)
print(f"named urban zones: {len(urban)}; provinces: {(batches['total'] > 0).sum()}")
print(urban.groupby("batch").size().to_string())
# NBVAL_CHECK_OUTPUT

# %%
batches

# %% [markdown]
# The {glue:text}`p20_zones_named` named designations lie in {glue:text}`p20_zone_provinces`
# provinces. Jiangsu, the province of Taicang, has the most; three of Chengdu's districts were named
# in batch 4 (2019), two years after the city created its committee. Haicang is among the twelve
# zones of batch 1 (2011-2012), which fits its description as the ninth national zone (fact E025) in a
# book preface of about 2014; the timeline row dated 2013-2014 records when that was reported, not
# when Haicang was designated. So in Haicang the order is reversed: designation from above came
# first, and the district's co-creation programme (2013) followed it.
#
# ## The paper's claims
#
# Six statements of the paper with a number in them are in the claims ledger ({ref}`app-claims`,
# rows `diff-`); the two assessment systems (`diff-05`) belong to {ref}`ch-hierarchy-model`.

# %%
ledger = claims.evaluate()
mine = ledger[ledger["claim_id"].str.startswith("diff-")]
mine[["claim_id", "quote", "claimed_value", "our_value", "status", "note"]]

# %%
for _, row in mine.iterrows():
    print(f"{row['claim_id']}: ours {row['our_value']}, {row['status']}")
# NBVAL_CHECK_OUTPUT

# %% [markdown]
# * **The end of custody and repatriation "in 2005"** is contradicted: the system was abolished in
#   2003. The paper's introduction speaks of "the social policy reform of China in 2005", so the
#   abstract may have merged two events.
# * **Four urban areas** is confirmed in the trivial sense that all four have sourced census counts.
# * **Participatory governance "imposed ... by higher level authorities"** is confirmed with a
#   caveat. Almost every dated reform event of the four cases was taken by the city or a higher
#   level, so towards communities the impulse is indeed from above. But the first step in three of
#   the four cities was the city's own innovation, not an order from the province or the centre.
#   "From above" means from the city government downwards, and the centre's role came later, as
#   recognition and promotion, except in Haicang, where designation as an experimental zone came
#   first.
# * **"Until 2015"** migrants gained access to social insurance and schools, and **"the social policy
#   reform of China in 2005"**, are unverifiable: the only dated source in hand is the paper's own
#   abstract, and the introduction does not name the 2005 reform.
#
# ## What this chapter cannot show
#
# * The paper's own evidence (interviews, city figures, the "four o'clock school" example) is in
#   the part of the paper that could not be read; every fact here comes from other sources, some
#   of them aggregator pages of medium or low confidence (the confidence column says which).
# * A timeline of documented events is not a census of adoptions. Without the number of units that
#   adopted each reform in each year, these data cannot give a diffusion curve; the next chapter
#   therefore turns to two policies for which complete adoption data exist.
# * The non-hukou shares mix years and definitions and are rough.
#
# ## Exercises
#
# ```{exercise}
# :label: ex-p20-floating
#
# Fact E023 gives Haicang's floating population as about two thirds of its residents in 2013, while
# the hukou-based share for 2019 in the profile is lower. List two reasons, one about definitions and
# one about sources, why the two numbers can differ even if nothing changed in Haicang.
# ```
#
# ```{solution} ex-p20-floating
# :class: dropdown
#
# Definitions: the floating population counts residents whose hukou is registered elsewhere, while
# one minus hukou/residents also subtracts hukou holders who live elsewhere (they are in the hukou
# count but not among the residents), so it is smaller. Sources: the 2013 figures come from a book
# preface with rounded numbers ("近30万"), the 2019 figures from a newspaper profile (520,000 and
# 190,000), both of medium confidence; neither is a census count.
# ```
#
# ```{exercise}
# :label: ex-p20-lanes
#
# Use `timeline_lanes(...)` to count, for each case, the years between the city's first local
# innovation and the first recognition from above. Which case was recognised fastest? What does that
# suggest about how the centre learns from cities?
# ```
#
# ```{solution} ex-p20-lanes
# :class: dropdown
#
# Filter `lanes` by `kind == "local innovation"` and `kind == "recognised from above"` and take the
# first year of each per lane. Taicang (2008 to the national document in 2013) takes about five years,
# Chengdu's committee (2017 to the MCA zones in 2019) two. Haicang does not fit: it was designated an
# MCA experimental zone in batch 1 (2011-2012, table `mca_zones`) before its co-creation programme
# began in 2013, so there designation came first (the "recognised from above" row of 2013-2014 is the
# date of a report). With four cases the "local invention, then central recognition" sequence is an
# illustration, not an estimate, and one case already runs the other way.
# ```
