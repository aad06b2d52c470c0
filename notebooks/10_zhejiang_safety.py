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
# and backs it with a list of 2017 results: a safety-satisfaction rate of
# {glue:text}`p10_claim_01:.2f`%, falls of {glue:text}`p10_claim_02_abs:.1f`% in work accidents and
# of {glue:text}`p10_claim_08_abs:.2f`% in registered crime, a drop of
# {glue:text}`p10_claim_10_abs:.2f`% in mass incidents, and {glue:text}`p10_claim_19:.0f`
# consecutive years among the top provinces for public satisfaction with safety. It also reports
# that {glue:text}`p10_claim_16:,.0f` of {glue:text}`p10_claim_15:,.0f` major decisions assessed for
# "social stability risk" in 2010-2016 were rejected or delayed. Every one of these figures is the
# provincial government's report of its own results; the chapter labels them so wherever they
# appear.
#
# This chapter asks four questions of that record:
#
# * **Are the figures what the official releases say?** Each one is a row of the claims ledger
#   ({ref}`app-claims`), checked by code against cited releases.
# * **What do the longer series show, and with what confidence?** Satisfaction on the logit scale,
#   road-traffic deaths as counts, and tests for a break in trend whose error rate survives the
#   strong serial dependence of annual series.
# * **What do the counts measure?** Police-recorded road deaths beside death registration, disease
#   surveillance and WHO estimates; rates per vehicle; the definition changes in fire statistics.
# * **Is there a comparison group?** A provincial panel compiled from the yearbooks' tables by
#   region, and the dates of the other provinces' own "peaceful" campaigns.
#
# The short answer: of the {glue:text}`p10_n_claims` figures, {glue:text}`p10_n_confirmed` match
# the government's own releases exactly and {glue:text}`p10_n_unverifiable` have no source we could
# cite; WHO estimates national road deaths at {glue:text}`p10_ratio_who_2010:.1f` times the police
# count; of {glue:text}`p10_n_series` series the naive break test finds a break in
# {glue:text}`p10_n_naive_break` and the corrected test in {glue:text}`p10_n_break` (national road
# deaths: "{glue:text}`p10_brk_road_all_verdict`", turning in {glue:text}`p10_brk_road_all_year`);
# and no province is an untreated comparison for Zhejiang, so no design in reach can attribute a
# trend to the 2004 strategy.

# %% tags=["remove-cell"]
# Colab set-up (megacity): on Google Colab this installs the package and its tables first;
# anywhere else it does nothing.
import sys

if "google.colab" in sys.modules:
    import subprocess

    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",
                    "megacity[colab] @ git+https://github.com/megacity-compendium/megacity-governance@main"], check=True)

# %% tags=["remove-cell"]
# %matplotlib inline
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from megacity import breaks, plots, safety_plots as sp
from megacity import panel as pn
from megacity import trends as tr
from megacity.data import catalogue, external
from megacity.report import glue, glue_many, table
from megacity.safety_audit import audit_national_safety, unexplained

plots.house_style()
claims_tab = catalogue.load_claims()
zj_claims = claims_tab[claims_tab["claim_id"].str.startswith("zj-")].reset_index(drop=True)
for _, row in zj_claims.iterrows():
    n = row["claim_id"].split("-")[1]
    glue(f"p10_claim_{n}", float(row["claimed_value"]))
    glue(f"p10_claim_{n}_abs", abs(float(row["claimed_value"])))
    glue(f"p10_status_{n}", str(row["status"]))

# %% [markdown]
# ## The data: sparse series from mixed sources
#
# Two tables hold every cited figure (see {ref}`app-data`): `zhejiang_safety` and
# `national_safety`, one row per indicator, place, year and source, each with the source URL, the
# fact sheet's confidence (high: a statistical yearbook or an official release; medium: a news
# report of an official statement; low: a repost, an inference or an unsourced page) and a flag for
# values the fact sheet derived from two figures of one article. No value is adjusted: when two
# sources disagree, both rows stay and each carries a note. Three more tables are new in this
# version: the yearbooks' provincial tables (`provincial_safety`), independent road-death measures
# (`road_deaths_independent`) and the dates of other "peaceful" campaigns (`peaceful_campaigns`);
# the NBS national series are read from the registry's external files.

# %%
zj = catalogue.load_zhejiang_safety()
cn = catalogue.load_national_safety()
overview = pd.DataFrame({
    "table": ["Zhejiang", "China (national)"],
    "rows": [len(zj), len(cn)],
    "indicators": [zj["indicator"].nunique(), cn["indicator"].nunique()],
    "first_year": [int(zj["year"].min()), int(cn["year"].min())],
    "last_year": [int(zj["year"].max()), int(cn["year"].max())],
    "low": [int((zj["confidence"] == "low").sum()), int((cn["confidence"] == "low").sum())],
    "conflict": [int(zj["note"].notna().sum()), int(cn["note"].notna().sum())],
})
zj_level_years = zj[(zj["geography"] == "Zhejiang") & (zj["measure"] == "count")]
glue("p10_zj_rows", len(zj))
glue("p10_cn_rows", len(cn))
glue("p10_zj_pre2004", int((zj_level_years["year"] < 2004).sum()))
table(overview, "The two cited safety tables", table_id="p10-overview",
      columns={"table": "Table", "rows": "Rows", "indicators": "Indicators",
               "first_year": "First year", "last_year": "Last year",
               "low": "Low-confidence rows", "conflict": "Rows with a conflict note"})

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
conf_colours = {"high": "#1f5d99", "medium": "#8fb8de", "low": "#f4c27a"}
code = {"": 0, "L": 1, "M": 2, "H": 3}
cmap = plt.matplotlib.colors.ListedColormap(["white", conf_colours["low"], conf_colours["medium"],
                                             conf_colours["high"]])
fig, axes = plt.subplots(2, 1, figsize=(9, 6.6), height_ratios=[len(gaps_zj), len(gaps_cn)])
for ax, grid, title in ((axes[0], gaps_zj, "Zhejiang"), (axes[1], gaps_cn, "China (national)")):
    ax.imshow(grid.replace(code).to_numpy(dtype=float), cmap=cmap, vmin=0, vmax=3, aspect="auto")
    ax.set_yticks(range(len(grid)), [sp.label(i)[0] for i in grid.index], fontsize=8)
    step = 2 if grid.shape[1] > 14 else 1
    ax.set_xticks(range(0, grid.shape[1], step), grid.columns[::step], fontsize=8, rotation=90)
    ax.set_xticks(np.arange(-0.5, grid.shape[1]), minor=True)
    ax.set_yticks(np.arange(-0.5, len(grid)), minor=True)
    ax.grid(which="minor", color="0.85", lw=0.5)
    ax.grid(which="major", visible=False)
    ax.set_title(f"{title}: years with a cited value", fontsize=9)
fig.legend(handles=[Patch(facecolor=c, edgecolor="0.6", label=f"{k} confidence")
                    for k, c in conf_colours.items()] + [Patch(facecolor="white", edgecolor="0.6",
                                                               label="no cited value")],
           loc="upper left", ncol=4, fontsize=8, frameon=False, bbox_to_anchor=(0.0, 0.955))
fig.suptitle("Where the safety series have data, and where they do not", x=0.01, ha="left", y=0.995)
fig.tight_layout(rect=(0, 0.03, 1, 0.91))
plots.source_note(fig, "data/zhejiang_safety.csv and data/national_safety.csv (fact sheets with a URL per row).", y=0.02)
glue("p10_fig_gaps", fig)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p10_fig_gaps
# :alt: Two grids of indicators by year, each cell coloured dark blue for a high-confidence value, light blue for medium, orange for low and white for none. The Zhejiang grid is mostly blank, with satisfaction in 2004 and 2012-2018, road deaths in 2005, 2009-2010, 2012 and 2014-2015, fires in 2002 and 2004-2009. The national grid is fuller, with road-traffic series for 1998-2011.
# :name: fig-p10-gaps
#
# Coverage of the series used in this chapter, coloured by the best confidence available in each
# year (key above the grids). Blank cells are years with no cited value.
# ```

# %% tags=["remove-cell"]
fz = zj[(zj["indicator"] == "fires") & (zj["year"] == 2005)]["value"].astype(float)
glue("p10_fire2005_lo", fz.min())
glue("p10_fire2005_hi", fz.max())
glue("p10_fire2005_spread_of_hi", 100 * (fz.max() - fz.min()) / fz.max())
glue("p10_fire2005_spread_of_lo", 100 * (fz.max() - fz.min()) / fz.min())
audit = audit_national_safety(cn)
flagged = audit[audit["status"] != "agrees"]
glue("p10_audit_n", len(audit))
glue("p10_audit_flagged", len(flagged))
glue("p10_audit_unexplained", len(unexplained(audit)))
glue("p10_audit_tol_exact", 100 * float(audit.loc[audit["value_kind"] == "exact", "tolerance"].iloc[0]))
glue("p10_audit_tol_rounded", 100 * float(audit.loc[audit["value_kind"] != "exact", "tolerance"].iloc[0]))
loss2000 = audit[(audit["indicator"] == "road_traffic_direct_loss") & (audit["year"] == 2000)]
glue("p10_loss2000_nbs", float(loss2000["nbs_value"].iloc[0]))
glue("p10_loss2000_fixed", float(loss2000.loc[loss2000["host"] == "www.china.org.cn", "value"].iloc[0]))
glue("p10_loss2000_old", float(loss2000.loc[loss2000["host"] == "www.china.org.cn", "value"].iloc[0]) / 10)
print(f"audit: {len(audit)} rows compared, {len(flagged)} flagged, {len(unexplained(audit))} unexplained")
# NBVAL_CHECK_OUTPUT

# %% [markdown]
# Three traps from the fact sheets matter below. **2004 is not only the year of Peaceful
# Zhejiang:** the national Road Traffic Safety Law {cite:p}`prc2003roadlaw` took effect on 1 May
# 2004, so any change in road deaths that year has a nationwide cause. **Crime recording changed
# around 2009**: national registered cases jump between 2008 and 2009, so crime counts across that
# year are not comparable. **Sources disagree** even on single figures: in 2005 the yearbook counts
# {glue:text}`p10_fire2005_lo:,.0f` fires in Zhejiang and the provincial fire brigade
# {glue:text}`p10_fire2005_hi:,.0f`, a gap of {glue:text}`p10_fire2005_spread_of_hi:.0f`% of the
# larger figure ({glue:text}`p10_fire2005_spread_of_lo:.0f`% of the smaller).
#
# **A check against an independent source.** The NBS national series (the registry's
# `nbs_national_*` files, 1990-2014) publish the same national totals as the yearbook. Every row of
# the national table with an NBS counterpart ({glue:text}`p10_audit_n` rows) is compared by
# `megacity.safety_audit` (tolerance {glue:text}`p10_audit_tol_exact:.0f`% for exact values,
# {glue:text}`p10_audit_tol_rounded:.0f`% for rounded ones), and a test fails on any disagreement
# that is not explained. {glue:text}`p10_audit_flagged` row is flagged and explained (an unsourced
# page's 2000 road-accident loss, a small vintage gap); {glue:text}`p10_audit_unexplained` are
# unexplained. The audit also found a **factor-ten transcription slip**: a news report printed the
# 2000 road-accident loss a factor of ten too small, entered as {glue:text}`p10_loss2000_old:,.0f`
# (in $10^4$ yuan), while its own daily figure and the NBS total ({glue:text}`p10_loss2000_nbs:,.0f`)
# show a total ten times larger. An earlier version of this chapter drew it as a real dip, because the
# value-picking rule preferred the news report's higher confidence. The row is now corrected at its
# source, in `data/raw`, with a note ({glue:text}`p10_loss2000_fixed:,.0f`), and the picking rule
# refuses, rather than resolves, any year whose sources differ by more than a factor of two.
#
# ## Every series, small multiples
#
# Every safety indicator with at least three cited years is drawn below: Zhejiang first, then the
# nation's road-traffic series, then its fire, work-safety, crime and survey series. One value per
# year is chosen by a stated rule (higher confidence first, then a directly reported value before a
# derived one, then exact before rounded); the marker shows the confidence of the value chosen.
# Dashed red lines on fire panels mark the documented definition changes of fire statistics.

# %% tags=["hide-input"]
not_safety = {"per_capita_gdp_usd", "per_capita_gdp_yuan", "fires_per_100k_pop"}
zj_panels = [(i, s) for i, s in tr.long_series(zj, "Zhejiang") if i not in not_safety]
cn_panels = [(i, s) for i, s in tr.long_series(cn, "China (national)") if i not in not_safety]
cn_road = [(i, s) for i, s in cn_panels if i.startswith("road_traffic")]
cn_other = [(i, s) for i, s in cn_panels if not i.startswith("road_traffic")]
note = "data/zhejiang_safety.csv, data/national_safety.csv; units as in each table row."
figs = {}
for key, pans, title, col in (("zj", zj_panels, "Zhejiang: every cited safety series with three or more years (dotted line: 2004)", 0),
                              ("cnroad", cn_road, "China: road-traffic series (dotted line: 2004)", 1),
                              ("cnother", cn_other, "China: fires, work safety, crime and surveys (dotted line: 2004)", 1)):
    fig = sp.small_multiples(pans, title, colour=col)
    plots.source_note(fig, note, y=0.3 / fig.get_figheight())
    glue(f"p10_fig_multiples_{key}", plots.as_png(fig))
    glue(f"p10_n_panels_{key}", len(pans))

# %% [markdown]
# ```{glue:figure} p10_fig_multiples_zj
# :alt: A grid of small line charts, one per Zhejiang safety indicator with three or more cited years: satisfaction rising from 92 to 97 percent and marked self-reported, road deaths falling from about 6,900 to 4,300, and fires falling after 2004.
# :name: fig-p10-multiples-zj
#
# The {glue:text}`p10_n_panels_zj` Zhejiang series with at least three cited years, each in its own
# units (bounds and approximate values are drawn as given). Circles are high-confidence values,
# squares medium and crosses low; lines join consecutive years only, so gaps stay visible. The
# satisfaction series is the provincial government's survey of its own programme (marked
# self-reported).
# ```
#
# ```{glue:figure} p10_fig_multiples_cnroad
# :alt: A grid of small line charts of China's road-traffic series: accidents, deaths, injuries and losses rising to 2002 and falling afterwards, deaths per 10,000 vehicles falling, and year-on-year changes.
# :name: fig-p10-multiples-cnroad
#
# The {glue:text}`p10_n_panels_cnroad` national road-traffic series. The 2000 loss now sits on the
# line of its neighbours: the dip an earlier version showed was the factor-ten slip corrected above.
# ```
#
# ```{glue:figure} p10_fig_multiples_cnother
# :alt: A grid of small line charts of China's fires, fire deaths, injuries and losses for 2004-2009, work-safety deaths, criminal cases and survey measures of the sense of security.
# :name: fig-p10-multiples-cnother
#
# The {glue:text}`p10_n_panels_cnother` other national series. Criminal cases jump between 2008 and
# 2009 (a recording change); the survey measures are the authorities' own.
# ```

# %% [markdown]
# ## Satisfaction with safety on the logit scale
#
# **Model.** Let $p_t$ be the share of respondents satisfied with public safety in year $t$. A
# share near $100\%$ cannot grow linearly, so we model its logit,
#
# $$ \operatorname{logit} p_t = \log\frac{p_t}{1 - p_t} = a + b\,(t - 2004) + \varepsilon_t ,$$
#
# where $e^{b}$ is the yearly factor on the odds of being satisfied; when $p$ is close to $1$ the
# dissatisfied share shrinks by roughly the same factor.
#
# **Unit and estimator.** One provincial figure a year (2004 and 2012-2018), fitted by ordinary
# least squares. **These are self-reported outcomes:** the survey is run or commissioned by the
# provincial government whose programme it rates, and its design, sample sizes and wording are not
# published. The interval reflects only how the annual figures scatter around the line, not
# sampling error within a survey, and the 2004 value comes from a 2020 retrospective page rather
# than a 2005 release.

# %% tags=["remove-cell"]
sat = tr.pick_series(zj, "public_safety_satisfaction_pct", "Zhejiang")
sat_fit = tr.fit_logit_trend(sat["year"], sat["value"], center=2004)
sat_sum = sat_fit.summary()
sat_diag = sat_fit.diagnostics()
glue("p10_sat_n", int(sat_diag["n"]))
glue("p10_sat_slope", sat_fit.slope)
glue("p10_sat_or", sat_fit.odds_ratio)
glue("p10_sat_or_low", sat_sum.loc["odds_ratio_per_year", "low"])
glue("p10_sat_or_high", sat_sum.loc["odds_ratio_per_year", "high"])
glue("p10_sat_halving", sat_fit.gap_halving_years)
glue("p10_sat_dw", sat_diag["durbin_watson"])
glue("p10_sat_resid_sd", sat_diag["resid_sd_logit"])
print(f"logit slope = {sat_fit.slope:.4f} per year "
      f"[{sat_sum.loc['trend', 'low']:.4f}, {sat_sum.loc['trend', 'high']:.4f}], "
      f"DW = {sat_diag['durbin_watson']:.2f}")
# NBVAL_CHECK_OUTPUT

# %% tags=["hide-input"]
table(sat_sum.rename(index={"const": "logit in 2004", "trend": "slope per year",
                            "odds_ratio_per_year": "odds ratio per year"}),
      "Logit-linear trend of Zhejiang's satisfaction with public safety (OLS, 95% interval)",
      index=True, digits=4, table_id="p10-sat",
      columns={"index": "Parameter", "estimate": "Estimate", "std_err": "Std. error",
               "low": "Lower 95%", "high": "Upper 95%"})

# %% [markdown]
# The odds of being satisfied rise by a factor of {glue:text}`p10_sat_or:.3f` a year (95% interval
# {glue:text}`p10_sat_or_low:.3f` to {glue:text}`p10_sat_or_high:.3f`); at that pace the
# dissatisfied share halves about every {glue:text}`p10_sat_halving:.0f` years. With
# {glue:text}`p10_sat_n` points and none between 2004 and 2012, the straight logit line is an
# assumption the data cannot test: the line is pinned by the single 2004 value. The Durbin-Watson statistic ({glue:text}`p10_sat_dw:.2f`) says
# little with so few points.

# %% tags=["hide-input"]
grid_years = np.arange(2003, 2020)
band = sat_fit.predict(grid_years)
marker = {"high": "o", "medium": "s", "low": "x"}
fig, ax = plt.subplots(figsize=(7, 3.8))
ax.fill_between(band["year"], band["low_pct"], band["high_pct"], color="0.8", label="95% band of the fitted line")
ax.plot(band["year"], band["fit_pct"], color="black", lw=1.2, label="logit-linear fit")
for conf, d in sat.groupby("confidence", observed=True):
    ax.scatter(d["year"], d["value"], marker=marker[str(conf)], color=plots.PALETTE[0], zorder=3,
               label=f"reported value ({conf} confidence)")
ax.set_xlabel("year")
ax.set_ylabel("satisfied (% of respondents)")
ax.set_title("Zhejiang: satisfaction with public safety, as the government reports it")
ax.text(0.01, 0.97, "Self-reported outcome: the provincial government's survey of its own programme",
        transform=ax.transAxes, fontsize=7.5, color="firebrick", va="top")
ax.legend(fontsize=8, loc="lower right")
fig.tight_layout()
plots.source_note(fig, "data/zhejiang_safety.csv (China Daily 2020; Zhejiang Online 2013-2015; Zhejiang government 2018); fit: megacity.trends.fit_logit_trend.", y=0.0)
glue("p10_fig_satisfaction", fig)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p10_fig_satisfaction
# :alt: Scatter of Zhejiang's public-safety satisfaction rising from 92.3 percent in 2004 to 96.8 percent in 2018, with a curved fitted line and a grey confidence band that widens between 2004 and 2012, where there are no observations; a red note says the figures are the government's own survey.
# :name: fig-p10-satisfaction
#
# Satisfaction with public safety and the logit-linear trend, with the 95% confidence band of the
# fitted line. The values are the provincial government's reports of its own results; there are no
# cited values for 2005-2011.
# ```

# %% [markdown]
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
# 2005-2010 (the 2011 value is low confidence); the national series before 2004 is analysed
# separately below. There is no cited vehicle series for Zhejiang, so the Zhejiang model is a
# trend in counts, not in risk.

# %% tags=["remove-cell"]
zj_deaths = tr.pick_series(zj, "road_traffic_deaths", "Zhejiang", min_confidence="medium")
zj_deaths_all = tr.pick_series(zj, "road_traffic_deaths", "Zhejiang")
cn_deaths_all = tr.pick_series(cn, "road_traffic_deaths", min_confidence="medium")
cn_deaths = cn_deaths_all[cn_deaths_all["year"].between(2005, 2015)]
cn_any = tr.pick_series(cn, "road_traffic_deaths")

fit_zj = tr.fit_count_trend(zj_deaths["year"], zj_deaths["value"], family="negbin", center=2004)
fit_zj_all = tr.fit_count_trend(zj_deaths_all["year"], zj_deaths_all["value"], family="negbin", center=2004)
fit_cn = tr.fit_count_trend(cn_deaths["year"], cn_deaths["value"], family="negbin", center=2004)
rows = []
for name, f in (("Zhejiang 2009-2015", fit_zj), ("Zhejiang incl. 2005 (low confidence)", fit_zj_all),
                ("China 2005-2010", fit_cn)):
    s = f.summary().loc["pct_change_per_year"]
    rows.append({"series": name, "estimate": s["estimate"], "low": s["low"], "high": s["high"],
                 "alpha": f.alpha, "dispersion": f.dispersion, "years": f.n})
road_table = pd.DataFrame(rows)
for key, f in (("zj", fit_zj), ("zjall", fit_zj_all), ("cn", fit_cn)):
    s = f.summary().loc["pct_change_per_year"]
    glue(f"p10_{key}_pct", s["estimate"])
    glue(f"p10_{key}_pct_low", s["low"])
    glue(f"p10_{key}_pct_high", s["high"])
    glue(f"p10_{key}_disp", f.dispersion)
    glue(f"p10_{key}_n", f.n)
glue("p10_cn_alpha", fit_cn.alpha)
glue("p10_cn_cv", 100 * np.sqrt(fit_cn.alpha))
for _, row in road_table.iterrows():
    print(f"{row['series']}: {row['estimate']:.2f}% per year [{row['low']:.2f}, {row['high']:.2f}]")
# NBVAL_CHECK_OUTPUT

# %% tags=["hide-input"]
table(road_table, "Negative binomial trends in police-recorded road deaths (% change a year, 95% interval)",
      table_id="p10-road", formats={"alpha": "{:.5f}", "dispersion": "{:.2f}"},
      columns={"series": "Series", "estimate": "Change a year (%)", "low": "Lower 95%",
               "high": "Upper 95%", "alpha": "NB2 alpha", "dispersion": "Poisson dispersion",
               "years": "Years"})

# %% [markdown]
# Zhejiang's road deaths changed by {glue:text}`p10_zj_pct:.1f`% a year between 2009 and 2015
# (95% interval {glue:text}`p10_zj_pct_low:.1f` to {glue:text}`p10_zj_pct_high:.1f`), national
# deaths by {glue:text}`p10_cn_pct:.1f`% a year in 2005-2010 ({glue:text}`p10_cn_pct_low:.1f` to
# {glue:text}`p10_cn_pct_high:.1f`). **Diagnostics.** The national counts are overdispersed
# (Pearson dispersion of the Poisson fit {glue:text}`p10_cn_disp:.0f`, estimated $\alpha$ =
# {glue:text}`p10_cn_alpha:.4f`, i.e. a year-to-year coefficient of variation of about
# {glue:text}`p10_cn_cv:.1f`% around the trend). The Zhejiang counts are *under*dispersed
# (dispersion {glue:text}`p10_zj_disp:.2f`): {glue:text}`p10_zj_n` official figures that sit closer
# to a straight line than independent Poisson counts would. With so few points this may be chance;
# it is a reason for caution about treating the figures as raw counts, not evidence of anything
# more. Neither interval reflects the uncertainty that matters most here: whether figures from a
# yearbook, newspaper reports and reposts measure the same thing. Adding the low-confidence 2005
# value gives {glue:text}`p10_zjall_pct:.1f`% a year, practically the same trend: that figure lies
# on the line through the later years, which lends it some plausibility but no provenance.
#
# ### Exposure: deaths per vehicle
#
# Two national vehicle series exist. The police bulletins give deaths per $10^4$ motor vehicles
# (motorcycles included) for 2005-2011, from which a fleet can be derived; the NBS series gives the
# civil *automobile* stock (民用汽车拥有量, motorcycles excluded) for 1978-2014, an independent
# count. Both enter the count model as the exposure $E_t$.

# %% tags=["remove-cell"]
rate = tr.pick_series(cn, "road_traffic_deaths_per_10k_vehicles", min_confidence="medium")
expo = cn_deaths.merge(rate[["year", "value"]], on="year", suffixes=("", "_rate"))
expo["vehicles"] = expo["value"] / expo["value_rate"] * 1e4
fit_veh = tr.fit_count_trend(expo["year"], expo["value"], exposure=expo["vehicles"], family="negbin", center=2004)
veh_growth = tr.fit_count_trend(expo["year"], np.round(expo["vehicles"]), family="poisson", center=2004)
nbs_deaths = external.load_nbs_national("traffic_deaths")[["year", "total"]].dropna()
nbs_cars = external.load_nbs_national("civil_vehicles")[["year", "total"]].dropna()
nbs_pop = external.load_nbs_national("population")[["year", "total"]].dropna()
nbs = (nbs_deaths.rename(columns={"total": "deaths"})
       .merge(nbs_cars.rename(columns={"total": "cars_10k"}), on="year")
       .merge(nbs_pop.rename(columns={"total": "pop_10k"}), on="year"))
nbs["per_10k_cars"] = nbs["deaths"] / nbs["cars_10k"]
nbs["per_100k_pop"] = nbs["deaths"] / nbs["pop_10k"] * 10
w = nbs[nbs["year"].between(2005, 2010)]
fit_cars = tr.fit_count_trend(w["year"], w["deaths"], exposure=w["cars_10k"], family="negbin", center=2004)
cars_growth = tr.fit_count_trend(w["year"], np.round(w["cars_10k"] * 1e4), family="poisson", center=2004)
sv, sc = fit_veh.summary().loc["pct_change_per_year"], fit_cars.summary().loc["pct_change_per_year"]
glue_many("p10_veh", {"pct": sv["estimate"], "pct_low": sv["low"], "pct_high": sv["high"]})
glue_many("p10_cars", {"pct": sc["estimate"], "pct_low": sc["low"], "pct_high": sc["high"],
                       "growth": cars_growth.pct_change_per_year})
glue("p10_fleet_growth", veh_growth.pct_change_per_year)
for y in (1990, 2002, 2014):
    glue(f"p10_per_car_{y}", float(nbs.loc[nbs["year"] == y, "per_10k_cars"].iloc[0]))
print(f"deaths per vehicle (police fleet): {sv['estimate']:.2f}% per year; per civil car (NBS): "
      f"{sc['estimate']:.2f}% per year; fleet growth {veh_growth.pct_change_per_year:.1f}% and "
      f"{cars_growth.pct_change_per_year:.1f}% per year")
# NBVAL_CHECK_OUTPUT

# %% [markdown]
# Per vehicle, national road deaths changed by {glue:text}`p10_veh_pct:.1f`% a year in 2005-2010
# ({glue:text}`p10_veh_pct_low:.1f` to {glue:text}`p10_veh_pct_high:.1f`) with the police fleet, and
# by {glue:text}`p10_cars_pct:.1f`% a year ({glue:text}`p10_cars_pct_low:.1f` to
# {glue:text}`p10_cars_pct_high:.1f`) per NBS civil automobile, because the fleets grew by about
# {glue:text}`p10_fleet_growth:.0f`% and {glue:text}`p10_cars_growth:.0f`% a year while deaths fell.
# Over the whole NBS series, deaths per $10^4$ civil automobiles fell from
# {glue:text}`p10_per_car_1990:.0f` in 1990 to {glue:text}`p10_per_car_2002:.0f` in 2002 and
# {glue:text}`p10_per_car_2014:.1f` in 2014. Any comparison of death counts across provinces
# therefore mixes changes in risk with changes in motorisation; without a cited Zhejiang vehicle
# series we cannot separate the two for the province.

# %% [markdown]
# ## What the counts measure: police records beside independent sources
#
# Police-recorded road deaths are a documented undercount. They count deaths the traffic police
# handle and attribute to a road accident, within their own time limit; deaths in hospital weeks
# later, on rural roads outside police jurisdiction, or in crashes settled privately can be missed.
# Three independent measures are cited in `road_deaths_independent`: WHO's modelled estimates
# (Global status reports on road safety), the Ministry of Health's death registration as compiled
# by [Hu, Baker and Baker (2011)](http://www.who.int/bulletin/volumes/89/1/10-080317/en/), and
# age-adjusted mortality rates from the national disease surveillance points (*Lancet Public
# Health*, 2019; the DOI is in the table's schema).

# %% tags=["remove-cell"]
ind = catalogue.load_road_deaths_independent()
who = ind[ind["indicator"] == "road_traffic_deaths_who_estimate"]
reg = ind[ind["indicator"] == "road_traffic_deaths_death_registration"]
dsp = ind[ind["indicator"] == "road_traffic_mortality_surveillance_age_adjusted"].sort_values("year")
police = nbs.set_index("year")
ratios = {}
for _, r in pd.concat([who, reg]).iterrows():
    y = int(r["year"])
    ratios[f"{'who' if 'who' in r['indicator'] else 'registration'}_{y}"] = float(r["value"]) / float(police.loc[y, "deaths"])
glue_many("p10_ratio", ratios)
glue("p10_who_2010", float(who.loc[who["year"] == 2010, "value"].iloc[0]))
glue("p10_who_2013", float(who.loc[who["year"] == 2013, "value"].iloc[0]))
glue("p10_reg_2007", float(reg["value"].iloc[0]))
glue("p10_police_2007", float(police.loc[2007, "deaths"]))
d0, d1 = dsp.set_index("year")["value"].loc[[2006, 2011]]
p0, p1 = police.loc[[2006, 2011], "per_100k_pop"]
glue_many("p10_dsp", {"2006": d0, "2011": d1, "change": 100 * (d1 / d0 - 1)})
glue_many("p10_police_rate", {"2006": p0, "2011": p1, "change": 100 * (p1 / p0 - 1)})
print({k: round(v, 2) for k, v in ratios.items()}, round(100 * (d1 / d0 - 1), 1), round(100 * (p1 / p0 - 1), 1))
# NBVAL_CHECK_OUTPUT

# %% tags=["hide-input"]
fig, (ax, axr, axv) = plt.subplots(1, 3, figsize=(12, 4.0))
ax.plot(nbs["year"], nbs["deaths"], color=plots.PALETTE[1], lw=1.5, label="police records (NBS)")
ax.scatter(who["year"], who["value"], marker="^", s=40, color=plots.PALETTE[3], zorder=3,
           label="WHO modelled estimate")
ax.scatter(reg["year"], reg["value"], marker="D", s=36, color=plots.PALETTE[2], zorder=3,
           label="death registration")
ax.set_yscale("log")
ax.set_ylim(3e4, 5e5)
ax.set_yticks([3e4, 5e4, 1e5, 2e5, 4e5], ["30k", "50k", "100k", "200k", "400k"])
ax.yaxis.set_minor_formatter(mpl.ticker.NullFormatter())    # no minor labels over the major ones
ax.set_xlabel("year")
ax.set_ylabel("road deaths (persons, log scale)")
ax.set_title("Counts", fontsize=10)
ax.legend(fontsize=7, loc="upper left")
axr.plot(nbs["year"], nbs["per_100k_pop"], color=plots.PALETTE[1], lw=1.5, label="police records / population")
axr.plot(dsp["year"], dsp["value"], marker="o", color=plots.PALETTE[2], lw=1.2,
         label="disease surveillance (age-adjusted)")
axr.set_ylim(0, 20)
axr.set_xlabel("year")
axr.set_ylabel("deaths per 100,000 population")
axr.set_title("Rates per population", fontsize=10)
axr.legend(fontsize=7, loc="lower left")
axv.plot(nbs["year"], nbs["per_10k_cars"], color=plots.PALETTE[1], lw=1.5, label="per 10,000 civil automobiles (NBS)")
axv.scatter(rate["year"], rate["value"], color=plots.PALETTE[0], s=18, zorder=3,
            label="per 10,000 motor vehicles (police bulletins)")
axv.set_xlabel("year")
axv.set_ylabel("police-recorded deaths per 10,000 vehicles")
axv.set_title("Rates per vehicle", fontsize=10)
axv.legend(fontsize=7, loc="upper right")
for a in (ax, axr, axv):
    a.set_xlim(1989, 2017)
fig.suptitle("Road deaths in China: police counts beside independent measures", x=0.01, ha="left")
fig.tight_layout(rect=(0, 0.05, 1, 1))
plots.source_note(fig, "NBS National Data (police-recorded deaths, civil automobiles, population); data/road_deaths_independent.csv (WHO, Hu et al. 2011, Lancet Public Health 2019); data/national_safety.csv.", y=0.03)
glue("p10_fig_measurement", fig)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p10_fig_measurement
# :alt: Three panels. Left, police-recorded road deaths on a log scale peaking near 110,000 in 2002 and falling to about 58,000 by 2014, with WHO estimates near 276,000 in 2010 and 261,000 in 2013 and a death-registration count of about 221,000 in 2007 far above the police line. Middle, the police death rate per 100,000 population falling after 2002 while the surveillance rate rises from 12.6 in 2006 to 15.5 in 2011 and falls to 10.4 in 2016. Right, police-recorded deaths per 10,000 vehicles falling steeply from 1990 to 2014.
# :name: fig-p10-measurement
#
# Left: police-recorded road deaths (NBS) beside WHO's modelled estimates and the 2007
# death-registration count. Middle: the police count per $10^5$ population beside the disease
# surveillance rate (age-adjusted). Right: police-recorded deaths per $10^4$ vehicles, with the
# NBS automobile stock and the police bulletins' motor-vehicle rate.
# ```
#
# WHO's estimate for 2010, {glue:text}`p10_who_2010:,.0f`, is {glue:text}`p10_ratio_who_2010:.1f`
# times the police count; for 2013 the ratio is {glue:text}`p10_ratio_who_2013:.1f`. Death
# registration in 2007 recorded {glue:text}`p10_reg_2007:,.0f` road deaths against the police's
# {glue:text}`p10_police_2007:,.0f`, a ratio of {glue:text}`p10_ratio_registration_2007:.1f`.
# Between 2006 and 2011 the police rate per $10^5$ population changed by
# {glue:text}`p10_police_rate_change:.0f`% while the surveillance rate changed by
# {glue:text}`p10_dsp_change:+.0f`%: the two sources do not even agree on the direction.
#
# **What a fall in police counts can and cannot mean.** It *can* mean fewer deaths; it can equally
# mean that fewer deaths are recorded (a change in the share of crashes the traffic police handle,
# in the time limit for counting a death, or in the incentive to report: road deaths are a target
# in cadre evaluation), or that deaths moved to roads or victims the police do not count. It
# *cannot*, on its own, establish that roads became safer, and it cannot be compared across
# provinces whose recording practice differs. A fall per vehicle is stronger evidence of lower risk
# per vehicle only if the undercount did not grow with the fleet. For Zhejiang no independent
# measure is cited, so every Zhejiang road-death figure in this chapter is a police figure.

# %% [markdown]
# ### Zhejiang relative to the nation
#
# Two ways to compare. Directly, the ratio of Zhejiang's deaths to the national total can be
# computed only in the years both series have: 2009 and 2010 (and 2005, if the low-confidence
# Zhejiang figure is accepted). Through the models, one negative binomial fit with separate
# intercepts and slopes estimates how fast the ratio changes, $d = b_\text{ZJ} - b_\text{CN}$,
# under the assumption that each series follows its own log-linear trend over the years admitted.
# Because the two series cover different years, *which* years and sources are admitted matters;
# we fit four reasonable choices.

# %% tags=["remove-cell"]
ratio = zj_deaths_all.merge(cn_deaths_all, on="year", suffixes=("_zj", "_cn"))
ratio = ratio.assign(share_pct=100 * ratio["value_zj"] / ratio["value_cn"])[
    ["year", "value_zj", "confidence_zj", "value_cn", "confidence_cn", "share_pct"]]
variants = {
    "ZJ 2009-15 vs CN 2005-10 (medium+ only)": (zj_deaths, cn_deaths_all[cn_deaths_all["year"].between(2005, 2015)]),
    "ZJ 2005-15 vs CN 2005-10 (ZJ 2005 low)": (zj_deaths_all, cn_deaths_all[cn_deaths_all["year"].between(2005, 2015)]),
    "ZJ 2005-15 vs CN 2005-16 (all, incl. low)": (zj_deaths_all, cn_any[cn_any["year"].between(2005, 2016)]),
    "ZJ 2009-15 vs CN 2009-16 (CN 2011, 2016 low)": (zj_deaths, cn_any[cn_any["year"].between(2009, 2016)]),
}
rows = []
for name, (a, b) in variants.items():
    cs = tr.compare_count_trends(a["year"], a["value"], b["year"], b["value"], labels=("ZJ", "CN"),
                                 center=2010).summary().loc["ratio_pct_change_per_year"]
    rows.append({"variant": name, "cn_years": ", ".join(str(y) for y in b["year"]),
                 "estimate": cs["estimate"], "low": cs["low"], "high": cs["high"]})
ratio_variants = pd.DataFrame(rows)
glue("p10_ratio_min", ratio_variants["estimate"].min())
glue("p10_ratio_max", ratio_variants["estimate"].max())
glue("p10_share_2009", float(ratio.loc[ratio["year"] == 2009, "share_pct"].iloc[0]))
glue("p10_share_2010", float(ratio.loc[ratio["year"] == 2010, "share_pct"].iloc[0]))
for _, row in ratio_variants.iterrows():
    print(f"{row['variant']}: {row['estimate']:.2f}% per year [{row['low']:.2f}, {row['high']:.2f}]")
# NBVAL_CHECK_OUTPUT

# %% tags=["hide-input"]
table(ratio_variants, "Yearly change of the Zhejiang/China ratio of road deaths under four sample choices (joint NB2, 95% interval)",
      table_id="p10-ratio-variants",
      columns={"variant": "Years and sources admitted", "cn_years": "National years used",
               "estimate": "Change of the ratio a year (%)", "low": "Lower 95%", "high": "Upper 95%"})

# %% tags=["hide-input"]
table(ratio, "Zhejiang's share of national road deaths in the years both are cited", table_id="p10-share",
      formats={"value_zj": "{:,.0f}", "value_cn": "{:,.0f}"},
      columns={"year": "Year", "value_zj": "Zhejiang deaths", "confidence_zj": "Zhejiang confidence",
               "value_cn": "National deaths", "confidence_cn": "National confidence",
               "share_pct": "Zhejiang share (%)"})

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
fig, (ax, axr) = plt.subplots(1, 2, figsize=(10, 3.9))
yy = np.arange(2004, 2016)
for (lab, s, f, col) in (("Zhejiang", zj_deaths_all, fit_zj, 0), ("China", cn_deaths_all, fit_cn, 1)):
    ax.scatter(s["year"], s["value"], color=plots.PALETTE[col], s=18,
               label=f"{lab}, police figure ({'any' if lab == 'Zhejiang' else 'medium or high'} confidence)")
    yrs = yy[(yy >= f.years.min()) & (yy <= f.years.max())]
    ax.plot(yrs, f.predict(yrs), color=plots.PALETTE[col], lw=1.4, label=f"{lab}, negative binomial trend")
ax.set_yscale("log")
sp.plain_ticks(ax)
ax.set_xlim(1997, 2020)
ax.axvline(2004.33, color="0.3", ls=":", lw=0.8)
ax.text(2004.5, 0.97, "Road Traffic\nSafety Law", fontsize=7, color="0.3", va="top",
        transform=ax.get_xaxis_transform())
ax.set_xlabel("year")
ax.set_ylabel("road-traffic deaths (persons, log scale)")
ax.set_title("Road deaths and fitted trends", fontsize=10)
ax.legend(fontsize=6.5, loc="center left")
lowc = ratio["confidence_zj"] == "low"
axr.scatter(ratio.loc[~lowc, "year"], ratio.loc[~lowc, "share_pct"], color=plots.PALETTE[2], label="Zhejiang value of medium or high confidence")
axr.scatter(ratio.loc[lowc, "year"], ratio.loc[lowc, "share_pct"], color=plots.PALETTE[2], marker="x", label="Zhejiang value of low confidence")
axr.set_xlim(2003, 2012)
axr.set_ylim(0, 10)
axr.set_xlabel("year")
axr.set_ylabel("Zhejiang / national deaths (%)")
axr.set_title("Zhejiang's share of road deaths", fontsize=10)
axr.legend(fontsize=7, loc="lower right")
fig.tight_layout(rect=(0, 0.04, 1, 1))
plots.source_note(fig, "data/zhejiang_safety.csv, data/national_safety.csv (CSY 2010; MPS bulletins; provincial police); fits: megacity.trends.", y=0.02)
glue("p10_fig_road", fig)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p10_fig_road
# :alt: Left, road deaths on a log scale: national police figures near 100,000 in 2000-2005 fall to about 65,000 by 2010; Zhejiang deaths fall from about 5,700 in 2009 to 4,300 in 2015, each with a fitted straight trend. Right, Zhejiang's share of national road deaths, about 7 percent in 2005 (low confidence) and about 8.3 to 8.4 percent in 2009 and 2010.
# :name: fig-p10-road
#
# Left: police-recorded road-traffic deaths and the negative binomial trends (Zhejiang 2009-2015,
# China 2005-2010); the dotted line marks May 2004. Right: Zhejiang's share of national deaths in
# the three years both are cited.
# ```

# %% [markdown]
# ## Did something change in 2004? Break tests with honest error rates
#
# **Model.** A broken line on the log scale,
#
# $$ \log y_t = a + b_1 \min(t - \tau, 0) + b_2 \max(t - \tau, 0) + \varepsilon_t ,$$
#
# with slopes $b_1$ before and $b_2$ after a break year $\tau$. Instead of fixing $\tau$ = 2004,
# we fit the model for every candidate year and **profile** the likelihood over $\tau$: the best
# $\tau$ minimises the residual sum of squares, and the years whose likelihood-ratio statistic stays
# below $\chi^2_{1;\,0.95}$ form an approximate interval. Whether there is a break at all is tested
# with the sup-F statistic against a single straight line {cite:p}`davies1987,andrews1993`.
#
# **The null distribution matters.** The search over $\tau$ alone makes the textbook F table far
# too liberal, and an earlier version of this chapter therefore simulated the statistic's null
# distribution, but under *independent* errors. Annual national totals are not independent from
# year to year: a series that wanders like a random walk with drift leaves long runs of residuals
# around a straight line, which a broken line absorbs. `megacity.breaks` therefore simulates the
# null under three error models fitted to each series: independent errors (the naive test), $\mathrm{AR}(1)$
# errors around the line, and a random walk with drift. The **corrected test** declares a break
# only when both dependent nulls reject; its p-value is the larger of the two. The sup-F statistic
# is invariant to the scale of the series and to adding any straight line, so under the random-walk
# null its distribution does not depend on the fitted drift or step size, and the corrected test
# is exact, not approximate, when the truth is a random walk with drift.
#
# **How wrong is the naive test?** A Monte Carlo at the chapter's years (1998-2011): series with no
# break are simulated under each error process, and each test is applied to every series.

# %% tags=["remove-cell"]
seg_all = cn_any[cn_any["year"] <= 2011]
seg_med = cn_deaths_all[cn_deaths_all["year"] <= 2011]
size = breaks.size_table(seg_all["year"], n_mc=400, n_sim=199, seed=2004)
glue("p10_mc_n", 400)
glue("p10_nominal", 5)
for proc, key in (("independent errors", "iid"), ("AR(1) errors, rho = 0.5", "ar05"),
                  ("AR(1) errors, rho = 0.9", "ar09"), ("random walk with drift", "rw")):
    glue_many(f"p10_size_{key}", (100 * size.loc[proc]).to_dict())
size25 = breaks.size_table(np.arange(1990, 2015), n_mc=300, n_sim=149, seed=2014)
glue_many("p10_size25_rw", (100 * size25.loc["random walk with drift"]).to_dict())
print((100 * size).round(1).to_string())
# NBVAL_CHECK_OUTPUT

# %% tags=["hide-input"]
table((100 * size).reset_index(), "Empirical size (% of series with no break that are rejected at a nominal 5%), Monte Carlo at the years 1998-2011",
      table_id="p10-size", digits=1,
      columns={"true process (no break)": "True process (no break)", "f_table": "F table, break year searched",
               "naive": "sup-F, independent-error null (naive)", "ar1_null": "sup-F, AR(1) null",
               "rw_null": "sup-F, random-walk null", "corrected": "Corrected (both dependent nulls)"})

# %% [markdown]
# Under a random walk with drift, the naive test rejects a true "no break" in
# {glue:text}`p10_size_rw_naive:.0f`% of series, the F table in {glue:text}`p10_size_rw_f_table:.0f`%;
# the corrected test rejects in {glue:text}`p10_size_rw_corrected:.1f`% (nominal: {glue:text}`p10_nominal`%, Monte Carlo
# standard error about one point with {glue:text}`p10_mc_n` series). Under $\mathrm{AR}(1)$ errors with
# $\rho = 0.9$ the naive test rejects in {glue:text}`p10_size_ar09_naive:.0f`%, the corrected test in
# {glue:text}`p10_size_ar09_corrected:.1f`%. A longer series does not cure the naive test: at the
# NBS years 1990-2014 it rejects {glue:text}`p10_size25_rw_naive:.0f`% of random walks with drift,
# the corrected test {glue:text}`p10_size25_rw_corrected:.1f`%. The price is power: under independent errors the
# corrected test rejects in only {glue:text}`p10_size_iid_corrected:.1f`% of series instead of
# the nominal {glue:text}`p10_nominal`%, so it finds only breaks that are large against the series' own wandering (the
# unit tests check that a planted turn from rising to falling by six per cent a year, with little noise, is
# found every time).
#
# **The verdicts.** The corrected test applied to every series long enough to carry it:

# %% tags=["remove-cell"]
nbs_fd = external.load_nbs_national("fire_deaths")[["year", "total"]].dropna()
nbs_fd = nbs_fd[nbs_fd["year"] >= 1998]                    # after the 1997 change of fire reporting
nbs_cc = external.load_nbs_national("criminal_cases")[["year", "total"]].dropna()
series = {
    "China road deaths 1998-2011, all cited sources": (seg_all["year"], seg_all["value"], "log"),
    "China road deaths, medium and high confidence only": (seg_med["year"], seg_med["value"], "log"),
    "China road deaths, NBS 1990-2014": (nbs["year"], nbs["deaths"], "log"),
    "China road deaths per civil automobile, NBS": (nbs["year"], nbs["per_10k_cars"], "log"),
    "China fire deaths, NBS 1998-2012": (nbs_fd["year"], nbs_fd["total"], "log"),
    "China criminal cases registered, NBS 1995-2014": (nbs_cc["year"], nbs_cc["total"], "log"),
    "Zhejiang satisfaction with safety (self-reported)": (sat["year"], sat["value"], "logit"),
}
verdicts = breaks.verdict_table(series, n_sim=1999, seed=2004)
keys = ["road_all", "road_med", "road_nbs", "road_per_car", "fire_deaths", "crime", "satisfaction"]
for k, (_, r) in zip(keys, verdicts.iterrows()):
    glue_many(f"p10_brk_{k}", {"verdict": r["verdict"], "verdict_naive": r["verdict_naive"],
                               "year": int(r["break_year"]), "p": r["p_corrected"],
                               "p_naive": r["p_naive"], "supf": r["sup_f"]})
glue("p10_n_break", int((verdicts["verdict"] == "break").sum()))
glue("p10_n_naive_break", int((verdicts["verdict_naive"] == "break").sum()))
glue("p10_n_series", len(verdicts))
print(verdicts[["series", "break_year", "p_naive", "p_corrected", "verdict_naive", "verdict"]].round(4).to_string())
# NBVAL_CHECK_OUTPUT

# %% tags=["hide-input"]
table(verdicts.drop(columns=["first_year", "last_year"]),
      "Break in trend: sup-F statistic, most likely break year and Monte Carlo p-values under each null (1,999 simulations each)",
      table_id="p10-verdicts", digits=3, formats={"sup_f": "{:.1f}", "break_year": "{:.0f}"},
      columns={"series": "Series", "n": "Years", "sup_f": "sup-F", "break_year": "Most likely break",
               "p_naive": "p, independent null", "p_ar1": "p, AR(1) null", "rho": "AR(1) rho",
               "p_rw": "p, random-walk null", "p_corrected": "p, corrected",
               "verdict_naive": "Naive verdict", "verdict": "Corrected verdict"})

# %% [markdown]
# The naive test finds a break in {glue:text}`p10_n_naive_break` of the
# {glue:text}`p10_n_series` series; the corrected test in {glue:text}`p10_n_break`. For national road
# deaths the corrected verdict is "**{glue:text}`p10_brk_road_all_verdict`**" (p =
# {glue:text}`p10_brk_road_all_p:.3f`, most likely break {glue:text}`p10_brk_road_all_year`) with
# all cited sources, "**{glue:text}`p10_brk_road_med_verdict`**" with the medium- and high-confidence
# years only (most likely break {glue:text}`p10_brk_road_med_year`), and
# "**{glue:text}`p10_brk_road_nbs_verdict`**" in the single-source NBS series (most likely break
# {glue:text}`p10_brk_road_nbs_year`); per civil automobile it is
# "{glue:text}`p10_brk_road_per_car_verdict`" (most likely break {glue:text}`p10_brk_road_per_car_year`).
# For fire deaths the naive verdict is "{glue:text}`p10_brk_fire_deaths_verdict_naive`" and the
# corrected one "{glue:text}`p10_brk_fire_deaths_verdict`" (p = {glue:text}`p10_brk_fire_deaths_p:.2f`);
# for registered criminal cases "{glue:text}`p10_brk_crime_verdict_naive`" against
# "{glue:text}`p10_brk_crime_verdict`" (p = {glue:text}`p10_brk_crime_p:.2f`); for Zhejiang's
# self-reported satisfaction "{glue:text}`p10_brk_satisfaction_verdict_naive`" against
# "{glue:text}`p10_brk_satisfaction_verdict`" (p = {glue:text}`p10_brk_satisfaction_p:.2f`). Breaks
# that only the naive test finds are what a wandering series produces by itself.
#
# **Where the national break lies.** The profile over the break year, for the national road deaths:

# %% tags=["remove-cell"]
seg = tr.fit_segmented(seg_all["year"], seg_all["value"], n_boot=0)
seg_m = tr.fit_segmented(seg_med["year"], seg_med["value"], n_boot=0)
seg_j = tr.fit_segmented(seg_all["year"], seg_all["value"], jump=True, n_boot=0)
ss = seg.summary()
glue("p10_seg_n", len(seg_all))
glue("p10_seg_break", int(seg.break_year))
glue("p10_seg_break_low", int(seg.break_set[0]))
glue("p10_seg_break_high", int(seg.break_set[1]))
for name in ("before", "after"):
    r = ss.loc[f"pct_per_year_{name}"]
    glue_many(f"p10_seg_{name}", {"est": r["estimate"], "low": r["low"], "high": r["high"]})
glue("p10_seg_lr2004", float(seg.profile.set_index("break_year").loc[2004.0, "lr_stat"]))
glue("p10_chi2_crit", 3.841458820694124)
glue("p10_segm_break", int(seg_m.break_year))
glue("p10_segm_n", len(seg_med))
glue("p10_segj_break", int(seg_j.break_year))
print(f"break year {seg.break_year:.0f} [{seg.break_set[0]:.0f}, {seg.break_set[1]:.0f}]; "
      f"medium+ only: {seg_m.break_year:.0f}; with a jump: {seg_j.break_year:.0f}")
# NBVAL_CHECK_OUTPUT

# %% tags=["hide-input"]
table(ss.rename(index={"level_at_break": "log deaths at the break", "slope_before": "slope before (log scale)",
                       "slope_after": "slope after (log scale)", "pct_per_year_before": "% a year before",
                       "pct_per_year_after": "% a year after", "break_year": "break year"}),
      "Segmented trend of national road deaths, 1998-2011 (all cited sources; 95% intervals, break year by likelihood ratio)",
      index=True, digits=3, table_id="p10-seg",
      columns={"index": "Parameter", "estimate": "Estimate", "std_err": "Std. error", "low": "Lower", "high": "Upper"})

# %% [markdown]
# The profile puts the national turning point in **{glue:text}`p10_seg_break`** (likelihood-ratio
# interval {glue:text}`p10_seg_break_low` to {glue:text}`p10_seg_break_high`), not in 2004: deaths
# grew by {glue:text}`p10_seg_before_est:.1f`% a year before it ({glue:text}`p10_seg_before_low:.1f`
# to {glue:text}`p10_seg_before_high:.1f`) and changed by {glue:text}`p10_seg_after_est:.1f`% a year
# after ({glue:text}`p10_seg_after_low:.1f` to {glue:text}`p10_seg_after_high:.1f`). The
# likelihood-ratio statistic for a break in 2004 is {glue:text}`p10_seg_lr2004:.1f`, above the
# cut-off of {glue:text}`p10_chi2_crit:.2f`. Using only the {glue:text}`p10_segm_n` medium- and
# high-confidence years moves the break to **{glue:text}`p10_segm_break`**; allowing a level jump
# as well gives {glue:text}`p10_segj_break`. So the turning point lies somewhere in 2002-2004 and
# *which* year depends on whether one trusts the low-confidence page that supplies most pre-2004
# values. The slopes before and after are robust; the timing is not.
#
# ```{admonition} Confounders, stated next to the result
# :class: warning
#
# * **The national Road Traffic Safety Law** took effect on 1 May 2004, the same month as the
#   Peaceful Zhejiang decision; any 2004 change in road deaths has a nationwide cause.
# * **Crime recording changed around 2009** (national registered cases jump from 2008 to 2009), so
#   crime series cannot be split at 2004 and compared across 2009.
# * **No untreated comparison:** other provinces launched their own campaigns, Shandong in January
#   2004, and the whole country from 2005 (see the comparison-group section below).
# * **Mixed sources:** the pre-2004 national values come mostly from a low-confidence page.
# ```
#
# **What this means for Peaceful Zhejiang.** Even if the national turn is placed in 2004, it is a
# *national* turn: it coincides with the Road Traffic Safety Law of May 2004 and nationwide
# campaigns, and it happens in every province at once. A Zhejiang decline after 2004 is what the
# national trend predicts anyway. Only a Zhejiang series that departs from the national one,
# measured before and after 2004, could suggest a provincial effect.

# %% tags=["hide-input"]
prof = seg.profile
fig, (ax, axp) = plt.subplots(1, 2, figsize=(10, 3.8))
highc = seg_all["confidence"] != "low"
ax.scatter(seg_all.loc[highc, "year"], seg_all.loc[highc, "value"], color=plots.PALETTE[1], s=18, zorder=3,
           label="cited, medium or high confidence")
ax.scatter(seg_all.loc[~highc, "year"], seg_all.loc[~highc, "value"], facecolor="white",
           edgecolor=plots.PALETTE[1], s=18, zorder=4, label="cited, low confidence")
yy = np.linspace(1998, 2011, 200)
ax.plot(yy, seg.predict(yy), color="black", lw=1.2, label=f"broken line, break {seg.break_year:.0f}")
ax.axvline(2004.33, color="0.3", ls=":", lw=0.8)
sp.plain_ticks(ax)
ax.set_xlabel("year")
ax.set_ylabel("road-traffic deaths (persons)")
ax.set_title("China: road deaths and a segmented trend", fontsize=10)
ax.legend(fontsize=7)
axp.plot(prof["break_year"], prof["lr_stat"], marker="o", ms=3, color=plots.PALETTE[0])
axp.axhline(3.841458820694124, color="0.4", ls="--", lw=1, label="95% cut-off")
axp.axvline(2004, color="0.3", ls=":", lw=0.8)
axp.set_xlabel("candidate break year τ")
axp.set_ylabel("likelihood-ratio statistic")
axp.set_title("Profile over the break year", fontsize=10)
axp.legend(fontsize=7)
fig.tight_layout(rect=(0, 0.04, 1, 1))
plots.source_note(fig, "data/national_safety.csv (1998-2003 mostly low confidence); fit: megacity.trends.fit_segmented.", y=0.02)
glue("p10_fig_segmented", fig)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p10_fig_segmented
# :alt: Left, national road deaths 1998-2011 with a broken-line fit that peaks around 2002 and declines afterwards; the 2004 road law is marked by a dotted line after the peak; low-confidence values are open circles. Right, the likelihood-ratio profile over candidate break years, lowest at 2002 and above the dashed 95% cut-off at 2004.
# :name: fig-p10-segmented
#
# Left: national road-traffic deaths with the segmented trend at the profiled break year (open
# markers: low-confidence values). Right: the profile likelihood-ratio statistic; years below the
# dashed line form the approximate 95% interval for the break year.
# ```

# %% [markdown]
# ## Is there a comparison group?
#
# A causal reading of Zhejiang's record needs provinces that did *not* get the treatment, observed
# before and after 2004. Two things are needed: a provincial panel, and an untreated province.
#
# **The panel.** The China Statistical Yearbook prints tables "by region" for fires and for road
# accidents. The stored copies of those tables, compiled cell by cell into `provincial_safety`
# (each row cites its yearbook, table and row), cover the following:

# %% tags=["remove-cell"]
prov = catalogue.load_provincial_safety()
cov = pn.coverage(prov, reference_year=2004)
feasible = pn.synthetic_control_feasible(cov, min_pre=4, min_post=4, min_units=15)
cov = cov.assign(synthetic_control=cov["indicator"].map(feasible).map({True: "yes", False: "no"}))
fires_cov = cov.set_index("indicator").loc["fires"]
glue("p10_panel_fire_years", fires_cov["years"])
glue("p10_panel_fire_pre", int(fires_cov["years_before"]))
glue("p10_panel_fire_post", int(fires_cov["years_from"]))
glue("p10_panel_fire_units", int(fires_cov["provinces_all_years"]))
glue("p10_panel_road_years", cov.set_index("indicator").loc["road_traffic_deaths", "years"])
glue("p10_panel_cells", len(prov))
glue("p10_sc_feasible_any", "feasible" if feasible.any() else "not feasible")
print(cov[["indicator", "years_before", "years_from", "provinces_all_years", "synthetic_control"]].to_string())
# NBVAL_CHECK_OUTPUT

# %% tags=["hide-input"]
table(cov.assign(indicator=cov["indicator"].map(lambda i: sp.label(i)[0])),
      "Coverage of the provincial panel compiled from the yearbooks' tables by region",
      table_id="p10-panel-coverage",
      columns={"indicator": "Indicator", "years": "Years with a table", "years_before": "Years before 2004",
               "years_from": "Years 2004 and after", "provinces_all_years": "Provinces with every year",
               "provinces_any_year": "Provinces with any year",
               "synthetic_control": "Synthetic control feasible (4 before, 4 after, 15 provinces)"})

# %% [markdown]
# The panel has {glue:text}`p10_panel_cells:,` cells. Fires are covered in
# {glue:text}`p10_panel_fire_years` for {glue:text}`p10_panel_fire_units` provinces with every year
# (the stored 2000 table breaks off before Ningxia and Xinjiang): {glue:text}`p10_panel_fire_pre`
# years before 2004 and {glue:text}`p10_panel_fire_post` from 2004. Road accidents by region are
# available only for {glue:text}`p10_panel_road_years`. No by-region table for 2001-2003 was found.
# A synthetic control with prediction intervals needs enough pre-treatment years to fit the weights
# and to judge the fit; by the rule set in advance (four years before, four after, fifteen
# provinces) it is **{glue:text}`p10_sc_feasible_any`** for any indicator, and with fire reporting
# standards changed in 1997 the pre-period could not be extended backwards with the same
# definition anyway.
#
# **What the panel does support** is a transparent difference-in-differences with one treated
# province: two-way fixed effects on log fires, Zhejiang against the mean of the other provinces,
# with in-space placebos (each province in turn treated as if it were Zhejiang) in place of
# standard errors, which are meaningless with one treated unit. The difference in *trends* does the
# same with each province's slope within the two periods, so a province already on a different path
# is not read as an effect.

# %% tags=["remove-cell"]
did = {}
for ind in ("fires", "fire_deaths"):
    for trend in (False, True):
        r = pn.did_one_treated(prov, ind, treated="Zhejiang", start=2004, trends=trend)
        key = f"{ind}_{'trend' if trend else 'level'}"
        did[key] = r
        glue_many(f"p10_did_{key}", {"est": r.estimate, "pct": r.percent, "pct_abs": abs(r.percent), "rank": r.rank,
                                     "n": r.n_units, "p": r.placebo_pvalue})
r_hn = pn.did_one_treated(prov, "fires", treated="Zhejiang", start=2004, exclude=("Hainan",))
glue_many("p10_did_fires_level_nohainan", {"pct": r_hn.percent, "rank": r_hn.rank, "n": r_hn.n_units,
                                           "p": r_hn.placebo_pvalue})
zjf = prov[(prov["indicator"] == "fires") & (prov["province"] == "Zhejiang")].set_index("year")["value"]
glue("p10_zj_fires_2004", float(zjf.loc[2004]))
glue("p10_zj_fires_2005", float(zjf.loc[2005]))
glue("p10_zj_fires_drop_0405", 100 * (1 - zjf.loc[2005] / zjf.loc[2004]))
for k, r in did.items():
    print(f"{k}: {r.estimate:+.3f} (rank {r.rank} of {r.n_units}, placebo p = {r.placebo_pvalue:.3f})")
# NBVAL_CHECK_OUTPUT

# %% tags=["hide-input"]
fig, axes = plt.subplots(1, 2, figsize=(10, 5.2))
for ax, key, ttl in ((axes[0], "fires_level", "Level: change in mean log fires,\n2004-2008 against 1998-2000"),
                     (axes[1], "fires_trend", "Trend: change in yearly slope of log fires,\n2004-2008 against 1998-2000")):
    pl = did[key].placebo
    colours = [plots.PALETTE[3] if p == "Zhejiang" else "0.6" for p in pl.index]
    ax.barh(range(len(pl)), pl.to_numpy(), color=colours)
    ax.set_yticks(range(len(pl)), pl.index, fontsize=6.5)
    ax.axvline(0, color="0.3", lw=0.8)
    ax.set_xlabel("province minus the mean of the others (log points)")
    ax.set_title(ttl, fontsize=9)
    ax.grid(axis="y", visible=False)
fig.suptitle("Zhejiang (red) among the in-space placebos: every province treated as if it were Zhejiang",
             x=0.01, ha="left", fontsize=10)
fig.tight_layout(rect=(0, 0.04, 1, 0.95))
plots.source_note(fig, "data/provincial_safety.csv (China Statistical Yearbooks 1999-2001, 2005-2009, fires by region); megacity.panel.did_one_treated.", y=0.02)
glue("p10_fig_placebo", fig)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p10_fig_placebo
# :alt: Two horizontal bar charts of provinces sorted by their estimate. Left, the level difference in log fires, with Zhejiang in red among the most negative bars. Right, the difference in yearly slopes, with Zhejiang in red near the middle of the distribution.
# :name: fig-p10-placebo
#
# In-space placebos for fires: each bar is a province's difference-in-differences estimate against
# the mean of the others; Zhejiang is red. Left: levels; right: trends.
# ```
#
# In levels, Zhejiang's fires fell by {glue:text}`p10_did_fires_level_pct_abs:.0f`% relative to the
# other provinces (log difference {glue:text}`p10_did_fires_level_est:.2f`; rank
# {glue:text}`p10_did_fires_level_rank` of {glue:text}`p10_did_fires_level_n`, placebo p =
# {glue:text}`p10_did_fires_level_p:.2f`; without Hainan, whose 1998 figure is a reporting gap, rank
# {glue:text}`p10_did_fires_level_nohainan_rank` of {glue:text}`p10_did_fires_level_nohainan_n`).
# That contrast is carried by one step: Zhejiang's yearbook count falls from
# {glue:text}`p10_zj_fires_2004:,.0f` in 2004 to {glue:text}`p10_zj_fires_2005:,.0f` in 2005
# (a fall of {glue:text}`p10_zj_fires_drop_0405:.0f`% in one year), the year in which the yearbook and the
# provincial fire brigade disagree by a quarter or more, which points to a change in what was
# counted. In trends the contrast disappears: rank {glue:text}`p10_did_fires_trend_rank` of
# {glue:text}`p10_did_fires_trend_n` (placebo p = {glue:text}`p10_did_fires_trend_p:.2f`). Fire
# deaths, which are harder to leave unrecorded, show no contrast in levels (rank
# {glue:text}`p10_did_fire_deaths_level_rank` of {glue:text}`p10_did_fire_deaths_level_n`) or trends
# (rank {glue:text}`p10_did_fire_deaths_trend_rank`).
#
# **Is anyone untreated?** Even a perfect panel would need provinces without a comparable campaign.
# The sources date other campaigns as follows:

# %% tags=["remove-cell"]
camps = catalogue.load_peaceful_campaigns()
sd = camps[camps["jurisdiction"] == "Shandong"].sort_values("confidence")
glue("p10_shandong_date", str(sd["launch_date"].iloc[0]))
glue("p10_national_year", int(camps.loc[camps["level"] == "national", "launch_year"].iloc[0]))
glue("p10_n_campaign_rows", len(camps))
print(camps[["jurisdiction", "launch_date", "confidence"]].to_string())
# NBVAL_CHECK_OUTPUT

# %% tags=["hide-input"]
table(camps[["jurisdiction", "level", "campaign", "launch_date", "instrument", "confidence", "source_location"]],
      "Where sources date 'peaceful' campaigns other than Zhejiang's (URL of each source in data/peaceful_campaigns.csv)",
      table_id="p10-campaigns",
      columns={"jurisdiction": "Jurisdiction", "level": "Level", "campaign": "Campaign",
               "launch_date": "Launched", "instrument": "Instrument", "confidence": "Confidence",
               "source_location": "Source"})

# %% [markdown]
# Shandong's provincial Party committee and government issued their decision on building a
# "Peaceful Shandong" on {glue:text}`p10_shandong_date`, four months *before* Zhejiang's decision,
# and a commentary of August 2004 already names the two provinces together. In
# {glue:text}`p10_national_year` the General Offices of the Party Central Committee and the State
# Council transmitted the national opinion on deepening peace-building, which extended the model to
# every province; cities such as Guangzhou followed. **"No untreated province" is therefore a
# finding, not an aside:** from 2005 every province was under a peace-building mandate, and before
# 2005 at least one large province had launched its own. A comparison of Zhejiang with "the other
# provinces" after 2004 compares one treated province with others treated a little later or
# differently, and can at most speak to timing or intensity, which no source measures.
#
# ### Fire statistics change their definitions
#
# Fire counts are the one series with a provincial panel, and their definitions moved twice. The
# 1998 yearbook table notes that fire reporting standards were modified in 1997; the NBS national
# series add a new severity class in 2007. Both are marked on the figure.

# %% tags=["hide-input"]
nf = external.load_nbs_national("fires")[["year", "total"]].dropna()
nfd = external.load_nbs_national("fire_deaths")[["year", "total"]].dropna()
zp = prov[(prov["province"] == "Zhejiang")]
fig, (ax, axd) = plt.subplots(1, 2, figsize=(10, 3.9))
ax.plot(nf["year"], nf["total"], color=plots.PALETTE[1], lw=1.5, label="China (NBS)")
ax2 = ax.twinx()
zpf = zp[zp["indicator"] == "fires"]
ax2.plot(zpf["year"], zpf["value"], "o", color=plots.PALETTE[0], ms=4, label="Zhejiang (yearbook by region)")
brig = zj[(zj["indicator"] == "fires") & (zj["source"].str.contains("zjol|thehour"))]
ax2.plot(brig["year"], brig["value"], "s", mfc="white", color=plots.PALETTE[0], ms=5, label="Zhejiang (fire brigade, news)")
ax.set_ylabel("fires in China (cases)")
ax2.set_ylabel("fires in Zhejiang (cases)")
ax2.grid(False)
sp.plain_ticks(ax)
sp.plain_ticks(ax2)
axd.plot(nfd["year"], nfd["total"], color=plots.PALETTE[1], lw=1.5, label="China (NBS)")
axd3 = axd.twinx()
zpd = zp[zp["indicator"] == "fire_deaths"]
axd3.plot(zpd["year"], zpd["value"], "o", color=plots.PALETTE[0], ms=4, label="Zhejiang (yearbook by region)")
axd.set_ylabel("fire deaths in China (persons)")
axd3.set_ylabel("fire deaths in Zhejiang (persons)")
axd3.grid(False)
for a, ttl in ((ax, "Fires"), (axd, "Fire deaths")):
    a.set_xlim(1989, 2013)
    a.set_xlabel("year")
    a.set_title(ttl, fontsize=10)
    sp.mark_fire_definitions(a)
h1, l1 = ax.get_legend_handles_labels()
h2, l2 = ax2.get_legend_handles_labels()
fig.legend(h1 + h2, l1 + l2, fontsize=7, loc="lower center", ncol=3, frameon=False,
           bbox_to_anchor=(0.5, 0.11))
fig.legend(handles=[plt.Line2D([], [], color="firebrick", ls="--", label=t)
                    for t in sp.FIRE_DEFINITION_CHANGES.values()], loc="lower center", ncol=2,
           fontsize=7, frameon=False, bbox_to_anchor=(0.5, 0.06))
fig.tight_layout(rect=(0, 0.18, 1, 1))
plots.source_note(fig, "NBS National Data (fires, fire deaths); data/provincial_safety.csv and data/zhejiang_safety.csv (Zhejiang).", y=0.04)
glue("p10_fig_fires", fig)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p10_fig_fires
# :alt: Two panels with dashed red lines at 1997 and 2007. Left, fires in China jumping almost fourfold between 1996 and 1997 and falling after 2006, with Zhejiang's yearbook counts on a second axis falling from about 17,600 in 1999 to under 5,000 in 2008 and the fire brigade's figures above them in 2002 and 2005. Right, fire deaths in China falling after 2005, with Zhejiang's deaths on a second axis.
# :name: fig-p10-fires
#
# Fires and fire deaths, China (line, left axis) and Zhejiang (points, right axis). Dashed red
# lines: the 1997 change of fire reporting standards and the 2007 change of severity classes. A
# level jump at a dashed line is a change of definition, not of safety.
# ```

# %% [markdown]
# ## The risk assessments: a proportion with an interval
#
# The seed reports that {glue:text}`p10_claim_16:,.0f` of {glue:text}`p10_claim_15:,.0f` major
# decisions assessed in 2010-2016 were rejected or delayed, a share it gives as
# {glue:text}`p10_claim_18:.2f`%. These counts, too, are the
# government's report of its own procedure. Treating each assessment as a trial of a process with a
# fixed rejection probability (a strong assumption: decisions differ and are not independent), the
# Wilson and Clopper-Pearson intervals {cite:p}`agresti1998` describe that probability.

# %% tags=["remove-cell"]
k = float(tr.pick_series(zj, "stability_risk_cancelled_or_deferred_cumulative_2010_2016", "Zhejiang")["value"].iloc[0])
n = float(tr.pick_series(zj, "stability_risk_assessments_cumulative_2010_2016", "Zhejiang")["value"].iloc[0])
risk = tr.binomial_ci(k, n)
rs = risk.summary()
glue("p10_risk_pct", 100 * risk.estimate)
glue("p10_risk_low", 100 * rs.loc["wilson", "low"])
glue("p10_risk_high", 100 * rs.loc["wilson", "high"])
glue("p10_risk_n", n)
k13 = float(tr.pick_series(zj, "stability_risk_cancelled_or_deferred", "Zhejiang")["value"].iloc[0])
n13 = float(tr.pick_series(zj, "stability_risk_assessments", "Zhejiang")["value"].iloc[0])
risk13 = tr.binomial_ci(k13, n13)
glue("p10_risk13_k", k13)
glue("p10_risk13_n", n13)
glue("p10_risk13_pct", 100 * risk13.estimate)
glue("p10_risk13_low", 100 * risk13.intervals["wilson"][0])
glue("p10_risk13_high", 100 * risk13.intervals["wilson"][1])
print(f"2010-2016: {100 * risk.estimate:.3f}% [{100 * rs.loc['wilson', 'low']:.2f}, {100 * rs.loc['wilson', 'high']:.2f}]; "
      f"2013: {100 * risk13.estimate:.2f}% [{100 * risk13.intervals['wilson'][0]:.2f}, {100 * risk13.intervals['wilson'][1]:.2f}]")
# NBVAL_CHECK_OUTPUT

# %% tags=["hide-input"]
table(rs.reset_index().assign(method=lambda d: d["method"].map({"wilson": "Wilson", "beta": "Clopper-Pearson"}),
                              estimate=lambda d: 100 * d["estimate"], low=lambda d: 100 * d["low"],
                              high=lambda d: 100 * d["high"]),
      "Share of assessed decisions rejected or delayed, 2010-2016 (95% intervals, %)", digits=3,
      table_id="p10-risk",
      columns={"method": "Interval", "k": "Rejected or delayed", "n": "Assessed", "estimate": "Share (%)",
               "low": "Lower 95%", "high": "Upper 95%"})

# %% [markdown]
# The rate is {glue:text}`p10_risk_pct:.3f`% (Wilson 95% interval {glue:text}`p10_risk_low:.2f`
# to {glue:text}`p10_risk_high:.2f`%). It *rounds* to {glue:text}`p10_risk_pct:.2f`%; the seed's
# {glue:text}`p10_claim_18:.2f`% truncates it, a harmless slip the ledger records as a caveat. A
# separate 2013 release gives {glue:text}`p10_risk13_k:.0f` of {glue:text}`p10_risk13_n:.0f`
# decisions deferred or stopped in that year alone, {glue:text}`p10_risk13_pct:.2f`%
# ({glue:text}`p10_risk13_low:.2f` to {glue:text}`p10_risk13_high:.2f`%), close to the seven-year
# rate and well inside its interval. One year cannot show whether the rate was stable, and the
# pooled interval treats {glue:text}`p10_risk_n:,.0f` decisions as independent trials of one
# process, so it is narrower than any honest statement about the province's practice. The seed's
# further statement that no approved decision caused a mass incident cannot be checked: no list of
# decisions or incidents is public.
#
# ## The 2017 record against the sources
#
# Each figure of the seed's 2017 list, the risk-assessment numbers and the "fourteen consecutive
# years" are rows of the claims ledger; the status is computed by the checks in
# `megacity.checks.zhejiang` from the tables above and read here from the ledger. **Every one of
# them is a self-reported outcome:** the provincial government reporting the results of its own
# programme. "Confirmed" below means *correctly reported*, never *independently measured*.

# %% tags=["remove-cell"]
status_counts = zj_claims["status"].astype(str).value_counts()
for s in ("confirmed", "confirmed-with-caveat", "contradicted", "unverifiable"):
    glue(f"p10_n_{s.replace('-', '_')}", int(status_counts.get(s, 0)))
glue("p10_n_claims", len(zj_claims))
for _, row in zj_claims.iterrows():
    print(f"{row['claim_id']}: claimed {row['claimed_value']:g}, ours {row['our_value']:g}, {row['status']}")
# NBVAL_CHECK_OUTPUT

# %% tags=["hide-input"]
table(zj_claims[["claim_id", "location", "claimed_value", "unit", "our_value", "status"]]
      .assign(measured_by="provincial government (self-reported)"),
      "The Zhejiang claims of the seed and their computed status (from the claims ledger)",
      table_id="p10-claims", digits=2,
      columns={"claim_id": "Claim", "location": "Where in the seed", "claimed_value": "Claimed",
               "unit": "Unit", "our_value": "Cited value", "status": "Status",
               "measured_by": "Who measured it"})

# %% [markdown]
# Of the {glue:text}`p10_n_claims` claims, {glue:text}`p10_n_confirmed` are confirmed,
# {glue:text}`p10_n_confirmed_with_caveat` confirmed with a caveat, {glue:text}`p10_n_contradicted`
# contradicted and {glue:text}`p10_n_unverifiable` unverifiable. In detail, from the ledger:
#
# * satisfaction with safety {glue:text}`p10_claim_01:.2f`%: **{glue:text}`p10_status_01`**; work
#   accidents {glue:text}`p10_claim_02:.1f`% and their deaths {glue:text}`p10_claim_03:.1f`%:
#   **{glue:text}`p10_status_02`** and **{glue:text}`p10_status_03`**; criminal cases
#   {glue:text}`p10_claim_08:.2f`%: **{glue:text}`p10_status_08`**; mass incidents
#   {glue:text}`p10_claim_10:.2f`%: **{glue:text}`p10_status_10`**; food and drug satisfaction
#   {glue:text}`p10_claim_11:.2f`%: **{glue:text}`p10_status_11`**; the
#   {glue:text}`p10_claim_15:,.0f` assessments and {glue:text}`p10_claim_16:,.0f` rejections:
#   **{glue:text}`p10_status_15`** and **{glue:text}`p10_status_16`**. The seed repeats the
#   provincial government's releases {cite:p}`zjgov2018peaceful` faithfully.
# * environment satisfaction {glue:text}`p10_claim_12:.2f`%: **{glue:text}`p10_status_12`** (the
#   English and Chinese releases differ); the {glue:text}`p10_claim_17:,.0f` approved decisions:
#   **{glue:text}`p10_status_17`** (only the difference of two cited counts); the
#   {glue:text}`p10_claim_18:.2f`% share: **{glue:text}`p10_status_18`** (it truncates).
# * the four road-traffic changes ({glue:text}`p10_claim_04:.2f`%, {glue:text}`p10_claim_05:.2f`%,
#   {glue:text}`p10_claim_06:.2f`%, {glue:text}`p10_claim_07:.2f`%): **{glue:text}`p10_status_04`**,
#   **{glue:text}`p10_status_05`**, **{glue:text}`p10_status_06`**, **{glue:text}`p10_status_07`**;
#   the telecom-fraud fall ({glue:text}`p10_claim_14:.2f`%): **{glue:text}`p10_status_14`**; the
#   rise of {glue:text}`p10_claim_13:.1f` points in food and drug satisfaction:
#   **{glue:text}`p10_status_13`**; the rank {glue:text}`p10_claim_09:.0f` for falling crime:
#   **{glue:text}`p10_status_09`**; the {glue:text}`p10_claim_19:.0f` years among the top
#   provinces: **{glue:text}`p10_status_19`**. For each, the ledger's note names the document that
#   would settle it; no cited source ranks the provinces.
#
# ## What the data cannot show
#
# The seed presents the 2017 figures as evidence that the strategy works ("these optimistic data
# are backed up by a rigorous network of public safety risk control"). The evidence in hand supports
# much less.
#
# **Supported.** The 2017 figures are, with the exceptions above, what the provincial government
# published about its own programme. Satisfaction with safety, as the government's own survey
# measures it, rose between 2004 and 2018 on every cited figure. Police-recorded road deaths fell in
# Zhejiang after 2009, as they did nationally; for national road deaths the corrected break test
# says "{glue:text}`p10_brk_road_all_verdict`" (most likely in {glue:text}`p10_brk_road_all_year`).
#
# **Not identified.**
#
# * *That Peaceful Zhejiang caused any of these changes.* There is no untreated comparison:
#   Shandong launched its own campaign in January 2004 and the national opinion of 2005 extended
#   peace-building to every province. The provincial fire panel has too few years before 2004 for a
#   synthetic control, and its difference in trends ranks Zhejiang
#   {glue:text}`p10_did_fires_trend_rank` of {glue:text}`p10_did_fires_trend_n` among the placebos.
# * *That 2004 was a turning point.* Nationally, road deaths turned around 2002; the road law of May
#   2004 and the nationwide campaigns coincide with the provincial strategy. For fire deaths, crime
#   and satisfaction the naive verdicts ("{glue:text}`p10_brk_fire_deaths_verdict_naive`",
#   "{glue:text}`p10_brk_crime_verdict_naive`", "{glue:text}`p10_brk_satisfaction_verdict_naive`")
#   become "{glue:text}`p10_brk_fire_deaths_verdict`", "{glue:text}`p10_brk_crime_verdict`" and
#   "{glue:text}`p10_brk_satisfaction_verdict`" once serial dependence is allowed for.
# * *That roads became safer in the measure the counts fell.* Police counts are a fraction of
#   the deaths that death registration, surveillance and WHO estimate, and the independent series
#   do not share the police series' decline (2006-2011: surveillance rate
#   {glue:text}`p10_dsp_change:+.0f`%, police rate {glue:text}`p10_police_rate_change:+.0f`%).
# * *Trends in crime.* Recording practice changed around 2009, and Zhejiang's crime series are
#   year-on-year percentages from press conferences, not a consistent count.
# * *What satisfaction measures.* The surveys' design, sample sizes and question wording are not
#   published, and the rate is part of the government's own performance assessment, the incentive
#   that makes it least suitable as independent evidence.
#
# **What would settle it.** The yearbooks' provincial tables for 2001-2003 and for road accidents
# before 2009 (to extend the panel), provincial death registration or surveillance rates, the
# survey microdata or at least the sample sizes of the satisfaction surveys, and the 2017 releases
# that the unverifiable figures come from.
#
# ## Summary of the fitted trends and tests
#
# | series | model | estimate (95% interval) or verdict |
# |---|---|---|
# | Zhejiang satisfaction 2004-2018 (self-reported) | logit-linear, OLS | odds x{glue:text}`p10_sat_or:.3f` a year ({glue:text}`p10_sat_or_low:.3f` to {glue:text}`p10_sat_or_high:.3f`) |
# | Zhejiang road deaths 2009-2015 (police) | NB2 count trend | {glue:text}`p10_zj_pct:.1f`% a year ({glue:text}`p10_zj_pct_low:.1f` to {glue:text}`p10_zj_pct_high:.1f`) |
# | China road deaths 2005-2010 (police) | NB2 count trend | {glue:text}`p10_cn_pct:.1f`% a year ({glue:text}`p10_cn_pct_low:.1f` to {glue:text}`p10_cn_pct_high:.1f`) |
# | China road deaths per NBS civil automobile 2005-2010 | NB2 with exposure | {glue:text}`p10_cars_pct:.1f`% a year ({glue:text}`p10_cars_pct_low:.1f` to {glue:text}`p10_cars_pct_high:.1f`) |
# | Zhejiang/China ratio | joint NB2, slope difference | {glue:text}`p10_ratio_min:.1f` to {glue:text}`p10_ratio_max:.1f`% a year across four sample choices |
# | China road deaths 1998-2011, all sources | segmented; corrected sup-F | break {glue:text}`p10_seg_break` ({glue:text}`p10_seg_break_low` to {glue:text}`p10_seg_break_high`); {glue:text}`p10_brk_road_all_verdict` |
# | China fire deaths 1998-2012 (NBS) | corrected sup-F | {glue:text}`p10_brk_fire_deaths_verdict` (naive: {glue:text}`p10_brk_fire_deaths_verdict_naive`) |
# | Zhejiang fires against other provinces | DiD in trends, placebos | rank {glue:text}`p10_did_fires_trend_rank` of {glue:text}`p10_did_fires_trend_n` |
# | Risk assessments 2010-2016 (self-reported) | binomial | {glue:text}`p10_risk_pct:.2f`% ({glue:text}`p10_risk_low:.2f` to {glue:text}`p10_risk_high:.2f`) |
#
# **Coverage and test sizes.** The provincial panel covers fires for
# {glue:text}`p10_panel_fire_units` provinces in {glue:text}`p10_panel_fire_years` and road
# accidents for all provinces in {glue:text}`p10_panel_road_years` only. At the chapter's years, the
# naive break test rejects a true "no break" in {glue:text}`p10_size_rw_naive:.0f`% of random walks
# with drift and the corrected test in {glue:text}`p10_size_rw_corrected:.1f`%.

# %% [markdown]
# ## Exercises
#
# ```{exercise}
# :label: ex-p10-fires
#
# Fit `tr.fit_count_trend` to Zhejiang's fire counts (`fires`, 2002 and 2004-2009) with the
# yearbook values only (`min_confidence="high"`), then with all values. How much does the 2005
# choice matter, and what does the fact sheet say about that year?
# ```
#
# ```{solution-start} ex-p10-fires
# :class: dropdown
# ```

# %%
fires_high = tr.pick_series(zj, "fires", "Zhejiang", min_confidence="high")
fires_all = tr.pick_series(zj, "fires", "Zhejiang")
ex_high = tr.fit_count_trend(fires_high["year"], fires_high["value"], family="negbin", center=2004)
ex_all = tr.fit_count_trend(fires_all["year"], fires_all["value"], family="negbin", center=2004)
# the same years as the yearbook fit, with the brigade's 2005 count instead of the yearbook's
swap = fires_high.copy()
swap.loc[swap["year"] == 2005, "value"] = fz.max()
ex_swap = tr.fit_count_trend(swap["year"], swap["value"], family="negbin", center=2004)
glue("p10_ex_fires_high", ex_high.pct_change_per_year)
glue("p10_ex_fires_all", ex_all.pct_change_per_year)
glue("p10_ex_fires_swap", ex_swap.pct_change_per_year)
glue("p10_ex_fires_step", 100 * (1 - fires_high.set_index("year").loc[2005, "value"]
                                 / fires_high.set_index("year").loc[2004, "value"]))
print(f"yearbook only: {ex_high.pct_change_per_year:.1f}% a year; all values: "
      f"{ex_all.pct_change_per_year:.1f}%; brigade 2005 instead: {ex_swap.pct_change_per_year:.1f}%")

# %% [markdown]
# With the yearbook values only, fires change by {glue:text}`p10_ex_fires_high:.1f`% a year; with
# all values (the brigade's 2002 figure added; for 2005 the rule keeps the yearbook's count) by
# {glue:text}`p10_ex_fires_all:.1f`%; with the brigade's 2005 count in place of the yearbook's, by
# {glue:text}`p10_ex_fires_swap:.1f`%. The yearbook count falls by
# {glue:text}`p10_ex_fires_step:.0f`% from 2004 to 2005, and the two 2005 sources differ by
# {glue:text}`p10_fire2005_spread_of_hi:.0f`% of the larger figure
# ({glue:text}`p10_fire2005_spread_of_lo:.0f`% of the smaller), which points to a change of scope or
# definition in the fire statistics rather than a halving of fires in one year. That single step
# dominates any short trend, so the fitted decline is not evidence of a gradual improvement.
#
# ```{solution-end}
# ```
#
# ```{exercise}
# :label: ex-p10-break
#
# Refit the segmented trend to national road deaths with the break year fixed at 2004
# (`breaks=[2004]`) and compare its residual sum of squares with the profiled fit. Then simulate:
# how often would a series with a true break in 2002 and the same noise level be assigned a break
# in 2004?
# ```
#
# ```{solution-start} ex-p10-break
# :class: dropdown
# ```

# %%
fixed = tr.fit_segmented(seg_all["year"], seg_all["value"], breaks=[2004], n_boot=0)
rss_fixed = float(fixed.profile["rss"].iloc[0])
rss_best = float(seg.profile["rss"].min())
t_obs = seg_all["year"].to_numpy(dtype=float)
n_obs = t_obs.size
sigma = np.sqrt(rss_best / (n_obs - 4))
rng = np.random.default_rng(2002)
b1, b2 = seg.params["slope_before"], seg.params["slope_after"]
mean = seg.params["level_at_break"] + b1 * np.minimum(t_obs - 2002, 0) + b2 * np.maximum(t_obs - 2002, 0)
n_rep = 500
Z = mean[:, None] + rng.normal(0, sigma, (n_obs, n_rep))
_, tau_hat = breaks.sup_f_batch(t_obs, Z)
glue("p10_ex_rss_ratio", rss_fixed / rss_best)
glue("p10_ex_lr", n_obs * np.log(rss_fixed / rss_best))
glue("p10_ex_share2004", 100 * float(np.mean(tau_hat == 2004)))
glue("p10_ex_share2002", 100 * float(np.mean(tau_hat == 2002)))
glue("p10_ex_nrep", n_rep)
print(f"RSS ratio {rss_fixed / rss_best:.2f}; break put at 2004 in {100 * np.mean(tau_hat == 2004):.1f}% "
      f"and at 2002 in {100 * np.mean(tau_hat == 2002):.1f}% of {n_rep} simulated series")

# %% [markdown]
# Fixing the break at 2004 multiplies the residual sum of squares by
# {glue:text}`p10_ex_rss_ratio:.2f` (likelihood-ratio statistic {glue:text}`p10_ex_lr:.1f`, the
# 2004 entry of the profile). In {glue:text}`p10_ex_nrep` series simulated with a true break in 2002,
# the fitted slopes and the fitted noise level, the break is placed in 2004 in
# {glue:text}`p10_ex_share2004:.1f`% of them and in 2002 in {glue:text}`p10_ex_share2002:.1f`%: at
# this noise level the data locate a 2002 break well, which is why the profile rules 2004 out.
# (With independent noise; a random-walk component would spread the estimates more widely.)
#
# ```{solution-end}
# ```
#
# ```{exercise}
# :label: ex-p10-power
#
# Suppose Zhejiang's satisfaction surveys each had $n = 10{,}000$ respondents. Compute the binomial
# standard error, on the logit scale, of the 2017 rate and compare it with the residual standard
# deviation of the logit trend. What does that say about the source of the scatter around the line?
# ```
#
# ```{solution-start} ex-p10-power
# :class: dropdown
# ```

# %%
p_2017 = float(sat.loc[sat["year"] == 2017, "value"].iloc[0]) / 100
se_logit = 1 / np.sqrt(10_000 * p_2017 * (1 - p_2017))
ratio_sd = sat_diag["resid_sd_logit"] / se_logit
glue("p10_sat_se_10k", se_logit)
glue("p10_sat_sd_ratio", ratio_sd)
glue("p10_sat_sd_verdict", "larger than" if ratio_sd > 1.5 else ("of the same order as" if ratio_sd > 0.67 else "smaller than"))
print(f"sampling se {se_logit:.3f}, residual sd {sat_diag['resid_sd_logit']:.3f}, ratio {ratio_sd:.2f}")

# %% [markdown]
# On the logit scale the sampling standard error is $1/\sqrt{n p (1-p)}$, which for $n = 10{,}000$
# and the 2017 rate is {glue:text}`p10_sat_se_10k:.3f`; the residual standard deviation of the
# logit trend is {glue:text}`p10_sat_resid_sd:.3f`, {glue:text}`p10_sat_sd_ratio:.1f` times as
# large, so it is {glue:text}`p10_sat_sd_verdict` the sampling error of such a survey. If the
# surveys were that large, most of the scatter around the line would be real year-to-year change
# (or a change in the survey), not sampling noise; with smaller samples sampling error would
# account for more of it. Without the published sample sizes the split cannot be made.
#
# ```{solution-end}
# ```
