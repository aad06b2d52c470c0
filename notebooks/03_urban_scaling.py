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
# (ch-urban-scaling)=
# # Urban scaling in Chinese prefectures, 2015
#
# Pan Weijiang's case for the innovative advantage of megacities rests on the urban scaling
# research of Geoffrey West's group {cite:p}`pan2024`: socio-economic output grows faster than
# population, $Y = Y_0 N^{\beta}$ with $\beta > 1$ {cite:p}`bettencourt2007`. That paper's own
# Chinese estimate, GDP against population for 295 "urban administrative units" in 2002, is
# $\beta$ = {glue:text}`p03_bett_beta:.2f` (95% interval {glue:text}`p03_bett_lo:.2f` to
# {glue:text}`p03_bett_hi:.2f`). This chapter estimates $\beta$ for four indicators
# of Chinese prefecture-level cities around 2015, by three estimators and under four models of how
# cities scatter around the curve, and asks whether superlinearity survives each choice.
#
# **What you will see.** How the yearbook is joined to the census (every name accounted for); the
# exponents with bootstrap intervals; a likelihood comparison of fluctuation models after
# {cite:t}`leitao2016`; scale-adjusted residuals for the largest cities; our exponent next to the
# published ones.

# %% tags=["remove-cell"]
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from myst_nb import glue

from megacity import geo, plots
from megacity.citysize import mainland
from megacity.crosswalk import join_yearbook_census
from megacity.data import catalogue, external
from megacity.scaling import compare_fluctuation_models, fit_scaling, scaling_table

plots.house_style()


def gl(name, value):
    """Glue a value for the prose (numpy scalars become plain Python numbers)."""
    glue(name, value.item() if hasattr(value, "item") else value, display=False)


INDICATORS = {"GDP10000": "GDP", "Fiscal10000": "fiscal revenue", "Employment": "employment",
              "light_sum": "night light"}
POPULATIONS = {"pop_2015": "whole prefecture", "urban_2015": "census urban"}

# %% [markdown]
# ## Joining the yearbook to the census
#
# The indicators come from a city table of {cite:t}`dong2021firm`: GDP and general fiscal revenue
# (both in 10,000 yuan), employment (persons) and the sum of night-time light, for 279 cities. The
# file gives no year; its authors pair it with 2015 data, so we treat it as 2015 and as covering
# the whole prefecture-level city. It has no population column, so it must be joined to the
# census by name. The join goes through an explicit crosswalk (`megacity.crosswalk`): exact name
# matches first, then a table of documented mergers, and every name left over is reported.

# %%
census = external.load_census()
yearbook = external.load_yearbook_light()
joined, crosswalk = join_yearbook_census(yearbook, census)
gl("p03_n_yearbook", len(yearbook))
gl("p03_n_joined", len(joined))
gl("p03_n_unmatched", len(crosswalk.unmatched_yearbook))
gl("p03_n_census_only", len(crosswalk.census_without_yearbook))
print(crosswalk.summary().to_string(index=False))
print("unmatched yearbook names:", crosswalk.unmatched_yearbook or "none")
print("census units without yearbook data:", len(crosswalk.census_without_yearbook))
# NBVAL_CHECK_OUTPUT

# %%
crosswalk.table.query("rule != 'exact'")

# %% [markdown]
# All {glue:text}`p03_n_yearbook` yearbook names are matched; {glue:text}`p03_n_unmatched` are
# left over. One city needed a rule: Laiwu (莱芜市) was abolished in 2019 and its districts placed
# under Jinan. The census reports both years on 2020 boundaries, so Laiwu's people are inside the
# census Jinan; we therefore *add* Laiwu's yearbook values to Jinan's, giving
# {glue:text}`p03_n_joined` joined units. The {glue:text}`p03_n_census_only` census units without
# yearbook data are mostly autonomous prefectures, leagues and directly administered county-level
# units, which the yearbook does not cover:

# %%
left = census[census["city"].isin(crosswalk.census_without_yearbook)]
left.groupby("province").size().sort_values(ascending=False).rename("census units without yearbook data").head(12)

# %% [markdown]
# **Population in 2015 (an assumption).** The censuses count 1 November 2010 and 1 November 2020.
# We assume a constant growth rate over the decade in each unit and use the geometric midpoint,
# $N_{2015} = \sqrt{N_{2010} N_{2020}}$, for both whole-prefecture and census urban population.
# Units that lack an urban count in either census have no 2015 urban population and are dropped
# from the urban-population fits, with the number reported in every table (`n_dropped`).
#
# Two further caveats about the join. Boundaries moved between 2015 and 2020 in a few places
# (Jianyang moved from Ziyang to Chengdu in 2016, for example); the yearbook values follow 2015
# boundaries while the census population follows 2020 ones. And one city has no employment value
# upstream.
#
# ## Three estimators of the exponent
#
# **Model.** $E[Y_i \mid N_i] = Y_0 N_i^{\beta}$ for city $i$. **Unit.** Joined prefecture-level
# cities, 2015. **Estimators.** (i) OLS of $\log Y$ on $\log N$, which estimates the scaling of the
# geometric mean and is maximum likelihood under log-normal scatter; (ii) nonlinear least
# squares in levels, which assumes additive scatter of constant variance and is dominated by the
# largest cities; (iii) Poisson pseudo-maximum likelihood {cite:p}`santossilva2006`, which
# estimates the scaling of the arithmetic mean and stays consistent when the scatter is
# heteroskedastic. **Uncertainty.** Pairs bootstrap (2,000 resamples of cities, fitted together as
# one array operation), percentile intervals; robust sandwich standard errors alongside.

# %%
table = pd.concat([scaling_table(joined, pop, list(INDICATORS), n_boot=2000, seed=2015)
                   for pop in POPULATIONS], ignore_index=True)
table["indicator"] = table["indicator"].map(INDICATORS)
table["population"] = table["population"].map(POPULATIONS)
est = table.set_index(["indicator", "population", "method"])
for (ind, pop, m), r in est.iterrows():
    key = f"p03_b_{ind.split()[0].lower()}_{pop.split()[0]}_{m}"
    gl(key, r["beta"])
    gl(key + "_lo", r["ci_low"])
    gl(key + "_hi", r["ci_high"])
table.round(3)

# %%
for (ind, pop, m), r in est.iterrows():
    print(f"{ind:15s} {pop:16s} {m:4s} beta = {r['beta']:.3f} [{r['ci_low']:.3f}, {r['ci_high']:.3f}]")
# NBVAL_CHECK_OUTPUT

# %%
bett = catalogue.load_scaling_exponents_published().query(
    "ref == 'bettencourt2007' and country == 'China' and indicator == 'GDP'").iloc[0]
gl("p03_bett_beta", bett["beta"])
gl("p03_bett_lo", bett["ci_low"])
gl("p03_bett_hi", bett["ci_high"])
gl("p03_bett_n", bett["n"])

fig, ax = plt.subplots(figsize=(8, 4.6))
ypos, labels = [], []
y = 0
markers = {"ols": "o", "nls": "s", "ppml": "D"}
for ind in INDICATORS.values():
    for j, pop in enumerate(POPULATIONS.values()):
        for k, m in enumerate(["ols", "nls", "ppml"]):
            r = est.loc[(ind, pop, m)]
            ax.errorbar(r["beta"], y, xerr=[[r["beta"] - r["ci_low"]], [r["ci_high"] - r["beta"]]],
                        fmt=markers[m], color=plots.PALETTE[j], ms=4, lw=1,
                        label=f"{pop}, {m}" if ind == "GDP" else None)
            y -= 1
        y -= 0.3
    ypos.append(y + 3.8)
    labels.append(ind)
    y -= 1
ax.axvline(1, color="0.3", ls="--", lw=1)
ax.axvspan(bett["ci_low"], bett["ci_high"], color="0.85", zorder=-1,
           label="Bettencourt et al. 2007, China GDP 2002 (95% CI)")
ax.set_yticks(ypos, labels)
ax.set_xlabel("scaling exponent β (95% bootstrap interval)")
ax.set_title("Urban scaling exponents, Chinese prefecture-level cities, 2015")
ax.legend(fontsize=7, loc="lower right", ncol=1)
plots.source_note(fig, "yearbook_light (Dong et al. 2021) joined to the 2010/2020 censuses (Dong, Du & Liu 2022); our fits.")
glue("p03_fig_forest", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p03_fig_forest
# :alt: Forest plot of scaling exponents with 95% intervals for GDP, fiscal revenue, employment and night light, each against whole-prefecture and census urban population, by three estimators. The log-OLS estimates cluster between 0.95 and 1.2; the nonlinear least squares and Poisson estimates are higher and their intervals wider, especially for fiscal revenue and employment. A grey band marks the published Chinese GDP interval from 1.06 to 1.23.
# :name: fig-p03-forest
#
# Exponents by indicator, population definition (colour) and estimator (marker), with 95% pairs
# bootstrap intervals. Dashed line: linear scaling. Grey band: the published Chinese GDP exponent.
# ```
#
# **GDP** scales superlinearly whichever population is used: against whole-prefecture population
# log-OLS gives $\beta$ = {glue:text}`p03_b_gdp_whole_ols:.3f` ({glue:text}`p03_b_gdp_whole_ols_lo:.3f`
# to {glue:text}`p03_b_gdp_whole_ols_hi:.3f`), against census urban population
# {glue:text}`p03_b_gdp_census_ols:.3f` ({glue:text}`p03_b_gdp_census_ols_lo:.3f` to
# {glue:text}`p03_b_gdp_census_ols_hi:.3f`). **Fiscal revenue** scales more steeply
# ({glue:text}`p03_b_fiscal_census_ols:.3f` against urban population), as one would expect of a tax
# base concentrated in the urban economy. **Employment** and **night light** are close to linear
# on logs.
#
# The estimators disagree, and the disagreement is informative. NLS and PPML give higher
# exponents (GDP against prefecture population: {glue:text}`p03_b_gdp_whole_nls:.3f` and
# {glue:text}`p03_b_gdp_whole_ppml:.3f`) with much wider intervals. They fit the arithmetic mean,
# which the biggest cities dominate, while log-OLS fits the geometric mean of all cities. Where they
# differ, the largest cities sit above the log-log line: the curve is steeper at the top than on
# average. Which exponent is "the" exponent therefore depends on a modelling choice about the
# scatter, which the next section makes by likelihood.
#
# ## Which model of the scatter? (Leitão et al. 2016)
#
# We fit four probabilistic models with the same mean $Y_0 N^\beta$ by maximum likelihood:
# log-normal scatter (the model behind log-OLS); Gaussian scatter with constant variance (the model
# behind NLS); Gaussian with variance proportional to the mean (Poisson-like); and Gaussian with
# variance $\propto$ mean$^{\delta}$, $\delta$ free (Taylor's law). All are likelihoods of the same
# data, so AIC and BIC compare them. For each, the likelihood-ratio test of $\beta = 1$ asks
# whether superlinearity survives.

# %%
rows = []
for col, ind in INDICATORS.items():
    for pcol, pop in POPULATIONS.items():
        d = joined[[pcol, col]].dropna()
        t = compare_fluctuation_models(d[pcol], d[col], name=ind).summary()
        rows.append(t.assign(indicator=ind, population=pop))
flu = pd.concat(rows, ignore_index=True)
best = flu.loc[flu.groupby(["indicator", "population"])["aic"].idxmin()]
gl("p03_n_best_lognormal", int((best["model"] == "log-normal").sum()))
gl("p03_n_fits", len(best))
survive = flu.groupby(["indicator", "population"])["superlinear"].agg(["sum", "size"])
for ind in INDICATORS.values():
    for pop in POPULATIONS.values():
        gl(f"p03_survive_{ind.split()[0].lower()}_{pop.split()[0]}", int(survive.loc[(ind, pop), "sum"]))
g = flu.query("indicator == 'GDP' and population == 'whole prefecture'").set_index("model")
gl("p03_gdp_taylor_delta", g.loc["Gaussian, variance ~ mean^delta", "delta"])
gl("p03_gdp_lognormal_p", g.loc["log-normal", "p_beta_eq_1"])
gl("p03_gdp_next_daic", g["delta_aic"].drop("log-normal").min())
e = flu.query("indicator == 'employment' and population == 'census urban' and model == 'log-normal'").iloc[0]
gl("p03_emp_urban_p", e["p_beta_eq_1"])
gl("p03_emp_urban_boot_lo", est.loc[("employment", "census urban", "ols"), "ci_low"])
flu[["indicator", "population", "model", "beta", "ci_low", "ci_high", "delta", "delta_aic",
     "p_beta_eq_1", "superlinear"]].round(3)

# %%
print(best[["indicator", "population", "model", "beta", "superlinear"]].round(3).to_string(index=False))
print(survive.rename(columns={"sum": "models with beta > 1", "size": "models"}).to_string())
# NBVAL_CHECK_OUTPUT

# %% [markdown]
# The log-normal model has the lowest AIC in {glue:text}`p03_n_best_lognormal` of
# {glue:text}`p03_n_fits` fits, by a wide margin (for GDP on prefecture population the next best
# model is {glue:text}`p03_gdp_next_daic:.0f` AIC units worse). The Taylor model agrees: its free
# exponent for GDP is $\delta$ = {glue:text}`p03_gdp_taylor_delta:.2f`, close to the $\delta = 2$ of
# multiplicative scatter. So the log-OLS exponents are the ones to quote, and NLS, which assumes
# constant variance, is the worst description of these data.
#
# Does $\beta > 1$ survive every model? For **GDP** yes: all four models put the interval above 1
# for both population definitions ({glue:text}`p03_survive_gdp_whole` and
# {glue:text}`p03_survive_gdp_census` of 4), though against prefecture population the best model's
# test of $\beta = 1$ is only modestly significant ($p$ = {glue:text}`p03_gdp_lognormal_p:.3f`). For
# **fiscal revenue** also yes ({glue:text}`p03_survive_fiscal_whole` and
# {glue:text}`p03_survive_fiscal_census` of 4). For **employment** the verdict depends on the model:
# superlinear in {glue:text}`p03_survive_employment_whole` of 4 models on prefecture population but
# not under the best, log-normal one; on urban population it is borderline (likelihood-ratio
# $p$ = {glue:text}`p03_emp_urban_p:.3f` under the log-normal model, while the bootstrap interval
# of the same log-OLS fit starts at {glue:text}`p03_emp_urban_boot_lo:.3f`). **Night light** is linear under the best model
# ({glue:text}`p03_survive_night_whole` and {glue:text}`p03_survive_night_census` of 4 models call it
# superlinear). This is the lesson of {cite:t}`leitao2016`: a claim of superlinearity is a claim
# about the scatter model as much as about cities.
#
# ## Scale-adjusted residuals (SAMIs)
#
# The residual of a city from the log-log line, $\xi_i = \log Y_i - \log(Y_0 N_i^{\hat\beta})$,
# measures how much more (or less) GDP it produces than a city of its size would be expected to
# produce: positive values are over-performers. We use the log-OLS fit, the best model above.

# %%
sami = {}
for pcol, pop in POPULATIONS.items():
    d = joined.dropna(subset=[pcol, "GDP10000"])
    fit = fit_scaling(d[pcol], d["GDP10000"], "ols")
    sami[pop] = pd.Series(fit.residuals, index=d["city_code"].to_numpy())
largest = joined.nlargest(12, "pop_2015")[["city", "city_code", "pop_2015", "urban_2015", "GDP10000"]].copy()
largest["SAMI (prefecture pop.)"] = largest["city_code"].map(sami["whole prefecture"])
largest["SAMI (urban pop.)"] = largest["city_code"].map(sami["census urban"])
largest["pop_2015"] = largest["pop_2015"] / 1e6
largest["urban_2015"] = largest["urban_2015"] / 1e6
largest = largest.rename(columns={"pop_2015": "population 2015 (m)", "urban_2015": "urban 2015 (m)",
                                  "GDP10000": "GDP (10^4 yuan)"}).drop(columns="city_code")
top = largest.sort_values("SAMI (prefecture pop.)", ascending=False).iloc[0]
low = largest.sort_values("SAMI (prefecture pop.)").iloc[0]
gl("p03_sami_top_city", top["city"])
gl("p03_sami_top", top["SAMI (prefecture pop.)"])
gl("p03_sami_top_ratio", float(np.exp(top["SAMI (prefecture pop.)"])))
gl("p03_sami_low_city", low["city"])
gl("p03_sami_low", low["SAMI (prefecture pop.)"])
largest.round(3)

# %%
units = mainland(census)
values = units["city_code"].map(sami["whole prefecture"]).to_numpy(dtype=float)
fig, ax = plt.subplots(figsize=(7.5, 5))
sm = geo.choropleth(ax, geo.geometries(units, simplify=0.05), values, cmap="PuOr_r",
                    norm=mpl.colors.TwoSlopeNorm(vmin=-1.2, vcenter=0, vmax=1.2))
fig.colorbar(sm, ax=ax, shrink=0.7, label="SAMI (log GDP residual)")
ax.set_title("GDP relative to size, 2015")
plots.source_note(fig, "yearbook_light (Dong et al. 2021); censuses 2010/2020 (Dong, Du & Liu 2022); grey = not in the yearbook.")
glue("p03_fig_sami_map", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p03_fig_sami_map
# :alt: Map of Chinese prefecture-level cities coloured by the GDP residual from the scaling law, orange for above and purple for below expectation. Coastal cities of the Yangtze and Pearl River deltas and resource cities of Inner Mongolia are strongly positive; much of the south-west interior, Gansu and parts of the north-east are negative; autonomous prefectures not in the yearbook are grey.
# :name: fig-p03-sami-map
#
# Scale-adjusted GDP residuals of 2015 from the log-OLS fit on whole-prefecture population
# (positive: more GDP than the scaling law expects for the city's population). Grey units are not covered by the yearbook.
# ```
#
# Among the twelve most populous prefectures, {glue:text}`p03_sami_top_city` stands highest
# (SAMI {glue:text}`p03_sami_top:.2f`, about {glue:text}`p03_sami_top_ratio:.1f` times the GDP
# expected for its size) and {glue:text}`p03_sami_low_city` lowest ({glue:text}`p03_sami_low:.2f`).
# The map is dominated by region, not size: the residuals carry China's coastal-interior gradient
# and the resource economies of the north, which a one-variable scaling law cannot absorb.
#
# ## Our exponent next to the published ones

# %%
pub = catalogue.load_scaling_exponents_published()
gdp_pub = pub[pub["indicator"].str.contains("GDP") & pub["beta"].notna()][
    ["ref", "country", "year", "beta", "ci_low", "ci_high", "n", "kind"]]
ours = est.xs("GDP", level="indicator").xs("ols", level="method").reset_index()
ours = pd.DataFrame({"ref": "this chapter (log-OLS)", "country": "China, " + ours["population"],
                     "year": "2015", "beta": ours["beta"], "ci_low": ours["ci_low"],
                     "ci_high": ours["ci_high"], "n": ours["n"], "kind": "our estimate"})
comparison = pd.concat([ours, gdp_pub], ignore_index=True)
comparison.round(3)

# %% [markdown]
# Our GDP exponent against whole-prefecture population,
# {glue:text}`p03_b_gdp_whole_ols:.3f` ({glue:text}`p03_b_gdp_whole_ols_lo:.3f` to
# {glue:text}`p03_b_gdp_whole_ols_hi:.3f`), and against census urban population,
# {glue:text}`p03_b_gdp_census_ols:.3f` ({glue:text}`p03_b_gdp_census_ols_lo:.3f` to
# {glue:text}`p03_b_gdp_census_ols_hi:.3f`), both overlap the published Chinese value of
# {glue:text}`p03_bett_beta:.2f` ({glue:text}`p03_bett_lo:.2f` to {glue:text}`p03_bett_hi:.2f`,
# $n$ = {glue:text}`p03_bett_n`). Our point estimates are lower. Three differences can account for
# that, and the data cannot separate them:
#
# * **The unit.** Bettencourt et al. used "urban administrative units" of 2002; we use whole
#   prefecture-level cities, whose rural counties add population with little GDP and so flatten
#   the curve. Against census urban population, which removes most of that rural component, our
#   exponent is tighter and closer to the published one.
# * **The year.** Thirteen years separate the two cross-sections. If output per head converged
#   between large and small cities over that period, the exponent would fall; one cross-section
#   cannot tell us whether it did.
# * **The population count.** {cite:t}`zund2019` point out that Chinese city statistics often
#   count registered (hukou) rather than resident population. Large cities have the most
#   unregistered migrants, so a hukou count understates their size and, by our reasoning, steepens
#   the fitted curve; the census counts residents.
#
# ## What this chapter cannot show
#
# * **Causation.** A scaling exponent describes a cross-section of cities; it does not show that
#   making a given city larger would raise its output per head.
# * **The 2015 population is interpolated**, not observed, and the yearbook's year and coverage
#   are inferred from its authors' code rather than stated in the file.
# * **Creative output.** None of the four indicators measures innovation; chapter
#   {ref}`ch-megacities` compares West's innovation claims with the published patent exponents
#   instead.
# * **Selection.** The yearbook leaves out autonomous prefectures and leagues, which are small and
#   poor; fits on the covered cities are conditional on that selection.
#
# ## Exercises
#
# ```{exercise}
# :label: ex-p03-interp
#
# Replace the geometric midpoint by the 2020 census population (`t=1.0` in
# `join_yearbook_census`) and refit GDP against prefecture population by log-OLS. How much does
# $\beta$ move? Why might it move in that direction?
# ```
#
# ```{solution} ex-p03-interp
# :class: dropdown
#
# `j, _ = join_yearbook_census(yearbook, census, t=1.0)`, then
# `fit_scaling(j["pop_2015"], j["GDP10000"], "ols").beta`. Moving every population to 2020 shifts
# each city to the right by its own growth, leaving GDP unchanged. If growth were unrelated to size
# (Gibrat's law, which chapter {ref}`ch-city-sizes` could not reject), the slope would hardly move;
# growth that was faster in large cities would lower it. Compare the change with the width of the
# bootstrap interval to judge whether the interpolation assumption matters.
# ```
#
# ```{exercise}
# :label: ex-p03-per-capita
#
# Show that regressing log GDP *per head* on log population gives a slope of $\beta - 1$, with the
# same standard error. Why do some authors prefer to report the per-head form?
# ```
#
# ```{solution} ex-p03-per-capita
# :class: dropdown
#
# $\log(Y/N) = \log Y_0 + (\beta - 1)\log N + \varepsilon$ is the same regression with $\log N$
# subtracted from the response, so the slope shifts by exactly one and the residuals, hence the
# standard error, are unchanged. The per-head form makes the economic question explicit (does
# output *per person* rise with size?) and puts the null at zero.
# ```
