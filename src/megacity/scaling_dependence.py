"""Scaling exponents when cities are not independent draws: clustering, space, province effects.

Model
-----
log Y_i = a + beta log N_i + u_i for city i in province g(i).  The cross-section of chapter 03
treats the u_i as independent.  They are not: cities of one province share policy, prices, history
and statistical practice, and neighbouring cities share labour markets.  Each *specification*
below changes what is assumed about u (the *dependence*) or which variation identifies beta
(the *estimator*):

==========================  =================================================================
pooled OLS, iid             classical standard error
pooled OLS, HC3             heteroskedasticity-robust (MacKinnon-White HC3)
pooled OLS, CR1             province-clustered, small-sample factor G/(G-1) (n-1)/(n-k),
                            critical value from t with G - 1 degrees of freedom (few clusters)
pooled OLS, wild cluster    wild cluster bootstrap-t (Webb six-point weights, Cameron, Gelbach
bootstrap                   & Miller 2008; Roodman et al. 2019), unrestricted for the interval
                            and restricted (beta = 1 imposed) for the p-value of beta = 1
spatial error model         u = lambda W u + e with queen-contiguity weights W from the census
                            polygons, maximum likelihood (spreg.ML_Error)
province FE (within)        province fixed effects: beta from variation *within* provinces,
                            CR1 province-clustered, t(G-1)
between provinces           province means of log Y on province means of log N, HC3
mixed model                 province random intercept and random slope (statsmodels MixedLM,
                            REML); beta is the mean slope
==========================  =================================================================

A specification calls the indicator *superlinear* when the lower end of its 95% interval exceeds
one.  :func:`superlinearity_verdict` counts them ("superlinear in k of n specifications").
Moran's I (esda) of the pooled and within residuals on the same weights says whether spatial
dependence remains.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .args import (DegenerateFitError, ParameterError, check_columns, check_integer, check_level,
                   check_min_size, check_positive)

__all__ = ["SPECS", "DependenceFit", "census_weights", "cluster_ols", "dependence_table", "fe_within", "forest_plot",
           "WEST_CLAIMS", "chinese_exponents", "scaling_over_time", "morans_i", "spatial_error_ml", "superlinearity_verdict", "west_table", "wild_cluster_bootstrap"]

#: (estimator, dependence) pairs in the order they are reported.
SPECS = (
    ("pooled OLS", "iid"),
    ("pooled OLS", "heteroskedasticity-robust (HC3)"),
    ("pooled OLS", "province-clustered (CR1, t with G-1 df)"),
    ("pooled OLS", "wild cluster bootstrap (Webb weights)"),
    ("spatial error model", "queen contiguity (ML)"),
    ("province fixed effects", "within, province-clustered"),
    ("between provinces", "province means, HC3"),
    ("mixed model", "province random intercept and slope"),
)

#: Webb's six-point distribution: +-sqrt(1/2), +-1, +-sqrt(3/2), each with probability 1/6.
WEBB = np.array([-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)])


@dataclass(frozen=True)
class DependenceFit:
    """One slope with its standard error and interval under one specification."""

    estimator: str
    dependence: str
    beta: float
    se: float
    ci_low: float
    ci_high: float
    p_beta_eq_1: float
    n: int
    n_groups: int


def _xy(x, y, groups, func):
    x = check_positive(x, "N", func)
    y = check_positive(y, "Y", func)
    g = np.asarray(groups)
    if not (x.size == y.size == g.size):
        raise ParameterError(f"{func}(): N, Y and groups differ in length ({x.size}, {y.size}, {g.size})")
    check_min_size(x, 10, "N", func, "cities")
    codes, g = np.unique(g.astype(str), return_inverse=True)
    if codes.size < 2:
        raise ParameterError(f"{func}(): groups has {codes.size} distinct value(s); at least 2 provinces are needed")
    return np.log(x), np.log(y), g


def _ols(X, y):
    XtX_inv = np.linalg.inv(X.T @ X)
    b = XtX_inv @ X.T @ y
    return b, XtX_inv, y - X @ b


def _cluster_cov(X, u, g, XtX_inv, n_params):
    """CR1 covariance with the fixest/Stata small-sample factor."""
    n, G = X.shape[0], int(g.max()) + 1
    S = np.zeros((G, X.shape[1]))
    np.add.at(S, g, X * u[:, None])
    c = G / (G - 1) * (n - 1) / (n - n_params)
    return c * XtX_inv @ (S.T @ S) @ XtX_inv


def cluster_ols(logn, logy, g, level: float = 0.95) -> tuple[DependenceFit, np.ndarray]:
    """Pooled OLS of log Y on log N with CR1 province-clustered errors and t(G-1) intervals.

    ``g`` holds integer cluster codes 0..G-1.  Returns the fit and the residuals.
    """
    level = check_level(level, func="cluster_ols")
    X = np.column_stack([np.ones_like(logn), logn])
    b, XtX_inv, u = _ols(X, logy)
    G = int(g.max()) + 1
    cov = _cluster_cov(X, u, g, XtX_inv, 2)
    se = float(np.sqrt(cov[1, 1]))
    q = stats.t.ppf(0.5 + level / 2, G - 1)
    t1 = (b[1] - 1) / se
    return (DependenceFit("pooled OLS", SPECS[2][1], float(b[1]), se, b[1] - q * se, b[1] + q * se,
                          float(2 * stats.t.sf(abs(t1), G - 1)), logn.size, G), u)


def wild_cluster_bootstrap(logn, logy, g, *, n_boot: int = 999, seed: int = 0,
                           level: float = 0.95) -> DependenceFit:
    """Wild cluster bootstrap-t for the slope (Webb weights), vectorised over draws.

    Interval: unrestricted bootstrap-t (WCU), beta - q* se.  p-value of beta = 1: restricted
    (WCR) bootstrap with the null imposed, symmetric (two-sided).
    """
    n_boot = check_integer(n_boot, "n_boot", "wild_cluster_bootstrap", minimum=99)
    level = check_level(level, func="wild_cluster_bootstrap")
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.ones_like(logn), logn])
    n, G = logn.size, int(g.max()) + 1
    b, XtX_inv, u = _ols(X, logy)
    c = G / (G - 1) * (n - 1) / (n - 2)
    se = float(np.sqrt(_cluster_cov(X, u, g, XtX_inv, 2)[1, 1]))
    v = WEBB[rng.integers(0, 6, size=(n_boot, G))][:, g]          # (B, n) cluster weights
    A = XtX_inv @ X.T                                             # (2, n)

    def boot_t(yfit, resid, centre):
        ystar = yfit[None, :] + resid[None, :] * v                # (B, n)
        bstar = ystar @ A.T                                       # (B, 2)
        ustar = ystar - bstar @ X.T
        S = np.zeros((n_boot, G, 2))
        for j in range(2):                                         # cluster score sums
            np.add.at(S[:, :, j], (slice(None), g), X[:, j][None, :] * ustar)
        # var of slope: row 1 of XtX_inv applied to the scores
        w = S @ XtX_inv[1]                                        # (B, G)
        se_star = np.sqrt(c * (w * w).sum(axis=1))
        return (bstar[:, 1] - centre) / se_star

    t_u = boot_t(X @ b, u, b[1])
    a = 1 - level
    q_lo, q_hi = np.quantile(t_u, [a / 2, 1 - a / 2])
    # restricted: impose beta = 1, i.e. log(Y/N) = a + u
    a_r = float(np.mean(logy - logn))
    u_r = logy - logn - a_r
    t_r = boot_t(a_r + logn, u_r, 1.0)
    t_obs = (b[1] - 1) / se
    p = float(np.mean(np.abs(t_r) >= abs(t_obs)))
    return DependenceFit("pooled OLS", SPECS[3][1], float(b[1]), se, float(b[1] - q_hi * se),
                         float(b[1] - q_lo * se), p, n, G)


def fe_within(logn, logy, g, level: float = 0.95) -> tuple[DependenceFit, np.ndarray]:
    """Province fixed effects: OLS on province-demeaned logs, CR1 by province, t(G-1)."""
    level = check_level(level, func="fe_within")
    G = int(g.max()) + 1
    cnt = np.bincount(g, minlength=G)
    dx = logn - (np.bincount(g, logn, G) / cnt)[g]
    dy = logy - (np.bincount(g, logy, G) / cnt)[g]
    if np.sum(dx * dx) <= 1e-12:
        raise DegenerateFitError("fe_within(): no variation in log N within provinces")
    X = dx[:, None]
    XtX_inv = np.array([[1 / np.sum(dx * dx)]])
    b = float(np.sum(dx * dy) * XtX_inv[0, 0])
    u = dy - b * dx
    # fixest convention: FE nested in clusters are not counted in k
    cov = _cluster_cov(X, u, g, XtX_inv, 2)
    se = float(np.sqrt(cov[0, 0]))
    q = stats.t.ppf(0.5 + level / 2, G - 1)
    return (DependenceFit("province fixed effects", SPECS[5][1], b, se, b - q * se, b + q * se,
                          float(2 * stats.t.sf(abs((b - 1) / se), G - 1)), logn.size, G), u)


def _between(logn, logy, g, level):
    import statsmodels.api as sm
    G = int(g.max()) + 1
    cnt = np.bincount(g, minlength=G)
    mx, my = np.bincount(g, logn, G) / cnt, np.bincount(g, logy, G) / cnt
    res = sm.OLS(my, sm.add_constant(mx)).fit(cov_type="HC3")
    lo, hi = res.conf_int(alpha=1 - level)[1]
    t1 = (res.params[1] - 1) / res.bse[1]
    return DependenceFit("between provinces", SPECS[6][1], float(res.params[1]), float(res.bse[1]),
                         float(lo), float(hi), float(2 * stats.norm.sf(abs(t1))), G, G)


def _mixed(logn, logy, g, level):
    import statsmodels.api as sm
    from statsmodels.regression.mixed_linear_model import MixedLM
    xc = logn - logn.mean()
    exog = sm.add_constant(xc)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = MixedLM(logy, exog, groups=g, exog_re=exog).fit(reml=True, method=["lbfgs", "powell"])
    b, se = float(res.params[1]), float(res.bse[1])
    z = stats.norm.ppf(0.5 + level / 2)
    return DependenceFit("mixed model", SPECS[7][1], b, se, b - z * se, b + z * se,
                         float(2 * stats.norm.sf(abs((b - 1) / se))), logn.size, int(g.max()) + 1)


def spatial_error_ml(logn, logy, w, level: float = 0.95) -> tuple[DependenceFit, float]:
    """Spatial error model y = X b + u, u = lambda W u + e, by concentrated maximum likelihood.

    The log-determinant uses the eigenvalues of the row-standardised W (Ord 1975), computed once;
    the standard error of b is sigma^2 (X*'X*)^-1 with X* = (I - lambda W) X, the beta block of
    the information matrix (which is block-diagonal in (b) and (lambda, sigma^2)).  Matches
    ``spreg.ML_Error`` (tested).  Returns the fit and lambda.
    """
    from scipy import optimize
    level = check_level(level, func="spatial_error_ml")
    Wm = w.full()[0] if hasattr(w, "full") else np.asarray(w, dtype=float)
    if Wm.shape != (logn.size, logn.size):
        raise ParameterError(f"spatial_error_ml(): weights are {Wm.shape}, data have {logn.size} units")
    ev = np.linalg.eigvals(Wm).real
    X = np.column_stack([np.ones_like(logn), logn])
    WX, Wy = Wm @ X, Wm @ logy
    n = logn.size

    def parts(lam):
        Xs, ys = X - lam * WX, logy - lam * Wy
        b = np.linalg.lstsq(Xs, ys, rcond=None)[0]
        e = ys - Xs @ b
        return b, Xs, float(e @ e / n)

    def nll(lam):
        _, _, s2 = parts(lam)
        return 0.5 * n * np.log(s2) - np.sum(np.log(1 - lam * ev))

    lo = 1 / ev.min() + 1e-6 if ev.min() < 0 else -0.999
    res = optimize.minimize_scalar(nll, bounds=(max(lo, -0.999), 0.999), method="bounded",
                                   options={"xatol": 1e-8})
    lam = float(res.x)
    b, Xs, s2 = parts(lam)
    se = float(np.sqrt(s2 * np.linalg.inv(Xs.T @ Xs)[1, 1]))
    z = stats.norm.ppf(0.5 + level / 2)
    beta = float(b[1])
    return DependenceFit("spatial error model", SPECS[4][1], beta, se, beta - z * se, beta + z * se,
                         float(2 * stats.norm.sf(abs((beta - 1) / se))), n, 0), lam


def morans_i(values, w, *, permutations: int = 999, seed: int = 0) -> tuple[float, float]:
    """Moran's I of ``values`` on libpysal weights ``w`` (row-standardised) and its permutation
    p-value (esda, seeded)."""
    import esda
    v = np.asarray(values, dtype=float)
    if v.size != w.n:
        raise ParameterError(f"morans_i(): values has {v.size} entries but the weights have {w.n} units")
    permutations = check_integer(permutations, "permutations", "morans_i", minimum=0)
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            mi = esda.Moran(v, w, transformation="r", permutations=permutations)
    finally:
        np.random.set_state(state)
    return float(mi.I), float(mi.p_sim if permutations else mi.p_norm)


def _fits_one(logn, logy, g, w, level, n_boot, seed):
    import statsmodels.api as sm
    X = sm.add_constant(logn)
    rows = []
    for cov, (est, dep) in (("nonrobust", SPECS[0]), ("HC3", SPECS[1])):
        r = sm.OLS(logy, X).fit(cov_type=cov)
        lo, hi = r.conf_int(alpha=1 - level)[1]
        dist = stats.t(r.df_resid) if cov == "nonrobust" else stats.norm
        t1 = (r.params[1] - 1) / r.bse[1]
        rows.append(DependenceFit(est, dep, float(r.params[1]), float(r.bse[1]), float(lo), float(hi),
                                  float(2 * dist.sf(abs(t1))), logn.size, int(g.max()) + 1))
    cl, u_pool = cluster_ols(logn, logy, g, level)
    rows.append(cl)
    rows.append(wild_cluster_bootstrap(logn, logy, g, n_boot=n_boot, seed=seed, level=level))
    sp, lam = spatial_error_ml(logn, logy, w, level)
    rows.append(sp)
    fe, u_fe = fe_within(logn, logy, g, level)
    rows.append(fe)
    rows.append(_between(logn, logy, g, level))
    rows.append(_mixed(logn, logy, g, level))
    return rows, u_pool, u_fe, lam


def dependence_table(df: pd.DataFrame, indicators: dict, populations: dict, weights_for, *,
                     province: str = "province", level: float = 0.95, n_boot: int = 999,
                     seed: int = 0, permutations: int = 999) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every indicator x population x specification of :data:`SPECS`.

    ``indicators`` and ``populations`` map column names to reader labels.  ``weights_for(ids)``
    returns libpysal weights for the units whose ``city_code`` values are ``ids`` (in that order).
    Rows with a missing value are dropped per pair and counted.

    Returns ``(table, moran)``: one row per fit (with ``superlinear`` = interval above one) and one
    row per pair with Moran's I of the pooled-OLS and the within residuals and the spatial lambda.
    """
    func = "dependence_table"
    check_columns(df, [province, "city_code", *indicators, *populations], "df", func)
    level = check_level(level, func=func)
    rows, mrows = [], []
    for ycol, ylab in indicators.items():
        for pcol, plab in populations.items():
            d = df[["city_code", province, pcol, ycol]].dropna()
            logn, logy, g = _xy(d[pcol], d[ycol], d[province], func)
            w = weights_for(d["city_code"].to_list())
            fits, u_pool, u_fe, lam = _fits_one(logn, logy, g, w, level, n_boot, seed)
            for f in fits:
                rows.append({"indicator": ylab, "population": plab, **f.__dict__,
                             "n_dropped": len(df) - len(d)})
            mi_p, p_p = morans_i(u_pool, w, permutations=permutations, seed=seed)
            mi_f, p_f = morans_i(u_fe, w, permutations=permutations, seed=seed)
            mrows.append({"indicator": ylab, "population": plab, "moran_pooled": mi_p,
                          "p_pooled": p_p, "moran_within": mi_f, "p_within": p_f,
                          "spatial_lambda": lam, "n": len(d), "islands": len(w.islands)})
    t = pd.DataFrame(rows)
    t["superlinear"] = t["ci_low"] > 1
    t["sublinear"] = t["ci_high"] < 1
    return t, pd.DataFrame(mrows)


def superlinearity_verdict(table: pd.DataFrame, by=("indicator",)) -> pd.DataFrame:
    """k of n: how many specifications (rows) call each group superlinear, sublinear, or neither.

    ``verdict`` is 'superlinear in every specification', 'superlinear in none', or
    'superlinear in k of n specifications'.
    """
    check_columns(table, [*by, "superlinear", "sublinear"], "table", "superlinearity_verdict")
    g = table.groupby(list(by), sort=False)
    out = pd.DataFrame({"k_superlinear": g["superlinear"].sum().astype(int),
                        "k_sublinear": g["sublinear"].sum().astype(int),
                        "n_specs": g.size()}).reset_index()

    def words(r):
        if r["k_superlinear"] == r["n_specs"]:
            return "superlinear in every specification"
        if r["k_superlinear"] == 0:
            return "superlinear in none of the specifications"
        return f"superlinear in {r['k_superlinear']} of {r['n_specs']} specifications"

    out["verdict"] = out.apply(words, axis=1)
    return out


def census_weights(census: pd.DataFrame, kind: str = "queen"):
    """A function ``ids -> row-standardised libpysal weights`` for subsets of the census units
    (``city_code`` ids), built once from :func:`megacity.geo.contiguity_weights`."""
    import libpysal

    from .geo import contiguity_weights
    W = contiguity_weights(census, kind, ids="city_code")

    def weights_for(ids):
        w = libpysal.weights.w_subset(W, [str(i) for i in ids], silence_warnings=True)
        w.transform = "r"
        return w
    return weights_for


def forest_plot(table: pd.DataFrame, indicators, populations, *, colours, ref_band=None,
                figsize=(9.5, 7.5)):
    """One panel per indicator; one row per specification; one colour per population."""
    import matplotlib.pyplot as plt
    specs = list(dict.fromkeys(zip(table["estimator"], table["dependence"])))
    fig, axes = plt.subplots(2, (len(indicators) + 1) // 2, figsize=figsize, sharex=True, sharey=True)
    axes = np.atleast_1d(axes).ravel()
    off = np.linspace(-0.18, 0.18, len(populations))
    for ax, ind in zip(axes, indicators):
        for j, pop in enumerate(populations):
            d = table[(table["indicator"] == ind) & (table["population"] == pop)]
            pos = {s: -i for i, s in enumerate(specs)}
            y = np.array([pos[(e, k)] for e, k in zip(d["estimator"], d["dependence"])]) + off[j]
            ax.errorbar(d["beta"], y, xerr=[d["beta"] - d["ci_low"], d["ci_high"] - d["beta"]],
                        fmt="o", ms=3.5, lw=1, color=colours[j], label=pop)
        ax.axvline(1, color="0.3", ls="--", lw=1)
        if ref_band is not None:
            ax.axvspan(*ref_band, color="0.88", zorder=-1)
        ax.set_title(ind)
    axes[0].set_yticks([-i for i in range(len(specs))], [f"{e}: {k}" for e, k in specs])
    for ax in axes:
        ax.tick_params(axis="y", labelsize=8)
    for ax in axes[len(indicators):]:
        ax.set_visible(False)
    fig.supxlabel("scaling exponent β (95% interval)", fontsize=10)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, title="population", loc="upper right", ncol=len(populations),
               fontsize=8, title_fontsize=8, frameon=False, bbox_to_anchor=(1.0, 0.965))
    return fig, axes


#: West's two ratios as quoted by Pan (2024): (size ratio, claimed output ratio, half-width of "about").
WEST_CLAIMS = ((9.0, 16.0, 0.5), (50.0, 130.0, 5.0))


def west_table(exponents: pd.DataFrame, claims=WEST_CLAIMS) -> pd.DataFrame:
    """For every exponent row (``label``, ``beta``, ``ci_low``, ``ci_high``): the output ratio it
    predicts for each claimed size ratio, the range its interval allows, and whether that range
    overlaps the claim's rounding range (``agrees_<k>x``); ``agrees_all`` for every claim.

    A row without an interval is judged on its point estimate.
    """
    check_columns(exponents, ["label", "beta", "ci_low", "ci_high"], "exponents", "west_table")
    t = exponents.copy()
    lo = t["ci_low"].fillna(t["beta"])
    hi = t["ci_high"].fillna(t["beta"])
    agree_all = pd.Series(True, index=t.index)
    for k, ratio, hw in claims:
        key = f"{k:g}x"
        t[f"ratio_{key}"] = k ** t["beta"]
        t[f"ratio_{key}_low"] = k ** lo
        t[f"ratio_{key}_high"] = k ** hi
        a = (k ** lo <= ratio + hw) & (k ** hi >= ratio - hw)
        t[f"agrees_{key}"] = a
        agree_all &= a
    t["agrees_all"] = agree_all
    return t


def chinese_exponents(joined: pd.DataFrame, indicators: dict, populations: dict,
                      province: str = "province") -> pd.DataFrame:
    """Pooled log-OLS exponents with province-clustered (CR1, t(G-1)) intervals and the within
    (province fixed effects) exponents, one row per indicator x population x estimator."""
    rows = []
    for ycol, ylab in indicators.items():
        for pcol, plab in populations.items():
            d = joined[[province, pcol, ycol]].dropna()
            logn, logy, g = _xy(d[pcol], d[ycol], d[province], "chinese_exponents")
            for f in (cluster_ols(logn, logy, g)[0], fe_within(logn, logy, g)[0]):
                est = "pooled, province-clustered" if f.estimator == "pooled OLS" else "within provinces"
                rows.append({"label": f"{ylab} vs {plab} population (China 2015, {est})", "indicator": ylab,
                             "population": plab, "estimator": est, "beta": f.beta, "ci_low": f.ci_low,
                             "ci_high": f.ci_high, "kind": "our estimate"})
    return pd.DataFrame(rows)


def scaling_over_time(frames: dict, groups_col: str = "province", level: float = 0.95) -> pd.DataFrame:
    """The same scaling fit in several census years, and the change in the exponent.

    ``frames`` maps a year to a DataFrame with columns ``N``, ``Y`` and ``groups_col`` (the same
    units in every year).  For each year: pooled log-OLS with CR1 province-clustered intervals.
    Then the change from the first year: a stacked regression with a year-specific intercept and
    slope, clustered by province (units of one province are dependent across years as well),
    whose interaction coefficient is the change in beta.
    """
    level = check_level(level, func="scaling_over_time")
    if len(frames) < 2:
        raise ParameterError("scaling_over_time(): need at least two years")
    years = sorted(frames)
    rows, stacked = [], []
    for yr in years:
        d = frames[yr]
        check_columns(d, ["N", "Y", groups_col], f"frames[{yr}]", "scaling_over_time")
        logn, logy, g = _xy(d["N"], d["Y"], d[groups_col], "scaling_over_time")
        f, _ = cluster_ols(logn, logy, g, level)
        rows.append({"year": yr, "beta": f.beta, "se": f.se, "ci_low": f.ci_low, "ci_high": f.ci_high,
                     "n": f.n, "change_from_first": np.nan, "change_low": np.nan, "change_high": np.nan})
        stacked.append(pd.DataFrame({"x": np.log(d["N"].to_numpy(float)), "y": np.log(d["Y"].to_numpy(float)),
                                     "g": d[groups_col].astype(str).to_numpy(), "year": yr}))
    s = pd.concat(stacked, ignore_index=True)
    codes, g = np.unique(s["g"], return_inverse=True)
    G = codes.size
    q = stats.t.ppf(0.5 + level / 2, G - 1)
    for i, yr in enumerate(years[1:], start=1):
        sub = s[s["year"].isin([years[0], yr])]
        gi = g[sub.index]
        D = (sub["year"] == yr).to_numpy(float)
        X = np.column_stack([np.ones(len(sub)), sub["x"], D, D * sub["x"]])
        XtX_inv = np.linalg.inv(X.T @ X)
        b = XtX_inv @ X.T @ sub["y"].to_numpy()
        u = sub["y"].to_numpy() - X @ b
        se = float(np.sqrt(_cluster_cov(X, u, gi, XtX_inv, 4)[3, 3]))
        rows[i].update(change_from_first=float(b[3]), change_low=float(b[3] - q * se),
                       change_high=float(b[3] + q * se))
    return pd.DataFrame(rows)
