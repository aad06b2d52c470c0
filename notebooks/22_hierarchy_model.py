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
# (ch-hierarchy-model)=
# # A four-level hierarchy model
#
# Shanghai's grassroots reform, as described in the article of seed 001 {cite:p}`csst2017shanghai`,
# runs on a "city - district - sub-district - residential communities four-level linkage system".
# Li Youmei (seed 000, {cite:p}`liyoumei_megacity_risk`) describes the responsibility that each level
# carries as "isomorphic": the same tasks repeated down the hierarchy. Li and Fang
# {cite:p}`lifang2018` report that reforms travelling down such a hierarchy ignite from above but meet
# weak participation, and that officials answer to two assessment systems that pull apart.
#
# The previous chapter ({ref}`ch-diffusion-data`) showed that adoption curves alone cannot tell a
# push from above from imitation between peers. This chapter builds a small model in which both
# mechanisms, and the two assessment systems, are explicit. We can then ask which mechanisms produce
# the pattern the paper describes, and what the Bass $p$ and $q$ of the resulting curves would lead an
# analyst to conclude.
#
# ```{admonition} Simulation, not data
# :class: warning
# Everything in this chapter is simulated. The sizes of the hierarchy are taken from sourced facts;
# the behavioural parameters are assumptions, varied in the sensitivity analysis. No number here
# is an estimate of anything in a real city.
# ```

# %% tags=["remove-cell"]
import time

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from megacity import plots
from megacity.data import catalogue
from megacity.hierarchy import (HierarchyParams, bass_of_simulation, params_table, scenario_table, simulate,
                                sweep)
from megacity.report import glue

plots.house_style()

# %% [markdown]
# ## The model
#
# **Structure.** One city, $D$ districts, $S$ sub-districts per district and $C$ communities per
# sub-district. The default sizes are Guiyang's at its 2012 reform (table `four_cities`): ten
# districts (fact E057: nine districts plus the Jinyang new district), 49 street offices (E059) and 470
# residents' committees (E062), i.e. about 5 sub-districts per district and 10 communities per
# sub-district. Haicang's re-division into 4 streets and 39 communities (E013, E028) gives the same
# order of magnitude, about ten communities per street. The four levels themselves are the seed's
# (ledger row `s001-02`, {ref}`app-claims`).

# %%
facts = catalogue.load_four_cities().set_index("fact_id")
sizes = facts.loc[["E057", "E059", "E062", "E013", "E028"], ["scope", "quantity", "value", "confidence"]]
glue("p22_comm_per_sub", float(facts.loc["E062", "value_num"] / facts.loc["E059", "value_num"]), display=False)
sizes

# %% [markdown]
# **Mechanisms, each step (read: a month).**
#
# 1. *Mandate from above.* From step 12 the city orders adoption. Each district passes the order on
#    with probability `compliance`, and so does each sub-district, one step per level. A community
#    whose chain passed the order on adopts with probability `mandate_rate` per step.
# 2. *Horizontal imitation.* A community adopts with hazard
#    $1-\exp\{-(q_s S_i + q_n N_i)\}$, where $S_i$ is the participation-weighted share of adopters
#    among the other communities of its sub-district and $N_i$ the same in the two adjacent
#    sub-districts (arranged on a ring, so neighbours can lie in another district). Peers copy what
#    visibly works, so an adopter counts by its participation, not by its label.
# 3. *Two assessment systems.* Li and Fang write that local officials are "evaluated using two
#    separate performance assessment systems, the hierarchical and the horizontal" (ledger row
#    `diff-05`; unverifiable with the sources in hand, so here it is an assumption). An adopter splits
#    effort between the upward cadre assessment, which counts adoption and reports, and the
#    residents' assessment, which is participation. Its
#    participation is $(1-w_v)$, reduced to $(1-w_v)(1-b)$ if it adopted under the mandate, which
#    brings reporting duties that absorb a share $b$ (`burden`) of effort.
# 4. Five pilot communities adopt at step 0.
#
# Every step is vectorised over communities (group sums by `np.bincount`), so its cost is linear in
# their number (benchmark at the end).

# %%
base = HierarchyParams()
glue("p22_n_comm", base.n_communities, display=False)
params_table(base)

# %% [markdown]
# ## One run
#
# With the defaults ({glue:text}`p22_n_comm` communities), a run looks like this:

# %%
run = simulate(base)
curve = run.curve()
summ = run.summary()["value"]
glue("p22_run_final", summ["final_share"], display=False)
glue("p22_run_mandate", summ["share_via_mandate"], display=False)
glue("p22_run_partic", summ["mean_participation_adopters"], display=False)
glue("p22_run_before", float(curve.loc[base.mandate_step + 2 * base.lag - 1, "share"]), display=False)
print(summ.round(3).to_string())
# NBVAL_CHECK_OUTPUT

# %%
fig, ax = plt.subplots(figsize=(7.5, 3.8))
ax.stackplot(curve["step"], np.cumsum(curve["new_seed"]) / run.n, np.cumsum(curve["new_imitation"]) / run.n,
             np.cumsum(curve["new_mandate"]) / run.n, labels=["pilots", "via imitation", "via mandate"],
             colors=[plots.PALETTE[2], plots.PALETTE[0], plots.PALETTE[1]], alpha=0.85)
ax.axvline(base.mandate_step, color="0.3", ls="--", lw=1)
ax.text(base.mandate_step + 0.5, 0.92, "city issues mandate", fontsize=8, color="0.3")
ax.set_xlabel("step (month)")
ax.set_ylabel("share of communities adopted")
ax.set_title("SIMULATION: adoption by channel in one run (default parameters)")
ax.legend(loc="lower right", fontsize=8)
plots.source_note(fig, "simulation, megacity.hierarchy (seed 0); sizes from four_cities facts E057, E059, E062.", y=0.0)
fig.tight_layout(rect=(0, 0.04, 1, 1))
glue("p22_fig_run", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p22_fig_run
# :alt: Stacked area chart of the cumulative share of communities adopted over 60 simulated months, split into pilots, imitation and mandate. Before the mandate at month 12 adoption stays below about 10 percent; after the mandate reaches communities it rises steeply, more than half of it via the mandate, to about 90 percent of communities by month 40.
# :name: fig-p22-run
#
# One simulated run. Before the mandate, imitation spreads slowly from the pilots; once the
# mandate reaches communities (two steps after it is issued), most adoption comes through it.
# ```
#
# By the time the mandate reaches the communities only {glue:text}`p22_run_before:.2f` of them have
# adopted; the run ends with {glue:text}`p22_run_final:.2f` adopted, {glue:text}`p22_run_mandate:.2f`
# of them through the mandate, and a mean participation among adopters of
# {glue:text}`p22_run_partic:.2f`. This is the pattern of the paper: **top-down ignition, weak
# participation**.
#
# ## Which mechanisms produce "top-down ignition with weak participation"?
#
# We define the pattern by four observable conditions: little adoption before the mandate (under
# 15%), near-complete adoption at the end (over 90%), most adopters through the mandate (over half),
# and low participation among adopters (under 0.3). Five scenarios, each averaged over 20 seeds:

# %%
scenarios = {
    "mandate only": dict(q_sibling=0.0, q_neighbour=0.0, n_seed=0),
    "imitation only": dict(mandate_step=None),
    "mandate + imitation (default)": {},
    "mandate + imitation, residents' assessment dominant": dict(w_vertical=0.2, burden=0.1),
    "imitation only, residents' assessment dominant": dict(mandate_step=None, w_vertical=0.2),
}
table = scenario_table(scenarios, base, replicates=20)
table["pattern"] = ((table["share_before_mandate"] < 0.15) & (table["final_share"] > 0.9)
                    & (table["share_via_mandate"] > 0.5) & (table["participation"] < 0.3))
for key, name in [("default", "mandate + imitation (default)"), ("mandonly", "mandate only"),
                  ("imitonly", "imitation only")]:
    glue(f"p22_{key}_final", table.loc[name, "final_share"], display=False)
    glue(f"p22_{key}_p", table.loc[name, "bass_p"], display=False)
    glue(f"p22_{key}_q", table.loc[name, "bass_q"], display=False)
glue("p22_resid_partic", table.loc["mandate + imitation, residents' assessment dominant", "participation"], display=False)
glue("p22_resid_via_mandate", table.loc["mandate + imitation, residents' assessment dominant", "share_via_mandate"], display=False)
print(table[["final_share", "share_via_mandate", "participation", "pattern"]].round(3).to_string())
# NBVAL_CHECK_OUTPUT

# %%
table.round(3)

# %% [markdown]
# * **Mandate alone** ignites adoption but cannot complete it: where a district or sub-district did not
#   pass the order on, nothing happens, and the final share stays at {glue:text}`p22_mandonly_final:.2f`.
# * **Imitation alone** from a few pilots spreads slowly and locally; after 60 months about
#   {glue:text}`p22_imitonly_final:.2f` of the communities have adopted.
# * **Mandate plus imitation** (the default) produces the pattern: the mandate does most of the work,
#   imitation fills in the chains that did not comply, and participation is low because mandated
#   adopters put most of their effort into the upward assessment.
# * When the **residents' assessment dominates** (low $w_v$, light reporting burden), the same
#   mandate produces high participation ({glue:text}`p22_resid_partic:.2f`), and because peers copy
#   participation, imitation now carries a larger share of adoption (only
#   {glue:text}`p22_resid_via_mandate:.2f` via the mandate).
#
# In the model, weak participation is therefore not caused by the mandate as such. It comes from the
# weight of the upward assessment and the reporting burden the mandate brings, and it has a second
# cost: it slows the horizontal spread that could have made the mandate unnecessary.
#
# ## What would Bass conclude?
#
# The last two columns of the table are the Bass $p$ and $q$ (per step) of the mean adoption curve of
# each scenario. In the mandate-only scenario, where imitation is switched off by construction, Bass
# still finds $q$ = {glue:text}`p22_mandonly_q:.3f` next to $p$ = {glue:text}`p22_mandonly_p:.3f`.
# The delayed start of the mandate makes the hazard rise over time, and Bass can only express that
# through $q$. In the imitation-only scenario $q$ is small ({glue:text}`p22_imitonly_q:.3f`),
# because imitation here is local: it saturates sub-districts and spreads slowly between them, whereas
# the Bass model assumes everyone imitates everyone. The mixed default has the largest $q$
# ({glue:text}`p22_default_q:.3f`). **Neither coefficient maps one-to-one onto a mechanism.** That is
# the model's counterpart of the finding of {ref}`ch-diffusion-data`.
#
# How does the fitted $q$ respond to the true imitation strength, with and without a mandate?

# %%
q_grid = [0.0, 0.2, 0.4, 0.8, 1.6]
rows = []
for mandate in (12, None):
    sc = {f"{q}": dict(q_sibling=q, q_neighbour=q / 3, mandate_step=mandate) for q in q_grid}
    t = scenario_table(sc, base, replicates=10)
    rows.append(t.assign(q_sibling=q_grid, mandate="mandate at step 12" if mandate else "no mandate"))
qmap = pd.concat(rows, ignore_index=True)
nm = qmap[qmap["mandate"] == "no mandate"].set_index("q_sibling")
glue("p22_nomand_q_02", float(nm.loc[0.2, "bass_q"]), display=False)
glue("p22_nomand_q_16", float(nm.loc[1.6, "bass_q"]), display=False)
glue("p22_nomand_p_02", float(nm.loc[0.2, "bass_p"]), display=False)
glue("p22_nomand_p_16", float(nm.loc[1.6, "bass_p"]), display=False)
print(qmap[["mandate", "q_sibling", "bass_p", "bass_q"]].round(3).to_string(index=False))
# NBVAL_CHECK_OUTPUT

# %%
fig, ax = plt.subplots(figsize=(7, 3.6))
for i, (lab, d) in enumerate(qmap.groupby("mandate")):
    ax.plot(d["q_sibling"], d["bass_q"], marker="o", color=plots.PALETTE[i], label=f"Bass q, {lab}")
    ax.plot(d["q_sibling"], d["bass_p"], marker="s", ls="--", color=plots.PALETTE[i], label=f"Bass p, {lab}")
ax.set_xlabel("true imitation strength among siblings, q_s (neighbours: q_s / 3)")
ax.set_ylabel("fitted Bass coefficient (per step)")
ax.set_title("SIMULATION: fitted Bass p and q against true imitation strength")
ax.legend(fontsize=7)
plots.source_note(fig, "simulation, megacity.hierarchy; mean curve of 10 seeds per point; Bass ML fits.", y=0.0)
fig.tight_layout(rect=(0, 0.04, 1, 1))
glue("p22_fig_qmap", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p22_fig_qmap
# :alt: Line chart of fitted Bass p and q against the true imitation strength from 0 to 1.6, for runs with and without a mandate. With a mandate, fitted q rises from about 0.04 to 0.3 and is above zero even when true imitation is zero. Without a mandate, fitted q stays near 0.03 to 0.08 while fitted p rises; at zero imitation and no mandate nothing adopts and there is no fit.
# :name: fig-p22-qmap
#
# Fitted Bass coefficients for simulated curves. With a mandate, the fitted $q$ rises with the true
# imitation strength but is above zero even when there is no imitation at all. Without a mandate,
# local imitation hardly moves $q$.
# ```
#
# Without a mandate, raising the true imitation strength from 0.2 to 1.6 moves the fitted $q$ only
# from {glue:text}`p22_nomand_q_02:.3f` to {glue:text}`p22_nomand_q_16:.3f` and the fitted $p$ from
# {glue:text}`p22_nomand_p_02:.3f` to {glue:text}`p22_nomand_p_16:.3f`. Imitation that runs between
# neighbouring units produces a near-linear, not an S-shaped, aggregate curve, so Bass assigns
# part of it to $p$. A large $q$, on the other hand, appears when a mandate lands on top of
# imitation. In this model, at least, the Bass $q$ says more about the *timing* of the push from
# above than about horizontal learning.
#
# ## Sensitivity
#
# Two maps over the main parameters, three seeds per cell: the final adoption share over imitation
# strength and compliance, and the share of adopters won by imitation over the weight of the upward
# assessment and the reporting burden.

# %%
grid1 = sweep({"q_sibling": [0.0, 0.1, 0.2, 0.4, 0.8, 1.6], "compliance": [0.5, 0.6, 0.7, 0.8, 0.9, 1.0]},
              base, replicates=3)
grid2 = sweep({"w_vertical": [0.0, 0.2, 0.4, 0.6, 0.8], "burden": [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]},
              base, replicates=3)
m1 = grid1.groupby(["q_sibling", "compliance"])["final_share"].mean().unstack()
m2 = grid2.groupby(["w_vertical", "burden"])["share_via_imitation"].mean().unstack()
glue("p22_final_noimit_c05", float(m1.loc[0.0, 0.5]), display=False)
glue("p22_imit_share_hi", float(m2.loc[0.0, 0.0]), display=False)
glue("p22_imit_share_lo", float(m2.loc[0.8, 1.0]), display=False)
print(f"final share, no imitation, compliance 0.5: {m1.loc[0.0, 0.5]:.2f}; "
      f"imitation share w_v=0,b=0: {m2.loc[0.0, 0.0]:.2f}; w_v=0.8,b=1: {m2.loc[0.8, 1.0]:.2f}")
# NBVAL_CHECK_OUTPUT

# %%
fig, axes = plt.subplots(1, 2, figsize=(10.5, 4.4), layout="constrained")
for ax, m, title, xl, yl in [
        (axes[0], m1, "final share adopted", "compliance per level", "imitation strength q_s"),
        (axes[1], m2, "share of adopters via imitation", "reporting burden b", "weight of upward assessment w_v")]:
    im = ax.imshow(m.to_numpy(), origin="lower", cmap="viridis", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(m.shape[1]), [f"{v:.1f}" for v in m.columns])
    ax.set_yticks(range(m.shape[0]), [f"{v:.1f}" for v in m.index])
    ax.set_xlabel(xl)
    ax.set_ylabel(yl)
    ax.set_title(title, fontsize=10)
    ax.grid(False)
    for (i, j), v in np.ndenumerate(m.to_numpy()):
        ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=6.5, color="white" if v < 0.6 else "black")
fig.colorbar(im, ax=axes, shrink=0.8, label="share (0-1)")
fig.suptitle("SIMULATION: sensitivity of adoption and of its channel", x=0.01, ha="left", fontweight="bold")
plots.source_note(fig, "simulation, megacity.hierarchy; mean of 3 seeds per cell, 500 communities, 60 steps.")
glue("p22_fig_sens", fig, display=False)
plt.close(fig)

# %% [markdown]
# ```{glue:figure} p22_fig_sens
# :alt: Two heat maps. Left, final share adopted by imitation strength (rows) and compliance (columns); it is lowest, about 0.35, with no imitation and compliance 0.5, and reaches 1 with full compliance or strong imitation. Right, share of adopters via imitation by weight of the upward assessment (rows) and reporting burden (columns); it is highest, about 0.6, when both are zero and falls towards 0.1 when both are high.
# :name: fig-p22-sens
#
# Sensitivity maps. Left: compliance and imitation substitute for each other in reaching full
# adoption. Right: the heavier the upward assessment and the reporting burden, the smaller the part
# of adoption that peers win by imitation.
# ```
#
# Compliance and imitation substitute for each other: with no imitation and compliance of 0.5 per
# level, only {glue:text}`p22_final_noimit_c05:.2f` of the communities adopt, and moderate imitation
# lifts that towards one. The channel of adoption depends on the assessment system: with no weight on
# the upward assessment and no reporting burden, imitation wins {glue:text}`p22_imit_share_hi:.2f` of
# the adopters; with a heavy upward weight and a full burden, {glue:text}`p22_imit_share_lo:.2f`.
#
# ## Speed
#
# `scripts/bench_hierarchy.py` (run by `make bench`) times 100 steps for $10^3$, $10^4$ and $10^5$
# communities. A smaller timing here confirms that the cost per community is flat:

# %%
timings = {}
for n_districts in (10, 100):
    t0 = time.perf_counter()
    simulate(base, n_districts=n_districts, subdistricts_per_district=10, communities_per_subdistrict=10, steps=100)
    timings[n_districts * 100] = time.perf_counter() - t0
pd.DataFrame({"communities": list(timings), "seconds (this build)": list(timings.values())})

# %% [markdown]
# ## What this model cannot show
#
# * The behavioural parameters (mandate rate, compliance, imitation strengths, effort weights) are
#   assumptions. The model shows which mechanisms *can* produce the pattern, not which ones did.
# * Participation here is an effort share, not a measured outcome; the model does not know how
#   residents respond.
# * Communities imitate only inside their district's ring of sub-districts. Real learning also runs
#   through study visits, media and higher-level promotion, which the model folds into the mandate.
# * Fitting the model to data would need adoption dates by community, which do not exist for the
#   four cities' reforms (see {ref}`ch-four-cities`).
#
# ## Exercises
#
# ```{exercise}
# :label: ex-p22-lag
#
# Set `lag=4` (the mandate takes four months per level). What happens to the share adopted before the
# mandate reaches communities, to the share via the mandate, and to the Bass $q$ of the mean curve?
# ```
#
# ```{solution} ex-p22-lag
# :class: dropdown
#
# `scenario_table({"lag 1": {}, "lag 4": dict(lag=4)}, base)`. With a longer lag imitation has more
# time to spread from the pilots before the mandate arrives, so more communities adopt before the
# mandate reaches them and fewer through it. The mandate's arrival is later and the curve starts
# rising later, which the Bass fit expresses as a larger $q$ relative to $p$, even though nothing
# about imitation changed.
# ```
#
# ```{exercise}
# :label: ex-p22-isomorphic
#
# Li Youmei's "isomorphic responsibility" means each level repeats the tasks of the level above. In
# the model, a crude version is that the reporting burden grows with the number of levels a mandate
# passes through. Compare `burden=0.3` with `burden=0.6` at the default settings. Which outcomes move,
# and which do not?
# ```
#
# ```{solution} ex-p22-isomorphic
# :class: dropdown
#
# The final share barely moves (the mandate still reaches the same communities), but participation
# among mandated adopters falls from 0.28 to 0.16 (with $w_v = 0.6$), and because peers imitate
# participation, the share of adopters won by imitation falls too. Heavier duplicated reporting
# hollows out the reform without changing the adoption statistics a higher level would see.
# ```
