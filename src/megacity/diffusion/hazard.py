"""Discrete-time hazard models.

*Discrete-time hazard.*  A unit is at risk from its entry period until it adopts (the adoption
period is its last row) or the data end.  :func:`risk_set` builds the unit-period table;
:func:`fit_hazard` fits ``P(adopt in t | at risk) = g^{-1}(x_it' beta)`` with a logit or
complementary log-log link (the cloglog is the grouped-time proportional-hazards model), by
binomial GLM, with standard errors clustered by a group (e.g. province), because units in the
same group share shocks that the covariates do not capture.

"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from ..args import DegenerateFitError, ParameterError, check_columns, check_level
from .riskset import risk_set

__all__ = [
    "HazardFit",
    "fit_stratified_hazard",
    "PermutationTest",
    "peer_permutation_test",
    "simulate_peer_panel",
    "WildBootstrap",
    "wild_cluster_bootstrap",
    "dyad_risk_set",
    "fit_dyadic_hazard",
    "simulate_dyadic_panel",
    "MECHANISMS",
    "mechanism_table",
    "stratum_codes",
    "compare_hazards",
    "fit_hazard",
    "simulate_hazard_data",
]



@dataclass
class HazardFit:
    """Result of :func:`fit_hazard`."""

    params: pd.Series
    bse: pd.Series
    link: str
    n_rows: int
    n_units: int
    n_events: int
    n_clusters: int | None
    loglik: float
    ci: pd.DataFrame
    level: float = 0.95
    result: object = field(default=None, repr=False)
    n_strata: int | None = None
    cov: pd.DataFrame | None = field(default=None, repr=False)

    def summary(self) -> pd.DataFrame:
        z = self.params / self.bse
        out = pd.DataFrame({"coef": self.params, "std_err": self.bse, "z": z,
                            "p_value": 2 * stats.norm.sf(np.abs(z)),
                            "ci_low": self.ci["low"], "ci_high": self.ci["high"]})
        ratio = "hazard_ratio" if self.link == "cloglog" else "odds_ratio"
        out[ratio] = np.exp(out["coef"])
        out.attrs.update(link=self.link, rows=self.n_rows, units=self.n_units, events=self.n_events,
                         clusters=self.n_clusters)
        return out


def fit_hazard(rs: pd.DataFrame, covariates: list[str], *, link: str = "cloglog",
               cluster: str | None = None, event: str = "adopt", unit: str | None = None,
               level: float = 0.95) -> HazardFit:
    """Discrete-time hazard model by binomial GLM on a risk set.

    ``link``: ``"logit"`` or ``"cloglog"``.  ``cluster``: column whose groups get cluster-robust
    (sandwich) standard errors; ``None`` gives model-based ones.  Rows with a missing covariate are
    an error (say which), never dropped silently.
    """
    import statsmodels.api as sm

    if link not in ("logit", "cloglog"):
        raise ValueError(f"link must be 'logit' or 'cloglog', not '{link}'")
    level = check_level(level, "level", "fit_hazard")
    missing = [c for c in covariates + [event] + ([cluster] if cluster else []) if c not in rs.columns]
    if missing:
        raise KeyError(f"fit_hazard: columns {missing} are not in the risk set")
    X = rs[covariates].astype(float)
    bad = X.isna().any(axis=1)
    if bad.any():
        cols = X.columns[X.isna().any()].tolist()
        raise ValueError(f"fit_hazard: {int(bad.sum())} risk-set rows have missing values in {cols}; "
                         "impute or drop them explicitly before fitting")
    y = rs[event].astype(float)
    if not set(np.unique(y)) <= {0.0, 1.0}:
        raise ValueError(f"fit_hazard: '{event}' must be 0/1")
    if y.sum() == 0:
        raise ValueError("fit_hazard: no events in the risk set")
    Xc = sm.add_constant(X, has_constant="add")
    lk = sm.families.links.Logit() if link == "logit" else sm.families.links.CLogLog()
    model = sm.GLM(y, Xc, family=sm.families.Binomial(link=lk))
    if cluster:
        groups = pd.factorize(rs[cluster])[0]
        res = model.fit(cov_type="cluster", cov_kwds={"groups": groups})
        ncl = int(groups.max() + 1)
    else:
        res = model.fit()
        ncl = None
    ci = res.conf_int(alpha=1 - level)
    ci.columns = ["low", "high"]
    return HazardFit(params=res.params, bse=res.bse, link=link, n_rows=len(rs),
                     n_units=int(rs[unit].nunique()) if unit else -1, n_events=int(y.sum()),
                     n_clusters=ncl, loglik=float(res.llf), ci=ci, level=level, result=res)


def simulate_hazard_data(n_units: int, periods: int, beta: dict[str, float], rng: np.random.Generator,
                         *, link: str = "cloglog") -> pd.DataFrame:
    """Simulated risk set with known coefficients (for tests and exercises).

    Covariates: ``x1`` a unit-level normal, ``x2`` a unit-period normal; ``beta`` holds
    ``const``, ``x1``, ``x2``.  Units leave the risk set at adoption.
    """
    x1 = rng.normal(size=n_units)
    x2 = rng.normal(size=(periods, n_units))
    eta = beta["const"] + beta["x1"] * x1[None, :] + beta["x2"] * x2
    h = 1 / (1 + np.exp(-eta)) if link == "logit" else 1 - np.exp(-np.exp(eta))
    event = rng.random((periods, n_units)) < h
    first = np.where(event.any(axis=0), event.argmax(axis=0) + 1, np.nan)
    units = pd.DataFrame({"unit": np.arange(n_units), "event": first, "x1": x1})
    rs = risk_set(units, unit="unit", event="event", first=1, last=periods)
    rs["x2"] = x2[rs["t"].to_numpy() - 1, rs["unit"].to_numpy()]
    return rs


def compare_hazards(fits: dict[str, HazardFit], terms: list[str] | None = None, digits: int = 2) -> pd.DataFrame:
    """Side-by-side table of several hazard fits: 'coef [ci_low, ci_high]' per term, plus N rows."""
    cols = {}
    for name, f in fits.items():
        s = f.summary()
        keep = s.index if terms is None else [t for t in terms if t in s.index]
        cell = {t: f"{s.loc[t, 'coef']:.{digits}f} [{s.loc[t, 'ci_low']:.{digits}f}, {s.loc[t, 'ci_high']:.{digits}f}]"
                for t in keep}
        cell.update({"link": f.link, "unit-periods": f"{f.n_rows:,d}", "events": str(f.n_events),
                     "clusters": str(f.n_clusters)})
        cols[name] = pd.Series(cell)
    order = []
    for c in cols.values():  # terms in order of first appearance, the fit statistics last
        order += [k for k in c.index if k not in order]
    meta = ["link", "unit-periods", "events", "clusters"]
    order = [k for k in order if k not in meta] + meta
    return pd.DataFrame(cols).reindex(order).fillna("")


def stratum_codes(rs: pd.DataFrame, strata) -> np.ndarray:
    """Integer codes of the strata: one column name, or a list of columns crossed (province x period)."""
    cols = [strata] if isinstance(strata, str) else list(strata)
    check_columns(rs, cols, "rs", "stratum_codes")
    if len(cols) == 1:
        return pd.factorize(rs[cols[0]], sort=True)[0]
    return rs.groupby(cols, sort=True, observed=True).ngroup().to_numpy()


def fit_stratified_hazard(rs: pd.DataFrame, covariates: list[str], strata, *, cluster: str | None = None,
                          level: float = 0.95, event: str = "adopt", unit: str | None = None) -> HazardFit:
    """Discrete-time hazard with one baseline per stratum: conditional logit (statsmodels).

    ``strata``: a column or a list of columns whose cross (e.g. ``["province", "t"]``, province x
    period) defines the strata.  Each stratum gets its own intercept, which the conditional
    likelihood eliminates (Chamberlain 1980): what is left is identified only by the variation
    *within* a stratum, that is between units at risk in the same province and period.  A covariate
    constant within every stratum (the province's own share of adopters, calendar dummies) is not
    identified and is refused.  Strata without an event, or where every unit adopts, carry no
    information and are dropped by the likelihood (counted in ``result.n_groups``).

    ``cluster``: a column whose groups get cluster-robust (sandwich) standard errors, the scores of
    the strata summed by cluster; strata must be nested in the clusters.  Returns a
    :class:`HazardFit` with ``link = "conditional logit"`` (no constant; ``exp(coef)`` is an odds
    ratio within the stratum).
    """
    from statsmodels.discrete.conditional_models import ConditionalLogit

    func = "fit_stratified_hazard"
    level = check_level(level, "level", func)
    if isinstance(covariates, str) or len(covariates) == 0:
        raise ParameterError(f"{func}(): covariates must be a non-empty list of column names")
    check_columns(rs, list(covariates) + [event] + ([cluster] if cluster else []), "rs", func)
    X = rs[list(covariates)].astype(float)
    bad = X.isna().any(axis=1)
    if bad.any():
        cols = X.columns[X.isna().any()].tolist()
        raise ParameterError(f"{func}(): {int(bad.sum())} risk-set rows have missing values in {cols}")
    y = rs[event].to_numpy(float)
    if not set(np.unique(y)) <= {0.0, 1.0}:
        raise ParameterError(f"{func}(): '{event}' must be 0/1")
    g = stratum_codes(rs, strata)
    # informative strata: at least one event and one non-event
    ev_g = np.bincount(g, weights=y)
    n_g = np.bincount(g)
    info = (ev_g > 0) & (ev_g < n_g)
    if not info.any():
        raise DegenerateFitError(f"{func}(): no stratum has both an adoption and a unit still at risk")
    keep = info[g]
    Xk, yk, gk = X.to_numpy()[keep], y[keep], g[keep]
    # a covariate constant within every informative stratum is not identified
    mean_g = np.bincount(gk, weights=None, minlength=len(n_g))
    within = []
    for j, c in enumerate(covariates):
        sx = np.bincount(gk, weights=Xk[:, j], minlength=len(n_g))
        dev = Xk[:, j] - (sx / np.where(mean_g > 0, mean_g, 1))[gk]
        within.append(np.abs(dev).max())
    flat = [c for c, w in zip(covariates, within) if w < 1e-12]
    if flat:
        raise ParameterError(f"{func}(): covariate(s) {flat} do not vary within any stratum of {strata!r}, "
                             "so the stratified model cannot identify them; drop them")
    import warnings
    model = ConditionalLogit(yk, pd.DataFrame(Xk, columns=list(covariates)), groups=gk)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = model.fit(method="bfgs", maxiter=500, disp=False)
    params = pd.Series(np.asarray(res.params), index=list(covariates))
    cov = np.asarray(res.cov_params())
    ncl = None
    if cluster:
        cl_all = pd.factorize(rs[cluster])[0]
        cl_of_g = {}
        for gi, ci in zip(g, cl_all):
            if cl_of_g.setdefault(gi, ci) != ci:
                raise ParameterError(f"{func}(): stratum {gi} spans several '{cluster}' clusters; "
                                     "strata must be nested in the clusters")
        # statsmodels keeps the informative groups in order of first appearance
        order = list(dict.fromkeys(gk.tolist()))
        scores = np.array([model.score_grp(k, params.to_numpy()) for k in range(len(order))])
        cl = np.array([cl_of_g[gi] for gi in order])
        codes, uniq = pd.factorize(cl)
        S = np.zeros((len(uniq), len(covariates)))
        np.add.at(S, codes, scores)
        G = len(uniq)
        meat = S.T @ S * (G / (G - 1) if G > 1 else 1.0)
        cov = cov @ meat @ cov
        ncl = int(len(np.unique(cl_all)))
    bse = pd.Series(np.sqrt(np.clip(np.diag(cov), 0, None)), index=list(covariates))
    z = stats.norm.ppf(0.5 + level / 2)
    ci = pd.DataFrame({"low": params - z * bse, "high": params + z * bse})
    fit = HazardFit(params=params, bse=bse, link="conditional logit", n_rows=len(rs),
                    n_units=int(rs[unit].nunique()) if unit else -1, n_events=int(y.sum()),
                    n_clusters=ncl, loglik=float(res.llf), ci=ci, level=level, result=res)
    fit.n_strata = int(info.sum())
    fit.cov = pd.DataFrame(cov, index=list(covariates), columns=list(covariates))
    return fit


# ---------------------------------------------------------------------------------------------
# Simulated panels with a planted peer effect (tests, exercises, the bias illustration)
# ---------------------------------------------------------------------------------------------

def simulate_peer_panel(n_groups: int, per_group: int, periods: int, *, beta_peer: float,
                        group_sd: float, rng: np.random.Generator, base: float = -3.0,
                        trend: float = 0.3) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Simulated adoption panel with a planted within-group peer effect (labelled simulation).

    Units sit on a line inside their group (province); each unit's neighbours are the units next to
    it on that line, so neighbour exposure varies within a group and period.  The logit hazard is
    ``base + trend * t + a_g + beta_peer * nbr_share_it``, where ``a_g ~ N(0, group_sd)`` is a
    province frailty (a push from above that differs between provinces) and ``nbr_share`` the share
    of neighbours that adopted before ``t``.  A pooled model without province-period strata
    mistakes part of ``a_g`` for the peer effect, since units of a high-``a_g`` province face more
    adopted neighbours.  Returns the risk set (columns ``unit``, ``group``, ``t``, ``adopt``,
    ``nbr_share``, ``x``), the event times (inf = censored) and the neighbour matrix.
    """
    n = n_groups * per_group
    group = np.repeat(np.arange(n_groups), per_group)
    pos = np.tile(np.arange(per_group), n_groups)
    W = np.zeros((n, n))
    for d in (-1, 1):
        j = np.arange(n) + d
        ok = (pos + d >= 0) & (pos + d < per_group)
        W[np.arange(n)[ok], j[ok]] = 1.0
    a = rng.normal(0.0, group_sd, n_groups)[group]
    x = rng.normal(size=n)
    ev = np.full(n, np.inf)
    deg = W.sum(axis=1)
    for t in range(1, periods + 1):
        share = (W @ (ev < t)) / deg
        eta = base + trend * t + a + beta_peer * share + 0.5 * x
        new = (ev == np.inf) & (rng.random(n) < 1 / (1 + np.exp(-eta)))
        ev[new] = t
    units = pd.DataFrame({"unit": np.arange(n), "group": group, "event": np.where(np.isfinite(ev), ev, np.nan),
                          "x": x})
    rs = risk_set(units, unit="unit", event="event", first=1, last=periods)
    periods_arr = np.arange(1, periods + 1)
    A = (ev[None, :] < periods_arr[:, None]).astype(float)
    rs["nbr_share"] = ((A @ W.T) / deg)[rs["t"].to_numpy() - 1, rs["unit"].to_numpy()]
    return rs, ev, W


# ---------------------------------------------------------------------------------------------
# Within-province permutation test of the peer effect (vectorised)
# ---------------------------------------------------------------------------------------------

@dataclass
class PermutationTest:
    """Result of :func:`peer_permutation_test`."""

    statistic: float
    p_value: float
    null: np.ndarray = field(repr=False)
    n_perm: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {"statistic": self.statistic, "p_value": self.p_value, "n_perm": self.n_perm,
                "null_sd": float(np.std(self.null))}


def _stratum_sums(values: np.ndarray, codes: np.ndarray, n_codes: int) -> np.ndarray:
    """Row-wise sums of ``values`` (B, rows) by stratum code: (B, n_codes)."""
    from scipy import sparse
    S = sparse.csr_matrix((np.ones(len(codes)), (np.arange(len(codes)), codes)), shape=(len(codes), n_codes))
    return np.asarray(values @ S) if values.ndim == 2 else np.asarray(S.T @ values).ravel()


def peer_permutation_test(rs: pd.DataFrame, event_time, W, group, periods, strata, *,
                          covariates: list[str] | None = None, n_perm: int = 999, seed: int = 0,
                          unit: str = "unit", event: str = "adopt") -> PermutationTest:
    """Within-group permutation test of neighbour exposure in the stratified hazard.

    *Null*: given its province, where a unit sits does not matter, i.e. a unit's hazard does not
    depend on which of the province's units are its neighbours.  Each permutation relocates the
    units at random *within their province* (each unit keeps its own adoption time and covariates;
    only the positions, hence who neighbours whom, are shuffled), recomputes the exposure
    ``share of neighbours adopted before t`` from ``W`` (an n x n weight matrix in the order of
    ``event_time``; row ``i`` lists ``i``'s neighbours) and the statistic.

    *Statistic*: the standardised score of the exposure in the conditional logit with ``strata``
    (Breslow form), at the null fit with ``covariates`` (fitted once; none: equal weights in a
    stratum).  All permutations are computed at once (arrays of shape permutations x periods x
    units); ``rs[unit]`` must be the position 0..n-1 of each unit in ``event_time``.
    Two-sided p-value with the +1 correction, (1 + #{|Z_b| >= |Z_obs|}) / (1 + B).
    """
    import time

    func = "peer_permutation_test"
    from ..args import check_integer
    n_perm = check_integer(n_perm, "n_perm", func, minimum=19)
    check_columns(rs, [unit, "t", event], "rs", func)
    ev = np.asarray(event_time, float)
    ev = np.where(np.isfinite(ev), ev, np.inf)
    W = np.asarray(W, float)
    n = len(ev)
    if W.shape != (n, n):
        raise ParameterError(f"{func}(): W must be {n} x {n} (units of event_time), got {W.shape}")
    grp = pd.factorize(pd.Series(np.asarray(group)))[0]
    if len(grp) != n:
        raise ParameterError(f"{func}(): group has {len(grp)} entries for {n} units")
    periods = np.asarray(periods)
    t0 = time.perf_counter()
    codes = stratum_codes(rs, strata)
    n_codes = int(codes.max()) + 1
    y = rs[event].to_numpy(float)
    ui = rs[unit].to_numpy()
    tpos = pd.Index(periods).get_indexer(rs["t"].to_numpy())
    if (tpos < 0).any():
        raise ParameterError(f"{func}(): risk-set periods outside 'periods'")
    # null-model weights within each stratum
    if covariates:
        f0 = fit_stratified_hazard(rs, covariates, strata, event=event)
        eta = rs[covariates].to_numpy(float) @ f0.params.to_numpy()
    else:
        eta = np.zeros(len(rs))
    w = np.exp(eta - eta.max())
    p = w / _stratum_sums(w, codes, n_codes)[codes]
    d = _stratum_sums(y, codes, n_codes)[codes]            # events in the row's stratum
    rng = np.random.default_rng(seed)
    # permutations of positions within groups: pos[b, i] = position of unit i
    B = n_perm + 1
    pos = np.tile(np.arange(n), (B, 1))
    order = np.argsort(grp, kind="stable")
    bounds = np.flatnonzero(np.diff(grp[order])) + 1
    for idx in np.split(order, bounds):
        if len(idx) > 1:
            keys = rng.random((n_perm, len(idx)))
            pos[1:, idx] = idx[np.argsort(keys, axis=1)]
    # unit placed at each position: inv[b, k]
    inv = np.empty_like(pos)
    np.put_along_axis(inv, pos, np.arange(n)[None, :].repeat(B, 0), axis=1)
    ev_pos = ev[inv]                                          # (B, n) times by position
    deg = W.sum(axis=1)
    A = (ev_pos[:, None, :] < periods[None, :, None]).astype(np.float32)   # (B, T, n)
    E = (A @ W.T.astype(np.float32)) / np.where(deg > 0, deg, 1)[None, None, :]
    X = E[np.arange(B)[:, None], tpos[None, :], pos[:, ui]].astype(float)     # (B, rows)
    U = (X * (y - d * p)[None, :]).sum(axis=1)
    m1 = _stratum_sums(X * p[None, :], codes, n_codes)
    m2 = _stratum_sums(X * X * p[None, :], codes, n_codes)
    d_s = _stratum_sums(y, codes, n_codes)
    info = (d_s[None, :] * (m2 - m1 ** 2)).sum(axis=1)
    Z = U / np.sqrt(np.where(info > 0, info, np.nan))
    z_obs, null = float(Z[0]), Z[1:]
    pval = float((1 + np.sum(np.abs(null) >= abs(z_obs) - 1e-12)) / (1 + n_perm))
    return PermutationTest(statistic=z_obs, p_value=pval, null=null, n_perm=n_perm,
                           seconds=time.perf_counter() - t0)


# ---------------------------------------------------------------------------------------------
# Wild cluster bootstrap (restricted, WCR) for the linear-probability hazard with strata
# ---------------------------------------------------------------------------------------------

@dataclass
class WildBootstrap:
    """Result of :func:`wild_cluster_bootstrap` (linear probability model, strata absorbed)."""

    term: str
    coef: float
    se: float
    t_stat: float
    p_value: float
    ci: tuple[float, float]
    n_clusters: int
    reps: int
    weights: str
    level: float = 0.95
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {"coef": self.coef, "se": self.se, "t": self.t_stat, "p": self.p_value,
                "ci_low": self.ci[0], "ci_high": self.ci[1], "clusters": self.n_clusters, "reps": self.reps}


def _webb_weights(rng, shape):
    v = np.array([-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)])
    return v[rng.integers(0, 6, size=shape)]


def wild_cluster_bootstrap(rs: pd.DataFrame, term: str, covariates: list[str] | None = None, *,
                           strata=None, cluster: str, reps: int = 1999, weights: str = "rademacher",
                           level: float = 0.95, seed: int = 0, event: str = "adopt") -> WildBootstrap:
    """Wild cluster restricted bootstrap (Cameron, Gelbach & Miller 2008; MacKinnon & Webb) for one
    coefficient of a linear probability hazard ``adopt ~ term + covariates | strata``.

    Few clusters (31 provinces, unbalanced) make the cluster-robust t test over-reject; the
    bootstrap imposes the null, draws one weight per cluster (Rademacher or Webb's six-point) and
    compares the observed CRV1 t with the bootstrap ones.  The interval is the set of values
    ``beta0`` not rejected at ``1 - level`` (test inversion with the same draws, found by
    bisection).  The strata (e.g. province x period) are absorbed by the Frisch-Waugh-Lovell
    projection, so all ``reps`` draws cost a few matrix products; nothing is refitted.  The scale
    is the linear-probability one (percentage points of the hazard per unit of ``term``), not the
    logit's.
    """
    import time

    from ..args import check_integer
    func = "wild_cluster_bootstrap"
    level = check_level(level, "level", func)
    reps = check_integer(reps, "reps", func, minimum=99)
    if weights not in ("rademacher", "webb"):
        raise ParameterError(f"{func}(): weights must be 'rademacher' or 'webb', got {weights!r}")
    covariates = list(covariates or [])
    check_columns(rs, [term, event, cluster] + covariates, "rs", func)
    t0 = time.perf_counter()
    y = rs[event].to_numpy(float)
    x = rs[term].to_numpy(float)
    parts = [np.ones((len(rs), 1))] if strata is None else [
        pd.get_dummies(stratum_codes(rs, strata)).to_numpy(float)]
    if covariates:
        parts.append(rs[covariates].to_numpy(float))
    Z = np.hstack(parts)
    U, sv, _ = np.linalg.svd(Z, full_matrices=False)
    Q = U[:, sv > sv.max() * 1e-10]
    M = lambda v: v - Q @ (Q.T @ v)  # noqa: E731
    xt, yt = M(x), M(y)
    xx = xt @ xt
    if xx < 1e-12:
        raise DegenerateFitError(f"{func}(): '{term}' has no variation left once the strata and covariates are absorbed")
    beta = (xt @ yt) / xx
    cl = pd.factorize(rs[cluster])[0]
    G = int(cl.max()) + 1
    if G < 2:
        raise DegenerateFitError(f"{func}(): one cluster only")
    N = len(rs)
    # strata nested in the clusters are not counted in k (the convention of fixest and pyfixest)
    nested = strata is not None and (pd.DataFrame({"s": stratum_codes(rs, strata), "c": cl})
                                     .groupby("s")["c"].nunique().max() == 1)
    k = 1 + len(covariates) + (0 if nested else Q.shape[1] - len(covariates))
    scale = G / (G - 1) * (N - 1) / (N - k)
    from scipy import sparse
    C = sparse.csr_matrix((np.ones(N), (cl, np.arange(N))), shape=(G, N))

    def se_of(resid):                          # resid (N,) or (N, B)
        s = C @ (xt[:, None] * resid.reshape(N, -1))
        return np.sqrt(scale * (np.asarray(s) ** 2).sum(axis=0)) / xx

    se = float(se_of(yt - beta * xt)[0])
    rng = np.random.default_rng(seed)
    w = (_webb_weights(rng, (G, reps)) if weights == "webb" else rng.choice([-1.0, 1.0], size=(G, reps)))
    Wr = w[cl]                                 # (N, B)
    MY, MX = M(yt[:, None] * Wr), M(xt[:, None] * Wr)
    xY, xX = xt @ (yt[:, None] * Wr), xt @ (xt[:, None] * Wr)

    def pval(b0):
        num = (xY - b0 * xX) / xx              # beta*_b - b0
        resid = (MY - b0 * MX) - xt[:, None] * num[None, :]
        tb = num / se_of(resid)
        return float(np.mean(np.abs(tb) >= abs((beta - b0) / se)))

    p0 = pval(0.0)
    alpha = 1 - level

    def bound(direction):
        inside, step = beta, se
        out = beta + direction * step
        for _ in range(40):
            if pval(out) < alpha:
                break
            inside, out = out, out + direction * step
            step *= 2
        for _ in range(40):
            mid = 0.5 * (inside + out)
            if pval(mid) < alpha:
                out = mid
            else:
                inside = mid
            if abs(out - inside) < 2e-3 * se:
                break
        return 0.5 * (inside + out)

    ci = (bound(-1), bound(1))
    return WildBootstrap(term=term, coef=float(beta), se=se, t_stat=float(beta / se), p_value=p0, ci=ci,
                         n_clusters=G, reps=reps, weights=weights, level=level,
                         seconds=time.perf_counter() - t0)


# ---------------------------------------------------------------------------------------------
# Directed-dyad event history (Boehmke 2009; Gilardi & Fuglister 2008)
# ---------------------------------------------------------------------------------------------

def dyad_risk_set(event_time, periods, D, *, group=None, size=None, income=None,
                  names=None) -> pd.DataFrame:
    """Directed dyads (i, j, t) at risk: ``i`` has not adopted before ``t`` and ``j`` adopted before ``t``.

    ``adopt`` = 1 if ``i`` adopts in ``t`` (the same outcome on every dyad of ``i`` in ``t``).
    Covariates: ``log_dist`` (log km, from the distance matrix ``D``), ``same_group`` (same
    province), ``size_sim`` and ``income_sim`` (minus the absolute difference in log size and log
    income, so that larger means more similar), ``j_recent`` (``j`` adopted in the period just
    before ``t``).  Columns ``i``, ``j`` are positions in ``event_time``; ``group_i`` is ``i``'s group.
    """
    func = "dyad_risk_set"
    ev = np.asarray(event_time, float)
    ev = np.where(np.isfinite(ev), ev, np.inf)
    D = np.asarray(D, float)
    n = len(ev)
    if D.shape != (n, n):
        raise ParameterError(f"{func}(): D must be {n} x {n}, got {D.shape}")
    periods = np.asarray(periods)
    rows = []
    for t in periods:
        at_risk = np.flatnonzero(ev >= t)
        src = np.flatnonzero(ev < t)
        if len(at_risk) == 0 or len(src) == 0:
            continue
        ii = np.repeat(at_risk, len(src))
        jj = np.tile(src, len(at_risk))
        rows.append(pd.DataFrame({"i": ii, "j": jj, "t": t, "adopt": (ev[ii] == t).astype(int),
                                  "j_recent": (ev[jj] == t - 1).astype(float)}))
    if not rows:
        raise DegenerateFitError(f"{func}(): no period has both adopters and units at risk")
    out = pd.concat(rows, ignore_index=True)
    i, j = out["i"].to_numpy(), out["j"].to_numpy()
    d = D[i, j]
    if (d <= 0).any():
        raise ParameterError(f"{func}(): D has zero distances between distinct units")
    out["log_dist"] = np.log(d)
    if group is not None:
        g = np.asarray(group)
        out["same_group"] = (g[i] == g[j]).astype(float)
        out["group_i"] = g[i]
    if size is not None:
        ls = np.log(np.asarray(size, float))
        out["size_sim"] = -np.abs(ls[i] - ls[j])
    if income is not None:
        li = np.log(np.asarray(income, float))
        out["income_sim"] = -np.abs(li[i] - li[j])
    if names is not None:
        nm = np.asarray(names)
        out["name_i"], out["name_j"] = nm[i], nm[j]
    return out


def fit_dyadic_hazard(dyads: pd.DataFrame, covariates: list[str], *, cluster: str | None = None,
                      level: float = 0.95) -> HazardFit:
    """Dyadic contagion hazard: each earlier adopter ``j`` adds its own rate to ``i``'s hazard.

    ``P(i adopts in t | at risk) = 1 - exp(-Lambda_it)``, with
    ``Lambda_it = exp(alpha_t) + sum_{j adopted before t} exp(delta + x_ijt' beta)``: a baseline
    per period (the common clock and push) plus one rate per source dyad.  ``beta`` is then the
    effect of a dyad covariate (distance, same province, similarity) on the influence of ``j`` on
    ``i``.  This is the likelihood that matches the directed-dyad risk set: the usual dyad logit on
    the same rows counts one adoption once per dyad and treats the dyads of ``i`` as independent.
    Fitted by maximum likelihood (analytic gradient, L-BFGS); standard errors from the
    outer-product sandwich clustered by ``cluster`` (a column of the dyads, e.g. ``group_i``) or by
    ``i`` when ``None``.
    """
    from scipy import optimize as _opt

    func = "fit_dyadic_hazard"
    level = check_level(level, "level", func)
    check_columns(dyads, ["i", "t", "adopt"] + list(covariates) + ([cluster] if cluster else []), "dyads", func)
    X = dyads[list(covariates)].to_numpy(float)
    if not np.isfinite(X).all():
        raise ParameterError(f"{func}(): covariates have missing or infinite values")
    it = dyads.groupby(["i", "t"], sort=True).ngroup().to_numpy()
    R = int(it.max()) + 1
    first = np.unique(it, return_index=True)[1]
    y = dyads["adopt"].to_numpy(float)[first]
    tcode, tvals = pd.factorize(dyads["t"].to_numpy()[first], sort=True)
    T = len(tvals)
    if y.sum() == 0:
        raise DegenerateFitError(f"{func}(): no adoption among the dyads")
    Xd = np.column_stack([np.ones(len(X)), X])
    k = Xd.shape[1]

    def parts(theta):
        a, b = theta[:T], theta[T:]
        base = np.exp(a)[tcode]
        ed = np.exp(np.clip(Xd @ b, -50, 50))
        lam = base + np.bincount(it, weights=ed, minlength=R)
        return base, ed, lam

    def nll_grad(theta):
        base, ed, lam = parts(theta)
        e = np.exp(-lam)
        ll = np.sum(y * np.log(np.clip(1 - e, 1e-300, None)) - (1 - y) * lam)
        g = y * e / np.clip(1 - e, 1e-300, None) - (1 - y)          # dl/dLambda per row
        ga = np.bincount(tcode, weights=g * base, minlength=T)
        gb = (g[it] * ed) @ Xd
        return -ll, -np.concatenate([ga, gb])

    def row_scores(theta):
        base, ed, lam = parts(theta)
        e = np.exp(-lam)
        g = y * e / np.clip(1 - e, 1e-300, None) - (1 - y)
        S = np.zeros((R, T + k))
        S[np.arange(R), tcode] = g * base
        for c in range(k):
            S[:, T + c] = g * np.bincount(it, weights=ed * Xd[:, c], minlength=R)
        return S

    rate0 = max(y.mean(), 1e-4)
    x0 = np.concatenate([np.full(T, np.log(rate0 / 2)), [np.log(rate0 / 20)], np.zeros(k - 1)])
    r = _opt.minimize(nll_grad, x0, jac=True, method="L-BFGS-B", options=dict(maxiter=2000, gtol=1e-8))
    theta = r.x
    h = 1e-5
    H = np.empty((len(theta), len(theta)))
    for c in range(len(theta)):
        e_c = np.zeros(len(theta))
        e_c[c] = h
        H[:, c] = (nll_grad(theta + e_c)[1] - nll_grad(theta - e_c)[1]) / (2 * h)
    H = 0.5 * (H + H.T)
    try:
        Hinv = np.linalg.inv(H)
    except np.linalg.LinAlgError:
        raise DegenerateFitError(f"{func}(): the information matrix is singular") from None
    S = row_scores(theta)
    cl_col = dyads[cluster].to_numpy()[first] if cluster else dyads["i"].to_numpy()[first]
    cl = pd.factorize(pd.Series(cl_col))[0]
    G = int(cl.max()) + 1
    Sg = np.zeros((G, S.shape[1]))
    np.add.at(Sg, cl, S)
    cov = Hinv @ (Sg.T @ Sg * G / max(G - 1, 1)) @ Hinv
    names = [f"base_t{v}" for v in tvals] + ["dyad_const"] + list(covariates)
    params = pd.Series(theta, index=names)
    bse = pd.Series(np.sqrt(np.clip(np.diag(cov), 0, None)), index=names)
    z = stats.norm.ppf(0.5 + level / 2)
    ci = pd.DataFrame({"low": params - z * bse, "high": params + z * bse})
    return HazardFit(params=params, bse=bse, link="dyadic contagion", n_rows=len(dyads),
                     n_units=int(dyads["i"].nunique()), n_events=int(y.sum()), n_clusters=G,
                     loglik=float(-r.fun), ci=ci, level=level, result=r,
                     cov=pd.DataFrame(cov, index=names, columns=names))


def simulate_dyadic_panel(n: int, periods: int, *, beta_dist: float, rng: np.random.Generator,
                          base: float = -4.0, dyad_const: float = -3.0, extent_km: float = 1000.0):
    """Simulated adoption times from the dyadic contagion hazard with a planted distance effect.

    ``n`` units uniform on a square of side ``extent_km``; each period the hazard of a unit at
    risk is ``1 - exp(-(exp(base) + sum_j exp(dyad_const + beta_dist * log(d_ij / 100))))`` over
    earlier adopters ``j``.  Returns (event times with inf = censored, distance matrix in km).
    """
    xy = rng.uniform(0, extent_km, size=(n, 2))
    D = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(D, 1.0)
    rate = np.exp(dyad_const + beta_dist * np.log(D / 100.0))
    np.fill_diagonal(rate, 0.0)
    ev = np.full(n, np.inf)
    # seed adopters in period 1 come from the baseline only
    for t in range(1, periods + 1):
        lam = np.exp(base) + rate @ (ev < t)
        new = (ev == np.inf) & (rng.random(n) < 1 - np.exp(-lam))
        ev[new] = t
    np.fill_diagonal(D, 0.0)
    return ev, D


# ---------------------------------------------------------------------------------------------
# Shipan & Volden's four mechanisms, against what the estimates can show
# ---------------------------------------------------------------------------------------------

#: mechanism -> (what evidence would identify it in these data, the estimate that comes closest)
MECHANISMS = {
    "learning": ("adoption responds to how the policy worked for earlier adopters (their outcomes "
                 "after adopting), not just to their number",
                 "none: no outcome of any earlier adopter is in the data"),
    "competition": ("adoption responds to adoption by a city's economic rivals: similar size or "
                    "income, close by, competing for the same investment",
                    "dyadic model: similarity in size and in income per head"),
    "imitation": ("adoption follows prominent or central cities whatever their results: the "
                  "provincial capital, or neighbours as such within a province and year",
                  "capital adopted (pooled); neighbour exposure within province x year (stratified)"),
    "coercion": ("adoption follows a dated order or designation from above, varying across "
                 "provinces or units: a declaration, a pilot designation",
                 "low-carbon pilot designation (hazard); the dated provincial push (Generalized Bass)"),
}


def mechanism_table(estimates: dict[str, list[tuple[str, float, float, float] | None]]) -> pd.DataFrame:
    """One row per mechanism: what would identify it, the closest estimate, and whether we have it.

    ``estimates`` maps a mechanism to a list of ``(label, estimate, low, high)`` (or is empty / None
    when nothing in the data speaks to it).  "Do we have it" is computed: *no evidence in these
    data* without an estimate, *an interval that excludes zero* or *consistent with zero* otherwise.
    """
    rows = []
    for mech, (would, closest) in MECHANISMS.items():
        est = [e for e in (estimates.get(mech) or []) if e is not None]
        if not est:
            verdict, shown = "no: nothing in these data can show it", "–"
        else:
            shown = "; ".join(f"{lab} {b:.2f} [{lo:.2f}, {hi:.2f}]" for lab, b, lo, hi in est)
            excl = [lab for lab, b, lo, hi in est if lo > 0 or hi < 0]
            verdict = (f"partly: the interval excludes zero for {', '.join(excl)}" if excl
                       else "not separated: every interval includes zero")
        rows.append({"mechanism": mech, "what would identify it here": would, "closest estimate": closest,
                     "estimates (95% interval)": shown, "do we have it?": verdict})
    return pd.DataFrame(rows)
