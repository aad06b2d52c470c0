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
# (ch-city-sizes)=
# # City sizes, 2010-2020
#
# Pan Weijiang writes that China now has "more than a dozen" cities of about ten million people
# {cite:p}`pan2024`, and Li Youmei's essay on megacity risk starts from how fast those cities have
# grown {cite:p}`liyoumei_megacity_risk`. Before testing either claim (chapter
# {ref}`ch-megacities`), this chapter describes the size distribution of Chinese prefecture-level
# units in the 2010 and 2020 censuses: how heavy its upper tail is (the Zipf exponent) and whether
# large units grew faster or slower than small ones (Gibrat's law).
#
# **What you will see.** The census table and its traps; rank-size plots; two estimators of the
# Pareto tail exponent with confidence intervals and a sensitivity analysis for the cut-off; a
# test of Gibrat's law; a map of growth 2010-2020.

# %% tags=["remove-cell"]
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from myst_nb import glue

from megacity import geo, plots
from megacity.citysize import (NATIONAL_TOTAL_2020, gibrat_test, mainland, pareto_mle,
                               zeta_by_cutoff, zipf_rank_regression)
from megacity.data import external

plots.house_style()


def gl(name, value):
    """Glue a value for the prose (numpy scalars become plain Python numbers)."""
    glue(name, value.item() if hasattr(value, "item") else value, display=False)

# %% [markdown]
# ## The data: prefecture-level units, not cities
#
# The census table of {cite:t}`dong2022census` has one row per prefecture-level unit: the four
# municipalities, prefecture-level cities, autonomous prefectures and leagues, a few county-level
# units administered directly by a province, and Hong Kong and Macau. Population is the
# **resident** (常住) population of the **whole unit**, rural counties included, counted on
# 1 November of each census year; 2010 counts were re-apportioned upstream to 2020 boundaries, so
# the two years describe the same territories. A second column gives the census **urban** (城镇)
# population inside each unit. Neither is the "city" of everyday speech, which is closer to the
# built-up core; chapter {ref}`ch-megacities` returns to that difference.
#
# We leave out Hong Kong and Macau (the seed documents speak of the mainland). Some units have no
# value: the ten county-level cities of the Xinjiang Production and Construction Corps have no
# 2020 data, and several units lack an urban count.

# %%
census = external.load_census()
units = mainland(census)
cols = ["popu_2010", "popu_2020", "popu_urban_2010", "popu_urban_2020"]
coverage = pd.DataFrame({"units with a value": units[cols].notna().sum(),
                         "missing": units[cols].isna().sum(),
                         "sum (millions)": units[cols].sum() / 1e6}).round(1)
gl("p02_n_units", len(units))
gl("p02_n_missing_2020", int(units["popu_2020"].isna().sum()))
gl("p02_n_missing_urban_2020", int(units["popu_urban_2020"].isna().sum()))
coverage

# %% [markdown]
# **Check before summing.** If two polygons overlapped, summing their populations could count
# people twice. We intersect every pair of neighbouring boundaries:

# %%
ov = geo.overlaps(census, min_share=0.01)
sum_2020 = units["popu_2020"].sum()
shortfall = NATIONAL_TOTAL_2020 - sum_2020
gl("p02_n_overlaps", len(ov))
gl("p02_sum_2020_m", sum_2020 / 1e6)
gl("p02_sum_all_2020_m", census["popu_2020"].sum() / 1e6)
gl("p02_national_m", NATIONAL_TOTAL_2020 / 1e6)
gl("p02_shortfall_m", shortfall / 1e6)
print(f"pairs overlapping by more than 1% of the smaller unit: {len(ov)}")
print(f"mainland sum 2020: {sum_2020 / 1e6:.2f} million; national total {NATIONAL_TOTAL_2020 / 1e6:.2f} million")
# NBVAL_CHECK_OUTPUT

# %% [markdown]
# No pair of units overlaps by more than 1% of the smaller one, so the units tile the country. The
# sum over *all* rows, {glue:text}`p02_sum_all_2020_m:.1f` million, exceeds the national census
# total of {glue:text}`p02_national_m:.1f` million only because the file includes Hong Kong and
# Macau. Without them the mainland units sum to {glue:text}`p02_sum_2020_m:.1f` million,
# {glue:text}`p02_shortfall_m:.1f` million *below* the national figure, which is as expected: the
# national total also counts active service personnel, who belong to no prefecture, and the
# {glue:text}`p02_n_missing_2020` Corps cities have no 2020 row.
#
# ## Rank and size
#
# If sizes above some cut-off follow a Pareto law, $P(S > s) \propto s^{-\zeta}$, then the log of a
# unit's rank falls linearly in the log of its size with slope $-\zeta$. Zipf's law is
# $\zeta = 1$: the second-largest city is half the size of the largest, the third a third, and so on.

# %%
series = {("whole prefecture", 2010): units["popu_2010"], ("whole prefecture", 2020): units["popu_2020"],
          ("census urban", 2010): units["popu_urban_2010"], ("census urban", 2020): units["popu_urban_2020"]}

fig, axes = plt.subplots(1, 2, figsize=(8.5, 3.8), sharey=True)
for ax, definition in zip(axes, ["whole prefecture", "census urban"]):
    for i, year in enumerate([2010, 2020]):
        s = np.sort(series[(definition, year)].dropna().to_numpy())[::-1]
        ax.loglog(s / 1e6, np.arange(1, s.size + 1), ".", ms=3, color=plots.PALETTE[i], label=str(year))
    ax.set_xlabel("population (millions, log scale)")
    ax.set_title(definition)
    ax.legend(title="census")
axes[0].set_ylabel("rank (log scale)")
fig.suptitle("Rank-size plots of Chinese prefecture-level units", x=0.01, ha="left", fontweight="bold")
plots.source_note(fig, "2010 and 2020 censuses by prefecture (Dong, Du & Liu 2022); mainland units.")
fig.tight_layout()
gl("p02_fig_ranksize", fig)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p02_fig_ranksize
# :alt: Two log-log panels of rank against population for 2010 and 2020. In both, the points bend downward: the upper tail falls much more steeply than a line of slope minus one, and the 2020 points lie to the right of the 2010 points at the top.
# :name: fig-p02-ranksize
#
# Rank against size on log scales, whole-prefecture population (left) and census urban population
# (right). A Zipf distribution would be a straight line of slope $-1$; the curves are concave and
# much steeper in the upper tail.
# ```
#
# ## The tail exponent, estimated properly
#
# **Model.** Above a cut-off $x_{\min}$, sizes are independent draws from a Pareto distribution
# with exponent $\zeta$. **Unit.** Mainland prefecture-level units. **Cut-off.** The 100 largest
# units in each series; a sensitivity analysis follows. **Estimators.**
# (i) the regression of $\log(\text{rank} - \tfrac12)$ on log size of {cite:t}`gabaix2011rank`,
# whose shift of one half removes the downward small-sample bias of the plain rank regression, with
# their standard error $\zeta\sqrt{2/n}$; (ii) the maximum-likelihood (Hill) estimator with the
# unbiased $(n-1)$ correction and an exact $\chi^2$ interval.

# %%
rows = []
for (definition, year), s in series.items():
    for fit in (zipf_rank_regression(s.dropna(), top=100), pareto_mle(s.dropna(), top=100)):
        rows.append({"definition": definition, "year": year, **fit.summary().iloc[0].to_dict()})
zeta = pd.DataFrame(rows)
zeta["x_min (millions)"] = zeta.pop("x_min") / 1e6
zeta_tab = zeta.set_index(["definition", "year", "method"])
for (d, y, m), key in [(("whole prefecture", 2020, "Pareto ML (Hill, unbiased)"), "pref_2020_ml"),
                       (("whole prefecture", 2010, "Pareto ML (Hill, unbiased)"), "pref_2010_ml"),
                       (("census urban", 2020, "Pareto ML (Hill, unbiased)"), "urban_2020_ml"),
                       (("census urban", 2010, "Pareto ML (Hill, unbiased)"), "urban_2010_ml"),
                       (("whole prefecture", 2020, "rank-1/2 OLS (Gabaix-Ibragimov)"), "pref_2020_gi"),
                       (("census urban", 2020, "rank-1/2 OLS (Gabaix-Ibragimov)"), "urban_2020_gi")]:
    r = zeta_tab.loc[(d, y, m)]
    gl(f"p02_zeta_{key}", r["zeta"])
    gl(f"p02_zeta_{key}_lo", r["ci_low"])
    gl(f"p02_zeta_{key}_hi", r["ci_high"])
gl("p02_xmin_pref_2020", zeta_tab.loc[("whole prefecture", 2020, "Pareto ML (Hill, unbiased)"), "x_min (millions)"])
gl("p02_xmin_urban_2020", zeta_tab.loc[("census urban", 2020, "Pareto ML (Hill, unbiased)"), "x_min (millions)"])
zeta.round(3)

# %%
for _, r in zeta.iterrows():
    print(f"{r['definition']:16s} {r['year']} {r['method'][:12]:12s} zeta = {r['zeta']:.2f} [{r['ci_low']:.2f}, {r['ci_high']:.2f}]")
# NBVAL_CHECK_OUTPUT

# %% [markdown]
# Every estimate is far above 1. For whole-prefecture population in 2020 the maximum-likelihood
# exponent is {glue:text}`p02_zeta_pref_2020_ml:.2f` (95% interval
# {glue:text}`p02_zeta_pref_2020_ml_lo:.2f` to {glue:text}`p02_zeta_pref_2020_ml_hi:.2f`), with the
# cut-off at {glue:text}`p02_xmin_pref_2020:.2f` million; the rank regression gives
# {glue:text}`p02_zeta_pref_2020_gi:.2f` ({glue:text}`p02_zeta_pref_2020_gi_lo:.2f` to
# {glue:text}`p02_zeta_pref_2020_gi_hi:.2f`). For the census urban population it is
# {glue:text}`p02_zeta_urban_2020_ml:.2f` ({glue:text}`p02_zeta_urban_2020_ml_lo:.2f` to
# {glue:text}`p02_zeta_urban_2020_ml_hi:.2f`), cut-off {glue:text}`p02_xmin_urban_2020:.2f` million.
#
# The reading is not that China "violates" Zipf's law. Prefectures are administrative containers
# drawn to be of comparable size, so their tail is thin by construction; urban population inside
# them is less constrained and its tail is heavier (smaller $\zeta$). Between 2010 and 2020 both
# exponents fell (from {glue:text}`p02_zeta_pref_2010_ml:.2f` to {glue:text}`p02_zeta_pref_2020_ml:.2f`
# for prefectures, from {glue:text}`p02_zeta_urban_2010_ml:.2f` to {glue:text}`p02_zeta_urban_2020_ml:.2f`
# for urban population): population concentrated further in the largest units. The intervals of
# the two years overlap, so the fall alone is not decisive evidence; the growth regression below
# looks at the same question unit by unit.
#
# **Sensitivity to the cut-off.** A Pareto fit is only as good as its cut-off. If the tail were
# Pareto, the estimate would be stable as the cut-off moves; it is not:

# %%
sens = zeta_by_cutoff(units["popu_2020"].dropna(), [20, 30, 50, 75, 100, 150, 200, 250, 300])
fig, ax = plt.subplots(figsize=(7, 3.4))
for i, (m, d) in enumerate(sens.groupby("method")):
    ax.plot(d["top"], d["zeta"], marker="o", ms=4, color=plots.PALETTE[i], label=m)
    ax.fill_between(d["top"], d["ci_low"], d["ci_high"], color=plots.PALETTE[i], alpha=0.15)
ax.axhline(1, color="0.3", ls="--", lw=1)
ax.text(22, 1.07, "Zipf (ζ = 1)", fontsize=8, color="0.3")
ax.set_xlabel("number of largest units in the tail fit")
ax.set_ylabel("tail exponent ζ")
ax.set_title("Tail exponent against the cut-off, whole prefectures 2020")
ax.legend(fontsize=8)
plots.source_note(fig, "2020 census by prefecture (Dong, Du & Liu 2022); our estimates, 95% intervals shaded.")
gl("p02_fig_cutoff", fig)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p02_fig_cutoff
# :alt: Line chart of the estimated tail exponent against the number of units in the tail, from 20 to 300, for the two estimators, with shaded confidence bands. Both stay between about 2 and 3.3 up to 100 units and then fall towards 1 as smaller units are included.
# :name: fig-p02-cutoff
#
# Both estimators as the tail grows from the 20 to the 300 largest units. The estimate drifts down
# as smaller units enter, the signature of a distribution that is not Pareto over this range (it is
# closer to log-normal). At the headline cut-off of 100 units the two estimators agree within their
# intervals, and every cut-off up to 200 units keeps the exponent well above 1.
# ```
#
# ## Gibrat's law: does growth depend on size?
#
# **Model.** For unit $i$, annualised growth $g_i = \log(N_{i,2020}/N_{i,2010})/10$ is regressed on
# $\log N_{i,2010}$. Gibrat's law of proportional growth says the slope is zero (growth rates are
# independent of size) and, in its strong form, that the spread of growth is also independent of
# size. **Estimator.** OLS with HC3 robust standard errors; the spread is tested by regressing the
# absolute residual on log size. **Sample.** Units with both counts (the 2010 counts are already on
# 2020 boundaries, so boundary changes do not masquerade as growth).

# %%
gib = {}
for definition, (c0, c1) in {"whole prefecture": ("popu_2010", "popu_2020"),
                             "census urban": ("popu_urban_2010", "popu_urban_2020")}.items():
    d = units.dropna(subset=[c0, c1])
    gib[definition] = gibrat_test(d[c0], d[c1], years=10)
gib_tab = pd.concat({k: v.summary() for k, v in gib.items()}, names=["definition"]).droplevel(1)
for key, name in [("whole prefecture", "pref"), ("census urban", "urban")]:
    g = gib[key]
    gl(f"p02_gibrat_{name}", g.slope * 100)
    gl(f"p02_gibrat_{name}_lo", g.ci_low * 100)
    gl(f"p02_gibrat_{name}_hi", g.ci_high * 100)
    gl(f"p02_gibrat_{name}_p", g.p_value)
    gl(f"p02_gibrat_{name}_disp_p", g.dispersion_p)
    gl(f"p02_gibrat_{name}_n", g.n)
    print(f"{key:16s} slope = {g.slope * 100:.3f} pp/yr per log unit [{g.ci_low * 100:.3f}, {g.ci_high * 100:.3f}], "
          f"p = {g.p_value:.2f}; dispersion p = {g.dispersion_p:.3f}")
# NBVAL_CHECK_OUTPUT

# %%
gib_tab.round(4)

# %% [markdown]
# For whole prefectures ($n$ = {glue:text}`p02_gibrat_pref_n`), a unit $e$ times larger in 2010
# grew by {glue:text}`p02_gibrat_pref:.3f` percentage points a year more (95% interval
# {glue:text}`p02_gibrat_pref_lo:.3f` to {glue:text}`p02_gibrat_pref_hi:.3f`; $p$ =
# {glue:text}`p02_gibrat_pref_p:.2f`): no detectable dependence of mean growth on size. For
# urban population the slope is {glue:text}`p02_gibrat_urban:.3f` ({glue:text}`p02_gibrat_urban_lo:.3f`
# to {glue:text}`p02_gibrat_urban_hi:.3f`), again compatible with zero, but the *spread* of urban
# growth shrinks with size ($p$ = {glue:text}`p02_gibrat_urban_disp_p:.4f`): small units had both
# the fastest urbanisation and the steepest declines. The weak form of Gibrat's law survives; the
# strong form fails for urban population.
#
# The mean slope hides geography, which the map shows.

# %%
d = units.dropna(subset=["popu_2010", "popu_2020"])
growth = 100 * (np.log(units["popu_2020"] / units["popu_2010"]) / 10)
geoms = geo.geometries(units, simplify=0.05)
fig, (ax, axs) = plt.subplots(1, 2, figsize=(9.5, 4.4), width_ratios=[1.6, 1])
norm = mpl.colors.TwoSlopeNorm(vmin=-3, vcenter=0, vmax=5)
sm = geo.choropleth(ax, geoms, growth.clip(-3, 5), cmap="RdBu_r", norm=norm)
fig.colorbar(sm, ax=ax, shrink=0.7, label="growth 2010-2020 (% per year)")
ax.set_title("Population growth by prefecture")
axs.scatter(np.log10(d["popu_2010"]), 100 * gib["whole prefecture"].residuals
            + 100 * (gib["whole prefecture"].intercept + gib["whole prefecture"].slope * np.log(d["popu_2010"])),
            s=8, color=plots.PALETTE[0], alpha=0.6)
xs = np.linspace(d["popu_2010"].min(), d["popu_2010"].max(), 50)
axs.plot(np.log10(xs), 100 * (gib["whole prefecture"].intercept + gib["whole prefecture"].slope * np.log(xs)),
         color="black", lw=1.2)
axs.axhline(0, color="0.5", lw=0.8)
axs.set_xlabel("log10 population 2010")
axs.set_ylabel("growth (% per year)")
axs.set_title("Growth against size")
plots.source_note(fig, "2010/2020 censuses by prefecture (Dong, Du & Liu 2022); grey = no 2020 data; colours clipped at -3% and +5%.")
fig.tight_layout()
gl("p02_fig_growth_map", fig)
plt.close(fig)

top_growth = (units.assign(growth_pct=growth).dropna(subset=["growth_pct"])
                   .nlargest(5, "growth_pct")[["city", "province", "popu_2010", "popu_2020", "growth_pct"]])
gl("p02_fastest", top_growth.iloc[0]["city"])
gl("p02_fastest_rate", top_growth.iloc[0]["growth_pct"])
gl("p02_n_declining", int((growth < 0).sum()))
top_growth.round(2)

# %% [markdown]
# ```{glue:figure} p02_fig_growth_map
# :alt: Left, a map of China's prefecture-level units coloured from blue (population decline) to red (growth); the north-east and much of the interior are blue, the coastal metropolitan regions, the south-west and the far west are red. Right, a scatter of annual growth against log population in 2010 with an almost flat fitted line.
# :name: fig-p02-growth-map
#
# Left: annualised population growth 2010-2020 by prefecture-level unit (blue = decline, red =
# growth; grey = no data). Right: the same growth against initial size, with the Gibrat
# regression line.
# ```
#
# {glue:text}`p02_n_declining` mainland units lost population between the censuses, most of them
# in the north-east and the interior; the fastest growth, {glue:text}`p02_fastest_rate:.1f`% a
# year, was in {glue:text}`p02_fastest`. Growth follows region (the coastal city-regions, the
# provincial capitals and the west gained; the north-east lost) far more than size.
#
# ## What this chapter cannot show
#
# * **Cities are not prefectures.** Every number here is about administrative units whose borders
#   were drawn for governance, not about built-up cities. Zipf's law is a statement about cities
#   defined by settlement; its failure here says little about Chinese cities as such.
# * **The urban count is a classification.** The census urban population moves when villages are
#   reclassified as urban, so its growth mixes migration with redrawing.
# * **Two censuses are two points.** Gibrat's law is a statement about a growth process; with one
#   decade we see one realisation of it, and mean reversion or persistence cannot be separated.
# * **Missing units.** The Production and Construction Corps cities and units without an urban
#   count are absent; they are small, so the tail estimates are unaffected, but sums are not.
#
# ## Exercises
#
# ```{exercise}
# :label: ex-p02-plain-ols
#
# Estimate $\zeta$ for the 30 largest units in 2020 by the plain regression of $\log(\text{rank})$
# on $\log(\text{size})$, and compare it with `zipf_rank_regression(..., top=30)`. Which is larger,
# and why does the difference matter more for small tails?
# ```
#
# ```{solution} ex-p02-plain-ols
# :class: dropdown
#
# `s = np.sort(units["popu_2020"].dropna())[::-1][:30]`, then
# `-np.polyfit(np.log(s), np.log(np.arange(1, 31)), 1)[0]`. The plain regression gives a smaller
# value: in small samples log(rank) is biased against log size, because the ranks of the largest
# observations are fixed at 1, 2, 3 while their sizes are noisy. Gabaix and Ibragimov show that
# shifting the rank by one half removes the leading term of that bias; with 30 units the
# difference is a visible fraction of the standard error, with 300 it is negligible.
# ```
#
# ```{exercise}
# :label: ex-p02-gibrat-urban-share
#
# Regress growth of the census *urban* population on the 2010 *urban share* of each unit
# (`popu_urban_2010 / popu_2010`) instead of on size. What sign do you expect, and what does it
# say about the dispersion result above?
# ```
#
# ```{solution} ex-p02-gibrat-urban-share
# :class: dropdown
#
# A negative slope: units that were still mostly rural in 2010 had the most room to urbanise, and
# they are mostly small. Part of the larger spread of urban growth among small units is therefore
# the spread in how far along their urban transition they were, not an effect of size as such. Use
# `statsmodels.api.OLS` with `cov_type="HC3"` and compare.
# ```
