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
# (ch-diffusion-data)=
# # Diffusion in data: vertical or horizontal?
#
# Li and Fang {cite:p}`lifang2018` describe governance reforms that travel "downwards along the
# administrative hierarchy, and horizontally at different levels of government". The timelines of
# the previous chapter ({ref}`ch-four-cities`) cannot measure either channel, because nobody
# recorded which units adopted those reforms in which year. This chapter takes two Chinese policies
# for which complete adoption dates exist and asks the same question of them:
#
# * **COVID-19 local orders, January-February 2020**: the 31 provincial level-1 emergency
#   declarations and the home-isolation orders of 110 cities, from the policy data of Hsiang et al.
#   {cite:p}`hsiang2020`;
# * **dual-carbon strategies, 2020-2023**: which of 339 cities published a carbon-peaking strategy in
#   which year, from the panel of {cite:t}`dualcarbon2024`.
#
# Each gets two models. The **Bass model** {cite:p}`bass1969` summarises a whole adoption curve by a
# coefficient of external influence $p$ and one of imitation $q$. The **discrete-time hazard model**
# {cite:p}`berry1990` asks, unit by unit and period by period, whether adoption became more likely
# once peers, neighbours or the level above had acted. The two can disagree, and where they do the
# hazard model is the one that can separate the channels.
#
# **What you will see.** Bass fits with three kinds of interval; city-day and city-year hazard models
# with clustered standard errors; why a tight cluster of adoptions looks like imitation to the Bass
# model; and a comparison with published $p$ and $q$.

# %% tags=["remove-cell"]
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from megacity import plots
from megacity.data import catalogue
from megacity.data.external import load_census, load_covid_city_pop, load_covid_policies, load_dual_carbon
from megacity.diffusion import (bass_cdf, compare_hazards, covid_orders, covid_risk_set, daily_counts,
                                dual_carbon_adoption, dual_carbon_census_codes, dual_carbon_risk_set,
                                fit_bass_ml, fit_bass_nls, fit_hazard)
from megacity.report import glue

warnings.filterwarnings("ignore", message="Unknown extension|Conditional Formatting", category=UserWarning)
plots.house_style()

# %% [markdown]
# ## The models
#
# **Bass.** Let $F(t)$ be the share of the $m$ potential adopters that has adopted by time $t$.
# The hazard of adoption among those who have not is
#
# $$ \frac{f(t)}{1-F(t)} = p + q\,F(t), $$
#
# a constant push $p$ from outside the population plus a pull $q F(t)$ that grows with the number of
# earlier adopters. Read for policies, $p$ is the push from above (or any common shock), $q$
# imitation among peers. Both are rates per unit of time, so they depend on whether time is counted
# in days or years; their ratio $q/p$ does not. **Estimator**: maximum likelihood for grouped
# adoption times {cite:p}`schmittlein1982`: the counts per period are multinomial with cell
# probabilities $F(t_k)-F(t_{k-1})$, and the units that have not adopted by the end contribute
# $1-F(T)$. We fix $m$ at the number of units at risk where that is known. **Intervals**: Wald on the
# log scale, profile likelihood (valid near zero), and a parametric bootstrap (200 refits). The
# least-squares fit to the cumulative curve, common in marketing, is shown for comparison only:
# its residuals are serially correlated by construction.
#
# **Discrete-time hazard.** Unit $i$ is at risk in period $t$ if it has not yet adopted; it leaves
# the risk set after the period in which it adopts. The probability of adoption in $t$ is
#
# $$ P(y_{it}=1 \mid \text{at risk}) = 1-\exp\{-\exp(\alpha_t + x_{it}'\beta)\}, $$
#
# the complementary log-log link, which makes $e^{\beta}$ a hazard ratio of the underlying
# continuous-time proportional-hazards model. $x_{it}$ holds the diffusion covariates, measured at
# the start of the period so that they cannot reflect $i$'s own adoption. Standard errors are
# clustered by province, since cities of one province share shocks that no covariate captures.

# %% [markdown]
# ## COVID-19 orders, January-February 2020
#
# ### Data and the name crosswalk
#
# The policy file names cities in pinyin; the census polygons that give their coordinates are named in
# Chinese. The crosswalk goes through the dual-carbon file, which has both an English name and a
# six-digit code for each prefecture, and then to the census by code. Province-administered county
# cities (for example Xiantao or Jiyuan) are matched directly by code; four county-level cities that
# the policy file lists separately get the coordinates of their parent prefecture and are flagged.
# Day 1 is 23 January 2020, the day of the first level-1 declarations and of Wuhan's closure.

# %%
census = load_census()
dual = load_dual_carbon("Strategy")
covid = covid_orders(load_covid_policies("raw"), load_covid_city_pop(), dual, census)
cw = covid["crosswalk"]
cities = covid["cities"]
glue("p21_n_cities", len(cities), display=False)
glue("p21_n_orders", int(cities["event_day"].notna().sum()), display=False)
glue("p21_n_unmatched", len(cw.unmatched), display=False)
glue("p21_n_parent", int((cities["match"] == "parent prefecture (approximate)").sum()), display=False)
glue("p21_n_outside", int((~cities["in_pop_file"]).sum()), display=False)
print(f"cities: {len(cities)}, with an own order: {cities['event_day'].notna().sum()}, "
      f"unmatched names: {len(cw.unmatched)}")
# NBVAL_CHECK_OUTPUT

# %%
cw.summary()

# %%
cities.loc[(cities["match"] != "name via dual-carbon") | ~cities["in_pop_file"],
           ["adm1_name", "adm2_name", "city", "match", "in_pop_file", "pop_source"]]

# %% [markdown]
# All {glue:text}`p21_n_cities` cities are matched ({glue:text}`p21_n_unmatched` unmatched names);
# {glue:text}`p21_n_parent` carry the centroid of their parent prefecture, and
# {glue:text}`p21_n_outside` cities with an order are missing from the population file of Hsiang et
# al. and enter with their census population. {glue:text}`p21_n_orders` cities issued their own
# home-isolation order. Three provinces (Liaoning, Jiangxi, Anhui) issued province-wide orders
# between 5 and 7 February; from those days their cities no longer decided for themselves, so they
# leave the risk set the day before.
#
# ### Bass fits

# %%
decl = covid["declarations"]
t_decl, n_decl = daily_counts(decl["day"], last=7)
bass_decl = fit_bass_ml(t_decl, n_decl, m=31, n_boot=200, seed=211)
last_day = int(cities["event_day"].max())
t_city, n_city = daily_counts(cities["event_day"], last=last_day)
bass_city = fit_bass_ml(t_city, n_city, m=len(cities), n_boot=200, seed=212)
bass_city_free = fit_bass_ml(t_city, n_city)  # m estimated
bass_city_nls = fit_bass_nls(t_city, n_city, m=len(cities))

for name, f in [("decl", bass_decl), ("city", bass_city)]:
    s = f.summary()
    for k in ("p", "q"):
        glue(f"p21_{name}_{k}", s.loc[k, "estimate"], display=False)
        glue(f"p21_{name}_{k}_lo", s.loc[k, "profile_low"], display=False)
        glue(f"p21_{name}_{k}_hi", s.loc[k, "profile_high"], display=False)
    glue(f"p21_{name}_qp", f.q_over_p, display=False)
    glue(f"p21_{name}_qp_lo", s.loc["q/p", "boot_low"], display=False)
    glue(f"p21_{name}_qp_hi", s.loc["q/p", "boot_high"], display=False)
glue("p21_city_m_free", bass_city_free.m, display=False)
glue("p21_last_day", last_day, display=False)
print(f"declarations: p = {bass_decl.p:.3f}, q = {bass_decl.q:.2f}; "
      f"city orders: p = {bass_city.p:.4f}, q = {bass_city.q:.3f}")
# NBVAL_CHECK_OUTPUT

# %%
pd.concat({"declarations (m = 31)": bass_decl.summary(), "city orders (m fixed)": bass_city.summary(),
           "city orders (m free)": bass_city_free.summary(),
           "city orders, NLS": bass_city_nls.summary()}).round(4)

# %%
d0 = pd.Timestamp("2020-01-22")
fig, axes = plt.subplots(1, 2, figsize=(9, 3.6), sharey=True)
for ax, (t, n, f, m, title) in zip(axes, [(t_decl, n_decl, bass_decl, 31, "31 provincial level-1 declarations"),
                                          (t_city, n_city, bass_city, len(cities), "home-isolation orders, cities")]):
    grid = np.linspace(0, t.max(), 200)
    ax.step(t, np.cumsum(n) / m, where="post", color=plots.PALETTE[0], label="observed")
    ax.plot(grid, bass_cdf(grid, f.p, f.q), color=plots.PALETTE[1], label="Bass ML fit")
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("days since 22 Jan 2020")
axes[0].set_ylabel("cumulative share adopted")
axes[0].legend(fontsize=8)
fig.suptitle("COVID-19 orders spread in days, not years", x=0.01, ha="left", fontweight="bold")
plots.source_note(fig, "Hsiang et al. (2020) policy data (CC0), gpl-covid CHN raw file; our fits (megacity.diffusion).", y=0.0)
fig.tight_layout(rect=(0, 0.04, 1, 1))
glue("p21_fig_covid_bass", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p21_fig_covid_bass
# :alt: Two panels of cumulative adoption share against days since 22 January 2020. Left, provincial declarations jump from zero to almost all 31 within three days, with a fitted S-curve close to the steps. Right, city home-isolation orders rise from day 5 to about 36 percent of 304 cities by day 21 in uneven steps, with a smooth fitted curve.
# :name: fig-p21-covid-bass
#
# Observed cumulative adoption (steps) and the maximum-likelihood Bass curve. Left: all 31 provinces
# declared a level-1 emergency within a week, 30 of them within three days. Right: about a third of
# the cities issued their own home-isolation order by 12 February.
# ```
#
# The declarations give $p$ = {glue:text}`p21_decl_p:.3f` per day (profile 95% interval
# {glue:text}`p21_decl_p_lo:.3f` to {glue:text}`p21_decl_p_hi:.3f`) and $q$ =
# {glue:text}`p21_decl_q:.2f` ({glue:text}`p21_decl_q_lo:.2f` to {glue:text}`p21_decl_q_hi:.2f`), so
# $q/p$ = {glue:text}`p21_decl_qp:.0f` (bootstrap {glue:text}`p21_decl_qp_lo:.0f` to
# {glue:text}`p21_decl_qp_hi:.0f`). The city orders give $p$ = {glue:text}`p21_city_p:.4f` and $q$ =
# {glue:text}`p21_city_q:.3f` per day, $q/p$ = {glue:text}`p21_city_qp:.0f` (bootstrap
# {glue:text}`p21_city_qp_lo:.0f` to {glue:text}`p21_city_qp_hi:.0f`). Taken at face value, both
# curves are imitation curves: $q$ dwarfs $p$.
#
# **That reading is wrong, and it is the main lesson of this section.** The 31 declarations came
# within a week of the closure of Wuhan on 23 January (a travel-ban row of the same policy file). A
# burst of adoptions that follows one common signal starts slowly only because
# the first day in the data is the day before the signal; the Bass model, which has one constant $p$,
# can fit a burst only by making the hazard rise with $F(t)$, that is, by calling it imitation. The
# Bass $q$ measures how *clustered in time* adoption is, not *why* it clustered. A common shock with a
# time-varying push and peer imitation produce the same curve. With $m$ left free, the city curve
# implies that only about {glue:text}`p21_city_m_free:.0f` cities would ever adopt, barely above the
# 110 that did: the data stop on day {glue:text}`p21_last_day` and cannot tell a plateau from a
# pause. To separate the channels we need the unit-level data.
#
# ### The city-day hazard
#
# Three covariates measure the three channels, all as of the start of the day:
#
# * **horizontal, within the province**: the share of the other cities of the province with an own
#   order (`prov_share`);
# * **vertical**: days since the province's level-1 declaration (`days_since_decl`);
# * **horizontal, spatial**: the share of cities within 200 km, in any province, with an order
#   (`nbr_share`; distances between census-polygon centroids).
#
# Controls: log 2010 population and a Hubei indicator (the epidemic's centre). Model B adds the
# logarithm of calendar day as a baseline hazard: the epidemic, national guidance and media attention
# all rose day by day, and without a time baseline any covariate that grows with time picks up that
# rise.

# %%
rs_covid = covid_risk_set(cities, last=last_day, radius_km=200)
base_terms = ["prov_share", "days_since_decl", "nbr_share", "log_pop", "hubei"]
hz_a = fit_hazard(rs_covid, base_terms, link="cloglog", cluster="adm1_name", unit="unit")
hz_b = fit_hazard(rs_covid, base_terms + ["log_day"], link="cloglog", cluster="adm1_name", unit="unit")
hz_c = fit_hazard(rs_covid, base_terms + ["log_day"], link="logit", cluster="adm1_name", unit="unit")
sa, sb = hz_a.summary(), hz_b.summary()
for name, s in [("a", sa), ("b", sb)]:
    for term in ("prov_share", "days_since_decl", "nbr_share"):
        glue(f"p21_hz{name}_{term}", s.loc[term, "coef"], display=False)
        glue(f"p21_hz{name}_{term}_lo", s.loc[term, "ci_low"], display=False)
        glue(f"p21_hz{name}_{term}_hi", s.loc[term, "ci_high"], display=False)
glue("p21_hz_rows", hz_a.n_rows, display=False)
glue("p21_hz_events", hz_a.n_events, display=False)
corr = rs_covid[["days_since_decl", "t"]].corr().iloc[0, 1]
glue("p21_corr_decl_day", corr, display=False)
print(f"rows {hz_a.n_rows}, events {hz_a.n_events}; corr(days since declaration, day) = {corr:.3f}")
print(sb.loc[base_terms[:3], ["coef", "ci_low", "ci_high"]].round(2).to_string())
# NBVAL_CHECK_OUTPUT

# %%
compare_hazards({"A: cloglog": hz_a, "B: + log day": hz_b, "C: logit, as B": hz_c})

# %% [markdown]
# The risk set has {glue:text}`p21_hz_rows:,d` city-days and {glue:text}`p21_hz_events` adoptions.
#
# * Without a time baseline (model A), the vertical covariate carries the effect: each day since
#   the provincial declaration raises the log hazard by {glue:text}`p21_hza_days_since_decl:.2f`
#   ({glue:text}`p21_hza_days_since_decl_lo:.2f` to {glue:text}`p21_hza_days_since_decl_hi:.2f`).
# * Once the log of calendar day is in the model (B), that coefficient becomes
#   {glue:text}`p21_hzb_days_since_decl:.2f` ({glue:text}`p21_hzb_days_since_decl_lo:.2f` to
#   {glue:text}`p21_hzb_days_since_decl_hi:.2f`). Provinces declared within six days of each other, so
#   days since the declaration and calendar day are almost the same variable (correlation
#   {glue:text}`p21_corr_decl_day:.3f`): **the design cannot separate the provincial push from the
#   national clock.**
# * Neither horizontal channel is distinguishable from zero in any model: the share of same-province
#   cities, {glue:text}`p21_hzb_prov_share:.2f` ({glue:text}`p21_hzb_prov_share_lo:.2f` to
#   {glue:text}`p21_hzb_prov_share_hi:.2f`), and the share of neighbours within 200 km,
#   {glue:text}`p21_hzb_nbr_share:.2f` ({glue:text}`p21_hzb_nbr_share_lo:.2f` to
#   {glue:text}`p21_hzb_nbr_share_hi:.2f`). The intervals are wide: they rule out neither a sizeable
#   imitation effect nor none.
# * Larger cities and Hubei's cities adopted earlier, as an epidemic, rather than a diffusion,
#   account would predict; local case counts, which are not in our data, are the obvious omitted
#   variable.
#
# So the clustering that the Bass model reads as imitation is, in the unit-level data, timing that
# peers and neighbours do not explain beyond the common clock. That fits a top-down account (one
# national signal, relayed by provinces) better than a horizontal one, but the data cannot prove it.
#
# ## Dual-carbon strategies, 2020-2023
#
# **Adoption rule.** The panel records, for each city and year from 2020 to 2023, whether the city
# published a dual-carbon (carbon peaking and neutrality) strategy. A city's adoption year is the
# first year with a recorded strategy. A 0 or an empty cell means none that year, and a city with
# none is censored in 2023. The "good strategy" flag of 2023 grades quality and is not an adoption.
# Covariates come from the file's 2020 sheet: resident population, GDP and total CO2 emissions.
#
# **A coordinate trap.** The file carries its own longitude and latitude, but they are unreliable.
# Compared with the census polygon centroids (matched by code), the median distance is tens of
# kilometres, which is what one expects between a city seat and a centroid. Many cities, however,
# carry Beijing's coordinates, a geocoding fallback. We therefore use the census centroids.

# %%
cw_dual = dual_carbon_census_codes(dual, census)
dist = cw_dual.table["centroid_distance_km"]
beijing_point = ((cw_dual.table["Longitude"].round(2) == 116.41) & (cw_dual.table["Latitude"].round(2) == 39.91)
                 & ~cw_dual.table["城市名称"].eq("北京")).sum()
glue("p21_dual_median_km", float(dist.median()), display=False)
glue("p21_dual_far", int((dist > 150).sum()), display=False)
glue("p21_dual_beijing_point", int(beijing_point), display=False)
glue("p21_dual_unmatched", len(cw_dual.unmatched), display=False)
print(f"median distance {dist.median():.1f} km; over 150 km: {(dist > 150).sum()}; "
      f"at Beijing's point: {beijing_point}; unmatched codes: {len(cw_dual.unmatched)}")
# NBVAL_CHECK_OUTPUT

# %%
cw_dual.unmatched

# %% [markdown]
# The median distance is {glue:text}`p21_dual_median_km:.0f` km, but {glue:text}`p21_dual_far` cities
# lie more than 150 km from their census centroid, and {glue:text}`p21_dual_beijing_point` cities
# other than Beijing carry Beijing's point (116.41 E, 39.91 N). The {glue:text}`p21_dual_unmatched`
# codes without a census unit are the aggregates of province-administered counties in Henan, Hubei
# and Hainan; they get the mean centroid of their member units.

# %%
adopt = dual_carbon_adoption(dual, load_dual_carbon("2020"), census=census)
by_year = adopt["first_year"].value_counts(dropna=False).sort_index()
t_dc, n_dc = daily_counts(adopt["first_year"] - 2019, last=4)
bass_dc = fit_bass_ml(t_dc, n_dc, m=len(adopt), n_boot=200, seed=213)
s_dc = bass_dc.summary()
glue("p21_dc_adopters", int(n_dc.sum()), display=False)
glue("p21_dc_p", bass_dc.p, display=False)
glue("p21_dc_q", bass_dc.q, display=False)
glue("p21_dc_p_lo", s_dc.loc["p", "profile_low"], display=False)
glue("p21_dc_p_hi", s_dc.loc["p", "profile_high"], display=False)
glue("p21_dc_q_lo", s_dc.loc["q", "profile_low"], display=False)
glue("p21_dc_q_hi", s_dc.loc["q", "profile_high"], display=False)
glue("p21_dc_qp", bass_dc.q_over_p, display=False)
print(f"adoptions by year: {dict(zip(range(2020, 2024), n_dc.tolist()))}; "
      f"p = {bass_dc.p:.3f}, q = {bass_dc.q:.2f} per year")
# NBVAL_CHECK_OUTPUT

# %%
s_dc.round(4)

# %% [markdown]
# {glue:text}`p21_dc_adopters` of the 339 cities adopted by 2023. The Bass fit gives $p$ =
# {glue:text}`p21_dc_p:.3f` per year ({glue:text}`p21_dc_p_lo:.3f` to {glue:text}`p21_dc_p_hi:.3f`)
# and $q$ = {glue:text}`p21_dc_q:.2f` ({glue:text}`p21_dc_q_lo:.2f` to {glue:text}`p21_dc_q_hi:.2f`),
# with $q/p$ = {glue:text}`p21_dc_qp:.0f`. Four annual counts are very few data points for two
# parameters, and the same warning applies as for COVID: any national guidance issued during these
# years is a time-varying push, which Bass will read as imitation.
#
# ### The city-year hazard
#
# Covariates (at the start of each year): the share of cities within 200 km that had adopted
# (`nbr_share`), the share of the other cities of the province (`prov_share`), whether the
# provincial capital had adopted (`capital_adopted`; capitals and municipalities carry
# `is_capital`), log population, GDP and CO2, and year dummies for the national calendar.

# %%
rs_dc = dual_carbon_risk_set(adopt, radius_km=200)
core = ["nbr_share", "capital_adopted", "is_capital", "log_pop", "log_gdp", "log_co2", "y2021", "y2022", "y2023"]
dc_a = fit_hazard(rs_dc, core, link="cloglog", cluster="province", unit="unit")
dc_b = fit_hazard(rs_dc, core + ["prov_share"], link="cloglog", cluster="province", unit="unit")
dc_c = fit_hazard(rs_dc, core + ["prov_share"], link="logit", cluster="province", unit="unit")
sa, sb = dc_a.summary(), dc_b.summary()
for name, s in [("a", sa), ("b", sb)]:
    for term in ("nbr_share", "capital_adopted", "is_capital", "log_gdp"):
        glue(f"p21_dc{name}_{term}", s.loc[term, "coef"], display=False)
        glue(f"p21_dc{name}_{term}_lo", s.loc[term, "ci_low"], display=False)
        glue(f"p21_dc{name}_{term}_hi", s.loc[term, "ci_high"], display=False)
glue("p21_dca_nbr_hr", float(np.exp(sa.loc["nbr_share", "coef"] * 0.5)), display=False)
glue("p21_dc_rows", dc_a.n_rows, display=False)
corr_np = rs_dc[["nbr_share", "prov_share"]].corr().iloc[0, 1]
glue("p21_dc_corr_np", corr_np, display=False)
print(f"rows {dc_a.n_rows}, events {dc_a.n_events}")
print(sb.loc[["nbr_share", "prov_share", "capital_adopted", "log_gdp"], ["coef", "ci_low", "ci_high"]].round(2).to_string())
# NBVAL_CHECK_OUTPUT

# %%
compare_hazards({"A: cloglog": dc_a, "B: + province share": dc_b, "C: logit, as B": dc_c})

# %% [markdown]
# Over {glue:text}`p21_dc_rows:,d` city-years:
#
# * **Neighbours matter in model A**: a city whose neighbours within 200 km had gone from none to half
#   adopted has a hazard {glue:text}`p21_dca_nbr_hr:.1f` times higher (coefficient
#   {glue:text}`p21_dca_nbr_share:.2f`, 95% interval {glue:text}`p21_dca_nbr_share_lo:.2f` to
#   {glue:text}`p21_dca_nbr_share_hi:.2f`).
# * **But the spatial effect is not clearly horizontal.** Neighbours within 200 km are mostly in the
#   same province (correlation between the two shares {glue:text}`p21_dc_corr_np:.2f`). Once the
#   province's share enters (model B), the neighbour coefficient falls to
#   {glue:text}`p21_dcb_nbr_share:.2f` ({glue:text}`p21_dcb_nbr_share_lo:.2f` to
#   {glue:text}`p21_dcb_nbr_share_hi:.2f`), and neither share is separately distinguishable from zero.
#   Cities of one province adopt together, which is what a provincial instruction would produce as
#   much as imitation between neighbours.
# * **The provincial capital**: adoption by the capital raises the hazard in both models, but the
#   interval includes zero ({glue:text}`p21_dcb_capital_adopted_lo:.2f` to
#   {glue:text}`p21_dcb_capital_adopted_hi:.2f`). The capitals themselves adopt much earlier than
#   other cities (`is_capital`, {glue:text}`p21_dca_is_capital:.1f`), which is the footprint of a
#   hierarchy in which the provincial centre moves first.
# * Richer cities adopt earlier (log GDP {glue:text}`p21_dca_log_gdp:.2f`,
#   {glue:text}`p21_dca_log_gdp_lo:.2f` to {glue:text}`p21_dca_log_gdp_hi:.2f`, holding population
#   and emissions fixed); emissions themselves do not predict adoption.
#
# ## MCA experimental zones: designation from above
#
# The third data set is not adoption at all: the Ministry of Civil Affairs names the experimental
# zones ({ref}`ch-four-cities`). Its time profile is a set of pulses, one per batch, with nothing in
# between, which is what pure designation looks like. A Bass model fitted to it would report
# whatever $q$ the batch spacing implies, another reminder that $p$ and $q$ describe a curve's
# shape, not its mechanism.

# %%
zones = catalogue.load_mca_zones()
urban = zones[(zones["programme_kind"] == "national_urban")]
pulses = urban.groupby(urban["year"].astype("Int64").astype(str).replace("<NA>", "unknown")).agg(
    zones=("zone_name_zh", "size"), provinces=("province", "nunique"))
pulses

# %% [markdown]
# ## Our $p$ and $q$ against the literature
#
# The marketing literature reports an average $p$ of about 0.03 and $q$ of about 0.38 per year for
# consumer durables {cite:p}`sultan1990`, as reported in secondary sources (table `bass_literature`;
# the primary abstract was not seen). Because $p$ and $q$ are rates per unit of time, the comparison
# is made on the ratio $q/p$, which does not depend on the time unit.

# %%
lit = catalogue.load_bass_literature()
ours = pd.DataFrame({
    "item": ["COVID declarations (per day)", "COVID city orders (per day)", "dual-carbon (per year)"],
    "p": [bass_decl.p, bass_city.p, bass_dc.p], "q": [bass_decl.q, bass_city.q, bass_dc.q],
    "qp_low": [bass_decl.ci.loc["q/p", "boot_low"], bass_city.ci.loc["q/p", "boot_low"], bass_dc.ci.loc["q/p", "boot_low"]],
    "qp_high": [bass_decl.ci.loc["q/p", "boot_high"], bass_city.ci.loc["q/p", "boot_high"], bass_dc.ci.loc["q/p", "boot_high"]],
})
ours["q/p"] = ours["q"] / ours["p"]
lit_avg = lit[lit["item"].isin(["typical", "213 applications"])]
glue("p21_lit_qp", float((lit_avg["q"] / lit_avg["p"]).mean()), display=False)
lit_items = lit[lit["p"] > 1e-6].assign(**{"q/p": lambda d: d["q"] / d["p"]})
print(ours[["item", "q/p"]].round(1).to_string(index=False))
# NBVAL_CHECK_OUTPUT

# %%
fig, ax = plt.subplots(figsize=(7.5, 3.6))
ax.scatter(lit_items["q/p"], np.arange(len(lit_items)), color="0.5", marker="o", label="literature (secondary)")
for i, (_, r) in enumerate(lit_items.iterrows()):
    label = r["item"] if r["item"] not in ("average", "typical") else f"{r['item']}: {r['study'][:28]}"
    ax.annotate(label, (r["q/p"], i), xytext=(5, -3), textcoords="offset points", fontsize=7, color="0.35")
y0 = len(lit_items) + 0.8
for i, (_, r) in enumerate(ours.iterrows()):
    ax.errorbar(r["q/p"], y0 + i, xerr=[[r["q/p"] - r["qp_low"]], [r["qp_high"] - r["q/p"]]], fmt="s",
                color=plots.PALETTE[i], capsize=3, label=r["item"])
ax.set_xscale("log")
ax.set_yticks([])
ax.set_xlabel("q / p (imitation relative to external influence; log scale)")
ax.set_title("Ratio of imitation to innovation: policies against consumer durables")
ax.legend(fontsize=7, loc="lower right")
plots.source_note(fig, "data/bass_literature.csv (secondary sources); our ML fits with 95% bootstrap intervals.", y=0.0)
fig.tight_layout(rect=(0, 0.04, 1, 1))
glue("p21_fig_qp", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p21_fig_qp
# :alt: Horizontal dot chart on a log scale of q over p. Literature values for consumer durables range from about 11 to about 108 (cell telephones), with the published averages near 13. Our three policy curves lie between about 34 and 100, with wide bootstrap intervals that reach into the upper part of the literature range.
# :name: fig-p21-qp
#
# The ratio $q/p$ of our three policy curves (squares, 95% parametric-bootstrap intervals) and of the
# published consumer-durable curves (grey dots). Hybrid corn ($p \approx 10^{-8}$) is off the scale and
# omitted.
# ```
#
# The averages in the literature give $q/p$ of about {glue:text}`p21_lit_qp:.0f`. All three policy
# curves lie well above that, in the range of the most "contagious" products. A naive reading would
# be that Chinese policies spread by imitation more than consumer goods do. The hazard models say
# the opposite is at least as likely: the curves are steep because adoption follows common signals
# from above, and the Bass model converts any such synchrony into $q$. This matches the Chinese
# event-history literature summarised in `diffusion_literature.md`, which finds provincial and
# central pressure significant and horizontal competition often not {cite:p}`zhu2014mandate,peng2023dibao`.
#
# ## What this chapter cannot show
#
# * **Vertical against horizontal is not identified by timing alone.** In both data sets every unit
#   faces the same national calendar, and the provincial signals are almost simultaneous. Only
#   variation in *when* the level above acted, across otherwise similar units, can separate the
#   channels, and these data have little of it.
# * **Neighbours share more than information.** A city and its neighbours share an epidemic, a
#   provincial government and an economy; a neighbour coefficient absorbs all three.
# * **Omitted drivers.** Local case counts (COVID) and provincial carbon targets (dual carbon) are
#   not in our data.
# * **The dual-carbon adoption years** depend on the panel's coding of what counts as a strategy; we
#   have not checked individual documents.
# * None of these policies is the governance reform of the four cities; they show how diffusion can
#   be measured, not how co-creation or government-society interaction spread.
#
# ## Exercises
#
# ```{exercise}
# :label: ex-p21-origin
#
# Refit the Bass model to the provincial declarations with the origin moved one day earlier (day 1 =
# 22 January; shift `decl["day"]` by one and use `last=8`). How do $p$ and $q$ change, and what does
# this tell you about interpreting $q$ for a burst of adoptions?
# ```
#
# ```{solution} ex-p21-origin
# :class: dropdown
#
# `t, n = daily_counts(decl["day"] + 1, last=8)` then `fit_bass_ml(t, n, m=31)`. An extra empty day at
# the start lowers $p$ and raises $q$: the model must now explain a longer quiet start followed by the
# same burst, which it can only do with a hazard that rises steeply with $F$. The estimate of $q$
# depends on an arbitrary choice of origin, a sign that it is measuring synchrony rather than a
# behavioural mechanism.
# ```
#
# ```{exercise}
# :label: ex-p21-radius
#
# Refit model A of the dual-carbon hazard with neighbours defined within 100 km and within 400 km
# (`dual_carbon_risk_set(adopt, radius_km=...)`). Does the neighbour coefficient behave like a local
# spillover (strongest at short range) or like a provincial effect?
# ```
#
# ```{solution} ex-p21-radius
# :class: dropdown
#
# A local spillover should weaken as the radius grows, because distant cities add noise. If the
# coefficient stays similar or grows with the radius, the "neighbours" are standing in for something
# regional: the province, or a region's common economy. Compare with model B, which adds the
# province's share directly. Note also that at 100 km some cities have no neighbour; their exposure
# is set to 0, which mixes "no neighbour" with "no adopting neighbour". Add an indicator for isolated
# cities if that group is large.
# ```
#
# ```{exercise}
# :label: ex-p21-sim
#
# Use `simulate_hazard_data` to generate a risk set in which adoption depends only on calendar time
# (set `x1` and `x2` coefficients to 0 and make the constant rise over periods by adding a time
# trend yourself). Add a covariate equal to the share of units that had already adopted. Fit the
# hazard with and without a time baseline. What happens to the "imitation" coefficient?
# ```
#
# ```{solution} ex-p21-sim
# :class: dropdown
#
# Without a time baseline the share of earlier adopters rises with time, so it absorbs the rising
# hazard and looks like imitation; with `log(t)` or period dummies it falls to about zero. This is
# the COVID model A-versus-B contrast in a setting where the truth is known: a common clock is enough
# to manufacture a spurious contagion effect.
# ```
