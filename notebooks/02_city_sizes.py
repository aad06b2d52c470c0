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
# likelihood-ratio test of power law against log-normal and truncated power law with the cut-off
# chosen by the Kolmogorov-Smirnov distance; Gibrat's law with province fixed effects over two
# decades (2000-2010 and 2010-2020), with a unit-by-unit reconciliation of the 2000 census file;
# a map of growth 2010-2020.

# %% tags=["remove-cell"]
# Colab set-up (megacity): on Google Colab this installs the package and its tables first;
# anywhere else it does nothing.
import sys

if "google.colab" in sys.modules:
    import subprocess

    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",
                    "megacity[colab] @ git+https://github.com/megacity-compendium/megacity-governance@main"], check=True)

# %% tags=["remove-cell"]
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from myst_nb import glue

from megacity import geo, plots
from megacity import report
from megacity.citysize import (NATIONAL_TOTAL_2020, compare_tails, csn_xmin, gibrat_fe, gibrat_test,
                               mainland, pareto_mle, reconcile_census_2000, zeta_by_cutoff,
                               zipf_rank_regression)
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
coverage = pd.DataFrame({"series": ["whole prefecture 2010", "whole prefecture 2020",
                                    "census urban 2010", "census urban 2020"],
                         "units with a value": units[cols].notna().sum().to_numpy(),
                         "missing": units[cols].isna().sum().to_numpy(),
                         "sum (millions)": (units[cols].sum() / 1e6).to_numpy()})
gl("p02_n_units", len(units))
gl("p02_n_missing_2020", int(units["popu_2020"].isna().sum()))
gl("p02_n_missing_urban_2020", int(units["popu_urban_2020"].isna().sum()))
report.table(coverage, "Coverage of the census table (mainland units)",
             columns={"series": "Series", "units with a value": "Units with a value",
                      "missing": "Missing", "sum (millions)": "Sum (millions)"}, digits=1)

# %% [markdown]
# **Check before summing.** If two polygons overlapped, summing their populations could count
# people twice. We intersect every pair of neighbouring boundaries:

# %% tags=["remove-cell"]
MIN_SHARE = 0.01
gl("p02_min_share_pct", 100 * MIN_SHARE)
ov = geo.overlaps(census, min_share=MIN_SHARE)
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
# No pair of units overlaps by more than {glue:text}`p02_min_share_pct:.0f`% of the smaller one, so the units tile the country. The
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
# with exponent $\zeta$. **Unit.** Mainland prefecture-level units. **Cut-off.** The {glue:text}`p02_top` largest
# units in each series; a sensitivity analysis follows. **Estimators.**
# (i) the regression of $\log(\text{rank} - \tfrac12)$ on log size of {cite:t}`gabaix2011rank`,
# whose shift of one half removes the downward small-sample bias of the plain rank regression, with
# their standard error $\zeta\sqrt{2/n}$; (ii) the maximum-likelihood (Hill) estimator with the
# unbiased $(n-1)$ correction and an exact $\chi^2$ interval.

# %%
TOP = 100
gl("p02_top", TOP)
rows = []
for (definition, year), s in series.items():
    for fit in (zipf_rank_regression(s.dropna(), top=TOP), pareto_mle(s.dropna(), top=TOP)):
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
gl("p02_zeta_min", zeta["ci_low"].min())
report.table(zeta, f"Pareto tail exponent of the {TOP} largest units, two estimators",
             columns={"definition": "Population", "year": "Census", "method": "Estimator", "zeta": "ζ",
                      "se": "SE", "ci_low": "95% low", "ci_high": "95% high", "n": "Units",
                      "x_min (millions)": "Cut-off (millions)"}, digits=3)

# %% tags=["remove-cell"]
for _, r in zeta.iterrows():
    print(f"{r['definition']:16s} {r['year']} {r['method'][:12]:12s} zeta = {r['zeta']:.2f} [{r['ci_low']:.2f}, {r['ci_high']:.2f}]")
# NBVAL_CHECK_OUTPUT

# %% [markdown]
# Every interval lies above Zipf's $\zeta = 1$ (the lowest lower bound is {glue:text}`p02_zeta_min:.2f`). For whole-prefecture population in 2020 the maximum-likelihood
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
TOPS = [20, 30, 50, 75, 100, 150, 200, 250, 300]
gl("p02_top_first", TOPS[0])
gl("p02_top_last", TOPS[-1])
sens = zeta_by_cutoff(units["popu_2020"].dropna(), TOPS)
gl("p02_sens_min_zeta_to_200", sens.loc[sens["top"] <= 200, "ci_low"].min())
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
fig.tight_layout()
plots.source_note(fig, "2020 census by prefecture (Dong, Du & Liu 2022); our estimates, 95% intervals shaded.")
gl("p02_fig_cutoff", fig)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p02_fig_cutoff
# :alt: Line chart of the estimated tail exponent against the number of units in the tail, from 20 to 300, for the two estimators, with shaded confidence bands. Both stay between about 2 and 3.3 up to 100 units and then fall towards 1 as smaller units are included.
# :name: fig-p02-cutoff
#
# Both estimators as the tail grows from the {glue:text}`p02_top_first` to the
# {glue:text}`p02_top_last` largest units. The estimate drifts down as smaller units enter, the
# signature of a distribution that is not Pareto over this range; the next section tests which
# distribution fits better. Up to the two hundred largest units, every lower bound stays above one
# (the smallest is {glue:text}`p02_sens_min_zeta_to_200:.2f`).
# ```
#
# ## Power law, log-normal or truncated power law?
#
# "The curve bends, so it looks log-normal" is a judgement by eye. {cite:t}`clauset2009` make it a
# test: (i) choose the cut-off $x_{\min}$ that minimises the Kolmogorov-Smirnov distance between the
# data above it and the fitted power law; (ii) above that cut-off, fit a power law, a log-normal
# truncated at $x_{\min}$ and a power law with an exponential cut-off by maximum likelihood; (iii)
# compare them pairwise by the log-likelihood ratio $R$. For the non-nested pairs Vuong's normalised
# ratio gives a $p$-value; the power law is nested in the truncated power law, so that pair uses
# the $\chi^2_1$ likelihood-ratio test. A positive $R$ favours the first model of the pair. We
# cross-check every fit against the `powerlaw` package, whose default bound on the exponent
# ($\alpha \le 3$) must be lifted for these data.

# %% tags=["remove-cell"]
import powerlaw  # noqa: E402

tail_rows, test_rows, xcheck = [], [], []
for (definition, year), s in series.items():
    x = s.dropna().to_numpy() / 1e6
    tc = compare_tails(x)
    test_rows.append(tc.tests.assign(definition=definition, year=year, x_min=tc.x_min, n_tail=tc.n_tail,
                                     verdict=tc.favoured()))
    tail_rows.append(tc.params.assign(definition=definition, year=year))
    with np.errstate(all="ignore"):
        f_default = powerlaw.Fit(x, verbose=False)
        f_lifted = powerlaw.Fit(x, verbose=False, parameter_ranges={"alpha": [1, 20]})
    xcheck.append({"definition": definition, "year": year, "ours_xmin": tc.x_min,
                   "ours_alpha": tc.params.iloc[0]["alpha"], "pkg_xmin": f_lifted.xmin,
                   "pkg_alpha": f_lifted.alpha, "pkg_default_xmin": f_default.xmin,
                   "pkg_default_alpha": f_default.alpha})
tails = pd.concat(test_rows, ignore_index=True)
xcheck = pd.DataFrame(xcheck)
for (definition, year), d in tails.groupby(["definition", "year"]):
    key = f"p02_csn_{definition.split()[0]}_{year}"
    gl(key + "_verdict", d["verdict"].iloc[0])
    gl(key + "_xmin", d["x_min"].iloc[0])
    gl(key + "_ntail", int(d["n_tail"].iloc[0]))
    pl_ln = d[d["pair"] == "power law vs lognormal"].iloc[0]
    gl(key + "_pl_ln_R", pl_ln["R_normalised"])
    gl(key + "_pl_ln_p", pl_ln["p"])
    pl_tpl = d[d["pair"] == "power law vs truncated power law"].iloc[0]
    gl(key + "_pl_tpl_p", pl_tpl["p"])
gl("p02_xcheck_max_dalpha", float((xcheck["ours_alpha"] - xcheck["pkg_alpha"]).abs().max()))
gl("p02_n_xmin_clipped", int((xcheck["pkg_default_xmin"] != xcheck["pkg_xmin"]).sum()))
r = xcheck.set_index(["definition", "year"]).loc[("whole prefecture", 2010)]
gl("p02_clip_default_xmin", r["pkg_default_xmin"])
gl("p02_clip_default_alpha", r["pkg_default_alpha"])
gl("p02_clip_xmin", r["pkg_xmin"])
gl("p02_clip_alpha", r["pkg_alpha"])
gl("p02_ln_tpl_min_p", tails.loc[tails["pair"] == "lognormal vs truncated power law", "p"].min())
gl("p02_n_pl_rejected", int(tails.query("pair != 'lognormal vs truncated power law' and p < 0.1 and favoured != 'power law'")
                           .drop_duplicates(["definition", "year"]).shape[0]))

# %% tags=["remove-cell"]
print(tails[["definition", "year", "pair", "R", "p", "favoured", "verdict"]].round(3).to_string(index=False))
# NBVAL_CHECK_OUTPUT

# %%
report.table(tails[["definition", "year", "x_min", "n_tail", "pair", "test", "R", "R_normalised", "p", "favoured"]],
             "Tail models compared above the Kolmogorov-Smirnov cut-off (log-likelihood ratio R > 0 favours the first model)",
             columns={"definition": "Population", "year": "Census", "x_min": "Cut-off (millions)",
                      "n_tail": "Units in the tail", "pair": "Pair", "test": "Test", "R": "R",
                      "R_normalised": "Normalised R", "p": "p", "favoured": "Favoured"}, digits=3)

# %% [markdown]
# For whole prefectures in 2020 the cut-off is {glue:text}`p02_csn_whole_2020_xmin:.2f` million
# ({glue:text}`p02_csn_whole_2020_ntail` units above it). Above it the power law against the
# log-normal has normalised $R$ = {glue:text}`p02_csn_whole_2020_pl_ln_R:.2f` (Vuong $p$ =
# {glue:text}`p02_csn_whole_2020_pl_ln_p:.3f`), and the power law against the truncated power law
# has $p$ = {glue:text}`p02_csn_whole_2020_pl_tpl_p:.3f`; the computed verdict (the model that no
# other beats at $p < 0.1$) is: {glue:text}`p02_csn_whole_2020_verdict`. For census urban population
# in 2020 it is {glue:text}`p02_csn_census_2020_verdict` (cut-off
# {glue:text}`p02_csn_census_2020_xmin:.2f` million); for 2010, {glue:text}`p02_csn_whole_2010_verdict`
# (whole prefectures) and {glue:text}`p02_csn_census_2010_verdict` (urban). The pure power law
# loses to an alternative ($p < 0.1$) in {glue:text}`p02_n_pl_rejected` of the four series, while the
# log-normal against the truncated power law has its smallest $p$ at
# {glue:text}`p02_ln_tpl_min_p:.3f`. "Closer to log-normal", the reading by eye of earlier editions,
# is therefore not what the test says: a bent tail is as well described by a power law with an
# exponential cut-off.
#
# **Cross-check.** Our cut-offs and exponents agree with the `powerlaw` package once its bound is
# lifted (largest difference in $\alpha$: {glue:text}`p02_xcheck_max_dalpha:.1e`). With its default
# bound the package moves the cut-off in {glue:text}`p02_n_xmin_clipped` of the four series: for
# whole prefectures in 2010 it reports $x_{\min}$ = {glue:text}`p02_clip_default_xmin:.2f` million
# and $\alpha$ = {glue:text}`p02_clip_default_alpha:.2f`, against
# {glue:text}`p02_clip_xmin:.2f` million and {glue:text}`p02_clip_alpha:.2f` without the bound.

# %%
report.table(xcheck, "Our Clauset-Shalizi-Newman fit against the powerlaw package (with and without its default bound α ≤ 3)",
             columns={"definition": "Population", "year": "Census", "ours_xmin": "Our cut-off (millions)",
                      "ours_alpha": "Our α", "pkg_xmin": "Package cut-off, bound lifted",
                      "pkg_alpha": "Package α, bound lifted", "pkg_default_xmin": "Package cut-off, default",
                      "pkg_default_alpha": "Package α, default"}, digits=3)

# %% [markdown]
# ## Gibrat's law: does growth depend on size?
#
# **Model.** For unit $i$, annualised growth $g_i = \log(N_{i,2020}/N_{i,2010})/10$ is regressed on
# $\log N_{i,2010}$. Gibrat's law of proportional growth says the slope is zero (growth rates are
# independent of size) and, in its strong form, that the spread of growth is also independent of
# size. **Estimator.** OLS with HC3 robust standard errors; the spread is tested by regressing the
# absolute residual on log size. **Sample.** Units with both counts (the 2010 counts are already on
# 2020 boundaries, so boundary changes do not masquerade as growth).

# %% tags=["remove-cell"]
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

# %% tags=["remove-cell"]
gib_tab = gib_tab.reset_index()

# %% [markdown]
# **Regional structure and a second decade.** Units of one province share policy and history, so
# the pooled test above treats as independent what is not, and it compares a growing coastal
# prefecture with a shrinking north-eastern one of the same size. We therefore refit Gibrat's
# regression with **province fixed effects** (the *within* slope: do large units grow faster than
# small units *of the same province*?) and with province-clustered errors ($t_{G-1}$), over two
# decades: 2010-2020 from the census table above, and 2000-2010 from the 2000 and 2010 censuses
# compiled by {cite:t}`ma2024transport` for {glue:text}`p02_rec_n_2000` prefectures on their own (constant) boundaries.

# %% tags=["remove-cell"]
c2000 = external.load_census_2000()
rec = reconcile_census_2000(c2000, census)
rec_counts = rec["status"].value_counts()
gl("p02_rec_n_2000", len(c2000))
gl("p02_rec_agree", int(rec_counts.get("same code, 2010 totals agree", 0)))
gl("p02_rec_differ", int(rec_counts.get("same code, 2010 totals differ (boundary change)", 0)))
gl("p02_rec_only2000", int(rec_counts.get("only in the 2000/2010 file", 0)))
gl("p02_rec_only2020", int(rec_counts.get("only in the 2010/2020 file", 0)))
gl("p02_rec_names", int(rec["name_differs"].sum()))
gibfe = []
for definition, (a0, a1, b0, b1) in {"whole prefecture": ("cpop2000", "cpop2010", "popu_2010", "popu_2020"),
                                     "census urban": ("upop2000", "upop2010", "popu_urban_2010", "popu_urban_2020")}.items():
    d0 = c2000[(c2000[a0] > 0) & (c2000[a1] > 0)]
    gibfe.append(gibrat_fe(d0[a0], d0[a1], 10, d0["province_code"]).assign(decade="2000-2010", definition=definition))
    d1 = units.dropna(subset=[b0, b1])
    d1 = d1[(d1[b0] > 0) & (d1[b1] > 0)]
    gibfe.append(gibrat_fe(d1[b0], d1[b1], 10, d1["province"]).assign(decade="2010-2020", definition=definition))
gibfe = pd.concat(gibfe, ignore_index=True)
gibfe["sign"] = np.where(gibfe["ci_low"] > 0, "larger units grew faster",
                         np.where(gibfe["ci_high"] < 0, "larger units grew more slowly", "no detectable dependence"))
for _, r in gibfe.iterrows():
    key = (f"p02_gfe_{r['definition'].split()[0]}_{r['decade'][:4]}_"
           f"{'fe' if r['estimator'].startswith('province') else 'pooled'}")
    gl(key, 100 * r["slope"]); gl(key + "_lo", 100 * r["ci_low"]); gl(key + "_hi", 100 * r["ci_high"])
    gl(key + "_p", r["p_value"]); gl(key + "_sign", r["sign"]); gl(key + "_n", int(r["n"]))
flip = gibfe.pivot_table(index=["definition", "decade"], columns="estimator", values="slope")
gl("p02_gfe_n_sign_change", int((np.sign(flip.iloc[:, 0]) != np.sign(flip.iloc[:, 1])).sum()))
gl("p02_gfe_n_fits", len(flip))

# %% tags=["remove-cell"]
print(gibfe[["definition", "decade", "estimator", "slope", "ci_low", "ci_high", "p_value", "n"]]
      .assign(slope=lambda d: 100 * d["slope"], ci_low=lambda d: 100 * d["ci_low"], ci_high=lambda d: 100 * d["ci_high"])
      .round(3).to_string(index=False))
# NBVAL_CHECK_OUTPUT

# %%
view = gibfe.assign(slope=100 * gibfe["slope"], ci_low=100 * gibfe["ci_low"], ci_high=100 * gibfe["ci_high"])
report.table(view[["definition", "decade", "estimator", "slope", "ci_low", "ci_high", "p_value", "n", "provinces", "sign"]],
             "Gibrat's regression by decade: pooled and within provinces (province-clustered, t with G-1 df)",
             columns={"definition": "Population", "decade": "Decade", "estimator": "Estimator",
                      "slope": "Slope (points a year per log unit)", "ci_low": "95% low", "ci_high": "95% high",
                      "p_value": "p (slope = 0)", "n": "Units", "provinces": "Provinces", "sign": "Reading"}, digits=3)

# %% [markdown]
# For whole prefectures in 2010-2020 the pooled slope is {glue:text}`p02_gfe_whole_2010_pooled:.3f`
# points a year per log unit ({glue:text}`p02_gfe_whole_2010_pooled_lo:.3f` to
# {glue:text}`p02_gfe_whole_2010_pooled_hi:.3f`: {glue:text}`p02_gfe_whole_2010_pooled_sign`); within
# provinces it is {glue:text}`p02_gfe_whole_2010_fe:.3f` ({glue:text}`p02_gfe_whole_2010_fe_lo:.3f`
# to {glue:text}`p02_gfe_whole_2010_fe_hi:.3f`: {glue:text}`p02_gfe_whole_2010_fe_sign`). Inside a
# province, the larger prefecture (usually the capital) gained on the others. In 2000-2010 the
# pooled slope is {glue:text}`p02_gfe_whole_2000_pooled:.3f` ({glue:text}`p02_gfe_whole_2000_pooled_sign`)
# and the within slope {glue:text}`p02_gfe_whole_2000_fe:.3f`
# ({glue:text}`p02_gfe_whole_2000_fe_lo:.3f` to {glue:text}`p02_gfe_whole_2000_fe_hi:.3f`:
# {glue:text}`p02_gfe_whole_2000_fe_sign`). For census urban population the within slopes are
# {glue:text}`p02_gfe_census_2000_fe:.3f` (2000-2010, {glue:text}`p02_gfe_census_2000_fe_sign`) and
# {glue:text}`p02_gfe_census_2010_fe:.3f` (2010-2020, {glue:text}`p02_gfe_census_2010_fe_sign`).
# The pooled and within slopes differ in sign in {glue:text}`p02_gfe_n_sign_change` of the
# {glue:text}`p02_gfe_n_fits` decade-by-definition fits: the verdict on Gibrat's law depends on
# whether one compares units across China or within their province.
#
# **How the 2000 file reconciles with the 2020 units.** The two files share the first four digits of
# the administrative code. Of the {glue:text}`p02_rec_n_2000` prefectures of the 2000/2010 file,
# {glue:text}`p02_rec_agree` match a 2020 unit whose 2010 total agrees within one per cent (same
# territory), {glue:text}`p02_rec_differ` match a code whose 2010 totals differ (a boundary moved
# between the authors' map and the 2020 one), and {glue:text}`p02_rec_only2000` has no 2020
# counterpart (Laiwu, merged into Jinan in 2019). {glue:text}`p02_rec_only2020` units of the 2020
# file are not in the 2000 file (autonomous prefectures, leagues, province-administered county-level
# units and prefectures created after 2000), and {glue:text}`p02_rec_names` matched units carry a
# different name. Every unit that is not an exact match is listed here:

# %%
report.table(rec[rec["status"] != "same code, 2010 totals agree"][
                 ["code4", "name_2000_file", "name_2020_file", "pop2010_2000_file", "pop2010_2020_file", "gap_2010", "status"]],
             "Units of the 2000/2010 and 2010/2020 census files that do not match one to one",
             columns={"code4": "Code (4 digits)", "name_2000_file": "Name, 2000/2010 file",
                      "name_2020_file": "Name, 2010/2020 file", "pop2010_2000_file": "2010 total, 2000/2010 file",
                      "pop2010_2020_file": "2010 total, 2010/2020 file", "gap_2010": "Relative gap",
                      "status": "Status"},
             formats={"pop2010_2000_file": "{:,.0f}", "pop2010_2020_file": "{:,.0f}", "gap_2010": "{:+.3f}"})

# %% [markdown]
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
# Estimate $\zeta$ for the thirty largest units in 2020 by the plain regression of
# $\log(\text{rank})$ on $\log(\text{size})$, and compare it with
# `zipf_rank_regression(..., top=30)`. Which is larger, and why does the difference matter more for
# small tails?
# ```
#
# ```{solution-start} ex-p02-plain-ols
# :class: dropdown
# ```

# %%
def plain_and_shifted(top):
    s = np.sort(units["popu_2020"].dropna().to_numpy())[::-1][:top]
    plain = -np.polyfit(np.log(s), np.log(np.arange(1, top + 1)), 1)[0]
    return plain, zipf_rank_regression(s, top=top)


plain30, gi30 = plain_and_shifted(30)
plain300, gi300 = plain_and_shifted(300)
gl("p02_ex_plain30", plain30)
gl("p02_ex_gi30", gi30.zeta)
gl("p02_ex_diff30_se", (gi30.zeta - plain30) / gi30.se)
gl("p02_ex_diff300_se", (gi300.zeta - plain300) / gi300.se)
print(f"top 30: plain {plain30:.3f}, rank-1/2 {gi30.zeta:.3f}; top 300: plain {plain300:.3f}, rank-1/2 {gi300.zeta:.3f}")

# %% [markdown]
# For the thirty largest units the plain regression gives {glue:text}`p02_ex_plain30:.3f` and the
# rank $-\tfrac12$ regression {glue:text}`p02_ex_gi30:.3f`, a difference of
# {glue:text}`p02_ex_diff30_se:.2f` standard errors; for the three hundred largest the difference is
# {glue:text}`p02_ex_diff300_se:.2f` standard errors. In small samples $\log(\text{rank})$ is biased
# against log size because the ranks of the largest observations are fixed while their sizes are
# noisy; shifting the rank by one half removes the leading term of that bias, which matters when
# the tail is short.
#
# ```{solution-end}
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
# ```{solution-start} ex-p02-gibrat-urban-share
# :class: dropdown
# ```

# %%
import statsmodels.api as sm  # noqa: E402

d = units.dropna(subset=["popu_urban_2010", "popu_urban_2020", "popu_2010"])
d = d[(d["popu_urban_2010"] > 0) & (d["popu_urban_2020"] > 0)]
share = d["popu_urban_2010"] / d["popu_2010"]
g_urban = np.log(d["popu_urban_2020"] / d["popu_urban_2010"]) / 10
res = sm.OLS(g_urban.to_numpy(), sm.add_constant(share.to_numpy())).fit(cov_type="HC3")
gl("p02_ex_share_slope", res.params[1])
gl("p02_ex_share_lo", res.conf_int()[1][0])
gl("p02_ex_share_hi", res.conf_int()[1][1])
print(f"slope on the 2010 urban share: {res.params[1]:.4f}")

# %% [markdown]
# The slope is {glue:text}`p02_ex_share_slope:.4f` (95% interval {glue:text}`p02_ex_share_lo:.4f` to
# {glue:text}`p02_ex_share_hi:.4f`) in log points a year per unit of share: units that were still
# mostly rural in 2010 had the most room to urbanise, and they are mostly small. Part of the larger
# spread of urban growth among small units is therefore the spread in how far along their urban
# transition they were, not an effect of size as such.
#
# ```{solution-end}
# ```
