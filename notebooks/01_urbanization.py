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
# numbers: the urban share of China's population was {glue:text}`p01_claim_1949:.2f`% in 1949,
# "only 19.96%" in 1979, and {glue:text}`p01_claim_2019:.1f`% at the end of 2019. The argument that
# follows (cities have become the main stage of national governance) rests on that trajectory. This
# chapter rebuilds the series from cited sources, one value for every year and each vintage kept
# apart, fits the standard description of an urban transition (a logistic S-curve) with errors that
# are allowed to be serially correlated, tests it out of sample, sets China beside other countries,
# and checks the three numbers.
#
# **What you will see.** The sources and their vintages; one annual series with its splice made
# explicit; a logistic fit with $\mathrm{AR}(1)$ and HAC errors and a profile interval on the ceiling; an
# out-of-sample forecast against a naive forecast and against the World Bank series; China's
# S-curve beside five other countries; the verdict on each of the essay's figures.

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

from megacity import claims, plots, report
from megacity.data import catalogue, external
from megacity.report import glue
from megacity.urbanization import (SPLICE_YEAR, WDI_COLUMN, annual_series, compare_with_nbs_file,
                                   fit_logistic, fit_logistic_ar1, hac_logistic, out_of_sample,
                                   profile_ceiling_ar1, revision_gaps)

plots.house_style()
warnings.filterwarnings("ignore", message="IProgress not found")
SERIES_LABELS = {"nbs_release": "NBS release", "csy1998": "China Statistical Yearbook 1998",
                 "csy2021_transcription": "Yearbook 2021 (transcription)", "census": "census-day count",
                 "derived": "derived from NBS counts"}

# %% [markdown]
# ## The sources and their vintages
#
# The table `urbanization` (see {ref}`app-data`) holds every value we could cite, one row per year
# and source series. The kinds of source are kept apart because they do not measure quite the same
# thing:
#
# * **NBS releases** as first published (tier A), including the Bureau's 2019 retrospective report
#   for 1949, 1960 and 1978;
# * the **China Statistical Yearbook 1998** as reproduced by G. K. Heilig (tier B), rounded to one
#   decimal;
# * a third-party **transcription of the 2021 Yearbook** (tier C, weak: no identifiable upstream),
#   which carries the series *revised* after the 2020 census;
# * **census-day counts** (1 November 2000, 2010, 2020), which differ from year-end estimates.
#
# A second, independent source covers 1978-2014 year by year: the NBS National Data table of
# year-end total and urban population (external file `nbs_national_population.csv`), published
# before the 2020 census and so of the *pre-2021 vintage*. The 2011-2019 values were revised upward
# once the 2020 census showed more urban residents than the annual sample surveys had estimated;
# the revised 2011-2019 values have no adequate source here.

# %%
urb = catalogue.load_urbanization()
nbs = external.load_nbs_national_population()
wdi = external.load_wdi_urban_share()
counts = (urb.assign(series=urb["series"].astype(str).map(SERIES_LABELS))
             .groupby(["series", "vintage"], observed=True)
             .agg(rows=("year", "size"), first=("year", "min"), last=("year", "max")).reset_index())
report.table(counts, "Cited values of the urban share by source series and vintage",
             columns={"series": "Source series", "vintage": "Vintage", "rows": "Values",
                      "first": "First year", "last": "Last year"})

# %% [markdown]
# **The cited table against the NBS file.** Where both give a year, do they agree? We list every
# disagreement larger than the rounding of the sources (a twentieth of a point of share, or ten
# thousand persons of population) with its explanation; a disagreement without one would be a
# transcription or unit error, and a test (`tests/test_urbanization_nbs.py`) fails on it.

# %% tags=["remove-cell"]
gaps = compare_with_nbs_file(urb, nbs)
glue("p01_n_gaps", len(gaps))
glue("p01_n_gaps_unexplained", int((gaps["explanation"] == "").sum()))
glue("p01_gap_1997", float(gaps.loc[gaps["year"] == 1997, "share_gap"].iloc[0]))

# %%
report.table(gaps.assign(series=gaps["series"].astype(str).map(SERIES_LABELS)),
             "Every value of the cited table that disagrees with the NBS National Data file beyond rounding",
             columns={"year": "Year", "series": "Source", "vintage": "Vintage", "urban_share_pct": "Cited share (%)",
                      "nbs_share": "NBS file share (%)", "share_gap": "Gap (points)",
                      "urban_gap_10k": "Urban gap (10⁴)", "total_gap_10k": "Total gap (10⁴)",
                      "explanation": "Explanation"}, digits=2)

# %% [markdown]
# {glue:text}`p01_n_gaps` values disagree beyond rounding and {glue:text}`p01_n_gaps_unexplained`
# of them without an explanation. The large ones are vintages: the 1998 Yearbook predates the
# revision of the 1990s to the 2000 census (in 1997 it is {glue:text}`p01_gap_1997:.2f` points
# below the revised value), and census-day counts are not year-end estimates.
#
# ## One annual series, the splice made explicit
#
# For each year 1949-2024 we take the **pre-2021 vintage** up to 2019 (NBS National Data for
# 1978-2014, then NBS's original releases, then the 1998 Yearbook), and the **revised** vintage
# from 2020, the only one published for those years. That is one splice, in 2020, between vintages
# that differ by a revision nobody has published for 2011-2019. Years without any source are filled
# by linear interpolation and flagged; every source stays in its own column.

# %% tags=["remove-cell"]
annual = annual_series(urb, nbs, wdi[wdi["code"] == "CHN"])
glue("p01_n_years_total", len(annual))
glue("p01_n_filled", int(annual["filled"].sum()))
glue("p01_n_filled_after_1977", int(annual.loc[annual["year"] > 1977, "filled"].sum()))
glue("p01_claim_1949", float(annual.set_index("year").loc[1949, "share"]))
glue("p01_claim_2019", float(annual.set_index("year").loc[2019, "share"]))
glue("p01_share_1979", float(annual.set_index("year").loc[1979, "share"]))
rg = revision_gaps(annual)
glue("p01_rev_gap_max", float(rg["gap"].abs().max()))
glue("p01_wdi_2020", float(annual.set_index("year").loc[2020, WDI_COLUMN]))
glue("p01_nbs_2020", float(annual.set_index("year").loc[2020, "share"]))

# %%
show = annual[["year", "share", "source", "filled", "vintage", WDI_COLUMN]].assign(
    source=lambda d: d["source"].replace({f"{k} (original)": f"{v} (original)" for k, v in SERIES_LABELS.items()})
                                .replace({f"{k} (revised)": f"{v} (revised)" for k, v in SERIES_LABELS.items()}))
report.table(show, "The annual series: the value used each year, its source and vintage, and the World Bank series beside it",
             columns={"year": "Year", "share": "Urban share (%)", "source": "Source used", "filled": "Interpolated",
                      "vintage": "Vintage", WDI_COLUMN: "World Bank WDI (%)"}, digits=2)

# %% [markdown]
# Every year is filled; {glue:text}`p01_n_filled` of the {glue:text}`p01_n_years_total` years are
# interpolated, {glue:text}`p01_n_filled_after_1977` of them after 1977. Where a revised value and
# a pre-2021-vintage value exist for the same year (1960 to 2010), they differ by at most
# {glue:text}`p01_rev_gap_max:.3f` points, so before 2011 the vintages are one series. The World
# Bank series, a single vintage smoothed by the UN's World Urbanization Prospects 2018, is not the
# NBS revision: for 2020 it gives {glue:text}`p01_wdi_2020:.2f`% where NBS gives
# {glue:text}`p01_nbs_2020:.2f`%.

# %%
fig, ax = plt.subplots(figsize=(8, 4.2))
src = annual.assign(kind=np.where(annual["filled"], "interpolated (no source)",
                                  np.where(annual["year"] >= SPLICE_YEAR, "revised after the 2020 census",
                                           "pre-2021 vintage")))
for i, (kind, d) in enumerate(src.groupby("kind", sort=False)):
    ax.scatter(d["year"], d["share"], s=14, label=kind, color=plots.PALETTE[i],
               marker="o" if kind != "interpolated (no source)" else "x")
ax.plot(annual["year"], annual[WDI_COLUMN], color="0.35", lw=1.2, label="World Bank WDI (UN-based)")
cen = urb[urb["series"] == "census"]
ax.scatter(cen["year"], cen["urban_share_pct"], marker="D", s=24, facecolor="none", edgecolor="black",
           label="census-day count (not spliced in)")
ax.axvline(SPLICE_YEAR - 0.5, color="0.5", ls=":", lw=1)
ax.set_xlabel("year")
ax.set_ylabel("urban share of resident population (%)")
ax.set_title("China's urban share, one value a year, by vintage")
ax.legend(fontsize=8, loc="upper left", frameon=False)
fig.tight_layout()
plots.source_note(fig, "cited NBS releases, China Statistical Yearbooks 1998 and 2021, censuses; NBS National Data; World Bank WDI.")
glue("p01_fig_data", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p01_fig_data
# :alt: Scatter of China's urban share from 1949 to 2024, rising from about 11 to 67 percent; dots of the pre-2021 vintage to 2019, crosses for interpolated years (mostly before 1978), dots of the revised vintage from 2020 after a dotted vertical line, the World Bank series as a grey line slightly below the NBS values after 2010, and open diamonds for the three census-day counts.
# :name: fig-p01-data
#
# The annual series by vintage. The dotted line marks the splice between the pre-2021 vintage and
# the series revised after the 2020 census.
# ```
#
# ## A logistic urban transition, with serially correlated errors
#
# **Model.** Let $s(t)$ be the urban share in percent in year $t$:
#
# $$ s(t) = \frac{K}{1 + e^{-r (t - t_0)}} + u_t, \qquad u_t = \rho\, u_{t-1} + \varepsilon_t, $$
#
# with ceiling $K$, growth rate $r$ (the share grows fastest, at $rK/4$ points a year, at the
# midpoint $t_0$) and $\mathrm{AR}(1)$ errors. **Sample.** The reform era on the single pre-2021 vintage,
# 1978-2019, so that no splice enters the fit. **Estimators.** (i) Nonlinear least squares with
# iid errors (the earlier edition's model) and with Newey-West (HAC) standard errors; (ii)
# conditional least squares with $\mathrm{AR}(1)$ errors. With $K$ free the ceiling is poorly identified, so
# we also profile it.

# %% tags=["remove-cell"]
consistent = annual[(annual["year"] >= 1978) & (annual["year"] < SPLICE_YEAR)]
spliced = annual[annual["year"] >= 1978]
glue("p01_n_years", len(consistent))
fit_iid = fit_logistic(consistent["year"], consistent["share"], K=100.0)
fit_spliced = fit_logistic(spliced["year"], spliced["share"], K=100.0)
ar = fit_logistic_ar1(consistent["year"], consistent["share"], K=100.0)
ar_free = fit_logistic_ar1(consistent["year"], consistent["share"])
hac = hac_logistic(consistent["year"], consistent["share"], K=100.0)
profile, (k_low, k_high) = profile_ceiling_ar1(consistent["year"], consistent["share"])
glue("p01_dw", fit_iid.durbin_watson)
glue("p01_dw_spliced", fit_spliced.durbin_watson)
glue("p01_dw_reading", "so on these annual data the splice does not explain the autocorrelation"
     if fit_iid.durbin_watson <= fit_spliced.durbin_watson
     else "so part of the autocorrelation comes from the splice")
glue("p01_rmse", fit_iid.rmse)
glue("p01_r", fit_iid.params["r"])
glue("p01_t0", fit_iid.params["t0"])
glue("p01_r_se_iid", hac.loc["r", "se_iid"])
glue("p01_r_se_hac", hac.loc["r", "se_hac"])
glue("p01_hac_ratio", hac.loc["r", "se_hac"] / hac.loc["r", "se_iid"])
glue("p01_ar_r", ar.params["r"])
glue("p01_ar_r_se", ar.se["r"])
glue("p01_ar_t0", ar.params["t0"])
glue("p01_ar_t0_se", ar.se["t0"])
glue("p01_ar_rho", ar.params["rho"])
glue("p01_ar_rho_se", ar.se["rho"])
glue("p01_ar_free_K", ar_free.params["K"])
glue("p01_k_low", k_low)
glue("p01_k_high", k_high)
glue("p01_peak_speed", ar.params["r"] * 100 / 4)
glue("p01_year70", fit_iid.year_reaching(70.0))

# %% tags=["remove-cell"]
fits = pd.DataFrame({
    "model": ["logistic, iid errors", "logistic, iid errors, HAC standard errors", "logistic, AR(1) errors",
              "logistic, AR(1) errors, K free"],
    "K": [100.0, 100.0, 100.0, ar_free.params["K"]],
    "r": [fit_iid.params["r"], hac.loc["r", "estimate"], ar.params["r"], ar_free.params["r"]],
    "se_r": [hac.loc["r", "se_iid"], hac.loc["r", "se_hac"], ar.se["r"], ar_free.se["r"]],
    "t0": [fit_iid.params["t0"], hac.loc["t0", "estimate"], ar.params["t0"], ar_free.params["t0"]],
    "se_t0": [hac.loc["t0", "se_iid"], hac.loc["t0", "se_hac"], ar.se["t0"], ar_free.se["t0"]],
    "rho": [np.nan, np.nan, ar.params["rho"], ar_free.params["rho"]]})
print(fits.round(4).to_string(index=False))
print(f"profile interval for K under AR(1) errors: [{k_low:.1f}, {k_high:.1f}]")
# NBVAL_CHECK_OUTPUT

# %%
report.table(fits, "Logistic fits to the pre-2021 vintage, 1978-2019 (K in %, r per year, t0 the midpoint year)",
             columns={"model": "Model", "K": "Ceiling K (%)", "r": "Growth rate r", "se_r": "SE of r",
                      "t0": "Midpoint t₀", "se_t0": "SE of t₀", "rho": "AR(1) ρ"},
             formats={"r": "{:.4f}", "se_r": "{:.4f}", "t0": "{:.1f}", "se_t0": "{:.2f}", "rho": "{:.3f}",
                      "K": "{:.1f}"})

# %% [markdown]
# With $K$ fixed at full urbanization, the iid fit gives $r$ = {glue:text}`p01_r:.4f` and a midpoint
# in {glue:text}`p01_t0:.1f`, but its residuals have a Durbin-Watson statistic of
# {glue:text}`p01_dw:.2f`: long runs of the same sign. On the spliced series 1978-2024 the statistic
# is {glue:text}`p01_dw_spliced:.2f`, {glue:text}`p01_dw_reading`. Either way it is far from the
# value of two that independent errors would give: the curve's shape, too symmetric for a
# transition that was slow in the 1980s and fast after the mid-1990s, is the main source.
# HAC standard errors are {glue:text}`p01_hac_ratio:.1f` times the iid ones. The $\mathrm{AR}(1)$ model puts
# $\rho$ = {glue:text}`p01_ar_rho:.3f` (standard error {glue:text}`p01_ar_rho_se:.3f`): the
# residuals are close to a random walk, so the curve describes the trend and the errors carry
# the rest. Its growth rate is {glue:text}`p01_ar_r:.4f` ({glue:text}`p01_ar_r_se:.4f`), its
# midpoint {glue:text}`p01_ar_t0:.1f` ({glue:text}`p01_ar_t0_se:.1f`), and at the midpoint the
# curve adds {glue:text}`p01_peak_speed:.2f` points a year.
#
# **The ceiling is not identified.** Under $\mathrm{AR}(1)$ errors the profile-likelihood interval for $K$
# runs from {glue:text}`p01_k_low:.1f`% to {glue:text}`p01_k_high:.1f`%, the top of the range
# allowed; with $K$ free the fit puts it at {glue:text}`p01_ar_free_K:.1f`%, anywhere in that
# range being compatible with the data. Any "saturation level" forecast from these data is
# unsupported.

# %%
fig, ax = plt.subplots(figsize=(6.5, 3.2))
ax.plot(profile["K"], profile["lr_stat"], color=plots.PALETTE[0])
ax.axhline(3.84, color="0.4", ls="--", lw=1, label="95% cut-off (χ² with one degree of freedom)")
ax.set_xlabel("ceiling K (% urban)")
ax.set_ylabel("likelihood-ratio statistic")
ax.set_title("Profile of the ceiling K under AR(1) errors, 1978-2019")
ax.legend(fontsize=8, frameon=False)
fig.tight_layout()
plots.source_note(fig, "our fit to the annual series (pre-2021 vintage).")
glue("p01_fig_profile", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p01_fig_profile
# :alt: Line chart of the likelihood-ratio statistic against the ceiling K; the curve stays below the dashed 95 percent cut-off over most of the range up to 100 percent.
# :name: fig-p01-profile
#
# Profile likelihood of the ceiling under $\mathrm{AR}(1)$ errors. Every $K$ below the dashed line is
# compatible with the data.
# ```
#
# ## Out of sample: 1978-2010 forecasts 2011-2024
#
# A curve that fits is not yet a curve that forecasts. We fit to 1978-2010 only ($K = 100\%$),
# forecast 2011-2024, and compare with the spliced NBS series (which crosses the 2020 revision) and
# with the single-vintage World Bank series. The benchmark is a naive forecast: a random walk with
# the drift of the last ten fitted years.

# %% tags=["remove-cell"]
fc, oos = out_of_sample(annual)
ok = oos.set_index(["target", "method"])
for tgt, tk in [("spliced NBS series", "nbs"), (WDI_COLUMN, "wdi")]:
    for m, mk in [("logistic", "lg"), ("logistic, AR(1) errors", "ar"), ("naive (random walk with drift)", "naive")]:
        glue(f"p01_oos_{tk}_{mk}", ok.loc[(tgt, m), "rmse"])
        glue(f"p01_oos_{tk}_{mk}_bias", ok.loc[(tgt, m), "mean_error"])
best_nbs = oos[oos["target"] == "spliced NBS series"].sort_values("rmse").iloc[0]["method"]
best_wdi = oos[oos["target"] == WDI_COLUMN].sort_values("rmse").iloc[0]["method"]
glue("p01_oos_best_nbs", best_nbs)
glue("p01_oos_best_wdi", best_wdi)

# %% tags=["remove-cell"]
print(oos.round(3).to_string(index=False))
# NBVAL_CHECK_OUTPUT

# %%
report.table(oos, "Forecast errors 2011-2024 of fits to 1978-2010 (points of urban share; mean error > 0 means too high)",
             columns={"target": "Compared with", "method": "Forecast", "rmse": "RMSE", "mean_error": "Mean error",
                      "max_abs_error": "Largest error", "years": "Years"}, digits=2)

# %% [markdown]
# Against the spliced NBS series the logistic forecast errs by {glue:text}`p01_oos_nbs_lg:.2f`
# points (root mean square), the $\mathrm{AR}(1)$ version by {glue:text}`p01_oos_nbs_ar:.2f` and the naive
# forecast by {glue:text}`p01_oos_nbs_naive:.2f`; the most accurate is the
# {glue:text}`p01_oos_best_nbs` forecast. Against the World Bank series the errors are
# {glue:text}`p01_oos_wdi_lg:.2f`, {glue:text}`p01_oos_wdi_ar:.2f` and
# {glue:text}`p01_oos_wdi_naive:.2f` (best: {glue:text}`p01_oos_best_wdi`). The logistic's mean error
# against NBS is {glue:text}`p01_oos_nbs_lg_bias:.2f` points: the 2020 revision lifted the series
# above any curve fitted to the old vintage, so part of every forecast error is the revision, not
# the model.

# %%
fig, ax = plt.subplots(figsize=(7.5, 3.8))
hist = annual[(annual["year"] >= 1978) & (annual["year"] <= 2024)]
ax.plot(hist["year"], hist["share"], "o", ms=3, color="black", label="NBS annual series (spliced in 2020)")
ax.plot(hist["year"], hist[WDI_COLUMN], color="0.5", lw=1.2, label="World Bank WDI")
for i, m in enumerate(["logistic", "logistic, AR(1) errors", "naive (random walk with drift)"]):
    ax.plot(fc["year"], fc[m], lw=1.6, color=plots.PALETTE[i], label=f"forecast: {m}")
ax.axvspan(2010.5, 2024.5, color="0.93", zorder=-1)
ax.set_xlabel("year")
ax.set_ylabel("urban share (%)")
ax.set_title("Forecasts from 1978-2010 against what happened")
ax.legend(fontsize=8, loc="upper left", frameon=False)
fig.tight_layout()
plots.source_note(fig, "annual series of this chapter; World Bank WDI; our fits.")
glue("p01_fig_oos", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p01_fig_oos
# :alt: Line chart from 1978 to 2024 of China's urban share (black dots) and the World Bank series (grey line), with three forecast lines starting in 2011 over a shaded forecast period; the forecasts fan out slightly and the NBS dots jump above them from 2020.
# :name: fig-p01-oos
#
# Forecasts for 2011-2024 (shaded) from fits to 1978-2010, against the NBS series and the World
# Bank series.
# ```
#
# ## China's S-curve beside other countries
#
# The World Bank series lets us set China beside countries at other points of the same transition,
# on one consistent definition per country (national definitions differ, so levels compare less
# well than shapes).

# %% tags=["remove-cell"]
PEERS = {"CHN": "China", "KOR": "Korea, Rep.", "JPN": "Japan", "BRA": "Brazil", "IDN": "Indonesia",
         "IND": "India"}
peers = wdi[wdi["code"].isin(PEERS)]
speed = (peers.sort_values("year").groupby("code")
              .apply(lambda d: pd.Series({"share_1960": d["urban_share_pct"].iloc[0],
                                          "share_2024": d["urban_share_pct"].iloc[-1],
                                          "fastest_decade_gain": d["urban_share_pct"].diff(10).max()}),
                     include_groups=False))
glue("p01_chn_fastest_decade", float(speed.loc["CHN", "fastest_decade_gain"]))
glue("p01_kor_fastest_decade", float(speed.loc["KOR", "fastest_decade_gain"]))
glue("p01_n_peers_faster", int((speed["fastest_decade_gain"] > speed.loc["CHN", "fastest_decade_gain"]).sum()))

# %%
fig, ax = plt.subplots(figsize=(7.5, 4))
for i, (code, name) in enumerate(PEERS.items()):
    d = peers[peers["code"] == code]
    ax.plot(d["year"], d["urban_share_pct"], lw=2.2 if code == "CHN" else 1.2, color=plots.PALETTE[i % len(plots.PALETTE)],
            label=name)
ax.set_xlabel("year")
ax.set_ylabel("urban share (%)")
ax.set_title("Urban transitions, 1960-2024 (World Bank series)")
ax.legend(fontsize=8, ncol=2, loc="upper left", frameon=False)
fig.tight_layout()
plots.source_note(fig, "World Bank WDI SP.URB.TOTL.IN.ZS (based on UN World Urbanization Prospects 2018).")
glue("p01_fig_peers", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p01_fig_peers
# :alt: Six lines of urban share from 1960 to 2024. Japan starts high and flattens near 90 percent; Korea rises steeply from under 30 to over 80 percent by the 1990s; Brazil rises steadily to near 90; China is flat until about 1980 and then rises steeply to about 65; Indonesia rises to near 60; India rises slowly to about 37.
# :name: fig-p01-peers
#
# China's urban share beside five other countries, on the World Bank's consistent series.
# ```
#
# China's fastest decade added {glue:text}`p01_chn_fastest_decade:.1f` points of urban share; Korea's
# fastest added {glue:text}`p01_kor_fastest_decade:.1f`; {glue:text}`p01_n_peers_faster` of the
# five other countries had a faster decade than China's. China's curve is distinctive in its long
# flat stretch before 1980 more than in its later slope.
#
# ## The essay's three numbers
#
# Each figure is a row of the claims ledger ({ref}`app-claims`), evaluated by code on the sources
# above, the NBS National Data file included.

# %% tags=["remove-cell"]
all_claims = claims.load_claims()
ledger = claims.evaluate(all_claims[all_claims["claim_id"].str.startswith("urban-")])
urban_claims = ledger[ledger["claim_id"].str.startswith("urban-")].set_index("claim_id")
for cid in urban_claims.index:
    glue(f"p01_status_{cid.replace('-', '_')}", urban_claims.loc[cid, "status"])
glue("p01_ours_1979", float(urban_claims.loc["urban-02", "our_value"]))

# %%
report.table(urban_claims.reset_index()[["claim_id", "quote", "claimed_value", "our_value", "status", "note"]],
             "The essay's urbanization figures against the sources",
             columns={"claim_id": "Claim", "quote": "Quotation", "claimed_value": "Claimed",
                      "our_value": "Ours", "status": "Status", "note": "Note"})

# %% tags=["remove-cell"]
for cid, row in urban_claims.iterrows():
    print(f"{cid}: claimed {row['claimed_value']}, ours {row['our_value']}, {row['status']}")
# NBVAL_CHECK_OUTPUT

# %% [markdown]
# * **1949**: {glue:text}`p01_status_urban_01`, by the NBS report for the seventieth anniversary.
# * **1979, "only 19.96%"**: {glue:text}`p01_status_urban_02`. The NBS National Data table gives
#   {glue:text}`p01_ours_1979:.2f`% (urban and total year-end population); the claim differs from
#   it by exactly one in the units digit, a likely typing slip. Earlier editions of this chapter,
#   without that table, could only call the claim unverifiable.
# * **2019**: {glue:text}`p01_status_urban_03`, against the original NBS release of January 2020;
#   the series revised after the 2020 census puts 2019 higher, so "exceeded 60% for the first time"
#   in 2019 ({glue:text}`p01_status_urban_04`) holds on the original vintage.
#
# ## What this chapter cannot show
#
# * A logistic curve *describes* the transition; it does not explain it. Hukou reform, land
#   markets and the reclassification of rural areas as urban all move the series, and the last
#   is a change of definition rather than of where people live.
# * The ceiling of the transition is not identified by data that stop at two thirds urban.
# * The revised 2011-2019 values are not in hand, so the series cannot be put on the revised vintage
#   throughout; the splice in 2020 is therefore a level shift the fits cannot remove.
# * Years before 1978 are often interpolated, so the annual series says little about the 1960s.
#
# ## Exercises
#
# ```{exercise}
# :label: ex-p01-window
#
# Refit the logistic curve on the whole annual series, 1949-2024, with $K$ fixed at full
# urbanization. How do $r$, $t_0$ and the Durbin-Watson statistic change, and why?
# ```
#
# ```{solution-start} ex-p01-window
# :class: dropdown
# ```

# %%
whole = fit_logistic(annual["year"], annual["share"], K=100.0)
glue("p01_ex_whole_r", whole.params["r"])
glue("p01_ex_whole_t0", whole.params["t0"])
glue("p01_ex_whole_dw", whole.durbin_watson)
print(f"1949-2024: r = {whole.params['r']:.4f}, t0 = {whole.params['t0']:.1f}, DW = {whole.durbin_watson:.2f}")

# %% [markdown]
# On 1949-2024, $r$ = {glue:text}`p01_ex_whole_r:.4f` (against {glue:text}`p01_r:.4f` on
# 1978-2019), $t_0$ = {glue:text}`p01_ex_whole_t0:.1f` and the Durbin-Watson statistic
# {glue:text}`p01_ex_whole_dw:.2f`. The stagnant stretch of 1960-1977 (and the 1960 peak), which the
# curve cannot follow, flattens it and lengthens the runs of residuals of one sign; the splice in
# 2020 adds a step at the end. A single logistic is a poor model of the whole period.
#
# ```{solution-end}
# ```
#
# ```{exercise}
# :label: ex-p01-vintage
#
# Fit the $\mathrm{AR}(1)$ logistic ($K$ = 100%) to the spliced series 1978-2024 instead of the single vintage
# 1978-2019. Does the midpoint move, and which way would you expect, given the direction of the
# 2020 revision?
# ```
#
# ```{solution-start} ex-p01-vintage
# :class: dropdown
# ```

# %%
ar_spliced = fit_logistic_ar1(spliced["year"], spliced["share"], K=100.0)
glue("p01_ex_spliced_t0", ar_spliced.params["t0"])
glue("p01_ex_spliced_shift", ar_spliced.params["t0"] - ar.params["t0"])
print(f"spliced 1978-2024: t0 = {ar_spliced.params['t0']:.1f}; single vintage: {ar.params['t0']:.1f}")

# %% [markdown]
# On the spliced series the midpoint is {glue:text}`p01_ex_spliced_t0:.1f`, a shift of
# {glue:text}`p01_ex_spliced_shift:.1f` years against the single vintage. The revision raised the
# level from 2020; a curve asked to pass through the higher end reaches one half earlier (a negative
# shift), by how much depending on how much of the step the $\mathrm{AR}(1)$ errors absorb.
#
# ```{solution-end}
# ```
