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
# Chinese estimate, GDP against population for {glue:text}`p03_bett_n` "urban administrative units" in 2002, is
# $\beta$ = {glue:text}`p03_bett_beta:.2f` (95% interval {glue:text}`p03_bett_lo:.2f` to
# {glue:text}`p03_bett_hi:.2f`). This chapter estimates $\beta$ for four indicators
# of Chinese prefecture-level cities around 2015, by three estimators, under every common assumption
# about how cities depend on one another (province clustering, spatial contiguity, province
# effects, a multilevel model) and under five models of how cities scatter around the curve, and
# asks in how many of those specifications superlinearity survives.
#
# **What you will see.** How the yearbook is joined to the census (every name accounted for); the
# exponents with bootstrap intervals; one forest plot of every specification and the verdict
# counted from it; Moran's I of the residuals; a likelihood comparison of fluctuation models after
# {cite:t}`leitao2016`; scale-adjusted residuals for the largest cities; our exponent next to the
# published ones.

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

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from myst_nb import glue

from megacity import geo, plots
from megacity.citysize import mainland
from megacity.crosswalk import join_yearbook_census
from megacity.data import catalogue, external
from megacity import report
from megacity.scaling import absolute_fit, compare_fluctuation_models, fit_scaling, scaling_table
from megacity.scaling_dependence import (census_weights, dependence_table, forest_plot,
                                         scaling_over_time, superlinearity_verdict)

plots.house_style()
warnings.filterwarnings("ignore", message="IProgress not found")


def gl(name, value):
    """Glue a value for the prose (numpy scalars become plain Python numbers)."""
    glue(name, value.item() if hasattr(value, "item") else value, display=False)


INDICATORS = {"GDP10000": "GDP", "Fiscal10000": "fiscal revenue", "Employment": "employment",
              "light_sum": "night light"}
POPULATIONS = {"pop_2015": "whole prefecture", "urban_2015": "census urban"}
REF_LABELS = {"bettencourt2007": "Bettencourt et al. 2007", "zund2019": "Zünd & Bettencourt 2019",
              "leitao2016_code": "Leitão et al. 2016 (their code's output)",
              "rsos2017": "R. Soc. Open Sci. 2017 compilation", "urbanstudies2021": "Urban Studies 2021",
              "chenfeng2017": "Chen & Feng 2017", "liuzou2020": "Liu & Zou 2020"}

# %% [markdown]
# ## Joining the yearbook to the census
#
# The indicators come from a city table of {cite:t}`dong2021firm`: GDP and general fiscal revenue
# (both in units of ten thousand yuan), employment (persons) and the sum of night-time light, for
# {glue:text}`p03_n_yearbook` cities. The
# file gives no year; its authors pair it with 2015 data, so we treat it as 2015 and as covering
# the whole prefecture-level city. It has no population column, so it must be joined to the
# census by name. The join goes through an explicit crosswalk (`megacity.crosswalk`): exact name
# matches first, then a table of documented mergers, and every name left over is reported.

# %% tags=["remove-cell"]
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
report.table(crosswalk.table.query("rule != 'exact'"), "Yearbook cities joined by a rule other than an exact name match",
             columns={"yearbook_city": "Yearbook city", "census_city": "Census unit", "city_code": "Code",
                      "rule": "Rule", "note": "Source of the rule"})

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
report.table(left.groupby("province").size().sort_values(ascending=False).rename("units").head(12).reset_index(),
             "Census units without yearbook data, by province (the twelve provinces with most)",
             columns={"province": "Province", "units": "Census units without yearbook data"})

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
# heteroskedastic. **Uncertainty.** Pairs bootstrap ({glue:text}`p03_n_boot` resamples of cities, fitted together as
# one array operation), percentile intervals; robust sandwich standard errors alongside.

# %%
N_BOOT = 2000
N_GOF = 199
gl("p03_n_boot", N_BOOT)
table = pd.concat([scaling_table(joined, pop, list(INDICATORS), n_boot=N_BOOT, seed=2015)
                   for pop in POPULATIONS], ignore_index=True)
table["indicator"] = table["indicator"].map(INDICATORS)
table["population"] = table["population"].map(POPULATIONS)
est = table.set_index(["indicator", "population", "method"])
for (ind, pop, m), r in est.iterrows():
    key = f"p03_b_{ind.split()[0].lower()}_{pop.split()[0]}_{m}"
    gl(key, r["beta"])
    gl(key + "_lo", r["ci_low"])
    gl(key + "_hi", r["ci_high"])
report.table(table[["indicator", "population", "method", "beta", "se_robust", "ci_low", "ci_high", "n", "n_dropped"]],
             "Scaling exponents by indicator, population definition and estimator (pairs bootstrap intervals)",
             columns={"indicator": "Indicator", "population": "Population", "method": "Estimator",
                      "beta": "β", "se_robust": "Robust SE", "ci_low": "95% low", "ci_high": "95% high",
                      "n": "Cities", "n_dropped": "Dropped (missing)"}, digits=3)

# %% tags=["remove-cell"]
for (ind, pop, m), r in est.iterrows():
    print(f"{ind:15s} {pop:16s} {m:4s} beta = {r['beta']:.3f} [{r['ci_low']:.3f}, {r['ci_high']:.3f}]")
# NBVAL_CHECK_OUTPUT

# %% tags=["remove-cell"]
bett = catalogue.load_scaling_exponents_published().query(
    "ref == 'bettencourt2007' and country == 'China' and indicator == 'GDP'").iloc[0]
gl("p03_bett_beta", bett["beta"])
gl("p03_bett_lo", bett["ci_low"])
gl("p03_bett_hi", bett["ci_high"])
gl("p03_bett_n", bett["n"])

# %% [markdown]
# (sec-p03-dependence)=
# ## Does superlinearity survive regional structure?
#
# The intervals above treat the cities as independent draws. They are not: cities of one province
# share policy, prices and statistical practice, and neighbouring cities share labour markets. A
# referee would ask for the same exponent under every reasonable assumption about that dependence,
# and under estimators that use different variation:
#
# * **pooled log-OLS** with classical (iid), heteroskedasticity-robust (HC3) and
#   **province-clustered** errors (CR1 with the $t_{G-1}$ critical value, a few-cluster correction
#   for the provinces), and a **wild cluster bootstrap** (Webb weights, {glue:text}`p03_n_wcb` draws) of the same fit;
# * a **spatial error model**, $u = \lambda W u + e$, with queen-contiguity weights $W$ built from
#   the census polygons, by maximum likelihood (`spreg`);
# * **province fixed effects**: the *within* slope, from differences between cities of the same
#   province, beside the **between** slope, from province means;
# * a **multilevel model** with a random intercept and a random slope for each province
#   (statsmodels `MixedLM`), whose fixed slope is the average province's exponent;
# * and, from the section above, the nonlinear least squares and Poisson estimators (which fit the
#   arithmetic mean rather than the geometric one).
#
# A specification calls an indicator *superlinear* when its whole 95% interval lies above one.

# %%
weights_for = census_weights(census, "queen")
N_WCB = 999
N_PERM = 499
gl("p03_n_wcb", N_WCB)
gl("p03_n_perm", N_PERM)
dep, moran = dependence_table(joined, INDICATORS, POPULATIONS, weights_for, n_boot=N_WCB, seed=2015,
                              permutations=N_PERM)
other = table[table["method"] != "ols"].assign(
    estimator=lambda d: d["method"].map({"nls": "nonlinear least squares", "ppml": "Poisson PML"}),
    dependence="pairs bootstrap (cities independent)")
forest = pd.concat([dep, other[["indicator", "population", "estimator", "dependence", "beta",
                                "ci_low", "ci_high", "n"]]], ignore_index=True)
forest["superlinear"] = forest["ci_low"] > 1
forest["sublinear"] = forest["ci_high"] < 1
verdict = superlinearity_verdict(forest, by=("indicator", "population"))
verdict_ind = superlinearity_verdict(forest, by=("indicator",))
for _, r in verdict.iterrows():
    key = f"p03_v_{r['indicator'].split()[0].lower()}_{r['population'].split()[0]}"
    gl(key, r["verdict"])
    gl(key + "_k", int(r["k_superlinear"]))
gl("p03_n_specs", int(verdict["n_specs"].iloc[0]))
gl("p03_k_total", int(forest["superlinear"].sum()))
gl("p03_n_total", len(forest))
dk = dep.set_index(["indicator", "population", "estimator"])
for ind in INDICATORS.values():
    for pop in POPULATIONS.values():
        for est_name, short in [("province fixed effects", "fe"), ("between provinces", "between"),
                                ("mixed model", "mixed"), ("spatial error model", "sem")]:
            r = dk.loc[(ind, pop, est_name)]
            key = f"p03_{short}_{ind.split()[0].lower()}_{pop.split()[0]}"
            gl(key, r["beta"]); gl(key + "_lo", r["ci_low"]); gl(key + "_hi", r["ci_high"])
        cl = dep[(dep["indicator"] == ind) & (dep["population"] == pop)
                 & dep["dependence"].str.startswith("province-clustered")].iloc[0]
        key = f"p03_cl_{ind.split()[0].lower()}_{pop.split()[0]}"
        gl(key, cl["beta"]); gl(key + "_lo", cl["ci_low"]); gl(key + "_hi", cl["ci_high"])
mk = moran.set_index(["indicator", "population"])
gl("p03_moran_gdp_whole", mk.loc[("GDP", "whole prefecture"), "moran_pooled"])
gl("p03_moran_gdp_whole_p", mk.loc[("GDP", "whole prefecture"), "p_pooled"])
gl("p03_moran_gdp_whole_fe", mk.loc[("GDP", "whole prefecture"), "moran_within"])
gl("p03_moran_gdp_whole_fe_p", mk.loc[("GDP", "whole prefecture"), "p_within"])
gl("p03_moran_max", moran["moran_pooled"].max())
gl("p03_moran_min", moran["moran_pooled"].min())
gl("p03_n_islands_max", int(moran["islands"].max()))
gl("p03_n_provinces", int(dep["n_groups"].max()))

# %% tags=["remove-cell"]
print(verdict[["indicator", "population", "k_superlinear", "n_specs", "verdict"]].to_string(index=False))
# NBVAL_CHECK_OUTPUT

# %%
fig, axes = forest_plot(forest, list(INDICATORS.values()), list(POPULATIONS.values()),
                        colours=plots.PALETTE, ref_band=(bett["ci_low"], bett["ci_high"]),
                        figsize=(10, 7.2))
fig.suptitle("Scaling exponents of Chinese prefecture-level cities, 2015, under every specification",
             x=0.01, ha="left", fontweight="bold")
fig.tight_layout(rect=(0, 0, 1, 0.95))
plots.source_note(fig, "city yearbook indicators (Dong et al. 2021) joined to the 2010 and 2020 "
                  "censuses (Dong, Du & Liu 2022); our fits. Grey band: Bettencourt et al. (2007), China GDP 2002.")
glue("p03_fig_forest", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p03_fig_forest
# :alt: Four-panel forest plot, one panel per indicator (GDP, fiscal revenue, employment, night light). Each panel has ten rows, one per specification, from pooled OLS with iid errors down to the mixed model, nonlinear least squares and Poisson estimators, with a point and 95% interval for whole-prefecture population and for census urban population. Fiscal revenue against urban population stays right of the dashed line at one in every row; GDP crosses it under clustering and province fixed effects; employment and night light straddle it everywhere.
# :name: fig-p03-forest
#
# The scaling exponent of each indicator under every specification (rows) for the two population
# definitions (colours), with 95% intervals. Dashed line: linear scaling. Grey band: the
# published Chinese GDP exponent.
# ```
#
# The verdict, computed from the table behind the figure (intervals wholly above one):

# %%
table_view = verdict.assign(share=lambda d: d["k_superlinear"] / d["n_specs"])
report.table(table_view[["indicator", "population", "k_superlinear", "k_sublinear", "n_specs", "verdict"]],
             "Superlinearity across specifications, by indicator and population definition",
             columns={"indicator": "Indicator", "population": "Population",
                      "k_superlinear": "Superlinear (interval above 1)",
                      "k_sublinear": "Sublinear (interval below 1)", "n_specs": "Specifications",
                      "verdict": "Verdict"})

# %% [markdown]
# Across the {glue:text}`p03_n_total` fits, {glue:text}`p03_k_total` put the whole interval above
# one. By indicator:
#
# * **GDP** against whole-prefecture population is {glue:text}`p03_v_gdp_whole`; against census urban
#   population {glue:text}`p03_v_gdp_census`. Clustering by province widens the interval of the
#   pooled fit to {glue:text}`p03_cl_gdp_whole_lo:.3f`-{glue:text}`p03_cl_gdp_whole_hi:.3f` (whole
#   prefecture). The within-province slope is {glue:text}`p03_fe_gdp_whole:.3f`
#   ({glue:text}`p03_fe_gdp_whole_lo:.3f` to {glue:text}`p03_fe_gdp_whole_hi:.3f`), while the slope
#   *between* provinces is {glue:text}`p03_between_gdp_whole:.3f`: much of the pooled
#   superlinearity is a difference between rich, populous provinces and poor ones, not an
#   advantage of the larger city within a province.
# * **Fiscal revenue** against census urban population is {glue:text}`p03_v_fiscal_census`
#   (within slope {glue:text}`p03_fe_fiscal_census:.3f`, {glue:text}`p03_fe_fiscal_census_lo:.3f`
#   to {glue:text}`p03_fe_fiscal_census_hi:.3f`); against whole-prefecture population it is
#   {glue:text}`p03_v_fiscal_whole`.
# * **Employment** is {glue:text}`p03_v_employment_whole` (whole prefecture) and
#   {glue:text}`p03_v_employment_census` (census urban).
# * **Night light** is {glue:text}`p03_v_night_whole` and {glue:text}`p03_v_night_census`.
#
# **Spatial dependence.** Moran's I of the pooled log-OLS residuals on the queen-contiguity weights
# ranges from {glue:text}`p03_moran_min:.2f` to {glue:text}`p03_moran_max:.2f` across the eight
# fits (for GDP on prefecture population {glue:text}`p03_moran_gdp_whole:.2f`, permutation $p$ =
# {glue:text}`p03_moran_gdp_whole_p:.3f`); after province fixed effects it is
# {glue:text}`p03_moran_gdp_whole_fe:.2f` ($p$ = {glue:text}`p03_moran_gdp_whole_fe_p:.3f`). The
# residuals of neighbouring cities are alike, which is what the SAMI map below shows. Up to
# {glue:text}`p03_n_islands_max` joined units have no contiguous neighbour in the sample (islands
# and units whose neighbours are outside the yearbook); they enter the spatial model with no
# spatial lag.

# %%
moran_view = moran[["indicator", "population", "moran_pooled", "p_pooled", "moran_within",
                    "p_within", "spatial_lambda", "n"]]
report.table(moran_view, f"Moran's I of the residuals (queen contiguity, {N_PERM} permutations) and the "
             "spatial error parameter",
             columns={"indicator": "Indicator", "population": "Population",
                      "moran_pooled": "Moran's I, pooled OLS", "p_pooled": "p (pooled)",
                      "moran_within": "Moran's I, within", "p_within": "p (within)",
                      "spatial_lambda": "Spatial error λ", "n": "Cities"}, digits=3)

# %% [markdown]
# ### What the estimators measure
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
# We fit five probabilistic models with the same mean $Y_0 N^\beta$ by maximum likelihood:
# log-normal scatter (the model behind log-OLS); Gaussian scatter with constant variance (the model
# behind NLS); Gaussian with variance proportional to the mean (Poisson-like); Gaussian with
# variance $\propto$ mean$^{\delta}$, $\delta$ free (Taylor's law); and, beyond
# {cite:t}`leitao2016`, a **heteroskedastic log-normal** whose log-variance is linear in
# $\log N$ (large cities may scatter more, or less, than small ones). All are likelihoods of the
# same data, so AIC compares them. For each Gaussian and the homoskedastic log-normal model, the
# likelihood-ratio test of $\beta = 1$ asks whether superlinearity survives.

# %%
rows, absfit = [], []
for col, ind in INDICATORS.items():
    for pcol, pop in POPULATIONS.items():
        d = joined[[pcol, col]].dropna()
        t = compare_fluctuation_models(d[pcol], d[col], name=ind).summary()
        rows.append(t.assign(indicator=ind, population=pop))
        absfit.append(absolute_fit(d[pcol], d[col], n_boot=N_GOF, seed=2015, name=ind)
                      .assign(indicator=ind, population=pop))
flu = pd.concat(rows, ignore_index=True)
absfit = pd.concat(absfit, ignore_index=True)
het = absfit[absfit["model"].str.contains("power of N")]
five = pd.concat([flu[["indicator", "population", "model", "aic"]],
                  het[["indicator", "population", "model", "aic"]]], ignore_index=True)
best = five.loc[five.groupby(["indicator", "population"])["aic"].idxmin()]
gl("p03_n_best_lognormal", int(best["model"].str.startswith("log-normal").sum()))
gl("p03_n_best_het", int(best["model"].str.contains("power of N").sum()))
gl("p03_n_fits", len(best))
survive = flu.groupby(["indicator", "population"])["superlinear"].agg(["sum", "size"])
for ind in INDICATORS.values():
    for pop in POPULATIONS.values():
        gl(f"p03_survive_{ind.split()[0].lower()}_{pop.split()[0]}", int(survive.loc[(ind, pop), "sum"]))
gl("p03_n_flu_models", int(survive["size"].iloc[0]))
g = flu.query("indicator == 'GDP' and population == 'whole prefecture'").set_index("model")
gl("p03_gdp_taylor_delta", g.loc["Gaussian, variance ~ mean^delta", "delta"])
gl("p03_gdp_lognormal_p", g.loc["log-normal", "p_beta_eq_1"])
gl("p03_gdp_next_daic", g["delta_aic"].drop("log-normal").min())
e = flu.query("indicator == 'employment' and population == 'census urban' and model == 'log-normal'").iloc[0]
gl("p03_emp_urban_p", e["p_beta_eq_1"])
gl("p03_emp_urban_boot_lo", est.loc[("employment", "census urban", "ols"), "ci_low"])
# absolute fit of the better log-normal variant
better = absfit.loc[absfit.groupby(["indicator", "population"])["aic"].idxmin()]
gl("p03_n_gof_reject", int((better["p_gof"] < 0.05).sum()))
gl("p03_n_gof", len(better))
gl("p03_n_het_reject", int((absfit.drop_duplicates(["indicator", "population"])["p_homoskedastic"] < 0.05).sum()))
gl("p03_n_gof_boot", N_GOF)
emp = better.query("indicator == 'employment' and population == 'census urban'").iloc[0]
gl("p03_gof_emp_urban_p", emp["p_gof"])
gdp = better.query("indicator == 'GDP' and population == 'census urban'").iloc[0]
gl("p03_gof_gdp_urban_p", gdp["p_gof"])
report.table(flu[["indicator", "population", "model", "beta", "ci_low", "ci_high", "delta", "delta_aic",
                  "p_beta_eq_1", "superlinear"]],
             "Four fluctuation models after Leitão et al. (2016): exponent, Wald interval, AIC distance to the best, test of β = 1",
             columns={"indicator": "Indicator", "population": "Population", "model": "Scatter model",
                      "beta": "β", "ci_low": "95% low", "ci_high": "95% high", "delta": "Variance exponent δ",
                      "delta_aic": "ΔAIC", "p_beta_eq_1": "p (β = 1)", "superlinear": "Superlinear"}, digits=3)

# %% tags=["remove-cell"]
print(best[["indicator", "population", "model"]].to_string(index=False))
print(survive.rename(columns={"sum": "models with beta > 1", "size": "models"}).to_string())
# NBVAL_CHECK_OUTPUT

# %% [markdown]
# A log-normal model, with constant or size-dependent variance, has the lowest AIC in
# {glue:text}`p03_n_best_lognormal` of {glue:text}`p03_n_fits` fits, the heteroskedastic one in
# {glue:text}`p03_n_best_het` of them (for GDP on prefecture population the best Gaussian model is
# {glue:text}`p03_gdp_next_daic:.0f` AIC units worse than the log-normal). The Taylor model agrees:
# its free exponent for GDP is $\delta$ = {glue:text}`p03_gdp_taylor_delta:.2f`, close to the
# $\delta = 2$ of multiplicative scatter. So the log-OLS exponents are the ones to quote, and NLS,
# which assumes constant variance, is the worst description of these data.
#
# Does $\beta > 1$ survive every scatter model? The count of the {glue:text}`p03_n_flu_models`
# models whose interval lies above one is, for GDP, {glue:text}`p03_survive_gdp_whole` (prefecture)
# and {glue:text}`p03_survive_gdp_census` (urban), with the best model's test of $\beta = 1$ on
# prefecture population at $p$ = {glue:text}`p03_gdp_lognormal_p:.3f`; for fiscal revenue
# {glue:text}`p03_survive_fiscal_whole` and {glue:text}`p03_survive_fiscal_census`; for employment
# {glue:text}`p03_survive_employment_whole` and {glue:text}`p03_survive_employment_census` (on
# urban population the log-normal likelihood-ratio $p$ = {glue:text}`p03_emp_urban_p:.3f`, while
# the bootstrap interval of the same log-OLS fit starts at
# {glue:text}`p03_emp_urban_boot_lo:.3f`); for night light {glue:text}`p03_survive_night_whole`
# and {glue:text}`p03_survive_night_census`. This is the lesson of {cite:t}`leitao2016`: a claim of
# superlinearity is a claim about the scatter model as much as about cities.
#
# ### Best of five is not the same as good
#
# The lowest AIC says which model is least bad. Whether it describes the data at all is a separate
# question, which we answer with a **parametric bootstrap goodness-of-fit test**: the residuals,
# divided by the fitted standard deviation and passed through the normal distribution function,
# should be uniform; the Cramér-von Mises distance from uniformity is compared with its
# distribution in {glue:text}`p03_n_gof_boot` samples drawn from the fitted model and *refitted*
# (so the estimated parameters are accounted for). The likelihood-ratio test of constant variance
# rejects in {glue:text}`p03_n_het_reject` of {glue:text}`p03_n_gof` fits.

# %%
report.table(better[["indicator", "population", "model", "beta", "variance_slope", "p_homoskedastic", "cvm", "p_gof"]],
             "Absolute fit of the better log-normal model (lower AIC) for each indicator and population",
             columns={"indicator": "Indicator", "population": "Population", "model": "Better log-normal model",
                      "beta": "β", "variance_slope": "Slope of log variance on log N",
                      "p_homoskedastic": "p (constant variance)", "cvm": "Cramér-von Mises",
                      "p_gof": "Bootstrap p (fit)"}, digits=3)

# %% [markdown]
# The better log-normal model is rejected ($p < 0.05$) in {glue:text}`p03_n_gof_reject` of
# {glue:text}`p03_n_gof` fits. Employment on urban population is the clearest failure
# (bootstrap $p$ = {glue:text}`p03_gof_emp_urban_p:.3f`): its residuals have heavier tails than any
# log-normal, so its exponent, whichever interval is quoted, summarises a distribution the model
# does not describe. GDP on urban population passes ($p$ = {glue:text}`p03_gof_gdp_urban_p:.2f`).
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
report.table(largest, "SAMIs of the twelve most populous prefectures (GDP, log-OLS)",
             columns={"city": "City", "population 2015 (m)": "Population 2015 (millions)",
                      "urban 2015 (m)": "Urban population 2015 (millions)",
                      "GDP (10^4 yuan)": "GDP (ten thousand yuan)"}, digits=3)

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
gdp_pub = gdp_pub.assign(ref=gdp_pub["ref"].map(REF_LABELS).fillna(gdp_pub["ref"]))
comparison = pd.concat([ours, gdp_pub], ignore_index=True)
report.table(comparison, "Our GDP exponents beside the published ones",
             columns={"ref": "Study", "country": "Country and unit", "year": "Year", "beta": "β",
                      "ci_low": "95% low", "ci_high": "95% high", "n": "Cities", "kind": "Kind"}, digits=3)

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
# ## Scaling over time
#
# The yearbook indicators exist for one year only, so the exponent of GDP or fiscal revenue cannot
# be followed over time with these data. One indicator is measured consistently in two censuses on
# the same units: the **urban population** of a prefecture against its **total population**, in
# 2000 and 2010, from the file of {cite:t}`ma2024transport` (its own, constant boundaries). Its
# exponent says how strongly urbanization concentrates in the larger prefectures; its change says
# whether that concentration grew. The change is estimated in one stacked regression with
# year-specific intercept and slope, clustered by province.

# %% tags=["remove-cell"]
c2000 = external.load_census_2000()
c2000 = c2000[(c2000["upop2000"] > 0) & (c2000["upop2010"] > 0)]
over_time = scaling_over_time({
    2000: c2000.assign(N=c2000["cpop2000"], Y=c2000["upop2000"], province=c2000["province_code"]),
    2010: c2000.assign(N=c2000["cpop2010"], Y=c2000["upop2010"], province=c2000["province_code"])})
ot = over_time.set_index("year")
for yr in (2000, 2010):
    gl(f"p03_ot_beta_{yr}", ot.loc[yr, "beta"])
    gl(f"p03_ot_lo_{yr}", ot.loc[yr, "ci_low"])
    gl(f"p03_ot_hi_{yr}", ot.loc[yr, "ci_high"])
gl("p03_ot_change", ot.loc[2010, "change_from_first"])
gl("p03_ot_change_lo", ot.loc[2010, "change_low"])
gl("p03_ot_change_hi", ot.loc[2010, "change_high"])
gl("p03_ot_n", int(ot.loc[2000, "n"]))

# %%
report.table(over_time, "Urban population against total population of prefectures, 2000 and 2010 censuses "
             "(pooled log-OLS, province-clustered intervals)",
             columns={"year": "Census", "beta": "β", "se": "Clustered SE", "ci_low": "95% low",
                      "ci_high": "95% high", "n": "Prefectures", "change_from_first": "Change since 2000",
                      "change_low": "Change, 95% low", "change_high": "Change, 95% high"}, digits=3)

# %% [markdown]
# Across {glue:text}`p03_ot_n` prefectures the exponent of urban on total population was
# {glue:text}`p03_ot_beta_2000:.3f` in 2000 ({glue:text}`p03_ot_lo_2000:.3f` to
# {glue:text}`p03_ot_hi_2000:.3f`) and {glue:text}`p03_ot_beta_2010:.3f` in 2010
# ({glue:text}`p03_ot_lo_2010:.3f` to {glue:text}`p03_ot_hi_2010:.3f`), a change of
# {glue:text}`p03_ot_change:.3f` ({glue:text}`p03_ot_change_lo:.3f` to
# {glue:text}`p03_ot_change_hi:.3f`). In 2000 many of the most populous prefectures were
# agricultural; over the decade their towns grew, and urban population came to scale more nearly in
# proportion to total population.
#
# ## Headline numbers under each specification
#
# The exponent and its 95% interval for every indicator, population definition and specification
# of the forest plot, with the verdict counted from them (chapter {ref}`ch-megacities` judges West's
# ratios on the same estimates).

# %%
cell = forest.assign(text=forest.apply(lambda r: f"{r['beta']:.3f} [{r['ci_low']:.3f}, {r['ci_high']:.3f}]", axis=1),
                     spec=forest["estimator"] + ": " + forest["dependence"],
                     column=forest["indicator"] + ", " + forest["population"])
headline = cell.pivot_table(index="spec", columns="column", values="text", aggfunc="first", sort=False).reset_index()
verdict_row = verdict.assign(column=verdict["indicator"] + ", " + verdict["population"]).set_index("column")["verdict"]
headline = pd.concat([headline, pd.DataFrame([{"spec": "verdict", **verdict_row.to_dict()}])], ignore_index=True)
report.table(headline, "Scaling exponents β [95% interval] by specification (rows) and indicator and population (columns)",
             columns={"spec": "Specification"})

# %% [markdown]
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
# ```{solution-start} ex-p03-interp
# :class: dropdown
# ```

# %%
j2020, _ = join_yearbook_census(yearbook, census, t=1.0)
d = j2020[["pop_2015", "GDP10000"]].dropna()
beta_2020 = fit_scaling(d["pop_2015"], d["GDP10000"], "ols").beta
gl("p03_ex_beta_2020", beta_2020)
gl("p03_ex_beta_mid", est.loc[("GDP", "whole prefecture", "ols"), "beta"])
gl("p03_ex_beta_shift", beta_2020 - est.loc[("GDP", "whole prefecture", "ols"), "beta"])
gl("p03_ex_beta_width", est.loc[("GDP", "whole prefecture", "ols"), "ci_high"]
   - est.loc[("GDP", "whole prefecture", "ols"), "ci_low"])
print(f"beta with 2020 population: {beta_2020:.3f}")

# %% [markdown]
# With the 2020 census population, $\beta$ = {glue:text}`p03_ex_beta_2020:.3f` against
# {glue:text}`p03_ex_beta_mid:.3f` at the midpoint, a shift of {glue:text}`p03_ex_beta_shift:.3f`,
# small beside the width of the bootstrap interval ({glue:text}`p03_ex_beta_width:.3f`). Moving
# every population to 2020 shifts each city to the right by its own growth, leaving GDP unchanged;
# growth that was faster in large cities lowers the slope, and growth unrelated to size (Gibrat's
# law, chapter {ref}`ch-city-sizes`) leaves it nearly where it was.
#
# ```{solution-end}
# ```
#
# ```{exercise}
# :label: ex-p03-per-capita
#
# Show that regressing log GDP *per head* on log population gives a slope of $\beta - 1$, with the
# same standard error. Why do some authors prefer to report the per-head form?
# ```
#
# ```{solution-start} ex-p03-per-capita
# :class: dropdown
# ```

# %%
d = joined[["pop_2015", "GDP10000"]].dropna()
total_fit = fit_scaling(d["pop_2015"], d["GDP10000"], "ols")
per_head = fit_scaling(d["pop_2015"], d["GDP10000"] / d["pop_2015"], "ols")
gl("p03_ex_pc_slope", per_head.beta)
gl("p03_ex_pc_beta_minus_1", total_fit.beta - 1)
gl("p03_ex_pc_se", per_head.se)
gl("p03_ex_total_se", total_fit.se)
print(f"per-head slope {per_head.beta:.4f}, beta - 1 = {total_fit.beta - 1:.4f}")

# %% [markdown]
# $\log(Y/N) = \log Y_0 + (\beta - 1)\log N + \varepsilon$ is the same regression with $\log N$
# subtracted from the response, so the slope shifts by exactly one and the residuals, hence the
# standard error, are unchanged: the per-head slope is {glue:text}`p03_ex_pc_slope:.4f` and
# $\beta - 1$ = {glue:text}`p03_ex_pc_beta_minus_1:.4f`, with standard errors
# {glue:text}`p03_ex_pc_se:.4f` and {glue:text}`p03_ex_total_se:.4f`. The per-head form makes the
# economic question explicit (does output *per person* rise with size?) and puts the null at zero.
#
# ```{solution-end}
# ```
