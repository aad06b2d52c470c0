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
# (ch-zhejiang)=
# # The "Peaceful Zhejiang" record, 2004-2017
#
# Section 1.1 of *Social Governance in China Seen through Zhejiang* {cite:p}`zhejiang_governance`
# presents the province's 2004 "Peaceful Zhejiang" strategy as a model of collaborative governance
# and backs it with a list of 2017 results: a safety-satisfaction rate of 96.58%, falls of a
# quarter in work accidents and in registered crime, a drop of over 40% in mass incidents, and
# fourteen years among the top provinces for public satisfaction with safety. It also reports that
# 1,008 of 31,835 major decisions assessed for "social stability risk" in 2010-2016 were rejected
# or delayed.
#
# This chapter asks three questions of that record:
#
# 1. **Are the figures what the official releases say?** Each one is a row of the claims ledger
#    ({ref}`app-claims`), checked by code against cited releases.
# 2. **What do the longer series show?** Satisfaction over time on the logit scale, road-traffic
#    deaths in Zhejiang and nationally as counts, and a segmented trend with the break year as a
#    parameter rather than an assumption.
# 3. **What can such series not show?** Whether the strategy *caused* any of it.
#
# The short answer: most of the 2017 figures match the provincial government's own releases, four
# of the road-safety figures have no source we could cite, and the data are far too sparse and too
# confounded to attribute any trend to the 2004 strategy.

# %% tags=["remove-cell"]
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from megacity.report import glue

from megacity import claims, plots
from megacity import trends as tr
from megacity.data import catalogue

plots.house_style()

# %% [markdown]
# ## The data: sparse series from mixed sources
#
# Two tables hold every cited figure (see {ref}`app-data`): `zhejiang_safety` and
# `national_safety`, one row per indicator, place, year and source, each with the source URL, the
# fact sheet's confidence (high: a statistical yearbook or an official release; medium: a news
# report of an official statement; low: a repost, an inference or an unsourced page) and a flag for
# values the fact sheet derived from two figures of one article. No value is adjusted: when two
# sources disagree, both rows stay and each carries a note.

# %%
zj = catalogue.load_zhejiang_safety()
cn = catalogue.load_national_safety()
overview = pd.DataFrame({
    "rows": [len(zj), len(cn)],
    "indicators": [zj["indicator"].nunique(), cn["indicator"].nunique()],
    "first year": [int(zj["year"].min()), int(cn["year"].min())],
    "last year": [int(zj["year"].max()), int(cn["year"].max())],
    "low-confidence rows": [int((zj["confidence"] == "low").sum()), int((cn["confidence"] == "low").sum())],
    "rows with a conflict note": [int(zj["note"].notna().sum()), int(cn["note"].notna().sum())],
}, index=["Zhejiang", "China (national)"])
zj_level_years = zj[(zj["geography"] == "Zhejiang") & (zj["measure"] == "count")]
glue("p10_zj_rows", len(zj), display=False)
glue("p10_cn_rows", len(cn), display=False)
glue("p10_zj_pre2004", int((zj_level_years["year"] < 2004).sum()), display=False)
overview

# %% [markdown]
# The Zhejiang table has {glue:text}`p10_zj_rows` rows and the national one
# {glue:text}`p10_cn_rows`, but most indicators appear in one or two years only. Of the Zhejiang
# rows that count events (accidents, deaths, fires, cases), only {glue:text}`p10_zj_pre2004`
# refer to a year before 2004. The grid below shows which years exist for the series this chapter
# uses; a blank cell is a gap, not a zero.

# %% tags=["hide-input"]
core = ["public_safety_satisfaction_pct", "road_traffic_deaths", "road_traffic_accidents",
        "road_traffic_injured", "fires", "fire_deaths", "criminal_cases",
        "production_safety_deaths_yoy_pct", "criminal_cases_filed_yoy_pct"]
gaps_zj = tr.coverage(zj, core, geography="Zhejiang")
gaps_cn = tr.coverage(cn, ["road_traffic_deaths", "road_traffic_accidents", "road_traffic_injured",
                           "road_traffic_deaths_per_10k_vehicles", "production_safety_deaths",
                           "criminal_cases_filed", "fires", "sense_of_security_pct_NBS"])

fig, axes = plt.subplots(2, 1, figsize=(9, 6.2), height_ratios=[len(gaps_zj), len(gaps_cn)])
code = {"": 0, "L": 1, "M": 2, "H": 3}
cmap = plt.matplotlib.colors.ListedColormap(["white", "#f4c27a", "#8fb8de", "#1f5d99"])
for ax, grid, title in ((axes[0], gaps_zj, "Zhejiang"), (axes[1], gaps_cn, "China (national)")):
    ax.imshow(grid.replace(code).to_numpy(dtype=float), cmap=cmap, vmin=0, vmax=3, aspect="auto")
    ax.set_yticks(range(len(grid)), grid.index, fontsize=8)
    step = 2 if grid.shape[1] > 14 else 1
    ax.set_xticks(range(0, grid.shape[1], step), grid.columns[::step], fontsize=8, rotation=90)
    ax.set_xticks(np.arange(-0.5, grid.shape[1]), minor=True)
    ax.set_yticks(np.arange(-0.5, len(grid)), minor=True)
    ax.grid(which="minor", color="0.85", lw=0.5)
    ax.grid(which="major", visible=False)
    ax.set_title(f"{title}: years with a cited value (dark = high, mid = medium, light = low confidence)",
                 fontsize=9)
fig.suptitle("Where the safety series have data, and where they do not", x=0.01, ha="left")
fig.tight_layout()
plots.source_note(fig, "data/zhejiang_safety.csv and data/national_safety.csv (fact sheets with a URL per row).", y=0.0)
glue("p10_fig_gaps", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p10_fig_gaps
# :alt: Two grids of indicators by year. The Zhejiang grid is mostly blank, with satisfaction in 2004 and 2012-2018, road deaths in 2005, 2009-2010, 2012 and 2014-2015, fires in 2002 and 2004-2009. The national grid is fuller, with road-traffic series for 1998-2011.
# :name: fig-p10-gaps
#
# Coverage of the series used in this chapter, coloured by the best confidence available in each
# year. Blank cells are years with no cited value.
# ```
#
# Three traps from the fact sheets matter below. **2004 is not only the year of Peaceful
# Zhejiang:** the national Road Traffic Safety Law {cite:p}`prc2003roadlaw` took effect on 1 May
# 2004, so any change in road deaths that year has a nationwide cause. **Crime recording changed
# around 2009**: national registered cases jump between 2008 and 2009, so crime counts across that
# year are not comparable. **Sources disagree** even on single figures: in 2005 the yearbook and the
# provincial fire brigade report Zhejiang fire counts that differ by a quarter, and one national
# source puts the 2000 road-accident loss at a tenth of another's.
#
# ## Every series, small multiples
#
# Every indicator with at least three cited years is drawn below, Zhejiang in the first rows and
# the nation after. One value per year is chosen by a stated rule (higher confidence first, then a
# directly reported value before a derived one, then exact before rounded); the marker shows the
# confidence of the value chosen.

# %% tags=["hide-input"]
panels = ([("Zhejiang", i, s) for i, s in tr.long_series(zj, "Zhejiang")]
          + [("China", i, s) for i, s in tr.long_series(cn, "China (national)")])
ncol = 4
nrow = int(np.ceil(len(panels) / ncol))
fig, axes = plt.subplots(nrow, ncol, figsize=(11, 2.1 * nrow), squeeze=False)
marker = {"high": "o", "medium": "s", "low": "x"}
units = pd.concat([zj, cn]).groupby("indicator")["unit"].first()
for ax, (geo, ind, s) in zip(axes.flat, panels):
    full = s.set_index("year")["value"].reindex(range(s["year"].min(), s["year"].max() + 1))
    ax.plot(full.index, full.to_numpy(), color="0.6", lw=0.8)   # lines only between consecutive years
    for conf, d in s.groupby("confidence", observed=True):
        ax.scatter(d["year"], d["value"], marker=marker[str(conf)], s=16,
                   color=plots.PALETTE[0 if geo == "Zhejiang" else 1], label=str(conf))
    ax.axvline(2004, color="0.3", ls=":", lw=0.8)
    ax.set_title(f"{geo}: {ind}", fontsize=6.5, loc="left", y=1.0)   # fixed y: no auto-placement
    ax.set_ylabel(units[ind].split(" (")[0][:28], fontsize=6.5)
    ax.tick_params(labelsize=6.5)
    ax.set_xlim(1997, 2025)
for ax in list(axes.flat)[len(panels):]:
    ax.axis("off")
handles = [plt.Line2D([], [], marker=m, ls="", color="0.3", label=f"{c} confidence")
           for c, m in marker.items()]
fig.legend(handles=handles, loc="upper right", ncol=3, fontsize=8, frameon=False)
fig.suptitle("Every cited series with three or more years (dotted line: 2004)", x=0.01, ha="left",
             y=1 - 0.12 / fig.get_figheight(), va="top")
# fixed margins: tight_layout measures every tick label of 36 axes and took five seconds here
fig.subplots_adjust(left=0.07, right=0.975, bottom=0.035, top=1 - 0.75 / fig.get_figheight(),
                    wspace=0.42, hspace=0.6)
plots.source_note(fig, "data/zhejiang_safety.csv, data/national_safety.csv; units as in each table row.", y=0.0)
glue("p10_fig_multiples", plots.as_png(fig), display=False)   # margins set above: no cropping
glue("p10_n_panels", len(panels), display=False)

# %% [markdown]
# ```{glue:figure} p10_fig_multiples
# :alt: A grid of small line charts, one per indicator with three or more cited years. Zhejiang panels (blue) include satisfaction rising from 92 to 97 percent, road deaths falling from about 6,900 to 4,300 and fires falling after 2004; national panels (orange) include road deaths rising to 2002 and falling afterwards.
# :name: fig-p10-multiples
#
# The {glue:text}`p10_n_panels` series with at least three cited years, each in its own units (see
# the table's unit column; bounds and approximate values are drawn as given). Circles are
# high-confidence values, squares medium and crosses low; lines join consecutive years only, so
# gaps stay visible. The dip in national road-traffic losses in 2000 is the factor-ten
# disagreement between two sources, left visible on purpose.
# ```
#
# ## Satisfaction with safety on the logit scale
#
# **Model.** Let $p_t$ be the share of respondents satisfied with public safety in year $t$. A
# share near 100% cannot grow linearly, so we model its logit,
#
# $$ \operatorname{logit} p_t = \log\frac{p_t}{1 - p_t} = a + b\,(t - 2004) + \varepsilon_t ,$$
#
# where $e^{b}$ is the yearly factor on the odds of being satisfied; when $p$ is close to 1 the
# dissatisfied share shrinks by roughly the same factor.
#
# **Unit and estimator.** One provincial figure a year (seven years, 2004 and 2012-2018), fitted by
# ordinary least squares. The surveys' sample sizes and designs are not published, so the interval
# reflects only how the annual figures scatter around the line, not sampling error within a survey,
# and the 2004 value comes from a 2020 retrospective page rather than a 2005 release.

# %%
sat = tr.pick_series(zj, "public_safety_satisfaction_pct", "Zhejiang")
sat_fit = tr.fit_logit_trend(sat["year"], sat["value"], center=2004)
sat_sum = sat_fit.summary()
sat_diag = sat_fit.diagnostics()
glue("p10_sat_n", int(sat_diag["n"]), display=False)
glue("p10_sat_slope", sat_fit.slope, display=False)
glue("p10_sat_slope_low", sat_sum.loc["trend", "low"], display=False)
glue("p10_sat_slope_high", sat_sum.loc["trend", "high"], display=False)
glue("p10_sat_or", sat_fit.odds_ratio, display=False)
glue("p10_sat_or_low", sat_sum.loc["odds_ratio_per_year", "low"], display=False)
glue("p10_sat_or_high", sat_sum.loc["odds_ratio_per_year", "high"], display=False)
glue("p10_sat_halving", sat_fit.gap_halving_years, display=False)
glue("p10_sat_dw", sat_diag["durbin_watson"], display=False)
glue("p10_sat_resid_sd", sat_diag["resid_sd_logit"], display=False)
p_2017 = float(sat.loc[sat["year"] == 2017, "value"].iloc[0]) / 100
glue("p10_sat_se_10k", 1 / np.sqrt(10_000 * p_2017 * (1 - p_2017)), display=False)
print(f"logit slope = {sat_fit.slope:.4f} per year "
      f"[{sat_sum.loc['trend', 'low']:.4f}, {sat_sum.loc['trend', 'high']:.4f}], "
      f"DW = {sat_diag['durbin_watson']:.2f}")
# NBVAL_CHECK_OUTPUT

# %%
sat_sum.round(4)

# %% [markdown]
# The odds of being satisfied rise by a factor of {glue:text}`p10_sat_or:.3f` a year (95% interval
# {glue:text}`p10_sat_or_low:.3f` to {glue:text}`p10_sat_or_high:.3f`); at that pace the
# dissatisfied share halves about every {glue:text}`p10_sat_halving:.0f` years. With
# {glue:text}`p10_sat_n` points, eight years apart at the start, the straight logit line is an
# assumption the data cannot test: the line is pinned by the single 2004 value, and nothing is
# observed between 2004 and 2012. The Durbin-Watson statistic ({glue:text}`p10_sat_dw:.2f`) says
# little with so few points.

# %% tags=["hide-input"]
grid_years = np.arange(2003, 2020)
band = sat_fit.predict(grid_years)
fig, ax = plt.subplots(figsize=(7, 3.6))
ax.fill_between(band["year"], band["low_pct"], band["high_pct"], color="0.8", label="95% band of the fitted line")
ax.plot(band["year"], band["fit_pct"], color="black", lw=1.2, label="logit-linear fit")
for conf, d in sat.groupby("confidence", observed=True):
    ax.scatter(d["year"], d["value"], marker=marker[str(conf)], color=plots.PALETTE[0], zorder=3,
               label=f"cited value ({conf} confidence)")
ax.set_xlabel("year")
ax.set_ylabel("satisfied (% of respondents)")
ax.set_title("Zhejiang: satisfaction with public safety")
ax.legend(fontsize=8, loc="lower right")
fig.tight_layout()
plots.source_note(fig, "data/zhejiang_safety.csv (China Daily 2020; Zhejiang Online 2013-2015; Zhejiang government 2018); fit: megacity.trends.fit_logit_trend.", y=0.0)
glue("p10_fig_satisfaction", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p10_fig_satisfaction
# :alt: Scatter of Zhejiang's public-safety satisfaction rising from 92.3 percent in 2004 to 96.8 percent in 2018, with a curved fitted line and a grey confidence band that widens between 2004 and 2012, where there are no observations.
# :name: fig-p10-satisfaction
#
# Satisfaction with public safety and the logit-linear trend, with the 95% confidence band of the
# fitted line. There are no cited values for 2005-2011.
# ```
#
# ## Road-traffic deaths: count models
#
# **Model.** Let $y_t$ be road-traffic deaths in year $t$. A log-linear count model
#
# $$ \log \mathrm{E}[y_t] = a + b\,(t - 2004) + \log E_t $$
#
# has a yearly rate ratio $e^{b}$; $E_t$ is an exposure (vehicles, population) when a cited series
# exists and is omitted otherwise. Official annual totals vary far more than a Poisson count would,
# so we fit a negative binomial model with $\operatorname{Var} y_t = \mu_t + \alpha\mu_t^2$
# {cite:p}`cameron2013count`, by maximum likelihood with $\alpha$ profiled, and report the Pearson
# dispersion of the Poisson fit as a diagnostic.
#
# **Samples.** Zhejiang: the years with a cited value of at least medium confidence, 2009-2015 (the
# 2005 figure is low confidence, an inference from a newspaper index line, and enters only the
# sensitivity check). National: the medium- and high-confidence years of 2005-2015, which are
# 2005-2010 (the 2011 value is low confidence); the national series before 2004 is
# analysed separately below. Neither series has a cited population or vehicle series for Zhejiang,
# so the Zhejiang model is a trend in counts, not in risk.

# %%
zj_deaths = tr.pick_series(zj, "road_traffic_deaths", "Zhejiang", min_confidence="medium")
zj_deaths_all = tr.pick_series(zj, "road_traffic_deaths", "Zhejiang")
cn_deaths_all = tr.pick_series(cn, "road_traffic_deaths", min_confidence="medium")
cn_deaths = cn_deaths_all[cn_deaths_all["year"].between(2005, 2015)]
cn_any = tr.pick_series(cn, "road_traffic_deaths")

fit_zj = tr.fit_count_trend(zj_deaths["year"], zj_deaths["value"], family="negbin", center=2004)
fit_zj_all = tr.fit_count_trend(zj_deaths_all["year"], zj_deaths_all["value"], family="negbin", center=2004)
fit_cn = tr.fit_count_trend(cn_deaths["year"], cn_deaths["value"], family="negbin", center=2004)
road_table = pd.DataFrame({
    "Zhejiang 2009-2015": fit_zj.summary().loc["pct_change_per_year"],
    "Zhejiang incl. 2005 (low)": fit_zj_all.summary().loc["pct_change_per_year"],
    "China 2005-2010": fit_cn.summary().loc["pct_change_per_year"],
}).T[["estimate", "low", "high"]]
road_table["alpha"] = [fit_zj.alpha, fit_zj_all.alpha, fit_cn.alpha]
road_table["Poisson dispersion"] = [fit_zj.dispersion, fit_zj_all.dispersion, fit_cn.dispersion]
road_table["years"] = [fit_zj.n, fit_zj_all.n, fit_cn.n]
for key, f in (("zj", fit_zj), ("zjall", fit_zj_all), ("cn", fit_cn)):
    s = f.summary().loc["pct_change_per_year"]
    glue(f"p10_{key}_pct", s["estimate"], display=False)
    glue(f"p10_{key}_pct_low", s["low"], display=False)
    glue(f"p10_{key}_pct_high", s["high"], display=False)
    glue(f"p10_{key}_disp", f.dispersion, display=False)
glue("p10_cn_alpha", fit_cn.alpha, display=False)
glue("p10_cn_cv", 100 * np.sqrt(fit_cn.alpha), display=False)
for name, row in road_table.iterrows():
    print(f"{name}: {row['estimate']:.2f}% per year [{row['low']:.2f}, {row['high']:.2f}]")
# NBVAL_CHECK_OUTPUT

# %%
road_table.round(3).assign(alpha=road_table["alpha"].round(5))

# %% [markdown]
# Zhejiang's road deaths changed by {glue:text}`p10_zj_pct:.1f`% a year between 2009 and 2015
# (95% interval {glue:text}`p10_zj_pct_low:.1f` to {glue:text}`p10_zj_pct_high:.1f`), national
# deaths by {glue:text}`p10_cn_pct:.1f`% a year in 2005-2010 ({glue:text}`p10_cn_pct_low:.1f` to
# {glue:text}`p10_cn_pct_high:.1f`). **Diagnostics.** The national counts are overdispersed
# (Pearson dispersion of the Poisson fit {glue:text}`p10_cn_disp:.0f`, estimated $\alpha$ =
# {glue:text}`p10_cn_alpha:.4f`, i.e. a year-to-year coefficient of variation of about
# {glue:text}`p10_cn_cv:.1f`% around the trend). The Zhejiang counts are *under*dispersed (dispersion
# {glue:text}`p10_zj_disp:.2f`): five official figures that sit closer to a straight line than
# independent Poisson counts would. With five points this may be chance; it is a reason for caution
# about treating the figures as raw counts, not evidence of anything more. The Poisson-based interval is therefore wider than the
# scatter alone would give, but neither reflects the uncertainty that matters most here: whether
# five figures from a yearbook, newspaper reports and reposts measure the same thing. Adding the
# low-confidence 2005 value gives {glue:text}`p10_zjall_pct:.1f`% a
# year, practically the same trend: that figure lies on the line through the later years, which
# lends it some plausibility but no provenance.
#
# ### Exposure: deaths per vehicle
#
# The national series has a cited rate, deaths per 10,000 motor vehicles, for 2005-2011; dividing
# the 2005-2010 deaths used above
# by it gives the implied vehicle fleet, which enters as the exposure $E_t$. (This fleet is
# derived from two cited series, not itself cited.)

# %%
rate = tr.pick_series(cn, "road_traffic_deaths_per_10k_vehicles", min_confidence="medium")
expo = cn_deaths.merge(rate[["year", "value"]], on="year", suffixes=("", "_rate"))
expo["vehicles"] = expo["value"] / expo["value_rate"] * 1e4
fit_veh = tr.fit_count_trend(expo["year"], expo["value"], exposure=expo["vehicles"], family="negbin", center=2004)
veh_growth = tr.fit_count_trend(expo["year"], np.round(expo["vehicles"]), family="poisson", center=2004)
sv = fit_veh.summary().loc["pct_change_per_year"]
glue("p10_veh_pct", sv["estimate"], display=False)
glue("p10_veh_pct_low", sv["low"], display=False)
glue("p10_veh_pct_high", sv["high"], display=False)
glue("p10_fleet_growth", veh_growth.pct_change_per_year, display=False)
print(f"deaths per vehicle: {sv['estimate']:.2f}% per year [{sv['low']:.2f}, {sv['high']:.2f}]; "
      f"implied fleet growth {veh_growth.pct_change_per_year:.1f}% per year")
# NBVAL_CHECK_OUTPUT

# %% [markdown]
# Per vehicle, national road deaths changed by {glue:text}`p10_veh_pct:.1f`% a year
# ({glue:text}`p10_veh_pct_low:.1f` to {glue:text}`p10_veh_pct_high:.1f`), because the fleet grew
# by about {glue:text}`p10_fleet_growth:.0f`% a year while deaths fell. Any comparison of death
# counts across provinces therefore mixes changes in risk with changes in motorisation; without a
# cited Zhejiang vehicle series we cannot tell how Zhejiang's exposure moved, or separate the two.
#
# ### Zhejiang relative to the nation
#
# Two ways to compare. Directly, the ratio of Zhejiang's deaths to the national total can be
# computed only in the years both series have: 2009 and 2010 (and 2005, if the low-confidence
# Zhejiang figure is accepted). Through the models, one negative binomial fit with separate
# intercepts and slopes estimates how fast the ratio changes, $d = b_\text{ZJ} - b_\text{CN}$,
# under the assumption that each series follows its own log-linear trend over the years admitted.
# Because the two series cover different years, *which* years and sources are admitted matters;
# we fit four reasonable choices.

# %%
ratio = zj_deaths_all.merge(cn_deaths_all, on="year", suffixes=("_zj", "_cn"))
ratio = ratio.assign(share_pct=100 * ratio["value_zj"] / ratio["value_cn"])[
    ["year", "value_zj", "confidence_zj", "value_cn", "confidence_cn", "share_pct"]]
variants = {
    "ZJ 2009-15 vs CN 2005-10 (medium+ only)": (zj_deaths, cn_deaths_all[cn_deaths_all["year"].between(2005, 2015)]),
    "ZJ 2005-15 vs CN 2005-10 (ZJ 2005 low)": (zj_deaths_all, cn_deaths_all[cn_deaths_all["year"].between(2005, 2015)]),
    "ZJ 2005-15 vs CN 2005-16 (all, incl. low)": (zj_deaths_all, cn_any[cn_any["year"].between(2005, 2016)]),
    "ZJ 2009-15 vs CN 2009-16 (CN 2011, 2016 low)": (zj_deaths, cn_any[cn_any["year"].between(2009, 2016)]),
}
rows = {}
for name, (a, b) in variants.items():
    cs = tr.compare_count_trends(a["year"], a["value"], b["year"], b["value"], labels=("ZJ", "CN"),
                                 center=2010).summary().loc["ratio_pct_change_per_year"]
    rows[name] = {"CN years": ", ".join(str(y) for y in b["year"]), "estimate": cs["estimate"],
                  "low": cs["low"], "high": cs["high"]}
ratio_variants = pd.DataFrame(rows).T
est = ratio_variants["estimate"].astype(float)
glue("p10_ratio_min", est.min(), display=False)
glue("p10_ratio_max", est.max(), display=False)
glue("p10_share_2009", float(ratio.loc[ratio["year"] == 2009, "share_pct"].iloc[0]), display=False)
glue("p10_share_2010", float(ratio.loc[ratio["year"] == 2010, "share_pct"].iloc[0]), display=False)
for name, row in ratio_variants.iterrows():
    print(f"{name}: {row['estimate']:.2f}% per year [{row['low']:.2f}, {row['high']:.2f}]")
# NBVAL_CHECK_OUTPUT

# %%
ratio_variants

# %%
ratio.round(2)

# %% [markdown]
# Zhejiang accounted for {glue:text}`p10_share_2009:.1f`% of the nation's road deaths in 2009 and
# {glue:text}`p10_share_2010:.1f`% in 2010. The modelled yearly change of the ratio runs from
# {glue:text}`p10_ratio_min:.1f`% to {glue:text}`p10_ratio_max:.1f`% across the four choices of
# years and sources, and several of the individual intervals exclude zero *in opposite
# directions*. Each interval is conditional on its window and on straight log-linear trends; the
# national decline slowed after 2010, so a window that pairs Zhejiang's 2009-2015 with the nation's
# steeper 2005-2010 makes Zhejiang look slow, and one that adds the flat national years after 2010
# makes it look fast. The honest summary is that **the cited data cannot say whether Zhejiang's
# road deaths fell faster or slower than the nation's**; the spread between the variants, not any
# one interval, is the measure of what we do not know.

# %% tags=["hide-input"]
fig, (ax, axr) = plt.subplots(1, 2, figsize=(10, 3.8))
yy = np.arange(2004, 2016)
for (label, s, f, col) in (("Zhejiang", zj_deaths_all, fit_zj, 0), ("China", cn_deaths_all, fit_cn, 1)):
    ax.scatter(s["year"], s["value"], color=plots.PALETTE[col], s=18,
               label=f"{label}, cited ({'all' if label == 'Zhejiang' else 'medium/high'})")
    yrs = yy[(yy >= f.years.min()) & (yy <= f.years.max())]
    ax.plot(yrs, f.predict(yrs), color=plots.PALETTE[col], lw=1.4, label=f"{label}, NB trend")
ax.set_yscale("log")
ax.set_xlim(1997, 2020)
ax.axvline(2004.33, color="0.3", ls=":", lw=0.8)
ax.text(2004.5, 3500, "Road Traffic\nSafety Law", fontsize=7, color="0.3")
ax.set_xlabel("year")
ax.set_ylabel("road-traffic deaths (persons, log scale)")
ax.set_title("Road deaths and fitted trends")
ax.legend(fontsize=7, loc="center left")
lowc = ratio["confidence_zj"] == "low"
axr.scatter(ratio.loc[~lowc, "year"], ratio.loc[~lowc, "share_pct"], color=plots.PALETTE[2], label="medium/high")
axr.scatter(ratio.loc[lowc, "year"], ratio.loc[lowc, "share_pct"], color=plots.PALETTE[2], marker="x", label="Zhejiang value low confidence")
axr.set_xlim(2003, 2012)
axr.set_ylim(0, 10)
axr.set_xlabel("year")
axr.set_ylabel("Zhejiang / national deaths (%)")
axr.set_title("Zhejiang's share of road deaths")
axr.legend(fontsize=7, loc="lower right")
fig.tight_layout()
plots.source_note(fig, "data/zhejiang_safety.csv, data/national_safety.csv (CSY 2010; MPS bulletins; provincial police); fits: megacity.trends.", y=0.0)
glue("p10_fig_road", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p10_fig_road
# :alt: Left, road deaths on a log scale: national deaths (medium- and high-confidence values) near 100,000 in 2000-2005 fall to about 65,000 by 2010, with one more value in 2019; Zhejiang deaths fall from about 5,700 in 2009 to 4,300 in 2015, each with a fitted straight trend. Right, Zhejiang's share of national road deaths, about 7 percent in 2005 (low confidence) and about 8.3 to 8.4 percent in 2009 and 2010.
# :name: fig-p10-road
#
# Left: cited road-traffic deaths and the negative binomial trends (Zhejiang 2009-2015, China
# 2005-2010); the dotted line marks May 2004. Right: Zhejiang's share of national deaths in the
# three years both are cited.
# ```
#
# ## Did something change in 2004? A segmented trend with the break year profiled
#
# **Model.** A broken line on the log scale,
#
# $$ \log y_t = a + b_1 \min(t - \tau, 0) + b_2 \max(t - \tau, 0) + \varepsilon_t ,$$
#
# with slopes $b_1$ before and $b_2$ after a break year $\tau$. Instead of fixing $\tau$ = 2004,
# we fit the model for every candidate year and **profile** the likelihood over $\tau$: the best
# $\tau$ minimises the residual sum of squares, and the years whose likelihood-ratio statistic stays
# below the $\chi^2_1$ 95% point form an approximate interval. Whether there is a break at all is
# tested with the sup-F statistic against a single straight line; because the break year is
# searched for, its p-value comes from a parametric bootstrap (999 replicates) rather than the F
# table {cite:p}`davies1987,andrews1993`.
#
# **Which series.** Zhejiang has no annual road, crime or fire series that starts before 2004 (the fire
# brigade's 2002 fire figures are the only earlier levels), so a break at 2004 **cannot be located in any
# Zhejiang series** we can cite. The national road-death series, 1998-2011, is the only one long
# enough; it is the comparator, and it carries the nationwide confounder (the road law).

# %%
seg_all = cn_any[cn_any["year"] <= 2011]
seg_med = cn_deaths_all[cn_deaths_all["year"] <= 2011]
seg = tr.fit_segmented(seg_all["year"], seg_all["value"], n_boot=999, seed=2004)
seg_m = tr.fit_segmented(seg_med["year"], seg_med["value"], n_boot=999, seed=2004)
seg_j = tr.fit_segmented(seg_all["year"], seg_all["value"], jump=True, n_boot=999, seed=2004)
ss = seg.summary()
glue("p10_seg_n", len(seg_all), display=False)
glue("p10_seg_break", int(seg.break_year), display=False)
glue("p10_seg_break_low", int(seg.break_set[0]), display=False)
glue("p10_seg_break_high", int(seg.break_set[1]), display=False)
glue("p10_seg_before", ss.loc["pct_per_year_before", "estimate"], display=False)
glue("p10_seg_before_low", ss.loc["pct_per_year_before", "low"], display=False)
glue("p10_seg_before_high", ss.loc["pct_per_year_before", "high"], display=False)
glue("p10_seg_after", ss.loc["pct_per_year_after", "estimate"], display=False)
glue("p10_seg_after_low", ss.loc["pct_per_year_after", "low"], display=False)
glue("p10_seg_after_high", ss.loc["pct_per_year_after", "high"], display=False)
glue("p10_seg_supf_p", seg.sup_f_pvalue, display=False)
glue("p10_seg_lr2004", float(seg.profile.set_index("break_year").loc[2004.0, "lr_stat"]), display=False)
glue("p10_segm_break", int(seg_m.break_year), display=False)
glue("p10_segm_n", len(seg_med), display=False)
glue("p10_segj_break", int(seg_j.break_year), display=False)
print(f"break year {seg.break_year:.0f} [{seg.break_set[0]:.0f}, {seg.break_set[1]:.0f}]; "
      f"medium+ only: {seg_m.break_year:.0f}; with a jump: {seg_j.break_year:.0f}; "
      f"sup-F p = {seg.sup_f_pvalue:.3f}")
# NBVAL_CHECK_OUTPUT

# %%
ss.round(4)

# %% [markdown]
# The profile puts the national turning point in **{glue:text}`p10_seg_break`** (likelihood-ratio
# interval {glue:text}`p10_seg_break_low` to {glue:text}`p10_seg_break_high`), not in 2004: deaths
# grew by {glue:text}`p10_seg_before:.1f`% a year before it ({glue:text}`p10_seg_before_low:.1f` to
# {glue:text}`p10_seg_before_high:.1f`) and changed by {glue:text}`p10_seg_after:.1f`% a year after
# ({glue:text}`p10_seg_after_low:.1f` to {glue:text}`p10_seg_after_high:.1f`). The straight line is
# rejected (bootstrap sup-F p = {glue:text}`p10_seg_supf_p:.3f`, the smallest value 999 replicates
# can give). The likelihood-ratio statistic for a break in 2004 is
# {glue:text}`p10_seg_lr2004:.1f`, well above the 3.84 cut-off. Using only the
# {glue:text}`p10_segm_n` medium- and high-confidence years (which drops the 1998, 1999, 2001 and
# 2011 values) moves the break to **{glue:text}`p10_segm_break`**; allowing a level jump as well
# gives {glue:text}`p10_segj_break`. So the turning point lies somewhere in 2002-2004 and *which*
# year depends on whether one trusts the low-confidence page that supplies most pre-2004 values.
# The before-and-after slopes are robust; the timing is not.
#
# ```{admonition} Confounders, stated next to the result
# :class: warning
#
# * **The national Road Traffic Safety Law** took effect on 1 May 2004, the same month as the
#   Peaceful Zhejiang decision; any 2004 change in road deaths has a nationwide cause.
# * **Crime recording changed around 2009** (national registered cases jump from 2008 to 2009), so
#   crime series cannot be split at 2004 and compared across 2009.
# * **No counterfactual:** there is no comparable panel of provinces with and without such a
#   strategy in our sources, so no design here can separate the strategy from national trends.
# * **Mixed sources:** the pre-2004 national values come mostly from a low-confidence page.
# ```
#
# **What this means for Peaceful Zhejiang.** Even if the national turn is placed in 2004, it is a
# *national* turn: it coincides with the Road Traffic Safety Law of May 2004 and nationwide
# campaigns, and it happens in every province at once. A Zhejiang decline after 2004 is what the
# national trend predicts anyway. Only a Zhejiang series that departs from the national one,
# measured before and after 2004, could suggest a provincial effect, and no such series is in hand.

# %% tags=["hide-input"]
prof = seg.profile
fig, (ax, axp) = plt.subplots(1, 2, figsize=(10, 3.6))
ax.scatter(seg_all["year"], seg_all["value"], color=plots.PALETTE[1], s=18, zorder=3, label="cited (any confidence)")
lowc = seg_all["confidence"] == "low"
ax.scatter(seg_all.loc[lowc, "year"], seg_all.loc[lowc, "value"], facecolor="white", edgecolor=plots.PALETTE[1], s=18, zorder=4, label="low confidence")
yy = np.linspace(1998, 2011, 200)
ax.plot(yy, seg.predict(yy), color="black", lw=1.2, label=f"broken line, break {seg.break_year:.0f}")
ax.axvline(2004.33, color="0.3", ls=":", lw=0.8)
ax.set_xlabel("year")
ax.set_ylabel("road-traffic deaths (persons)")
ax.set_title("China: road deaths and a segmented trend")
ax.legend(fontsize=7)
axp.plot(prof["break_year"], prof["lr_stat"], marker="o", ms=3, color=plots.PALETTE[0])
axp.axhline(3.84, color="0.4", ls="--", lw=1)
axp.axvline(2004, color="0.3", ls=":", lw=0.8)
axp.set_xlabel("candidate break year τ")
axp.set_ylabel("likelihood-ratio statistic")
axp.set_title("Profile over the break year")
fig.tight_layout()
plots.source_note(fig, "data/national_safety.csv (1998-2003 mostly low confidence); fit: megacity.trends.fit_segmented.", y=0.0)
glue("p10_fig_segmented", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p10_fig_segmented
# :alt: Left, national road deaths 1998-2011 with a broken-line fit that peaks around 2002 and declines afterwards; the 2004 road law is marked by a dotted line after the peak. Right, the likelihood-ratio profile over candidate break years, lowest at 2002 and above the 3.84 dashed cut-off at 2004.
# :name: fig-p10-segmented
#
# Left: national road-traffic deaths with the segmented trend at the profiled break year (open
# markers: low-confidence values). Right: the profile likelihood-ratio statistic; years below the
# dashed line form the approximate 95% set for the break year.
# ```
#
# ## The risk assessments: a proportion with an interval
#
# The seed reports that 1,008 of 31,835 major decisions assessed in 2010-2016 were rejected or
# delayed, "or 3.16%". Treating each assessment as a trial of a process with a fixed rejection
# probability (a strong assumption: decisions differ and are not independent), the Wilson and
# Clopper-Pearson intervals {cite:p}`agresti1998` describe that probability.

# %%
k = float(tr.pick_series(zj, "stability_risk_cancelled_or_deferred_cumulative_2010_2016", "Zhejiang")["value"].iloc[0])
n = float(tr.pick_series(zj, "stability_risk_assessments_cumulative_2010_2016", "Zhejiang")["value"].iloc[0])
risk = tr.binomial_ci(k, n)
rs = risk.summary()
glue("p10_risk_pct", 100 * risk.estimate, display=False)
glue("p10_risk_low", 100 * rs.loc["wilson", "low"], display=False)
glue("p10_risk_high", 100 * rs.loc["wilson", "high"], display=False)
k13 = float(tr.pick_series(zj, "stability_risk_cancelled_or_deferred", "Zhejiang")["value"].iloc[0])
n13 = float(tr.pick_series(zj, "stability_risk_assessments", "Zhejiang")["value"].iloc[0])
risk13 = tr.binomial_ci(k13, n13)
glue("p10_risk13_k", k13, display=False)
glue("p10_risk13_n", n13, display=False)
glue("p10_risk13_pct", 100 * risk13.estimate, display=False)
glue("p10_risk13_low", 100 * risk13.intervals["wilson"][0], display=False)
glue("p10_risk13_high", 100 * risk13.intervals["wilson"][1], display=False)
print(f"2010-2016: {100 * risk.estimate:.3f}% [{100 * rs.loc['wilson', 'low']:.2f}, {100 * rs.loc['wilson', 'high']:.2f}]; "
      f"2013: {100 * risk13.estimate:.2f}% [{100 * risk13.intervals['wilson'][0]:.2f}, {100 * risk13.intervals['wilson'][1]:.2f}]")
# NBVAL_CHECK_OUTPUT

# %%
(100 * rs[["estimate", "low", "high"]]).round(3)

# %% [markdown]
# The rate is {glue:text}`p10_risk_pct:.3f`% (Wilson 95% interval {glue:text}`p10_risk_low:.2f`
# to {glue:text}`p10_risk_high:.2f`%). It *rounds* to {glue:text}`p10_risk_pct:.2f`%; the seed's 3.16% truncates it, a
# harmless slip the ledger records as a caveat. A separate 2013 release gives {glue:text}`p10_risk13_k:.0f` of
# {glue:text}`p10_risk13_n:.0f` decisions deferred or stopped in that year alone, {glue:text}`p10_risk13_pct:.2f`%
# ({glue:text}`p10_risk13_low:.2f` to {glue:text}`p10_risk13_high:.2f`%), close to the seven-year
# rate and well inside its interval. One year cannot show whether the rate was stable, and the
# pooled interval treats 31,835 decisions as independent trials of one process, so it is narrower
# than any honest statement about the province's practice. The seed's further statement that no
# approved decision caused a mass incident cannot be checked: no list of decisions or incidents is public.
#
# ## The 2017 record against the sources
#
# Each figure of the seed's 2017 list, the risk-assessment numbers and the "fourteen consecutive
# years" are rows of the claims ledger; the status is computed by the checks in
# `megacity.checks.zhejiang` from the tables above.

# %%
ledger = claims.evaluate()
zj_claims = ledger[ledger["claim_id"].str.startswith("zj-")]
status_counts = zj_claims["status"].astype(str).value_counts()
for s in ("confirmed", "confirmed-with-caveat", "contradicted", "unverifiable"):
    glue(f"p10_n_{s.replace('-', '_')}", int(status_counts.get(s, 0)), display=False)
glue("p10_n_claims", len(zj_claims), display=False)
for _, row in zj_claims.iterrows():
    print(f"{row['claim_id']}: claimed {row['claimed_value']:g}, ours {row['our_value']:g}, {row['status']}")
# NBVAL_CHECK_OUTPUT

# %%
zj_claims[["claim_id", "location", "claimed_value", "unit", "our_value", "status", "note"]].reset_index(drop=True)

# %% [markdown]
# Of the {glue:text}`p10_n_claims` claims, {glue:text}`p10_n_confirmed` are confirmed,
# {glue:text}`p10_n_confirmed_with_caveat` confirmed with a caveat, {glue:text}`p10_n_contradicted`
# contradicted and {glue:text}`p10_n_unverifiable` unverifiable.
#
# * **Confirmed** (satisfaction 96.58%; work accidents -26.3% and deaths -19.2%; criminal cases
#   -26.34%; mass incidents -42.53%; food and drug satisfaction 93.67%; 31,835 and 1,008
#   assessments): the seed repeats the provincial government's releases
#   {cite:p}`zjgov2018peaceful` faithfully. "Confirmed" means *correctly reported*, not
#   *independently measured*: every source is the same government reporting on its own programme.
# * **Confirmed with a caveat**: environment satisfaction is 94.85% in the English release but
#   94.65% in the Chinese one; 30,827 approved decisions is only the arithmetic difference of two
#   cited counts; and 3.16% truncates 3.166%.
# * **Unverifiable**: the four road-traffic changes (-11.61%, -5.11%, -13.78%, -16.89%), the
#   telecom-fraud fall (-18.85%), the 7.4-point rise in food and drug satisfaction, the "No. 2
#   province" ranking for falling crime and the fourteen years among the top provinces. For each,
#   the ledger's note names the document that would settle it. The "fourteen years" is at least
#   arithmetically consistent (2004-2017 is fourteen survey years) and is repeated in the Chinese
#   release, but no cited source ranks the provinces.
#
# ## What the data cannot show
#
# The seed presents the 2017 figures as evidence that the strategy works ("these optimistic data
# are backed up by a rigorous network of public safety risk control"). The evidence in hand supports
# much less.
#
# **Supported.** The 2017 figures are, with the exceptions above, what the provincial government
# published. Satisfaction with safety rose between 2004 and 2018 on every cited figure. Road deaths
# fell in Zhejiang after 2009, as they did nationally.
#
# **Not identified.**
#
# * *That Peaceful Zhejiang caused any of these changes.* There is no counterfactual: no comparable
#   panel of provinces with and without such a strategy, and Zhejiang's own series start after, or
#   barely before, 2004. A difference-in-differences or synthetic-control design would need annual
#   provincial series for 1998-2017 for Zhejiang and the other provinces.
# * *That 2004 was a turning point.* Nationally, road deaths turned around 2002; the road law of May
#   2004 and the nationwide work-safety campaigns coincide with the provincial strategy, so a 2004
#   break in Zhejiang would not be attributable to it even if one were observed.
# * *Trends in crime.* Recording practice changed around 2009, and Zhejiang's crime series are
#   year-on-year percentages from press conferences, not a consistent count; the 2004 "500,000
#   cases" is itself an approximation.
# * *Risk, as opposed to counts.* Without cited population or vehicle series for Zhejiang, falling
#   death counts cannot be separated from changes in exposure, which nationally moved faster than
#   deaths themselves.
# * *What satisfaction measures.* The surveys' design, sample sizes and question wording are not
#   published, and the rate is part of the government's own performance assessment, the incentive
#   that makes it least suitable as independent evidence.
#
# **What would settle it.** The China Statistical Yearbook's provincial tables of traffic accidents,
# fires and (where published) registered crime for every province, 1998-2017, with provincial
# population and vehicle counts; the survey microdata or at least the sample sizes of the
# satisfaction surveys; and the 2017 releases that the unverifiable figures come from.
#
# ## Summary of the fitted trends
#
# | series | model | estimate (95% interval) |
# |---|---|---|
# | Zhejiang satisfaction 2004-2018 | logit-linear, OLS | odds x{glue:text}`p10_sat_or:.3f` a year ({glue:text}`p10_sat_or_low:.3f` to {glue:text}`p10_sat_or_high:.3f`) |
# | Zhejiang road deaths 2009-2015 | NB2 count trend | {glue:text}`p10_zj_pct:.1f`% a year ({glue:text}`p10_zj_pct_low:.1f` to {glue:text}`p10_zj_pct_high:.1f`) |
# | China road deaths 2005-2010 | NB2 count trend | {glue:text}`p10_cn_pct:.1f`% a year ({glue:text}`p10_cn_pct_low:.1f` to {glue:text}`p10_cn_pct_high:.1f`) |
# | China road deaths per vehicle 2005-2010 | NB2 with exposure | {glue:text}`p10_veh_pct:.1f`% a year ({glue:text}`p10_veh_pct_low:.1f` to {glue:text}`p10_veh_pct_high:.1f`) |
# | Zhejiang/China ratio | joint NB2, slope difference | {glue:text}`p10_ratio_min:.1f` to {glue:text}`p10_ratio_max:.1f`% a year across four sample choices |
# | China road deaths 1998-2011, medium+ sources | segmented, log scale | break {glue:text}`p10_segm_break` |
# | China road deaths 1998-2011, all sources | segmented, log scale | break {glue:text}`p10_seg_break` ({glue:text}`p10_seg_break_low` to {glue:text}`p10_seg_break_high`) |
# | Risk assessments 2010-2016 | binomial | {glue:text}`p10_risk_pct:.2f`% ({glue:text}`p10_risk_low:.2f` to {glue:text}`p10_risk_high:.2f`) |
#
# ## Exercises
#
# ```{exercise}
# :label: ex-p10-fires
#
# Fit `tr.fit_count_trend` to Zhejiang's fire counts (`fires`, 2002 and 2004-2009) with the
# yearbook values only (`min_confidence="high"`), then with all values. Why does the 2005 figure
# matter so much, and what does the fact sheet say about it?
# ```
#
# ```{solution} ex-p10-fires
# :class: dropdown
#
# `tr.pick_series(zj, "fires", "Zhejiang", min_confidence="high")` keeps the yearbook's 2004-2009
# counts; the default also keeps the fire brigade's 2002 figure and, for 2005, prefers the
# yearbook's count to the brigade's. The yearbook count roughly halves from 2004 to 2005, and the
# two 2005 sources differ by about a quarter (the table's note gives the exact spread), which points
# to a change of scope or definition in fire statistics rather than a halving of fires in one year.
# That single step dominates any short trend, so the fitted decline is not evidence of a gradual
# improvement.
# ```
#
# ```{exercise}
# :label: ex-p10-break
#
# Refit the segmented trend to national road deaths with the break year fixed at 2004
# (`breaks=[2004]`) and compare the residual sum of squares with the profiled fit. Then simulate:
# how often would a series with a true break in 2002 and the same noise level be assigned a break
# in 2004?
# ```
#
# ```{solution} ex-p10-break
# :class: dropdown
#
# With `breaks=[2004]` the RSS is the 2004 entry of `seg.profile`, larger than the minimum by the
# factor $\exp(\text{LR}/n)$. For the simulation, draw
# `z = seg.params["level_at_break"] + b1 * np.minimum(t - 2002, 0) + b2 * np.maximum(t - 2002, 0)
# + rng.normal(0, sigma, t.size)` with the fitted slopes and `sigma = np.sqrt(seg.profile["rss"].min() / (n - 4))`,
# refit with `n_boot=0`, and count how often `break_year == 2004`. With the fitted noise level it
# is rare, which is why the profile rules 2004 out.
# ```
#
# ```{exercise}
# :label: ex-p10-power
#
# Suppose Zhejiang's satisfaction surveys each had 10,000 respondents. Compute the binomial
# standard error of a 96.58% rate and compare it with the residual standard deviation of the logit
# trend. What does that say about the source of the scatter around the line?
# ```
#
# ```{solution} ex-p10-power
# :class: dropdown
#
# On the logit scale the sampling standard error is $1/\sqrt{n p (1-p)}$, which for $n$ = 10,000
# and the 2017 rate is {glue:text}`p10_sat_se_10k:.3f`; the residual standard deviation of the
# logit trend is {glue:text}`p10_sat_resid_sd:.3f`, of the same order. So sampling error alone
# could produce the scatter around the line, and the data cannot distinguish real
# year-to-year change from survey noise; with smaller samples the line would be even less certain.
# ```
