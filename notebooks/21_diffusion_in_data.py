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
# recorded which units adopted those reforms in which year. This chapter takes policies for which
# complete adoption dates exist and asks the same question of them:
#
# * **COVID local orders, January-February 2020**: the provincial level 1 emergency declarations
#   and the home-isolation orders of the cities, from the policy data of Hsiang et al.
#   {cite:p}`hsiang2020`;
# * **dual-carbon strategies, 2020-2023**: which cities published a carbon-peaking strategy in
#   which year, from the panel of {cite:t}`dualcarbon2024`;
# * **low-carbon city pilots, 2010, 2012 and 2017**: the three national batches designated by the
#   National Development and Reform Commission (NDRC), a dated signal from above that we use as a
#   covariate of the dual-carbon hazard.
#
# The COVID and dual-carbon curves each get two kinds of model. The **Bass model** {cite:p}`bass1969` summarises a whole
# adoption curve by a coefficient of external influence $p$ and one of imitation $q$; its
# generalized form adds an explicit, dated push. The **discrete-time hazard model**
# {cite:p}`berry1990` asks, unit by unit and period by period, whether adoption became more likely
# once peers, neighbours or the level above had acted. The chapter then turns to designs that can
# separate the push from above from learning between cities: strata of province and period,
# permutation tests within provinces, a wild cluster bootstrap for the few provinces, and a
# directed-dyad model.
#
# **What you will see.** Bass fits with three kinds of interval and the Generalized Bass test of
# "no imitation given the push"; city-day and city-year hazards; contiguity from the census
# polygons; the peer effect under five designs side by side; and a table that maps the estimates to
# the four mechanisms of diffusion.

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

from megacity import plots
from megacity.data import catalogue
from megacity.data.external import load_census, load_covid_city_pop, load_covid_policies, load_dual_carbon
from megacity.diffusion import (DUAL_CARBON_CODE_FIX, adoption_clustering, attach_pilots, bass_bias_curve,
                                bass_cdf, bass_m_choices, compare_hazards, contiguity_matrix, covid_orders,
                                covid_risk_set, daily_counts, dual_carbon_adoption, dual_carbon_census_codes,
                                dual_carbon_risk_set, dyad_risk_set, fit_bass_ml, fit_bass_nls, fit_bass_push,
                                fit_bass_two_segment, fit_dyadic_hazard, fit_hazard, fit_stratified_hazard,
                                generalized_bass_cdf, haversine_km, mechanism_table, peer_permutation_test,
                                simulate_peer_panel, wild_cluster_bootstrap)
from megacity.geo import contiguity_weights
from megacity.report import glue, glue_many, table

warnings.filterwarnings("ignore", message="Unknown extension|Conditional Formatting", category=UserWarning)
warnings.filterwarnings("ignore", category=RuntimeWarning)
plots.house_style()
N_BOOT, RADIUS = 200, 200


def zero_verdict(lo, hi):
    """Reader words for whether a 95% interval excludes zero (the verdicts in the prose are computed)."""
    return "distinguishable from zero" if (lo > 0 or hi < 0) else "not distinguishable from zero"


def test_verdict(p, alpha=0.05):
    return "rejected" if p < alpha else "not rejected"
glue("p21_n_boot", N_BOOT)
glue("p21_radius", RADIUS)

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
# $1-F(T)$. We fix $m$ at the number of units at risk (the choice is discussed below).
# **Intervals**: Wald on the log scale, profile likelihood (valid near zero), and a parametric
# bootstrap ({glue:text}`p21_n_boot` refits). The least-squares fit to the cumulative curve, common
# in marketing, is shown for comparison only: its residuals are serially correlated by construction.
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
# ## COVID orders, January-February 2020
#
# ### Data and the name crosswalk
#
# The policy file names cities in pinyin; the census polygons that give their coordinates are named in
# Chinese. The crosswalk goes through the dual-carbon file, which has both an English name and a
# six-digit code for each prefecture, and then to the census by code. Province-administered county
# cities (for example Xiantao or Jiyuan) are matched directly by code; the county-level cities that
# the policy file lists separately get the coordinates of their parent prefecture and are flagged.
# The first day of the series is 23 January 2020, the day of the first level 1 declarations and of
# Wuhan's closure.

# %% tags=["remove-cell"]
census = load_census()
dual = load_dual_carbon("Strategy")
covid = covid_orders(load_covid_policies("raw"), load_covid_city_pop(), dual, census)
cw = covid["crosswalk"]
cities = covid["cities"]
decl = covid["declarations"]
glue("p21_n_cities", len(cities))
glue("p21_n_orders", int(cities["event_day"].notna().sum()))
glue("p21_n_unmatched", len(cw.unmatched))
glue("p21_n_parent", int((cities["match"] == "parent prefecture (approximate)").sum()))
glue("p21_n_outside", int((~cities["in_pop_file"]).sum()))
glue("p21_n_provinces", len(decl))
glue("p21_n_decl_3days", int((decl["day"] <= 3).sum()))
glue("p21_n_prov_orders", len(covid["province_orders"]))
print(f"cities: {len(cities)}, with an own order: {cities['event_day'].notna().sum()}, "
      f"unmatched names: {len(cw.unmatched)}")
# NBVAL_CHECK_OUTPUT

# %%
table(cw.summary(), "How the cities of the policy file were matched to census units.",
      columns={"match": "Route of the match", "units": "Cities"}, table_id="p21-crosswalk")

# %%
flagged = cities.loc[(cities["match"] != "name via dual-carbon") | ~cities["in_pop_file"],
                     ["adm1_name", "adm2_name", "city", "match", "in_pop_file", "pop_source"]]
table(flagged, "Cities matched other than by name, or missing from the population file of Hsiang et al.",
      columns={"adm1_name": "Province", "adm2_name": "City (policy file)", "city": "Census unit",
               "match": "Route of the match", "in_pop_file": "In the population file",
               "pop_source": "Population used"}, table_id="p21-flagged")

# %% [markdown]
# All {glue:text}`p21_n_cities` cities are matched ({glue:text}`p21_n_unmatched` unmatched names);
# {glue:text}`p21_n_parent` carry the centroid of their parent prefecture, and
# {glue:text}`p21_n_outside` cities with an order are missing from the population file of Hsiang et
# al. and enter with their census population. {glue:text}`p21_n_orders` cities issued their own
# home-isolation order. {glue:text}`p21_n_prov_orders` provinces (Liaoning, Jiangxi, Anhui) issued
# province-wide orders in early February; from those days their cities no longer decided for
# themselves, so they leave the risk set the day before.
#
# ### Bass fits

# %% tags=["remove-cell"]
t_decl, n_decl = daily_counts(decl["day"], last=7)
bass_decl = fit_bass_ml(t_decl, n_decl, m=len(decl), n_boot=N_BOOT, seed=211)
last_day = int(cities["event_day"].max())
t_city, n_city = daily_counts(cities["event_day"], last=last_day)
bass_city = fit_bass_ml(t_city, n_city, m=len(cities), n_boot=N_BOOT, seed=212)
bass_city_free = fit_bass_ml(t_city, n_city)  # m estimated
bass_city_nls = fit_bass_nls(t_city, n_city, m=len(cities))
for name, f in [("decl", bass_decl), ("city", bass_city)]:
    s = f.summary()
    for k in ("p", "q"):
        glue(f"p21_{name}_{k}", s.loc[k, "estimate"])
        glue(f"p21_{name}_{k}_lo", s.loc[k, "profile_low"])
        glue(f"p21_{name}_{k}_hi", s.loc[k, "profile_high"])
    glue(f"p21_{name}_qp", f.q_over_p)
    glue(f"p21_{name}_qp_lo", s.loc["q/p", "boot_low"])
    glue(f"p21_{name}_qp_hi", s.loc["q/p", "boot_high"])
glue("p21_city_m_free", bass_city_free.m)
glue("p21_last_day", last_day)
print(f"declarations: p = {bass_decl.p:.3f}, q = {bass_decl.q:.2f}; "
      f"city orders: p = {bass_city.p:.4f}, q = {bass_city.q:.3f}")
# NBVAL_CHECK_OUTPUT

# %%
fits = pd.concat({"provincial declarations (m = provinces)": bass_decl.summary(),
                  "city orders (m = cities at risk)": bass_city.summary(),
                  "city orders (m estimated)": bass_city_free.summary(),
                  "city orders, least squares": bass_city_nls.summary()}, names=["fit", "parameter"])
fits = fits.reset_index()[["fit", "parameter", "estimate", "ci_low", "ci_high", "profile_low", "profile_high",
                           "boot_low", "boot_high"]]
table(fits, "Bass fits to the COVID orders (per day), with Wald, profile-likelihood and bootstrap 95% intervals.",
      columns={"fit": "Fit", "parameter": "Parameter", "estimate": "Estimate", "ci_low": "Wald low",
               "ci_high": "Wald high", "profile_low": "Profile low", "profile_high": "Profile high",
               "boot_low": "Bootstrap low", "boot_high": "Bootstrap high"}, digits=4, table_id="p21-bass-covid")

# %% tags=["remove-cell"]
fig, axes = plt.subplots(1, 2, figsize=(9, 3.6), sharey=True)
for ax, (t, n, f, m, title) in zip(axes, [(t_decl, n_decl, bass_decl, len(decl), "provincial level 1 declarations"),
                                          (t_city, n_city, bass_city, len(cities), "home-isolation orders, cities")]):
    grid = np.linspace(0, t.max(), 200)
    ax.step(t, np.cumsum(n) / m, where="post", color=plots.PALETTE[0], label="observed")
    ax.plot(grid, bass_cdf(grid, f.p, f.q), color=plots.PALETTE[1], label="Bass ML fit")
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("days since 22 Jan 2020")
axes[0].set_ylabel("cumulative share adopted")
axes[0].legend(fontsize=8)
fig.suptitle("COVID orders spread in days, not years", x=0.01, ha="left", fontweight="bold")
plots.source_note(fig, "Hsiang et al. (2020) policy data (CC0), gpl-covid CHN raw file; our fits (megacity.diffusion).", y=0.0)
fig.tight_layout(rect=(0, 0.04, 1, 1))
glue("p21_fig_covid_bass", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p21_fig_covid_bass
# :alt: Two panels of cumulative adoption share against days since 22 January 2020. Left, provincial declarations jump from zero to almost all provinces within three days, with a fitted S-curve close to the steps. Right, city home-isolation orders rise from about day 5 to about a third of the cities by day 21 in uneven steps, with a smooth fitted curve.
# :name: fig-p21-covid-bass
#
# Observed cumulative adoption (steps) and the maximum-likelihood Bass curve. Left: every province
# declared a level 1 emergency within a week, most of them within three days. Right: about a third
# of the cities issued their own home-isolation order by 12 February.
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
# **That reading is wrong, and it is the main lesson of this section.** The
# {glue:text}`p21_n_provinces` declarations came within a week of the closure of Wuhan on 23 January
# ({glue:text}`p21_n_decl_3days` of them within three days). A burst of adoptions that follows one
# common signal starts slowly only because the first day in the data is the day before the signal;
# the Bass model, which has one constant $p$, can fit a burst only by making the hazard rise with
# $F(t)$, that is, by calling it imitation. The Bass $q$ measures how *clustered in time* adoption is,
# not *why* it clustered. With $m$ left free, the city curve implies that only about
# {glue:text}`p21_city_m_free:.0f` cities would ever adopt, barely above the
# {glue:text}`p21_n_orders` that did: the data stop on day {glue:text}`p21_last_day` and cannot tell
# a plateau from a pause.

# %% [markdown]
# ### The push, dated: a Generalized Bass model
#
# The Generalized Bass model {cite:p}`bass1994gbm` lets a dated signal speed up or slow down the
# clock of the whole curve: the hazard becomes $(p + q F(t))\,x(t)$ with an effort
# $x(t) = (1-w) + w\,z(t)$. Here $z(t)$ is the share of cities whose province had declared a level 1
# emergency by day $t$, and the weight $w \in [0, 1]$ is estimated: $w = 0$ is the classic Bass
# model, $w = 1$ means that no city adopts before its province's declaration, and a full push
# multiplies the hazard by $1/(1-w)$. Given the push, the question "is there any imitation?" is a
# test of $q = 0$. Both $q = 0$ and $w = 0$ lie on the boundary of the parameter space, so the
# likelihood-ratio statistics are referred to an equal mixture of $\chi^2_0$ and $\chi^2_1$.

# %% tags=["remove-cell"]
push = np.array([(cities["declaration_day"] <= k).mean() for k in t_city])
gb = fit_bass_push(t_city, n_city, len(cities), push)
glue_many("p21_gb", gb.as_dict())
glue("p21_push_day3", float(push[2]))
glue("p21_gb_push_verdict", "adds significantly" if gb.pvalue_push < 0.05 else "adds little")
glue("p21_gb_q0_verdict", test_verdict(gb.pvalue_q0))
glue("p21_gb_w_reading", "as far as the likelihood can tell, no city would have issued an order before its "
     "province declared" if gb.w > 0.99 else "cities could also adopt before their province declared")
two = fit_bass_two_segment(t_city, n_city, len(cities))
glue_many("p21_two", two.as_dict())
glue("p21_two_nonadopt", float(two.theta if two.p1 < 1e-3 else np.nan))
glue("p21_two_reading", "is spent on cities that never adopt in the window, which is the \"m estimated\" fit "
     "again, and the adopters all sit in the imitation segment" if two.p1 < 1e-3 else
     "adopts at that rate, beside an imitation segment")
print(f"GBM: p = {gb.p:.4f}, q = {gb.q:.3f}, w = {gb.w:.3f}; LR(q=0) = {gb.lr_q0:.1f}, p = {gb.pvalue_q0:.2g}; "
      f"LR(w=0) = {gb.lr_push:.2f}, p = {gb.pvalue_push:.3f}")
print(f"two segments: theta = {two.theta:.3f}, p1 = {two.p1:.3g}, q2 = {two.q2:.3f}")
# NBVAL_CHECK_OUTPUT

# %% [markdown]
# By the third day, {glue:text}`p21_push_day3:.0%` of the cities' provinces had declared. The
# Generalized Bass fit puts the weight of the push at $w$ = {glue:text}`p21_gb_w:.3f`:
# {glue:text}`p21_gb_w_reading`. Against the classic Bass model the push
# {glue:text}`p21_gb_push_verdict` (likelihood ratio {glue:text}`p21_gb_lr_push:.2f`, $p$ =
# {glue:text}`p21_gb_pvalue_push:.3f`): it had reached almost every city by the time the orders
# began. Given the push, $q$ = {glue:text}`p21_gb_q:.3f` per day, and $q = 0$ is
# {glue:text}`p21_gb_q0_verdict` (likelihood ratio {glue:text}`p21_gb_lr_q0:.1f`, $p$ =
# {glue:text}`p21_gb_pvalue_q0:.1e`). A rejection is not proof of
# imitation: any push that kept growing after the declarations (national guidance, the epidemic
# itself) produces the same rise, and the declarations are the only dated push in the data.
#
# A **two-segment (mixed-influence) Bass** model says the same thing in another way. It lets a
# share $\theta$ of the cities respond only to an outside push (rate $p_1$) while the rest follow a
# Bass curve among themselves. The best fit gives the push segment a rate of
# {glue:text}`p21_two_p1:.1e` per day: the segment, of size {glue:text}`p21_two_theta:.2f`,
# {glue:text}`p21_two_reading` ($q_2$ = {glue:text}`p21_two_q2:.2f`).
#
# ### What a tight top-down cluster looks like to Bass
#
# The simulation below (labelled as such) makes the point exact. Every unit adopts only because of
# one dated signal, one day after the origin, with a delay that is exponential: a constant hazard,
# no imitation at all, so the true value is $q = 0$. The spread of the delay (its mean, in days) measures how
# tight the cluster is. Each curve is fitted by the same ML estimator as the data, with $m$ fixed.

# %% tags=["remove-cell"]
spreads = [0.5, 1, 2, 4, 8, 16]
bias = bass_bias_curve(spreads, m=300, periods=21, lead=1.0, reps=60, seed=215)
b = bias.set_index("spread")
glue("p21_bias_qp_tight", float(b.loc[0.5, "qp_median"]))
glue("p21_bias_qp_one", float(b.loc[1, "qp_median"]))
glue("p21_bias_q_one", float(b.loc[1, "q_median"]))
glue("p21_bias_qp_loose", float(b.loc[16, "qp_median"]))
glue("p21_bias_spread_tight", 0.5)
glue("p21_bias_spread_loose", 16)
glue("p21_bias_m", 300)
glue("p21_bias_reps", 60)
print(bias[["spread", "q_median", "qp_median"]].round(2).to_string(index=False))
# NBVAL_CHECK_OUTPUT

# %% tags=["remove-cell"]
fig, ax = plt.subplots(figsize=(6.8, 3.6))
ax.errorbar(bias["spread"], bias["qp_median"], yerr=[bias["qp_median"] - bias["qp_p10"], bias["qp_p90"] - bias["qp_median"]],
            fmt="o-", color=plots.PALETTE[0], capsize=3, label="Bass q/p (median, 10-90% of simulations)")
ax.axhline(bass_city.q_over_p, color=plots.PALETTE[1], ls="--", label="COVID city orders, observed q/p")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xticks(spreads, [f"{v:g}" for v in spreads])
ax.minorticks_off()
ax.set_xlabel("mean delay after the signal, days (log scale): smaller is a tighter cluster")
ax.set_ylabel("estimated q / p (log scale)")
ax.set_title("A pure top-down burst read as imitation")
ax.legend(fontsize=8, loc="upper right")
plots.source_note(fig, "Simulation (megacity.diffusion.bass_bias_curve): true q = 0; 300 units, 21 days, 60 curves per point.", y=0.0)
fig.tight_layout(rect=(0, 0.05, 1, 1))
glue("p21_fig_bias", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p21_fig_bias
# :alt: Line chart on log-log axes of the estimated q over p against the mean delay after a single signal. The ratio falls steeply from several thousand for a delay of half a day to well below one for a delay of sixteen days; a dashed horizontal line marks the ratio of the COVID city orders, which the simulated curve crosses at a delay of about a day.
# :name: fig-p21-bias
#
# Simulated curves with no imitation at all: every unit adopts after one dated signal. The Bass
# model reads the tighter clusters as stronger imitation. Bars span the middle four fifths of the
# simulated curves.
# ```
#
# With a mean delay of one day the median estimate is $q$ = {glue:text}`p21_bias_q_one:.2f` and
# $q/p$ = {glue:text}`p21_bias_qp_one:.0f`, although nobody imitates anyone; with half a day the
# ratio reaches {glue:text}`p21_bias_qp_tight:.0f`. Only when the delay is long relative to the
# window (a mean of {glue:text}`p21_bias_spread_loose` days) does $q/p$ fall to
# {glue:text}`p21_bias_qp_loose:.2f`. The bias is worst exactly where top-down policy lives: a signal
# that all units obey within days.
#
# ### The choice of $m$
#
# The Bass estimates depend on how many potential adopters $m$ one assumes. Three choices are in use.

# %% tags=["remove-cell"]
adopt0 = dual_carbon_adoption(dual, load_dual_carbon("2020"), census=census)
t_dc, n_dc = daily_counts(adopt0["first_year"] - 2019, last=4)
mch = pd.concat({"COVID city orders (per day)": bass_m_choices(t_city, n_city, len(cities)),
                 "dual-carbon strategies (per year)": bass_m_choices(t_dc, n_dc, len(adopt0))},
                names=["series", "row"]).reset_index(level=0).reset_index(drop=True)
mi = mch.set_index(["series", "choice of m"])
for s, key in [("COVID city orders (per day)", "city"), ("dual-carbon strategies (per year)", "dc")]:
    for c, ck in [("eventual adopters", "n"), ("units at risk", "risk"), ("m estimated", "free")]:
        glue(f"p21_m_{key}_{ck}_qp", float(mi.loc[(s, c), "q/p"]))
        glue(f"p21_m_{key}_{ck}_m", float(mi.loc[(s, c), "m"]))
print(mch[["series", "choice of m", "m", "q/p"]].round(1).to_string(index=False))
# NBVAL_CHECK_OUTPUT

# %%
table(mch[["series", "choice of m", "m", "p", "q", "q/p", "loglik"]],
      "Bass ML estimates under three choices of the number of potential adopters m.",
      columns={"series": "Series", "choice of m": "Choice of m", "m": "m", "p": "p", "q": "q",
               "q/p": "q / p", "loglik": "Log-likelihood"},
      formats={"m": "{:,.0f}", "p": "{:.4f}", "q": "{:.3f}", "q/p": "{:,.0f}", "loglik": "{:.1f}"},
      table_id="p21-m-choices")

# %% [markdown]
# * **m = eventual adopters** forces every unit still at risk at the end to be a unit that would
#   never adopt, and the curve to be complete by the last day. For the city orders $q/p$ becomes
#   {glue:text}`p21_m_city_n_qp:,.0f`.
# * **m estimated** gives {glue:text}`p21_m_city_free_m:.0f` cities for the COVID orders and
#   {glue:text}`p21_m_dc_free_m:.0f` for the dual-carbon strategies: barely above the adopters
#   observed, because a curve that has not visibly levelled off carries almost no information on its
#   ceiling.
# * **m = units at risk** (the chapter's choice: $q/p$ = {glue:text}`p21_m_city_risk_qp:.0f` and
#   {glue:text}`p21_m_dc_risk_qp:.0f`) counts every city that could adopt, and lets the likelihood
#   treat the ones that had not by the end as censored. It is the only choice that matches how
#   the hazard models below define the population, and it gives the smallest, most conservative
#   reading of imitation.

# %% [markdown]
# ### The city-day hazard
#
# Three covariates measure the three channels, all as of the start of the day:
#
# * **horizontal, within the province**: the share of the other cities of the province with an own
#   order (`prov_share`);
# * **vertical**: days since the province's level 1 declaration (`days_since_decl`);
# * **horizontal, spatial**: the share of cities within {glue:text}`p21_radius` km, in any province,
#   with an order (`nbr_share`; distances between census-polygon centroids).
#
# Controls: log 2010 population and a Hubei indicator (the epidemic's centre). Model B adds the
# logarithm of calendar day as a baseline hazard: the epidemic, national guidance and media attention
# all rose day by day, and without a time baseline any covariate that grows with time picks up that
# rise.

# %% tags=["remove-cell"]
rs_covid = covid_risk_set(cities, last=last_day, radius_km=RADIUS)
base_terms = ["prov_share", "days_since_decl", "nbr_share", "log_pop", "hubei"]
hz_a = fit_hazard(rs_covid, base_terms, link="cloglog", cluster="adm1_name", unit="unit")
hz_b = fit_hazard(rs_covid, base_terms + ["log_day"], link="cloglog", cluster="adm1_name", unit="unit")
hz_c = fit_hazard(rs_covid, base_terms + ["log_day"], link="logit", cluster="adm1_name", unit="unit")
sa, sb = hz_a.summary(), hz_b.summary()
for name, s in [("a", sa), ("b", sb)]:
    for term in ("prov_share", "days_since_decl", "nbr_share"):
        glue(f"p21_hz{name}_{term}", s.loc[term, "coef"])
        glue(f"p21_hz{name}_{term}_lo", s.loc[term, "ci_low"])
        glue(f"p21_hz{name}_{term}_hi", s.loc[term, "ci_high"])
glue("p21_hz_rows", hz_a.n_rows)
_excl = [t for t in ("prov_share", "nbr_share") if sb.loc[t, "ci_low"] > 0 or sb.loc[t, "ci_high"] < 0]
glue("p21_hzb_horizontal", "both not distinguishable from zero" if not _excl else
     f"distinguishable from zero for {', '.join(_excl)}")
glue("p21_hz_events", hz_a.n_events)
corr = rs_covid[["days_since_decl", "t"]].corr().iloc[0, 1]
glue("p21_corr_decl_day", corr)
# the same question within a province and a day: conditional logit with province x day strata
hz_s = fit_stratified_hazard(rs_covid, ["nbr_share", "log_pop"], ["adm1_name", "t"], cluster="adm1_name", unit="unit")
ss = hz_s.summary()
glue("p21_hzs_nbr", ss.loc["nbr_share", "coef"])
glue("p21_hzs_nbr_lo", ss.loc["nbr_share", "ci_low"])
glue("p21_hzs_nbr_hi", ss.loc["nbr_share", "ci_high"])
glue("p21_hzs_verdict", zero_verdict(ss.loc["nbr_share", "ci_low"], ss.loc["nbr_share", "ci_high"]))
D_covid = haversine_km(cities["lon"], cities["lat"])
perm_covid = peer_permutation_test(rs_covid, cities["event_day"].to_numpy(float), ((D_covid <= RADIUS) & (D_covid > 0)),
                                   cities["adm1_name"], np.arange(1, last_day + 1), ["adm1_name", "t"],
                                   covariates=["log_pop"], n_perm=999, seed=221)
glue_many("p21_permcovid", perm_covid.as_dict())
glue("p21_permcovid_verdict", test_verdict(perm_covid.p_value))
glue("p21_hzs_strata", hz_s.n_strata)
glue("p21_hzs_size_sentence", "Larger cities adopted earlier within their province and day (log population "
     f"{ss.loc['log_pop', 'coef']:.2f}, {ss.loc['log_pop', 'ci_low']:.2f} to {ss.loc['log_pop', 'ci_high']:.2f}), "
     "as an epidemic account would predict" if ss.loc["log_pop", "ci_low"] > 0 else
     "City size does not clearly predict adoption within a province and day")
print(f"rows {hz_a.n_rows}, events {hz_a.n_events}; corr(days since declaration, day) = {corr:.3f}")
print(sb.loc[base_terms[:3], ["coef", "ci_low", "ci_high"]].round(2).to_string())
print(ss[["coef", "ci_low", "ci_high"]].round(2).to_string())
# NBVAL_CHECK_OUTPUT

# %%
LABELS = {"prov_share": "share of own province adopted", "days_since_decl": "days since provincial declaration",
          "nbr_share": "share of cities within the radius adopted", "log_pop": "log population",
          "hubei": "Hubei", "log_day": "log calendar day", "const": "constant",
          "capital_adopted": "provincial capital adopted", "is_capital": "is a capital or municipality",
          "log_gdp": "log GDP", "log_co2": "log CO2 emissions", "y2021": "year 2021", "y2022": "year 2022",
          "y2023": "year 2023", "lc_pilot": "low-carbon pilot (any route)", "lc_city": "low-carbon pilot (city named)",
          "contig_share": "share of bordering cities adopted", "link": "link", "unit-periods": "unit-periods",
          "events": "adoptions", "clusters": "clusters (provinces)"}


def hazard_table(fits, caption, table_id):
    t = compare_hazards(fits)
    t.index = [LABELS.get(i, i) for i in t.index]
    return table(t.rename_axis("term"), caption, index=True, table_id=table_id,
                 columns={"term": "Term"})


hazard_table({"A: cloglog": hz_a, "B: + log day": hz_b, "C: logit, as B": hz_c,
              "D: province x day strata": hz_s},
             "City-day hazard of a home-isolation order: coefficient [95% interval], standard errors clustered by province.",
             "p21-hz-covid")

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
# * In model B the horizontal channels are {glue:text}`p21_hzb_horizontal`: the share of same-province
#   cities, {glue:text}`p21_hzb_prov_share:.2f` ({glue:text}`p21_hzb_prov_share_lo:.2f` to
#   {glue:text}`p21_hzb_prov_share_hi:.2f`), and the share of neighbours within
#   {glue:text}`p21_radius` km, {glue:text}`p21_hzb_nbr_share:.2f` ({glue:text}`p21_hzb_nbr_share_lo:.2f`
#   to {glue:text}`p21_hzb_nbr_share_hi:.2f`).
# * Model D compares only cities of the same province on the same day (a conditional logit with
#   {glue:text}`p21_hzs_strata` informative province-day strata), so that the province's declaration,
#   its own orders and the national calendar are all held fixed. The neighbour effect is
#   {glue:text}`p21_hzs_nbr:.2f` ({glue:text}`p21_hzs_nbr_lo:.2f` to {glue:text}`p21_hzs_nbr_hi:.2f`):
#   {glue:text}`p21_hzs_verdict`. Relocating the cities at random within their provinces
#   ({glue:text}`p21_permcovid_n_perm` times, see the designs below) gives a permutation $p$ of
#   {glue:text}`p21_permcovid_p_value:.3f` for the neighbour score, so the null that location within
#   the province does not matter is {glue:text}`p21_permcovid_verdict`.
#   {glue:text}`p21_hzs_size_sentence`; local case counts, which are
#   not in our data, are the obvious omitted variable.
#
# So the clustering that the Bass model reads as imitation is, in the unit-level data, timing that
# peers and neighbours do not explain beyond the common clock.
#
# ## Dual-carbon strategies, 2020-2023
#
# **Adoption rule.** The panel records, for each city and year from 2020 to 2023, whether the city
# published a dual-carbon (carbon peaking and neutrality) strategy. A city's adoption year is the
# first year with a recorded strategy. A zero or an empty cell means none that year, and a city with
# none is censored in 2023. The "good strategy" flag of 2023 grades quality and is not an adoption.
# Covariates come from the file's 2020 sheet: resident population, GDP and total CO2 emissions.
#
# **A coordinate trap.** The file carries its own longitude and latitude, but they are unreliable.
# Compared with the census polygon centroids (matched by code), the median distance is tens of
# kilometres, which is what one expects between a city seat and a centroid. Many cities, however,
# carry Beijing's coordinates, a geocoding fallback. We therefore use the census centroids.

# %% tags=["remove-cell"]
cw_dual = dual_carbon_census_codes(dual, census)
dist = cw_dual.table["centroid_distance_km"]
FAR_KM = 150
beijing_point = ((cw_dual.table["Longitude"].round(2) == 116.41) & (cw_dual.table["Latitude"].round(2) == 39.91)
                 & ~cw_dual.table["城市名称"].eq("北京")).sum()
glue("p21_dual_median_km", float(dist.median()))
glue("p21_dual_far_km", FAR_KM)
glue("p21_dual_far", int((dist > FAR_KM).sum()))
glue("p21_dual_beijing_point", int(beijing_point))
glue("p21_dual_unmatched", len(cw_dual.unmatched))
glue("p21_dual_n", len(adopt0))
print(f"median distance {dist.median():.1f} km; over {FAR_KM} km: {(dist > FAR_KM).sum()}; "
      f"at Beijing's point: {beijing_point}; unmatched codes: {len(cw_dual.unmatched)}")
# NBVAL_CHECK_OUTPUT

# %%
table(cw_dual.unmatched, "Dual-carbon codes without a census polygon of their own.",
      columns={"Province": "Province", "城市名称": "Unit (Chinese)", "City": "Unit", "Code": "Code"},
      formats={"Code": "{:.0f}"}, table_id="p21-dual-unmatched")

# %% [markdown]
# The median distance is {glue:text}`p21_dual_median_km:.0f` km, but {glue:text}`p21_dual_far` cities
# lie more than {glue:text}`p21_dual_far_km` km from their census centroid, and
# {glue:text}`p21_dual_beijing_point` cities other than Beijing carry Beijing's point. The
# {glue:text}`p21_dual_unmatched` codes without a census unit are the aggregates of
# province-administered counties in Henan, Hubei and Hainan; they get the mean centroid of their
# member units.

# %% tags=["remove-cell"]
pilots = catalogue.load_lowcarbon_pilots()
adopt = attach_pilots(adopt0, pilots)
bass_dc = fit_bass_ml(t_dc, n_dc, m=len(adopt), n_boot=N_BOOT, seed=213)
s_dc = bass_dc.summary()
glue("p21_dc_adopters", int(n_dc.sum()))
for k in ("p", "q"):
    glue(f"p21_dc_{k}", s_dc.loc[k, "estimate"])
    glue(f"p21_dc_{k}_lo", s_dc.loc[k, "profile_low"])
    glue(f"p21_dc_{k}_hi", s_dc.loc[k, "profile_high"])
glue("p21_dc_qp", bass_dc.q_over_p)
print(f"adoptions by year: {dict(zip(range(2020, 2024), n_dc.tolist()))}; "
      f"p = {bass_dc.p:.3f}, q = {bass_dc.q:.2f} per year")
# NBVAL_CHECK_OUTPUT

# %%
table(s_dc.reset_index(names="parameter")[["parameter", "estimate", "ci_low", "ci_high", "profile_low",
                                           "profile_high", "boot_low", "boot_high"]],
      "Bass fit to the dual-carbon strategies (per year, m = all cities), with 95% intervals.",
      columns={"parameter": "Parameter", "estimate": "Estimate", "ci_low": "Wald low", "ci_high": "Wald high",
               "profile_low": "Profile low", "profile_high": "Profile high", "boot_low": "Bootstrap low",
               "boot_high": "Bootstrap high"}, digits=3, table_id="p21-bass-dc")

# %% [markdown]
# {glue:text}`p21_dc_adopters` of the {glue:text}`p21_dual_n` cities adopted by 2023. The Bass fit
# gives $p$ = {glue:text}`p21_dc_p:.3f` per year ({glue:text}`p21_dc_p_lo:.3f` to
# {glue:text}`p21_dc_p_hi:.3f`) and $q$ = {glue:text}`p21_dc_q:.2f` ({glue:text}`p21_dc_q_lo:.2f` to
# {glue:text}`p21_dc_q_hi:.2f`), with $q/p$ = {glue:text}`p21_dc_qp:.0f`. Four annual counts are very
# few data points for two parameters, and the same warning applies as for COVID: any national
# guidance issued during these years is a time-varying push, which Bass will read as imitation.
#
# ### The city-year hazard, and the low-carbon pilots as a dated signal from above
#
# Covariates (at the start of each year): the share of cities within {glue:text}`p21_radius` km that
# had adopted (`nbr_share`), the share of the other cities of the province (`prov_share`), whether the
# provincial capital had adopted (`capital_adopted`; capitals and municipalities carry
# `is_capital`), log population, GDP and CO2, and year dummies for the national calendar.
#
# The **low-carbon city pilots** are a signal from above that is dated and varies across cities:
# the NDRC designated pilot provinces and cities in three batches, 2010, 2012 and 2017, all before the
# dual-carbon window. Our table re-codes the batches from the notices and is cross-checked against
# two third-party codings ({ref}`ch-four-cities`). A city counts as designated if it was named
# itself (`lc_city`) or lies in a designated province (`lc_pilot`, any route). Model D asks whether
# designated cities adopted earlier, conditional on their peers.

# %% tags=["remove-cell"]
codes = adopt["code"].replace(DUAL_CARBON_CODE_FIX)
w_queen = contiguity_weights(census, "queen", ids="city_code")
w_rook = contiguity_weights(census, "rook", ids="city_code")
C = contiguity_matrix(codes, census, weights=w_queen)
C_rook = contiguity_matrix(codes, census, weights=w_rook)
rs_dc = dual_carbon_risk_set(adopt, radius_km=RADIUS, contiguity=C)
core = ["nbr_share", "capital_adopted", "is_capital", "log_pop", "log_gdp", "log_co2", "y2021", "y2022", "y2023"]
dc_a = fit_hazard(rs_dc, core, link="cloglog", cluster="province", unit="unit")
dc_b = fit_hazard(rs_dc, core + ["prov_share"], link="cloglog", cluster="province", unit="unit")
dc_c = fit_hazard(rs_dc, core + ["prov_share"], link="logit", cluster="province", unit="unit")
dc_d = fit_hazard(rs_dc, core + ["prov_share", "lc_city", "lc_pilot"], link="cloglog", cluster="province", unit="unit")
fits_dc = {"a": dc_a, "b": dc_b, "d": dc_d}
for name, f in fits_dc.items():
    s = f.summary()
    for term in ("nbr_share", "prov_share", "capital_adopted", "is_capital", "log_gdp", "lc_city", "lc_pilot"):
        if term in s.index:
            glue(f"p21_dc{name}_{term}", s.loc[term, "coef"])
            glue(f"p21_dc{name}_{term}_lo", s.loc[term, "ci_low"])
            glue(f"p21_dc{name}_{term}_hi", s.loc[term, "ci_high"])
glue("p21_dca_nbr_hr", float(np.exp(dc_a.params["nbr_share"] * 0.5)))
glue("p21_dca_nbr_verdict", zero_verdict(dc_a.ci.loc["nbr_share", "low"], dc_a.ci.loc["nbr_share", "high"]))
glue("p21_dcb_capital_verdict", zero_verdict(dc_b.ci.loc["capital_adopted", "low"], dc_b.ci.loc["capital_adopted", "high"]))
_sep = [t for t in ("nbr_share", "prov_share") if dc_b.ci.loc[t, "low"] > 0 or dc_b.ci.loc[t, "high"] < 0]
glue("p21_dcb_shares_verdict", "each not distinguishable from zero once both are in" if not _sep else
     f"distinguishable from zero for {', '.join(_sep)}")
glue("p21_dcd_lc_city_hr", float(np.exp(dc_d.params["lc_city"])))
glue("p21_dcd_lc_city_verdict", zero_verdict(dc_d.ci.loc["lc_city", "low"], dc_d.ci.loc["lc_city", "high"]))
glue("p21_dcd_lc_pilot_verdict", zero_verdict(dc_d.ci.loc["lc_pilot", "low"], dc_d.ci.loc["lc_pilot", "high"]))
glue("p21_dc_rows", dc_a.n_rows)
glue("p21_dc_corr_np", rs_dc[["nbr_share", "prov_share"]].corr().iloc[0, 1])
glue("p21_lc_city_n", int(adopt["lc_city"].sum()))
glue("p21_lc_pilot_n", int(adopt["lc_pilot"].sum()))
glue("p21_lc_adopt_share_city", float(adopt.loc[adopt["lc_city"] == 1, "first_year"].notna().mean()))
glue("p21_lc_adopt_share_none", float(adopt.loc[adopt["lc_pilot"] == 0, "first_year"].notna().mean()))
print(f"rows {dc_a.n_rows}, events {dc_a.n_events}; designated cities: named {int(adopt['lc_city'].sum())}, "
      f"any route {int(adopt['lc_pilot'].sum())}")
print(dc_d.summary().loc[["nbr_share", "prov_share", "lc_city", "lc_pilot"], ["coef", "ci_low", "ci_high"]].round(2).to_string())
# NBVAL_CHECK_OUTPUT

# %%
hazard_table({"A: cloglog": dc_a, "B: + province share": dc_b, "C: logit, as B": dc_c,
              "D: B + pilot designation": dc_d},
             "City-year hazard of a dual-carbon strategy: coefficient [95% interval], standard errors clustered by province.",
             "p21-hz-dc")

# %% [markdown]
# Over {glue:text}`p21_dc_rows:,d` city-years:
#
# * **Neighbours in model A**: a city whose neighbours within {glue:text}`p21_radius` km had
#   gone from none to half adopted has a hazard {glue:text}`p21_dca_nbr_hr:.1f` times higher
#   (coefficient {glue:text}`p21_dca_nbr_share:.2f`, 95% interval {glue:text}`p21_dca_nbr_share_lo:.2f`
#   to {glue:text}`p21_dca_nbr_share_hi:.2f`, {glue:text}`p21_dca_nbr_verdict`).
# * **Is the spatial effect horizontal?** Neighbours within the radius are mostly in
#   the same province (correlation between the two shares {glue:text}`p21_dc_corr_np:.2f`). Once the
#   province's share enters (model B), the neighbour coefficient falls to
#   {glue:text}`p21_dcb_nbr_share:.2f` ({glue:text}`p21_dcb_nbr_share_lo:.2f` to
#   {glue:text}`p21_dcb_nbr_share_hi:.2f`); the two shares are {glue:text}`p21_dcb_shares_verdict`.
# * **The provincial capital**: the capitals themselves adopt much earlier than other cities
#   (`is_capital`, {glue:text}`p21_dca_is_capital:.1f`), the footprint of a hierarchy in which the
#   provincial centre moves first; adoption by the capital has a coefficient of
#   {glue:text}`p21_dcb_capital_adopted:.2f` for the other cities, {glue:text}`p21_dcb_capital_verdict` ({glue:text}`p21_dcb_capital_adopted_lo:.2f` to
#   {glue:text}`p21_dcb_capital_adopted_hi:.2f`).
# * **The pilot designation.** {glue:text}`p21_lc_city_n` cities were named pilots themselves and
#   {glue:text}`p21_lc_pilot_n` were designated by any route. Of the named cities,
#   {glue:text}`p21_lc_adopt_share_city:.0%` had a dual-carbon strategy by 2023, against
#   {glue:text}`p21_lc_adopt_share_none:.0%` of the cities never designated. Conditional on peers,
#   size and income (model D), being named multiplies the hazard by
#   {glue:text}`p21_dcd_lc_city_hr:.2f` (coefficient {glue:text}`p21_dcd_lc_city:.2f`,
#   {glue:text}`p21_dcd_lc_city_lo:.2f` to {glue:text}`p21_dcd_lc_city_hi:.2f`,
#   {glue:text}`p21_dcd_lc_city_verdict`); designation only through the province adds
#   {glue:text}`p21_dcd_lc_pilot:.2f` ({glue:text}`p21_dcd_lc_pilot_lo:.2f` to
#   {glue:text}`p21_dcd_lc_pilot_hi:.2f`, {glue:text}`p21_dcd_lc_pilot_verdict`). The comparison
#   must hold size and income fixed: pilots were chosen among large, rich cities, and richer cities
#   adopt earlier (log GDP
#   {glue:text}`p21_dca_log_gdp:.2f`, {glue:text}`p21_dca_log_gdp_lo:.2f` to
#   {glue:text}`p21_dca_log_gdp_hi:.2f`).

# %% [markdown]
# ## Space from the polygons
#
# A radius treats a city {glue:text}`p21_radius` km away across a province border like one next
# door. **Contiguity** uses the census polygons instead: two cities are neighbours when their
# boundaries touch (queen: any contact; rook: a shared stretch of border), built with `libpysal`
# from the census polygons ({ref}`ch-city-sizes`). The aggregates of province-administered counties
# border whatever their member units border.

# %% tags=["remove-cell"]
years = np.array([2020, 2021, 2022, 2023])
ev_dc = adopt["first_year"].to_numpy(float)
N_JOIN_PERM = 499
clus = adoption_clustering(ev_dc, C, years, permutations=N_JOIN_PERM, seed=220)
glue_many("p21_moran", {k: v for k, v in clus.items() if k != "joins"})
glue("p21_queen_mean", float(C.sum(axis=1).mean()))
glue("p21_rook_mean", float(C_rook.sum(axis=1).mean()))
glue("p21_queen_isolated", int((C.sum(axis=1) == 0).sum()))
joins = clus["joins"]
j = joins.set_index("year")
glue("p21_jc_2023_bb", float(j.loc[2023, "bb_joins"]))
glue("p21_jc_2023_exp", float(j.loc[2023, "bb_expected"]))
glue("p21_jc_2023_p", float(j.loc[2023, "p_bb"]))
glue("p21_jc_2021_bb", float(j.loc[2021, "bb_joins"]))
glue("p21_jc_2021_exp", float(j.loc[2021, "bb_expected"]))
glue("p21_jc_2021_p", float(j.loc[2021, "p_bb"]))
glue("p21_jc_perm", N_JOIN_PERM)
for yr in (2021, 2023):
    glue(f"p21_jc_{yr}_word", "more often" if j.loc[yr, "bb_joins"] > j.loc[yr, "bb_expected"] else "less often")
print(f"Moran I = {clus['moran_i']:.3f} (E = {clus['moran_expected']:.3f}, p = {clus['moran_p']:.3f})")
print(joins.round(3).to_string(index=False))
# NBVAL_CHECK_OUTPUT

# %%
table(joins, "Join counts of adoption on queen contiguity: adopter-adopter borders against their permutation mean.",
      columns={"year": "By the end of", "adopted": "Cities adopted", "bb_joins": "Adopter-adopter borders",
               "bb_expected": "Expected under random placement", "p_bb": "Pseudo p-value (as many or more)"},
      formats={"bb_joins": "{:.0f}", "bb_expected": "{:.1f}", "p_bb": "{:.3f}"}, table_id="p21-joins")

# %% [markdown]
# A city has {glue:text}`p21_queen_mean:.1f` queen neighbours on average
# ({glue:text}`p21_rook_mean:.1f` rook neighbours; {glue:text}`p21_queen_isolated` without any).
# **Clustering of adoption timing.** Moran's I of the adoption year (never-adopters
# coded 2024) is {glue:text}`p21_moran_moran_i:.3f` against an expectation of
# {glue:text}`p21_moran_moran_expected:.3f` under no autocorrelation (pseudo $p$ =
# {glue:text}`p21_moran_moran_p:.3f`, {glue:text}`p21_jc_perm` permutations). The join counts show how
# the pattern changed: by 2021 adopters bordered each other {glue:text}`p21_jc_2021_word` than under
# random placement ({glue:text}`p21_jc_2021_bb:.0f` borders against {glue:text}`p21_jc_2021_exp:.1f`
# expected; pseudo $p$ of as many or more {glue:text}`p21_jc_2021_p:.2f`), so the early adopters were
# spread out rather than bunched; by 2023 they bordered each other {glue:text}`p21_jc_2023_word`
# ({glue:text}`p21_jc_2023_bb:.0f` against {glue:text}`p21_jc_2023_exp:.1f`, $p$ =
# {glue:text}`p21_jc_2023_p:.3f`).
#
# ## Designs that identify the horizontal effect
#
# The pooled models compare cities across provinces, so any push from a province shows up as a peer
# effect among its cities. Four designs do better.
#
# * **Strata of province and year.** A conditional logit with one stratum per province and year
#    compares only cities of the same province in the same year, so the province's instructions,
#    its own share of adopters and the national calendar are all held fixed. What is left is the
#    difference between cities whose *own* neighbours had adopted and cities whose neighbours had
#    not. Exposure is measured on distance (within the radius) and on contiguity (bordering cities).
# * **Permutation within provinces.** Relocate the cities at random inside their province, keeping
#    each city's adoption year and covariates; recompute the exposure and the statistic (the
#    standardised score of the exposure in the stratified model). If location within the province
#    does not matter, the observed statistic is a typical draw.
# * **Wild cluster bootstrap.** With few, unequal provinces the clustered standard errors are too
#    small {cite:p}`cameron2008wild`. The restricted wild cluster bootstrap (Webb weights) of the
#    linear-probability version of the stratified design gives a $p$-value and an interval by test inversion.
# * **Directed dyads** {cite:p}`boehmke2009,gilardi2008`: every pair (i, j) in which i has not
#    adopted and j has is at risk of i following j. The covariates describe the pair: distance, same
#    province, similarity in size and in income per head. We fit the dyadic contagion likelihood (each
#    earlier adopter adds its own rate to i's hazard, on top of a baseline per year) and, for
#    comparison, the usual dyad logit, which counts one adoption once per dyad.

# %% tags=["remove-cell"]
ctrl = ["is_capital", "log_pop", "log_gdp", "log_co2", "lc_city"]
st_n = fit_stratified_hazard(rs_dc, ["nbr_share"] + ctrl, ["province", "t"], cluster="province", unit="unit")
st_c = fit_stratified_hazard(rs_dc, ["contig_share"] + ctrl, ["province", "t"], cluster="province", unit="unit")
pooled_c = fit_hazard(rs_dc, core + ["prov_share", "lc_city", "contig_share"], link="cloglog", cluster="province", unit="unit")
D_km = haversine_km(adopt["lon"], adopt["lat"])
W_dist = ((D_km <= RADIUS) & (D_km > 0)).astype(float)
N_PERM = 999
perm_n = peer_permutation_test(rs_dc, ev_dc, W_dist, adopt["province"], years, ["province", "t"], covariates=ctrl,
                               n_perm=N_PERM, seed=216)
perm_c = peer_permutation_test(rs_dc, ev_dc, C, adopt["province"], years, ["province", "t"], covariates=ctrl,
                               n_perm=N_PERM, seed=217)
wb_n = wild_cluster_bootstrap(rs_dc, "nbr_share", ctrl, strata=["province", "t"], cluster="province", reps=N_PERM,
                              seed=218, weights="webb")
wb_c = wild_cluster_bootstrap(rs_dc, "contig_share", ctrl, strata=["province", "t"], cluster="province", reps=N_PERM,
                              seed=219, weights="webb")
dy = dyad_risk_set(ev_dc, years, D_km + np.eye(len(D_km)), group=adopt["province"].to_numpy(), size=adopt["pop_10k"],
                   income=adopt["gdp_100m"] / adopt["pop_10k"])
dy["log_dist"] -= np.log(100.0)          # distance in units of 100 km
dyad_terms = ["log_dist", "same_group", "size_sim", "income_sim"]
dyc = fit_dyadic_hazard(dy, dyad_terms, cluster="group_i")
for y in years[2:]:
    dy[f"y{y}"] = (dy["t"] == y).astype(float)
dyl = fit_hazard(dy, dyad_terms + [f"y{y}" for y in years[2:]], link="logit", cluster="group_i")
glue("p21_n_perm", N_PERM)
glue("p21_dyads", len(dy))
glue("p21_strata_dc", st_n.n_strata)
for key, f in [("stn", st_n), ("stc", st_c), ("pooledc", pooled_c), ("dyc", dyc), ("dyl", dyl)]:
    s = f.summary()
    for term in s.index:
        glue(f"p21_{key}_{term}", s.loc[term, "coef"])
        glue(f"p21_{key}_{term}_lo", s.loc[term, "ci_low"])
        glue(f"p21_{key}_{term}_hi", s.loc[term, "ci_high"])
glue_many("p21_permn", perm_n.as_dict())
glue_many("p21_permc", perm_c.as_dict())
glue_many("p21_wbn", wb_n.as_dict())
glue_many("p21_wbc", wb_c.as_dict())
glue("p21_dyc_dist_halving", float(2 ** (-dyc.params["log_dist"])))
glue("p21_stn_verdict", zero_verdict(st_n.ci.loc["nbr_share", "low"], st_n.ci.loc["nbr_share", "high"]))
glue("p21_stc_verdict", zero_verdict(st_c.ci.loc["contig_share", "low"], st_c.ci.loc["contig_share", "high"]))
glue("p21_perm_verdict", "rejected" if min(perm_n.p_value, perm_c.p_value) < 0.05 else "not rejected")
glue("p21_wb_verdict", "rejected" if min(wb_n.p_value, wb_c.p_value) < 0.05 else "not rejected")
for t in dyad_terms:
    glue(f"p21_dyc_{t}_verdict", zero_verdict(dyc.ci.loc[t, "low"], dyc.ci.loc[t, "high"]))
print(f"stratified: nbr {st_n.params['nbr_share']:.2f}, contig {st_c.params['contig_share']:.2f}; "
      f"permutation p: {perm_n.p_value:.3f}, {perm_c.p_value:.3f}; wild bootstrap p: {wb_n.p_value:.3f}, {wb_c.p_value:.3f}")
print(dyc.summary().loc[dyad_terms, ["coef", "ci_low", "ci_high"]].round(2).to_string())
# NBVAL_CHECK_OUTPUT

# %% tags=["remove-cell"]
def _row(design, scale, fit_or_val, term=None, lo=None, hi=None, p=None, note=""):
    if term is not None:
        s = fit_or_val.summary()
        b, lo, hi = s.loc[term, "coef"], s.loc[term, "ci_low"], s.loc[term, "ci_high"]
        p = s.loc[term, "p_value"]
    else:
        b = fit_or_val
    return {"design": design, "scale": scale, "estimate": b, "low": lo, "high": hi, "p": p, "note": note}


designs = pd.DataFrame([
    _row("pooled hazard (model B), distance", "log hazard ratio", dc_b, "nbr_share", note="across provinces"),
    _row("pooled hazard, contiguity", "log hazard ratio", pooled_c, "contig_share", note="with province share"),
    _row("province x year strata, distance", "log odds ratio", st_n, "nbr_share", note="conditional logit"),
    _row("province x year strata, contiguity", "log odds ratio", st_c, "contig_share", note="conditional logit"),
    _row("permutation within provinces, distance", "standardised score", perm_n.statistic, p=perm_n.p_value,
         note="relocations within provinces"),
    _row("permutation within provinces, contiguity", "standardised score", perm_c.statistic, p=perm_c.p_value,
         note="relocations within provinces"),
    _row("wild cluster bootstrap, distance", "probability per unit share", wb_n.coef, lo=wb_n.ci[0], hi=wb_n.ci[1],
         p=wb_n.p_value, note="linear probability, strata absorbed"),
    _row("wild cluster bootstrap, contiguity", "probability per unit share", wb_c.coef, lo=wb_c.ci[0], hi=wb_c.ci[1],
         p=wb_c.p_value, note="linear probability, strata absorbed"),
    _row("directed dyads: log distance", "log rate per dyad", dyc, "log_dist", note="dyadic contagion ML"),
    _row("directed dyads: same province", "log rate per dyad", dyc, "same_group", note="dyadic contagion ML"),
])

# %%
table(designs, "The peer effect in the dual-carbon strategies under each design (95% intervals; scales differ by design).",
      columns={"design": "Design", "scale": "Scale", "estimate": "Estimate", "low": "Low", "high": "High",
               "p": "p-value", "note": "Note"},
      formats={"estimate": "{:.2f}", "low": "{:.2f}", "high": "{:.2f}", "p": "{:.3f}"}, table_id="p21-designs")

# %% [markdown]
# * **Within a province and year.** In the conditional logit ({glue:text}`p21_strata_dc`
#   informative strata) the distance exposure is {glue:text}`p21_stn_nbr_share:.2f`
#   ({glue:text}`p21_stn_nbr_share_lo:.2f` to {glue:text}`p21_stn_nbr_share_hi:.2f`,
#   {glue:text}`p21_stn_verdict`) and the contiguity exposure {glue:text}`p21_stc_contig_share:.2f`
#   ({glue:text}`p21_stc_contig_share_lo:.2f` to {glue:text}`p21_stc_contig_share_hi:.2f`,
#   {glue:text}`p21_stc_verdict`).
# * **Permutation within provinces** ({glue:text}`p21_n_perm` relocations): $p$ =
#   {glue:text}`p21_permn_p_value:.3f` for distance and {glue:text}`p21_permc_p_value:.3f` for
#   contiguity, so the null that location within the province does not matter is
#   {glue:text}`p21_perm_verdict` at the conventional level.
# * **Wild cluster bootstrap** (null of no effect {glue:text}`p21_wb_verdict` at the conventional level): on the
#   linear-probability scale the distance exposure is
#   {glue:text}`p21_wbn_coef:.2f` (interval {glue:text}`p21_wbn_ci_low:.2f` to
#   {glue:text}`p21_wbn_ci_high:.2f`, $p$ = {glue:text}`p21_wbn_p:.3f`, {glue:text}`p21_wbn_clusters`
#   provinces) and the contiguity exposure {glue:text}`p21_wbc_coef:.2f` ({glue:text}`p21_wbc_ci_low:.2f`
#   to {glue:text}`p21_wbc_ci_high:.2f`).
# * **Directed dyads.** Over {glue:text}`p21_dyads:,d` dyad-years, log distance has a coefficient of
#   {glue:text}`p21_dyc_log_dist:.2f` ({glue:text}`p21_dyc_log_dist_lo:.2f` to
#   {glue:text}`p21_dyc_log_dist_hi:.2f`, {glue:text}`p21_dyc_log_dist_verdict`: halving the distance
#   multiplies an earlier adopter's pull by {glue:text}`p21_dyc_dist_halving:.1f`); similarity in
#   income per head {glue:text}`p21_dyc_income_sim:.2f` ({glue:text}`p21_dyc_income_sim_lo:.2f` to
#   {glue:text}`p21_dyc_income_sim_hi:.2f`, {glue:text}`p21_dyc_income_sim_verdict`); in size
#   {glue:text}`p21_dyc_size_sim:.2f` ({glue:text}`p21_dyc_size_sim_verdict`); sharing a province
#   {glue:text}`p21_dyc_same_group:.2f` ({glue:text}`p21_dyc_same_group_lo:.2f` to
#   {glue:text}`p21_dyc_same_group_hi:.2f`, {glue:text}`p21_dyc_same_group_verdict`). The dyad logit
#   gives {glue:text}`p21_dyl_log_dist:.2f` for distance and {glue:text}`p21_dyl_income_sim:.2f` for
#   income similarity. The dyadic
#   model does not hold provinces and years fixed the way the strata do, and cities of similar
#   income are also cities that a province or the centre treats alike, so the similarity effect
#   speaks to competition or emulation only under that caveat.
#
# ### Which mechanism?
#
# Shipan and Volden {cite:p}`shipan2008` distinguish four mechanisms of policy diffusion. The table
# says, for each, what evidence would identify it in these data, the estimate that comes closest,
# and whether we have it; the last column is computed from the intervals.

# %% tags=["remove-cell"]
def _est(label, f, term):
    s = f.summary()
    return (label, s.loc[term, "coef"], s.loc[term, "ci_low"], s.loc[term, "ci_high"])


mech = mechanism_table({
    "learning": [],
    "competition": [_est("dyads, income similarity", dyc, "income_sim"), _est("dyads, size similarity", dyc, "size_sim")],
    "imitation": [_est("capital adopted", dc_b, "capital_adopted"), _est("neighbours within province-year", st_n, "nbr_share")],
    "coercion": [_est("pilot city named", dc_d, "lc_city"), _est("pilot via province", dc_d, "lc_pilot")],
})

# %%
table(mech, "Shipan and Volden's four mechanisms against the estimates of this chapter.",
      columns={"mechanism": "Mechanism"}, table_id="p21-mechanisms")

# %% [markdown]
# ## MCA experimental zones: designation from above
#
# The Ministry of Civil Affairs names the experimental zones of the previous chapter
# ({ref}`ch-four-cities`). Their time profile is a set of pulses, one per batch, with nothing in
# between, which is what pure designation looks like. A Bass model fitted to it would report
# whatever $q$ the batch spacing implies.

# %% tags=["remove-cell"]
zones = catalogue.load_mca_zones()
urban = zones[(zones["programme_kind"] == "national_urban")]
pulses = (urban.assign(year=urban["year"].astype("Int64").astype(str).replace("<NA>", "unknown"))
          .groupby("year").agg(zones=("zone_name_zh", "size"), provinces=("province", "nunique")).reset_index())

# %%
table(pulses, "Named national urban experimental zones of the Ministry of Civil Affairs by year of designation.",
      columns={"year": "Year", "zones": "Zones named", "provinces": "Provinces"}, table_id="p21-pulses")

# %% [markdown]
# ## Our $p$ and $q$ against the literature
#
# The marketing literature reports average values of $p$ and $q$ per year for consumer durables
# {cite:p}`sultan1990`, as reported in secondary sources (table `bass_literature`; the primary
# abstract was not seen). Because $p$ and $q$ are rates per unit of time, the comparison is made on
# the ratio $q/p$, which does not depend on the time unit.

# %% tags=["remove-cell"]
lit = catalogue.load_bass_literature()
ours = pd.DataFrame({
    "item": ["COVID declarations (per day)", "COVID city orders (per day)", "dual-carbon (per year)"],
    "p": [bass_decl.p, bass_city.p, bass_dc.p], "q": [bass_decl.q, bass_city.q, bass_dc.q],
    "qp_low": [f.ci.loc["q/p", "boot_low"] for f in (bass_decl, bass_city, bass_dc)],
    "qp_high": [f.ci.loc["q/p", "boot_high"] for f in (bass_decl, bass_city, bass_dc)],
})
ours["q/p"] = ours["q"] / ours["p"]
lit_avg = lit[lit["item"].isin(["typical", "213 applications"])]
glue("p21_lit_qp", float((lit_avg["q"] / lit_avg["p"]).mean()))
glue("p21_lit_p", float(lit_avg["p"].mean()))
glue("p21_lit_q", float(lit_avg["q"].mean()))
lit_items = lit[lit["p"] > 1e-6].assign(**{"q/p": lambda d: d["q"] / d["p"]})
print(ours[["item", "q/p"]].round(1).to_string(index=False))
# NBVAL_CHECK_OUTPUT

# %% tags=["remove-cell"]
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
# :alt: Horizontal dot chart on a log scale of q over p. Literature values for consumer durables range from about ten to about a hundred (cell telephones), with the published averages near thirteen. Our three policy curves lie between about thirty and a hundred, with wide bootstrap intervals that reach into the upper part of the literature range.
# :name: fig-p21-qp
#
# The ratio $q/p$ of our three policy curves (squares, with 95% intervals from the parametric bootstrap) and of the
# published consumer-durable curves (grey dots). Hybrid corn ($p$ near zero) is off the scale and
# omitted.
# ```
#
# The averages in the literature ($p$ about {glue:text}`p21_lit_p:.2f` and $q$ about
# {glue:text}`p21_lit_q:.2f` per year) give $q/p$ of about {glue:text}`p21_lit_qp:.0f`. All three
# policy curves lie well above that, in the range of the most "contagious" products. A naive reading
# would be that Chinese policies spread by imitation more than consumer goods do. The simulations
# and the designs above say the opposite is at least as likely: the curves are steep because
# adoption follows common signals from above, and the Bass model converts any such synchrony into
# $q$. This matches the Chinese event-history literature summarised in `diffusion_literature.md`,
# which finds provincial and central pressure significant and horizontal competition often not
# {cite:p}`zhu2014mandate,peng2023dibao`.
#
# ## What this chapter cannot show
#
# * **Vertical against horizontal is separated only where the level above varies.** The COVID
#   declarations came within days of each other, so the provincial push and the national clock are
#   one variable. In the dual-carbon data the strata of province and year remove every provincial
#   push, and what remains (neighbours within a province) is not distinguishable from zero; the data
#   cannot say whether that is because there is no horizontal effect or because there is too little
#   variation left.
# * **Neighbours share more than information.** A city and its neighbours share an epidemic, a
#   provincial government and an economy; a neighbour coefficient absorbs all three, and the dyadic
#   similarity effects are as compatible with a centre that treats similar cities alike as with
#   competition.
# * **Learning is out of reach**: no outcome of an earlier adopter is in the data.
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
# Refit the Bass model to the provincial declarations with the origin moved one day earlier (shift
# `decl["day"]` by one and use `last=8` in `daily_counts`, with `m` the number of provinces). How
# do $p$ and $q$ change, and what does this tell you about interpreting $q$ for a burst of
# adoptions?
# ```
#
# ```{solution-start} ex-p21-origin
# :class: dropdown
# ```

# %% tags=["remove-output"]
t_shift, n_shift = daily_counts(decl["day"] + 1, last=8)
bass_shift = fit_bass_ml(t_shift, n_shift, m=len(decl), profile=False)
glue("p21_ex1_p", bass_shift.p)
glue("p21_ex1_q", bass_shift.q)
glue("p21_ex1_qp", bass_shift.q_over_p)
glue("p21_ex1_pdir", "falls" if bass_shift.p < bass_decl.p else "rises")
glue("p21_ex1_qdir", "rises" if bass_shift.q > bass_decl.q else "falls")
print(f"origin one day earlier: p = {bass_shift.p:.4f} (was {bass_decl.p:.4f}), q = {bass_shift.q:.3f} (was {bass_decl.q:.3f})")

# %% [markdown]
# With one extra empty day at the start, $p$ {glue:text}`p21_ex1_pdir` to {glue:text}`p21_ex1_p:.4f` (from
# {glue:text}`p21_decl_p:.3f`) and $q$ {glue:text}`p21_ex1_qdir` to {glue:text}`p21_ex1_q:.2f` (from
# {glue:text}`p21_decl_q:.2f`), so $q/p$ becomes {glue:text}`p21_ex1_qp:.0f`. The model must now
# explain a longer quiet start followed by the same burst, which it can only do with a hazard that
# rises steeply with $F$. The estimate of $q$ depends on an arbitrary choice of origin: it measures
# synchrony, not a behavioural mechanism.
#
# ```{solution-end}
# ```
#
# ```{exercise}
# :label: ex-p21-radius
#
# Refit model A of the dual-carbon hazard with neighbours defined within 100 km and within 400 km
# (`dual_carbon_risk_set(adopt, radius_km=...)`, then `fit_hazard` with the same terms `core`).
# Does the neighbour coefficient behave like a local spillover (strongest at short range) or like a
# provincial effect?
# ```
#
# ```{solution-start} ex-p21-radius
# :class: dropdown
# ```

# %% tags=["remove-output"]
radius_fits = {}
for r in (100, 400):
    rs_r = dual_carbon_risk_set(adopt, radius_km=r)
    radius_fits[r] = fit_hazard(rs_r, core, link="cloglog", cluster="province", unit="unit").summary().loc["nbr_share"]
    glue(f"p21_ex2_b{r}", radius_fits[r]["coef"])
    glue(f"p21_ex2_lo{r}", radius_fits[r]["ci_low"])
    glue(f"p21_ex2_hi{r}", radius_fits[r]["ci_high"])
    glue(f"p21_ex2_r{r}", r)
glue("p21_ex2_grows", bool(radius_fits[400]["coef"] > radius_fits[100]["coef"]))
glue("p21_ex2_verdict", "grows with the radius, like a regional or provincial effect"
     if radius_fits[400]["coef"] > radius_fits[100]["coef"] else "is strongest at short range, like a local spillover")
pd.DataFrame(radius_fits).T[["coef", "ci_low", "ci_high"]].round(2)

# %% [markdown]
# The coefficient is {glue:text}`p21_ex2_b100:.2f` ({glue:text}`p21_ex2_lo100:.2f` to
# {glue:text}`p21_ex2_hi100:.2f`) within {glue:text}`p21_ex2_r100` km and {glue:text}`p21_ex2_b400:.2f`
# ({glue:text}`p21_ex2_lo400:.2f` to {glue:text}`p21_ex2_hi400:.2f`) within {glue:text}`p21_ex2_r400` km (model A gives
# {glue:text}`p21_dca_nbr_share:.2f` at the chapter's radius): it {glue:text}`p21_ex2_verdict`. A
# local spillover should weaken as the radius grows, because distant cities add noise; a coefficient
# that holds up or grows says that the "neighbours" stand in for something regional. At the shorter radius some
# cities have no neighbour and get an exposure of zero, which mixes "no neighbour" with "no adopting
# neighbour".
#
# ```{solution-end}
# ```
#
# ```{exercise}
# :label: ex-p21-sim
#
# With `simulate_peer_panel(40, 15, 8, beta_peer=0.0, group_sd=1.5, rng=np.random.default_rng(0))`
# generate adoption data in which neighbours have no effect at all, but provinces differ in how hard
# they push. Fit the pooled logit hazard (`fit_hazard` with `nbr_share`, `x` and period dummies)
# and the stratified one (`fit_stratified_hazard` with strata `["group", "t"]`). What does each say
# about the peer effect?
# ```
#
# ```{solution-start} ex-p21-sim
# :class: dropdown
# ```

# %% tags=["remove-output"]
sim_rs, _, _ = simulate_peer_panel(40, 15, 8, beta_peer=0.0, group_sd=1.5, rng=np.random.default_rng(0))
for k in range(2, 9):
    sim_rs[f"d{k}"] = (sim_rs["t"] == k).astype(float)
sim_pooled = fit_hazard(sim_rs, ["nbr_share", "x"] + [f"d{k}" for k in range(2, 9)], link="logit", cluster="group")
sim_strat = fit_stratified_hazard(sim_rs, ["nbr_share", "x"], ["group", "t"], cluster="group")
for key, f in [("pooled", sim_pooled), ("strat", sim_strat)]:
    glue(f"p21_ex3_{key}", f.params["nbr_share"])
    glue(f"p21_ex3_{key}_lo", f.ci.loc["nbr_share", "low"])
    glue(f"p21_ex3_{key}_hi", f.ci.loc["nbr_share", "high"])
    glue(f"p21_ex3_{key}_verdict", "covers" if f.ci.loc["nbr_share", "low"] <= 0 <= f.ci.loc["nbr_share", "high"]
         else "excludes")
print(f"pooled {sim_pooled.params['nbr_share']:.2f}, stratified {sim_strat.params['nbr_share']:.2f} (truth 0)")

# %% [markdown]
# The pooled model reports a peer effect of {glue:text}`p21_ex3_pooled:.2f`
# ({glue:text}`p21_ex3_pooled_lo:.2f` to {glue:text}`p21_ex3_pooled_hi:.2f`; the interval
# {glue:text}`p21_ex3_pooled_verdict` the true value, zero): cities of a province that pushes hard adopt early *and* have many
# adopting neighbours. The stratified model, which compares cities of one province in one period,
# gives {glue:text}`p21_ex3_strat:.2f` ({glue:text}`p21_ex3_strat_lo:.2f` to
# {glue:text}`p21_ex3_strat_hi:.2f`), an interval that {glue:text}`p21_ex3_strat_verdict` the truth. A push that differs between
# provinces is enough to manufacture contagion in a pooled model; the strata remove it.
#
# ```{solution-end}
# ```
