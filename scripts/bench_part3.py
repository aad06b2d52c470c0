"""Timings of the Part III designs (run by `make bench`): permutation tests, wild bootstrap, fits, chapters.

* the within-province permutation test of the peer effect on the dual-carbon data, at 999 and
  9,999 relocations, for distance and contiguity exposure (all relocations in one batch);
* the same test on the COVID city-days (21 days, 304 cities) and on a simulated panel of 600 units x 8 periods (labelled simulation);
* the wild cluster restricted bootstrap (999 draws plus the interval by test inversion), the
  stratified conditional logit and the dyadic contagion fit;
* chapters 20 and 21 executed top to bottom (goal: at most 45 s together on 2 cores).

Each figure is the best of a few runs (the chapters: one run each), so other load on the machine
shows up in them.
"""
from __future__ import annotations

import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("MEGACITY_DATA_MIRROR", str(ROOT.parent / "shared" / "external-data"))
warnings.simplefilter("ignore")

from megacity import diffusion as dfn  # noqa: E402
from megacity.data import catalogue  # noqa: E402
from megacity.data.external import load_census, load_dual_carbon  # noqa: E402


def best(f, repeat=3):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


def main() -> None:
    census = load_census()
    dual = load_dual_carbon("Strategy")
    adopt = dfn.attach_pilots(dfn.dual_carbon_adoption(dual, load_dual_carbon("2020"), census=census),
                              catalogue.load_lowcarbon_pilots())
    C = dfn.contiguity_matrix(adopt["code"].replace(dfn.DUAL_CARBON_CODE_FIX), census)
    rs = dfn.dual_carbon_risk_set(adopt, contiguity=C)
    years = np.array([2020, 2021, 2022, 2023])
    ev = adopt["first_year"].to_numpy(float)
    D = dfn.haversine_km(adopt["lon"], adopt["lat"])
    Wd = ((D <= 200) & (D > 0)).astype(float)
    ctrl = ["is_capital", "log_pop", "log_gdp", "log_co2", "lc_city"]
    print(f"dual-carbon risk set: {len(rs)} city-years, {len(adopt)} cities, {len(set(adopt['province']))} provinces")
    for name, W in [("distance", Wd), ("contiguity", C)]:
        for n in (999, 9999):
            s, pt = best(lambda: dfn.peer_permutation_test(rs, ev, W, adopt["province"], years, ["province", "t"],
                                                           covariates=ctrl, n_perm=n, seed=1), repeat=2)
            print(f"permutation test, {name:10s} {n:>6,d} relocations: {s:6.2f} s  (p = {pt.p_value:.3f})")
    from megacity.data.external import load_covid_city_pop, load_covid_policies
    cov = dfn.covid_orders(load_covid_policies("raw"), load_covid_city_pop(), dual, census)["cities"]
    last = int(cov["event_day"].max())
    rs_c = dfn.covid_risk_set(cov, last=last)
    Dc = dfn.haversine_km(cov["lon"], cov["lat"])
    Wc = ((Dc <= 200) & (Dc > 0)).astype(float)
    s, pt = best(lambda: dfn.peer_permutation_test(rs_c, cov["event_day"].to_numpy(float), Wc, cov["adm1_name"],
                                                   np.arange(1, last + 1), ["adm1_name", "t"], covariates=["log_pop"],
                                                   n_perm=999, seed=1), repeat=2)
    print(f"permutation test, COVID city-days ({len(rs_c):,d} rows, {last} days), 999 relocations: {s:.2f} s "
          f"(p = {pt.p_value:.3f})")
    sim, sev, sW = dfn.simulate_peer_panel(40, 15, 8, beta_peer=1.0, group_sd=1.5, rng=np.random.default_rng(1))
    grp = np.repeat(np.arange(40), 15)
    s, pt = best(lambda: dfn.peer_permutation_test(sim, sev, sW, grp, np.arange(1, 9), ["group", "t"],
                                                   covariates=["x"], n_perm=999, seed=1), repeat=2)
    print(f"permutation test, simulated 600 units x 8 periods, 999 relocations: {s:.2f} s")
    s, wb = best(lambda: dfn.wild_cluster_bootstrap(rs, "nbr_share", ctrl, strata=["province", "t"], cluster="province",
                                                    reps=999, seed=1, weights="webb"), repeat=2)
    print(f"wild cluster bootstrap, 999 draws + interval: {s:.2f} s")
    s, _ = best(lambda: dfn.fit_stratified_hazard(rs, ["nbr_share"] + ctrl, ["province", "t"], cluster="province"))
    print(f"conditional logit, province x year strata: {s:.2f} s")
    dy = dfn.dyad_risk_set(ev, years, D + np.eye(len(D)), group=adopt["province"].to_numpy(), size=adopt["pop_10k"],
                           income=adopt["gdp_100m"] / adopt["pop_10k"])
    s, _ = best(lambda: dfn.fit_dyadic_hazard(dy, ["log_dist", "same_group", "size_sim", "income_sim"], cluster="group_i"))
    print(f"dyadic contagion fit, {len(dy):,d} dyad-years: {s:.2f} s")

    import nbformat
    from nbclient import NotebookClient
    total = 0.0
    for nb in ("20_four_cities", "21_diffusion_in_data"):
        book = nbformat.read(ROOT / "notebooks" / f"{nb}.ipynb", as_version=4)
        t = time.perf_counter()
        NotebookClient(book, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
        dt = time.perf_counter() - t
        total += dt
        print(f"chapter {nb}: {dt:.1f} s")
    print(f"chapters 20 + 21 together: {total:.1f} s (goal <= 45 s)")


if __name__ == "__main__":
    main()
