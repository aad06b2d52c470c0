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
# (ch-urbanization)=
# # China's urbanization, 1949-2024
#
# Pan Weijiang's essay on the legal governance of megacities {cite:p}`pan2024` opens with three
# numbers: the urban share of China's population was 10.64% in 1949, "only 19.96%" in 1979, and
# 60.6% at the end of 2019. The argument that follows (cities have become the main stage of national
# governance) rests on that trajectory. This chapter rebuilds the series from cited sources, fits the
# standard description of an urban transition, a logistic S-curve, and checks the three numbers.
#
# **What you will see.** The data by source and vintage; a logistic fit with two kinds of
# confidence interval and its diagnostics; why the ceiling of the curve is not identified; and the
# verdict on each of the essay's figures.

# %% tags=["remove-cell"]
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from megacity.report import glue

from megacity import claims, plots
from megacity.data import catalogue
from megacity.urbanization import best_series, fit_logistic, profile_ceiling

plots.house_style()

# %% [markdown]
# ## The data: one series, four kinds of source
#
# The table `urbanization` (see {ref}`app-data`) holds every value we could cite, one row per year
# and source series. Four kinds of source are kept apart because they do not measure quite the same
# thing:
#
# * **NBS releases** as first published (tier A), including the Bureau's 2019 retrospective report
#   for 1949, 1960 and 1978;
# * the **China Statistical Yearbook 1998** as reproduced by G. K. Heilig (tier B), annual for
#   1952-1997 but rounded to one decimal;
# * a third-party **transcription of the 2021 Yearbook** (tier C, weak: no identifiable upstream),
#   which carries the series *revised* after the 2020 census;
# * **census-day counts** (1 November 2000, 2010, 2020), which differ from year-end estimates.
#
# The 2011-2019 values were revised upward once the 2020 census showed more urban residents than
# the annual sample surveys had estimated. The essay's 60.6% for 2019 is the original release; the
# revised 2019 value (about 62.7%) has no adequate source here, so it is not in the table.

# %%
urb = catalogue.load_urbanization()
counts = (urb.groupby(["series", "vintage"], observed=True)
             .agg(rows=("year", "size"), first=("year", "min"), last=("year", "max"))
             .reset_index())
counts

# %%
fig, ax = plt.subplots()
markers = {"nbs_release": "o", "csy1998": "s", "csy2021_transcription": "^", "census": "D",
           "derived": "x"}
for i, (series, d) in enumerate(urb.groupby("series", observed=True)):
    ax.scatter(d["year"], d["urban_share_pct"], label=series, marker=markers[series], s=22,
               color=plots.PALETTE[i], alpha=0.85)
ax.set_xlabel("year")
ax.set_ylabel("urban share of resident population (%)")
ax.set_title("Every cited value, by source series")
ax.legend(title="series", ncol=2, fontsize=8)
plots.source_note(fig, "data/urbanization.csv (NBS releases; CSY 1998; CSY 2021 transcription; censuses).")
glue("p01_fig_data", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p01_fig_data
# :alt: Scatter plot of China's urban population share from 1949 to 2024, coloured by source series; values rise from about 11% to 67%, with a hump around 1960 and near-overlap between series.
# :name: fig-p01-data
#
# All cited values of the urban share. Where two series report the same year they agree to within
# a few tenths of a point, except across the census revision.
# ```
#
# Where two sources give the same year, how far apart are they? The largest gaps are a useful
# measure of how much the choice of source matters for any single-year claim.

# %%
spread = (urb.groupby("year")["urban_share_pct"].agg(["min", "max", "count"])
             .query("count > 1").assign(gap=lambda d: d["max"] - d["min"]))
glue("p01_max_gap", float(spread["gap"].max()), display=False)
glue("p01_max_gap_year", int(spread["gap"].idxmax()), display=False)
spread.sort_values("gap", ascending=False).head(5)

# %% [markdown]
# The largest disagreement, {glue:text}`p01_max_gap:.2f` percentage points in
# {glue:text}`p01_max_gap_year`, is between a census-day count and a year-end estimate, a definitional
# difference rather than an error.
#
# ## A logistic urban transition
#
# **Model.** Let $s(t)$ be the urban share in percent in year $t$. The logistic curve
#
# $$ s(t) = \frac{K}{1 + e^{-r (t - t_0)}} $$
#
# has a ceiling $K$, a growth rate $r$ (per year; the share grows fastest, at $rK/4$ points a
# year, at the midpoint) and a midpoint year $t_0$ where $s = K/2$.
#
# **Unit and sample.** One value per year, chosen by a fixed preference order (NBS release, then
# the 1998 Yearbook, then the transcription, then census counts, then derived values). The fit uses
# the reform era, 1978-2024: before 1978 the series is dominated by the Great Leap Forward surge and
# the reversal of the 1960s, which no smooth curve describes.
#
# **Estimator.** Nonlinear least squares on the percentage scale. Intervals: asymptotic (Wald) and
# a moving-block bootstrap of residuals (blocks of five observations, 2,000 resamples), because
# annual residuals are serially correlated.

# %%
series = best_series(urb)
reform = series[series["year"] >= 1978]
glue("p01_n_years", len(reform), display=False)
glue("p01_first_year", int(reform["year"].min()), display=False)

profile, (k_low, k_high) = profile_ceiling(reform["year"], reform["urban_share_pct"])
glue("p01_k_low", k_low, display=False)
print(f"profile-likelihood 95% interval for K: [{k_low:.1f}, {k_high:.1f}]")
# NBVAL_CHECK_OUTPUT

# %% [markdown]
# **The ceiling is not identified below 100%.** The profile of the residual sum of squares over $K$
# falls all the way to the upper limit of 100%: with data that stop at 67%, the curve that fits
# best is the one with no ceiling below full urbanization. The likelihood-ratio interval keeps
# every $K$ from {glue:text}`p01_k_low:.1f`% to 100%, and that interval assumes independent errors,
# which these are not (below), so the truth is even less certain. We therefore report the growth rate
# and midpoint with $K$ fixed at 100% and treat any forecast of a "saturation level" from these
# data as unsupported.

# %%
fig, ax = plt.subplots(figsize=(6.5, 3.2))
ax.plot(profile["K"], profile["lr_stat"], color=plots.PALETTE[0])
ax.axhline(3.84, color="0.4", ls="--", lw=1)
ax.text(profile["K"].min() + 1, 4.4, "95% cut-off (χ²₁ = 3.84)", fontsize=8, color="0.3")
ax.set_xlabel("ceiling K (% urban)")
ax.set_ylabel("likelihood-ratio statistic")
ax.set_title("Profile of the ceiling K, 1978-2024")
plots.source_note(fig, "our fit to data/urbanization.csv.")
glue("p01_fig_profile", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p01_fig_profile
# :alt: Line chart of the likelihood-ratio statistic against the ceiling K from about 68 to 100 percent; it falls steadily and crosses the 3.84 cut-off only near 95 percent.
# :name: fig-p01-profile
#
# Profile likelihood of the ceiling. Every $K$ below the dashed line is compatible with the data;
# the curve keeps falling up to the bound of 100%.
# ```

# %%
fit = fit_logistic(reform["year"], reform["urban_share_pct"], K=100.0, n_boot=2000, seed=20241)
summary = fit.summary().loc[["r", "t0"]]
r, t0 = fit.params["r"], fit.params["t0"]
glue("p01_r", r, display=False)
glue("p01_r_low", summary.loc["r", "boot_low"], display=False)
glue("p01_r_high", summary.loc["r", "boot_high"], display=False)
glue("p01_t0", t0, display=False)
glue("p01_t0_low", summary.loc["t0", "boot_low"], display=False)
glue("p01_t0_high", summary.loc["t0", "boot_high"], display=False)
glue("p01_peak_speed", r * 100 / 4, display=False)
glue("p01_dw", fit.durbin_watson, display=False)
glue("p01_rmse", fit.rmse, display=False)
glue("p01_year70", fit.year_reaching(70.0), display=False)
print(f"r = {r:.4f} per year, t0 = {t0:.1f}, RMSE = {fit.rmse:.2f} points, DW = {fit.durbin_watson:.2f}")
# NBVAL_CHECK_OUTPUT

# %%
summary.round(4)

# %% [markdown]
# With $K = 100$%, the share grows at $r$ = {glue:text}`p01_r:.4f` per year (bootstrap 95% interval
# {glue:text}`p01_r_low:.4f` to {glue:text}`p01_r_high:.4f`), with the midpoint, the year China
# became half urban, in {glue:text}`p01_t0:.1f` ({glue:text}`p01_t0_low:.1f` to
# {glue:text}`p01_t0_high:.1f`). At the midpoint the curve adds {glue:text}`p01_peak_speed:.2f`
# percentage points a year. The sourced series crosses 50% between the 2010 census (49.68%) and
# the first 2011 release (51.27%), consistent with the fitted midpoint.
#
# **Diagnostics.** The residuals have a root mean square of {glue:text}`p01_rmse:.2f` points but a
# Durbin-Watson statistic of {glue:text}`p01_dw:.2f`, far below 2: long runs of residuals of the same
# sign. The logistic is too symmetric for China's transition, which was slow in the 1980s and
# faster after the mid-1990s. The Wald intervals, which assume independent errors, are therefore
# too narrow; the block-bootstrap intervals are wider and are the ones we quote.

# %%
grid = np.arange(1949, 2041)
draws = fit.boot_draws  # (n_boot, 3): K, r, t0 per resample
band = draws[:, [0]] / (1 + np.exp(-draws[:, [1]] * (grid[None, :] - draws[:, [2]])))
low, high = np.percentile(band, [2.5, 97.5], axis=0)

fig, (ax, axr) = plt.subplots(2, 1, figsize=(7.5, 5.6), height_ratios=[3, 1.3], sharex=True)
for i, (vintage, d) in enumerate(urb.groupby("vintage", observed=True)):
    ax.scatter(d["year"], d["urban_share_pct"], s=18, label=f"{vintage} vintage", color=plots.PALETTE[i])
ax.plot(grid, fit.predict(grid), color="black", lw=1.4, label="logistic fit, 1978-2024 (K = 100%)")
ax.fill_between(grid, low, high, color="0.6", alpha=0.35, label="95% block-bootstrap band")
ax.axvspan(1949, 1978, color="0.92", zorder=-1)
ax.text(1951, 62, "not used in the fit", fontsize=8, color="0.35")
ax.set_ylabel("urban share (%)")
ax.set_title("China's urban transition and a logistic fit")
ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(0.0, 0.93))
axr.axhline(0, color="0.3", lw=0.8)
axr.plot(fit.years, fit.residuals, marker="o", ms=3, lw=0.8, color=plots.PALETTE[3])
axr.set_ylabel("residual\n(points)")
axr.set_xlabel("year")
plots.source_note(fig, "data/urbanization.csv; fit and bootstrap: megacity.urbanization.", y=0.0)
fig.tight_layout()
glue("p01_fig_scurve", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p01_fig_scurve
# :alt: Two panels. Top, urban share by vintage from 1949 to 2024 with a logistic curve fitted to 1978-2024 and a grey uncertainty band; the curve passes 50% around 2010. Bottom, residuals from the fit, positive in the early 1980s and around 2010 and negative in between.
# :name: fig-p01-scurve
#
# Top: the data by vintage and the logistic fit with its 95% bootstrap band (fitted on 1978-2024,
# shaded years excluded). Bottom: residuals, whose long runs show serial correlation.
# ```
#
# Extrapolated naively, the curve reaches 70% in {glue:text}`p01_year70:.0f`. That is a property of
# the fitted shape, not a forecast: the ceiling is unidentified and the residuals are correlated.
#
# ## The essay's three numbers
#
# Each figure is a row of the claims ledger ({ref}`app-claims`), evaluated by code from the table
# above.

# %%
ledger = claims.evaluate()
urban_claims = ledger[ledger["claim_id"].str.startswith("urban-")]
urban_claims[["claim_id", "quote", "claimed_value", "our_value", "status", "note"]]

# %%
for _, row in urban_claims.iterrows():
    print(f"{row['claim_id']}: claimed {row['claimed_value']}, ours {row['our_value']}, {row['status']}")
# NBVAL_CHECK_OUTPUT

# %% [markdown]
# * **1949, 10.64%**: confirmed by the NBS 70th-anniversary report.
# * **1979, 19.96%**: unverifiable. No source in hand reports 1979. The claim is also implausible:
#   it exceeds the sourced values of *both* neighbouring years (17.92% in 1978 and 19.39-19.4% in
#   1980), so it would require the share to fall in 1980. A transposed digit is a likely
#   explanation, but only a yearbook table for 1979 can settle it.
# * **2019, 60.6%**: confirmed against the original NBS release of January 2020, with a vintage
#   caveat: the series revised after the 2020 census puts 2019 higher, so "exceeded 60% for the
#   first time" in 2019 holds only on the original vintage.
#
# ## What this chapter cannot show
#
# * A logistic curve *describes* the transition; it does not explain it. Hukou reform, land
#   markets and the reclassification of rural areas as urban all move the series, and the last
#   is a change of definition rather than of where people live.
# * The ceiling of the transition is not identified by data that stop at two thirds urban.
# * The intervals are conditional on the chosen series; the revision after the 2020 census shows
#   that the annual values themselves carry estimation error of a point or more, which our fit
#   does not propagate.
#
# ## Exercises
#
# ```{exercise}
# :label: ex-p01-window
#
# Refit the logistic curve on the whole series, 1949-2024, with $K$ fixed at 100%. How do $r$, $t_0$
# and the Durbin-Watson statistic change, and why?
# ```
#
# ```{solution} ex-p01-window
# :class: dropdown
#
# Use `fit_logistic(series["year"], series["urban_share_pct"], K=100.0)`. Including 1949-1977 adds
# a stagnant stretch (and the 1960 peak) that the curve cannot follow, so the growth rate falls, the
# midpoint moves, and the residuals become even more serially correlated (a lower Durbin-Watson
# statistic). A single logistic is a poor model of the whole period; that is why the chapter uses
# the reform era.
# ```
#
# ```{exercise}
# :label: ex-p01-vintage
#
# Fit the curve only to the *revised* vintage and the census counts
# (`best_series(urb, vintages=("revised", "census"))`). Does the midpoint move? Which way would you
# expect it to move, given the direction of the 2020 revision?
# ```
#
# ```{solution} ex-p01-vintage
# :class: dropdown
#
# The revision raised 2011-2019, so a curve fitted to revised values passes 50% slightly earlier:
# the midpoint moves earlier. With the sparse revised series (about one value every five years) the
# interval widens, which is the price of consistency of vintage.
# ```
