"""A test bench for chapter 21's estimators: adoption panels on the model's hierarchy with known mechanisms.

SIMULATION.  The panels use the model's hierarchy (districts, sub-districts, communities), its
mandate chain (compliance per level, a lag per level) and pilots, with a *log-linear* adoption
hazard so that each estimator's target is a known number::

    P(adopt at t | at risk) = 1 - exp(-exp(alpha + u_d + b_push M_jt + b_peer S_it))

``M``: the mandate has reached the community's sub-district; ``S``: share of the other communities
of its sub-district that adopted by ``t - 1``; ``u_d``: a district effect the analyst does not see
(a district leadership that pushes everything), N(0, ``frailty``^2).  Mechanisms: push only
(``b_peer = 0``), imitation only (no mandate, ``b_push`` irrelevant), both.

Estimators (chapter 21's): Bass by maximum likelihood on the city's adoption counts (m known), the
pooled discrete-time hazard (complementary log-log, standard errors clustered by sub-district) and
the hazard stratified by district x period (conditional logit: within a district and month, who
adopts), which removes ``u_d`` and any common timing.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..args import DegenerateFitError, ParameterError, check_choice, check_finite, check_integer, check_level, check_nonnegative
from .model import HierarchyParams

__all__ = ["MECHANISMS", "Panel", "simulate_panels", "risk_set_of", "fit_stratified", "run_bench", "bench_table",
           "crosscheck_stratified"]

MECHANISMS = {
    "push only": dict(b_push=1.5, b_peer=0.0, mandate=True),
    "imitation only": dict(b_push=0.0, b_peer=2.5, mandate=False),
    "push and imitation": dict(b_push=1.5, b_peer=2.5, mandate=True),
}


@dataclass
class Panel:
    """``R`` simulated cities: each community's adoption step and each sub-district's mandate step."""

    params: HierarchyParams
    adopt_step: np.ndarray   #: (R, N); 0 pilot, -1 never
    reach_step: np.ndarray   #: (R, n_sub); -1 never
    b_push: float
    b_peer: float
    mandate: bool


def simulate_panels(mechanism: str, R: int, *, base: HierarchyParams | None = None, alpha: float = -5.0,
                    frailty: float = 0.0, b_push: float | None = None, b_peer: float | None = None,
                    seed: int = 0) -> Panel:
    """``R`` seeded panels for one of :data:`MECHANISMS` (vectorised over ``R`` and communities)."""
    check_choice(mechanism, tuple(MECHANISMS), "mechanism", "simulate_panels")
    check_integer(R, "R", "simulate_panels", minimum=1)
    check_finite(alpha, "alpha", "simulate_panels")
    check_nonnegative(frailty, "frailty", "simulate_panels")
    spec = dict(MECHANISMS[mechanism])
    if b_push is not None:
        spec["b_push"] = float(check_finite(b_push, "b_push", "simulate_panels"))
    if b_peer is not None:
        spec["b_peer"] = float(check_finite(b_peer, "b_peer", "simulate_panels"))
    P = (base or HierarchyParams()).check("simulate_panels")
    rng = np.random.default_rng(seed)
    D, S, C, T = P.n_districts, P.subdistricts_per_district, P.communities_per_subdistrict, P.steps
    n_sub = D * S
    d_ok = rng.random((R, D)) < P.compliance
    s_ok = (rng.random((R, n_sub)) < P.compliance) & np.repeat(d_ok, S, axis=1)
    reach = P.mandate_step + 2 * P.lag if (spec["mandate"] and P.mandate_step is not None) else None
    reach_step = np.where(s_ok, reach, -1) if reach is not None else np.full((R, n_sub), -1)
    u = np.repeat(rng.normal(0.0, frailty, (R, D)), S, axis=1)[:, :, None]      # (R, n_sub, 1)
    A = np.zeros((R, n_sub, C), bool)
    if P.n_seed:
        pil = np.argpartition(rng.random((R, n_sub * C)), P.n_seed - 1, axis=1)[:, :P.n_seed]
        A.reshape(R, -1)[np.arange(R)[:, None], pil] = True
    step = np.where(A, 0, -1)
    for t in range(1, T + 1):
        cnt = A.sum(-1, keepdims=True)
        Ssh = (cnt - A) / (C - 1)
        M = (reach_step >= 0) & (t >= reach_step) if reach is not None else np.zeros((R, n_sub), bool)
        eta = alpha + u + spec["b_push"] * M[:, :, None] + spec["b_peer"] * Ssh
        h = -np.expm1(-np.exp(eta))
        new = ~A & (rng.random(A.shape) < h)
        step[new] = t
        A |= new
    return Panel(P, step.reshape(R, -1), reach_step.astype(int), spec["b_push"], spec["b_peer"], spec["mandate"])


def risk_set_of(panel: Panel, r: int) -> pd.DataFrame:
    """Chapter 21's risk set (``megacity.diffusion.risk_set``) for city ``r``, with the covariates
    ``mandate`` (0/1), ``peer_share`` and the identifiers ``subdistrict``, ``district``, ``stratum``."""
    from ..diffusion import risk_set

    P = panel.params
    C, S = P.communities_per_subdistrict, P.subdistricts_per_district
    a = panel.adopt_step[r]
    n_sub = len(panel.reach_step[r])
    units = pd.DataFrame({"unit": np.arange(len(a)), "event": np.where(a >= 0, a, np.nan),
                          "subdistrict": np.repeat(np.arange(n_sub), C)})
    rs = risk_set(units, unit="unit", event="event", first=1, last=P.steps)
    # adopters per sub-district by the end of each step
    done = np.zeros((P.steps + 1, n_sub))
    ok = a >= 0
    np.add.at(done, (a[ok], units["subdistrict"].to_numpy()[ok]), 1)
    done = done.cumsum(0)
    t, j = rs["t"].to_numpy(), rs["subdistrict"].to_numpy()
    rs["peer_share"] = done[t - 1, j] / (C - 1)          # at-risk units have not adopted themselves
    rr = panel.reach_step[r][j]
    rs["mandate"] = ((rr >= 0) & (t >= rr)).astype(float)
    rs["district"] = j // S
    rs["stratum"] = rs["district"] * (P.steps + 1) + t
    return rs


def fit_stratified(rs: pd.DataFrame, covariates: list[str], strata: str, *, cluster: str | None = None,
                   level: float = 0.95, method: str = "breslow") -> pd.DataFrame:
    """Discrete-time hazard stratified by ``strata``: who adopts within a stratum (e.g. district x month).

    ``method="breslow"`` (default): the stratified partial likelihood
    ``sum_s [sum_{i in s} y_i x_i b - d_s log sum_{j in s} exp(x_j b)]``, i.e. a Poisson / log-hazard
    model with a free effect per stratum profiled out (exact conditional logit when a stratum has one
    event), by Newton's method, vectorised; standard errors model-based or clustered (sandwich on
    the concentrated scores).  ``"clogit"``: statsmodels ``ConditionalLogit`` (exact, slow).
    ``"chapter21"``: ``megacity.diffusion.fit_stratified_hazard`` (issue 15).
    Returns coef, se, ci_low, ci_high per covariate.
    """
    from scipy import stats

    check_level(level, "level", "fit_stratified")
    check_choice(method, ("breslow", "clogit", "chapter21"), "method", "fit_stratified")
    missing = [c for c in covariates + [strata, "adopt"] + ([cluster] if cluster else []) if c not in rs.columns]
    if missing:
        raise ParameterError(f"fit_stratified(): columns {missing} are not in the risk set")
    z = stats.norm.ppf(0.5 + level / 2)
    g = rs.groupby(strata)["adopt"]
    keep = ((g.transform("sum") > 0) & (g.transform("size") > g.transform("sum"))).to_numpy()
    d = rs[keep]
    if len(d) == 0:
        raise ParameterError("fit_stratified(): no stratum has both adopters and non-adopters")
    if method == "chapter21":
        from ..diffusion import fit_stratified_hazard

        fit = fit_stratified_hazard(d, covariates, strata, cluster=cluster, level=level)
        summ = fit.summary() if hasattr(fit, "summary") else fit
        cols = {c: c for c in summ.columns}
        se = summ["std_err"] if "std_err" in cols else (summ["ci_high"] - summ["ci_low"]) / (2 * z)
        return pd.DataFrame({"coef": summ["coef"], "se": se, "ci_low": summ["ci_low"],
                             "ci_high": summ["ci_high"]}).loc[covariates]
    X = check_finite(d[covariates].to_numpy(float), "covariates", "fit_stratified")
    y = d["adopt"].to_numpy(float)
    flat = [c for c in covariates if not (d.groupby(strata)[c].transform("std") > 0).any()]
    if flat:
        raise DegenerateFitError(f"fit_stratified(): {flat} do not vary within any informative stratum "
                                 "(not identified by a stratified design)")
    if method == "clogit":
        from statsmodels.discrete.conditional_models import ConditionalLogit

        res = ConditionalLogit(y, X, groups=d[strata].to_numpy()).fit(disp=0)
        b, se = np.asarray(res.params), np.asarray(res.bse)
        return pd.DataFrame({"coef": b, "se": se, "ci_low": b - z * se, "ci_high": b + z * se}, index=covariates)
    sid = pd.factorize(d[strata])[0]
    ns = sid.max() + 1
    dev = np.bincount(sid, weights=y, minlength=ns)
    k = X.shape[1]
    b = np.zeros(k)
    for _ in range(100):
        eta = X @ b
        w = np.exp(eta - np.bincount(sid, weights=eta, minlength=ns)[sid] / np.bincount(sid, minlength=ns)[sid])
        W = np.bincount(sid, weights=w, minlength=ns)
        xbar = np.column_stack([np.bincount(sid, weights=w * X[:, j], minlength=ns) for j in range(k)]) / W[:, None]
        grad = X.T @ y - dev @ xbar
        Xc = X - xbar[sid]
        H = -(Xc * (w * (dev / W)[sid])[:, None]).T @ Xc
        try:
            step = np.linalg.solve(H, grad)
        except np.linalg.LinAlgError:
            raise DegenerateFitError("fit_stratified(): singular information (a covariate does not vary "
                                     "within strata)") from None
        b = b - step
        if np.max(np.abs(step)) < 1e-10:
            break
    else:
        raise DegenerateFitError("fit_stratified(): Newton did not converge (separation?)")
    eta = X @ b
    w = np.exp(eta - np.bincount(sid, weights=eta, minlength=ns)[sid] / np.bincount(sid, minlength=ns)[sid])
    W = np.bincount(sid, weights=w, minlength=ns)
    xbar = np.column_stack([np.bincount(sid, weights=w * X[:, j], minlength=ns) for j in range(k)]) / W[:, None]
    Xc = X - xbar[sid]
    H = -(Xc * (w * (dev / W)[sid])[:, None]).T @ Xc
    Hinv = np.linalg.inv(H)
    if cluster:
        mu = dev[sid] * w / W[sid]
        U = Xc * (y - mu)[:, None]
        cid = pd.factorize(d[cluster])[0]
        G = cid.max() + 1
        Ug = np.column_stack([np.bincount(cid, weights=U[:, j], minlength=G) for j in range(k)])
        V = Hinv @ (Ug.T @ Ug) @ Hinv * G / max(G - 1, 1)
    else:
        V = -Hinv
    se = np.sqrt(np.diag(V))
    return pd.DataFrame({"coef": b, "se": se, "ci_low": b - z * se, "ci_high": b + z * se}, index=covariates)


def run_bench(R: int = 20, *, base: HierarchyParams | None = None, frailty: float = 0.0, seed: int = 0,
              mechanisms=tuple(MECHANISMS), level: float = 0.95, stratified: str = "breslow") -> pd.DataFrame:
    """Fit Bass, the pooled and the stratified hazard to ``R`` cities per mechanism; one row per fit."""
    from ..diffusion import fit_bass_ml, fit_hazard

    base = base or HierarchyParams(steps=60)
    rows = []
    for k, mech in enumerate(mechanisms):
        pan = simulate_panels(mech, R, base=base, frailty=frailty, seed=seed + 1000 * k)
        truth = {"mandate": pan.b_push if pan.mandate else np.nan, "peer_share": pan.b_peer}
        covs = ["mandate", "peer_share"] if pan.mandate else ["peer_share"]
        for r in range(R):
            a = pan.adopt_step[r]
            new = np.bincount(a[a > 0], minlength=base.steps + 1)[1:]
            m = int((a != 0).sum())
            if new.sum() >= 3:
                bf = fit_bass_ml(np.arange(1, base.steps + 1), new, m=m, level=level, profile=False)
                rows.append({"mechanism": mech, "rep": r, "estimator": "Bass (ML, m known)", "term": "q",
                             "estimate": bf.q, "ci_low": bf.ci.loc["q", "ci_low"], "ci_high": bf.ci.loc["q", "ci_high"],
                             "truth": np.nan, "bass_p": bf.p})
            rs = risk_set_of(pan, r)
            hz = fit_hazard(rs, covs, link="cloglog", cluster="subdistrict", level=level)
            for c in covs:
                rows.append({"mechanism": mech, "rep": r, "estimator": "pooled hazard (cloglog)", "term": c,
                             "estimate": hz.params[c], "ci_low": hz.ci.loc[c, "low"], "ci_high": hz.ci.loc[c, "high"],
                             "truth": truth[c]})
            g = rs.groupby("stratum")
            inf = (g["adopt"].transform("sum") > 0) & (g["adopt"].transform("size") > g["adopt"].transform("sum"))
            ident = [c for c in covs if (rs[inf].groupby("stratum")[c].transform("std") > 0).any()]
            st = (fit_stratified(rs, ident, "stratum", cluster="subdistrict", level=level, method=stratified)
                  if ident else pd.DataFrame(columns=["coef", "ci_low", "ci_high"]))
            st = st.reindex(covs)
            for c in covs:
                rows.append({"mechanism": mech, "rep": r, "estimator": "stratified hazard (district x month)",
                             "term": c, "estimate": st.loc[c, "coef"], "ci_low": st.loc[c, "ci_low"],
                             "ci_high": st.loc[c, "ci_high"], "truth": truth[c]})
    out = pd.DataFrame(rows)
    out["frailty"] = frailty
    return out


def bench_table(fits: pd.DataFrame) -> pd.DataFrame:
    """Bias and interval coverage per mechanism, estimator and term, with Monte Carlo standard errors."""
    rows = []
    for (fr, mech, est, term), g in fits.groupby(["frailty", "mechanism", "estimator", "term"], sort=False):
        ident = np.isfinite(g["estimate"].to_numpy(float))
        g = g[ident]
        e = g["estimate"].to_numpy(float)
        n = len(e)
        if n == 0:
            continue
        truth = g["truth"].iloc[0]
        row = {"frailty": fr, "mechanism": mech, "estimator": est, "term": term, "fits": n,
               "not_identified": int((~ident).sum()), "truth": truth,
               "mean": e.mean(), "mean_se": e.std(ddof=1) / np.sqrt(n) if n > 1 else np.nan}
        if np.isfinite(truth):
            cov = ((g["ci_low"] <= truth) & (truth <= g["ci_high"])).to_numpy()
            row.update(bias=e.mean() - truth, bias_se=row["mean_se"], coverage=cov.mean(),
                       coverage_se=np.sqrt(max(cov.mean() * (1 - cov.mean()), 1e-12) / n))
        else:
            row.update(bias=np.nan, bias_se=np.nan, coverage=np.nan, coverage_se=np.nan)
        if est.startswith("Bass"):
            row["share_q_above_p"] = float((g["estimate"] > g["bass_p"]).mean())
        rows.append(row)
    return pd.DataFrame(rows)


def crosscheck_stratified(R: int = 1, *, base: HierarchyParams | None = None, frailty: float = 0.8,
                          seed: int = 0) -> pd.DataFrame:
    """The bench's fast stratified estimator (Breslow) against chapter 21's conditional logit
    (``megacity.diffusion.fit_stratified_hazard``) on the same risk sets: ``R`` cities per mechanism."""
    base = base or HierarchyParams(steps=60)
    rows = []
    for k, mech in enumerate(MECHANISMS):
        pan = simulate_panels(mech, R, base=base, frailty=frailty, seed=seed + 1000 * k)
        covs = ["mandate", "peer_share"] if pan.mandate else ["peer_share"]
        for r in range(R):
            rs = risk_set_of(pan, r)
            g = rs.groupby("stratum")
            inf = (g["adopt"].transform("sum") > 0) & (g["adopt"].transform("size") > g["adopt"].transform("sum"))
            ident = [c for c in covs if (rs[inf].groupby("stratum")[c].transform("std") > 0).any()]
            a = fit_stratified(rs, ident, "stratum")
            b = fit_stratified(rs, ident, "stratum", method="chapter21")
            for c in ident:
                rows.append({"mechanism": mech, "city": r, "term": c, "breslow": a.loc[c, "coef"],
                             "breslow_se": a.loc[c, "se"], "clogit": b.loc[c, "coef"], "clogit_se": b.loc[c, "se"]})
    return pd.DataFrame(rows)
