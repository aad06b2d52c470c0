"""Policy diffusion: adoption tables, Bass models and discrete-time hazard models.

Models
------
*Bass (1969).*  Adoption times in a population of ``m`` potential adopters have the hazard
``f(t) / (1 - F(t)) = p + q F(t)``, so that

    F(t) = (1 - exp(-(p + q) t)) / (1 + (q / p) exp(-(p + q) t)).

``p`` (innovation, external influence) is read here as the push from outside the peer group,
for instance a mandate from above; ``q`` (imitation, internal influence) as horizontal contagion
among peers.  Two estimators:

* :func:`fit_bass_ml`: maximum likelihood for grouped adoption times (Schmittlein & Mahajan
  1982): period counts are multinomial with cell probabilities ``F(t_k) - F(t_{k-1})`` and
  ``1 - F(T)`` for the units that had not adopted by the end.  ``m`` is known (the number of
  units at risk) or estimated.  Wald intervals on the log scale from the numerical Hessian, so
  that they stay positive, and an optional parametric bootstrap.
* :func:`fit_bass_nls`: nonlinear least squares on the cumulative count (Srinivasan & Mason
  1986 style), for comparison.  Its residuals are serially correlated, so its Wald intervals are
  too narrow; the ML fit is the one to report.

*Discrete-time hazard.*  A unit is at risk from its entry period until it adopts (the adoption
period is its last row) or the data end.  :func:`risk_set` builds the unit-period table;
:func:`fit_hazard` fits ``P(adopt in t | at risk) = g^{-1}(x_it' beta)`` with a logit or
complementary log-log link (the cloglog is the grouped-time proportional-hazards model), by
binomial GLM, with standard errors clustered by a group (e.g. province), because units in the
same group share shocks that the covariates do not capture.

The helpers :func:`group_share_adopted` and :func:`neighbour_exposure` compute the time-varying
diffusion covariates (share of same-group peers, distance-weighted share of neighbours that had
adopted before the period began), vectorised over units and periods.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

__all__ = [
    "PROVINCE_ZH",
    "PROVINCIAL_CAPITAL",
    "BassFit",
    "Crosswalk",
    "attach_panel",
    "compare_hazards",
    "covid_crosswalk",
    "covid_orders",
    "covid_risk_set",
    "daily_counts",
    "dual_carbon_adoption",
    "dual_carbon_census_codes",
    "dual_carbon_risk_set",
    "HazardFit",
    "bass_cdf",
    "bass_profile_ci",
    "bass_simulate",
    "fit_bass_ml",
    "fit_bass_nls",
    "fit_hazard",
    "four_city_profile",
    "mca_batches",
    "timeline_lanes",
    "group_share_adopted",
    "haversine_km",
    "neighbour_exposure",
    "risk_set",
    "simulate_hazard_data",
    "time_to_share",
]


# ---------------------------------------------------------------------------------------------
# Bass model
# ---------------------------------------------------------------------------------------------

def bass_cdf(t, p: float, q: float) -> np.ndarray:
    """Bass cumulative adoption share F(t) (F(0) = 0), vectorised over ``t``."""
    t = np.asarray(t, dtype=float)
    if p <= 0 or q < 0:
        raise ValueError(f"bass_cdf needs p > 0 and q >= 0 (got p={p}, q={q})")
    e = np.exp(-(p + q) * t)
    return (1.0 - e) / (1.0 + (q / p) * e)


def time_to_share(p: float, q: float, share: float = 0.5) -> float:
    """Time at which F(t) reaches ``share`` (closed form of the Bass curve)."""
    if not 0 < share < 1:
        raise ValueError("share must be in (0, 1)")
    # F = (1-e)/(1+(q/p)e)  =>  e = (1-F)/(1+F q/p)
    e = (1 - share) / (1 + share * q / p)
    return float(-np.log(e) / (p + q))


def bass_simulate(p: float, q: float, m: int, periods: int, rng: np.random.Generator,
                  size: int | None = None) -> np.ndarray:
    """Adoption counts per period 1..``periods`` for ``m`` units whose adoption times are Bass.

    Draws each unit's continuous adoption time by inverting F and counts them per unit-length
    period.  With ``size`` it returns ``size`` independent replicates (shape ``(size, periods)``),
    vectorised.  Units adopting after ``periods`` are censored (not counted).
    """
    reps = 1 if size is None else int(size)
    u = rng.random((reps, int(m)))
    # invert F(t) = u  =>  e = (1-u)/(1+u q/p),  t = -log(e)/(p+q)
    t = -np.log((1 - u) / (1 + u * q / p)) / (p + q)
    k = np.ceil(t).astype(np.int64)  # period index (t in (k-1, k] -> k)
    k = np.where(k > periods, 0, k)
    counts = np.zeros((reps, periods + 1), dtype=np.int64)
    np.add.at(counts, (np.repeat(np.arange(reps), int(m)), k.ravel()), 1)
    out = counts[:, 1:]
    return out[0] if size is None else out


def _check_counts(t, counts) -> tuple[np.ndarray, np.ndarray]:
    t = np.asarray(t, dtype=float)
    n = np.asarray(counts, dtype=float)
    if t.ndim != 1 or t.shape != n.shape:
        raise ValueError(f"t and counts must be 1-d arrays of equal length (got {t.shape}, {n.shape})")
    if len(t) < 3:
        raise ValueError(f"need at least 3 periods to fit a Bass model (got {len(t)})")
    if np.any(np.diff(t) <= 0) or t[0] <= 0:
        raise ValueError("t must be strictly increasing period ends, all > 0 (t = 0 is the origin)")
    if np.any(n < 0) or np.any(n != np.round(n)):
        raise ValueError("counts must be non-negative integers (adoptions per period)")
    if n.sum() == 0:
        raise ValueError("no adoptions: the Bass model cannot be fitted to an empty curve")
    return t, n


def _bass_loglik(theta, t, n, m_known):
    """Grouped-time log-likelihood of one series; theta = (log p, log q[, log(m - N)])."""
    m = m_known if m_known is not None else n.sum() + np.exp(theta[2])
    N = n.sum()
    nll = _bass_nll_batch(np.asarray(theta[:2], dtype=float)[None], np.concatenate([[0.0], t]),
                          n[None], m)[0]
    return -nll + special.gammaln(m + 1) - special.gammaln(m - N + 1)


def _num_hessian(f, x, h=1e-4):
    k = len(x)
    H = np.empty((k, k))
    for i in range(k):
        for j in range(i, k):
            ei, ej = np.eye(k)[i] * h, np.eye(k)[j] * h
            H[i, j] = H[j, i] = (f(x + ei + ej) - f(x + ei - ej) - f(x - ei + ej) + f(x - ei - ej)) / (4 * h * h)
    return H


@dataclass
class BassFit:
    """Result of :func:`fit_bass_ml` or :func:`fit_bass_nls`."""

    p: float
    q: float
    m: float
    ci: pd.DataFrame
    method: str
    t: np.ndarray
    counts: np.ndarray
    m_fixed: bool
    loglik: float = np.nan
    level: float = 0.95
    boot: np.ndarray | None = field(default=None, repr=False)

    @property
    def q_over_p(self) -> float:
        return self.q / self.p

    def predict_cumulative(self, t) -> np.ndarray:
        return self.m * bass_cdf(t, self.p, self.q)

    def summary(self) -> pd.DataFrame:
        """p, q, m and q/p with their intervals."""
        est = pd.Series({"p": self.p, "q": self.q, "m": self.m, "q/p": self.q_over_p})
        out = pd.DataFrame({"estimate": est}).join(self.ci)
        out.attrs.update(method=self.method, periods=len(self.t), adopters=int(self.counts.sum()),
                         m_fixed=self.m_fixed, level=self.level)
        return out


def fit_bass_ml(t, counts, m: float | None = None, *, level: float = 0.95, n_boot: int = 0,
                seed: int = 0, start: tuple[float, float] | None = None, wald: bool = True,
                profile: bool = True) -> BassFit:
    """Maximum-likelihood Bass fit to adoption counts per period.

    ``t``: period end times (origin 0 is when the population starts to be at risk);
    ``counts``: adoptions in each period; ``m``: number of potential adopters (if ``None`` it is
    estimated, constrained to be at least the number observed to adopt).  ``n_boot`` > 0 adds a
    parametric-bootstrap percentile interval (refits to curves simulated from the estimate).
    ``start`` = (p, q) skips the multi-start search and ``wald=False`` the Hessian (both used by
    the bootstrap, which needs only point estimates).  With ``m`` known, profile-likelihood
    intervals for ``p`` and ``q`` are added (``profile=False`` skips them), see
    :func:`bass_profile_ci`.
    """
    t, n = _check_counts(t, counts)
    N = n.sum()
    if m is not None and m < N:
        raise ValueError(f"m = {m} is smaller than the number of adopters observed ({int(N)})")
    nll = lambda th: -_bass_loglik(th, t, n, m)  # noqa: E731
    # start: a spread of (p, q) values; keep the best local optimum
    best = None
    starts = [start] if start else [(0.01, 0.3), (0.05, 0.05), (0.2, 0.01), (0.001, 1.0), (0.5, 0.5)]
    for p0, q0 in starts:
        x0 = [np.log(p0), np.log(q0)] + ([] if m is not None else [np.log(max(N, 1.0))])
        r = optimize.minimize(nll, x0, method="Nelder-Mead",
                              options=dict(xatol=1e-6, fatol=1e-9, maxiter=2000, maxfev=4000))
        if best is None or r.fun < best.fun:
            best = r
    r = optimize.minimize(nll, best.x, method="BFGS")
    theta = r.x if r.fun <= best.fun else best.x
    se, cov = np.full(len(theta), np.nan), np.full((len(theta), len(theta)), np.nan)
    if wald:
        try:
            cov = np.linalg.inv(_num_hessian(nll, theta))
            se = np.sqrt(np.clip(np.diag(cov), 0, None))
        except np.linalg.LinAlgError:
            pass
    z = stats.norm.ppf(0.5 + level / 2)
    p, q = np.exp(theta[0]), np.exp(theta[1])
    mm = float(m) if m is not None else N + np.exp(theta[2])
    rows = {"p": (np.exp(theta[0] - z * se[0]), np.exp(theta[0] + z * se[0])),
            "q": (np.exp(theta[1] - z * se[1]), np.exp(theta[1] + z * se[1]))}
    if m is None:
        rows["m"] = (N + np.exp(theta[2] - z * se[2]), N + np.exp(theta[2] + z * se[2]))
    else:
        rows["m"] = (mm, mm)
    # q/p by the delta method on the log scale: log(q/p) = theta1 - theta0
    if np.all(np.isfinite(se[:2])):
        v = cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]
        s = np.sqrt(max(v, 0.0))
        rows["q/p"] = (q / p * np.exp(-z * s), q / p * np.exp(z * s))
    else:
        rows["q/p"] = (np.nan, np.nan)
    ci = pd.DataFrame(rows, index=["ci_low", "ci_high"]).T
    fit = BassFit(p=float(p), q=float(q), m=mm, ci=ci, method="ML (grouped times)", t=t, counts=n,
                  m_fixed=m is not None, loglik=float(-nll(theta)), level=level)
    if wald and profile and m is not None:
        prof = {k: bass_profile_ci(fit, k) for k in ("p", "q")}
        fit.ci["profile_low"] = pd.Series({k: v[0] for k, v in prof.items()})
        fit.ci["profile_high"] = pd.Series({k: v[1] for k, v in prof.items()})
    if n_boot:
        fit.boot = _bass_bootstrap(fit, n_boot, seed)
        lo, hi = np.nanpercentile(fit.boot, [50 * (1 - level), 50 * (1 + level)], axis=0)
        fit.ci["boot_low"] = pd.Series({"p": lo[0], "q": lo[1], "m": lo[2], "q/p": lo[3]})
        fit.ci["boot_high"] = pd.Series({"p": hi[0], "q": hi[1], "m": hi[2], "q/p": hi[3]})
    return fit


def _bass_nll_batch(theta: np.ndarray, edges: np.ndarray, n: np.ndarray, m: float) -> np.ndarray:
    """Negative grouped-time log-likelihood of each row, up to a constant in (p, q).

    ``theta`` (B, 2) holds (log p, log q); ``n`` (B, k) the counts per period; ``edges`` the
    k + 1 period boundaries starting at 0; ``m`` the (fixed) number of potential adopters.
    """
    p, q = np.exp(theta[:, :1]), np.exp(theta[:, 1:])
    e = np.exp(-(p + q) * edges)
    F = (1.0 - e) / (1.0 + (q / p) * e)
    dF = np.clip(np.diff(F, axis=1), 1e-300, None)
    rest = m - n.sum(axis=1)
    return -((n * np.log(dF)).sum(axis=1) + rest * np.log(np.clip(1.0 - F[:, -1], 1e-300, None)))


def _bass_ml_batch(t: np.ndarray, n: np.ndarray, m: float, start: tuple[float, float],
                   tol: float = 1e-9, max_iter: int = 100, h: float = 1e-4) -> np.ndarray:
    """ML estimates of (p, q) for many count series at once, with ``m`` known.

    Damped Newton on (log p, log q) from ``start``, each row with its own damping; gradient and
    Hessian by central differences (nine likelihood evaluations per iteration, all rows at
    once).  Returns (B, 2) of (p, q); rows that did not converge are NaN, for the caller to fit
    one at a time with the multi-start optimiser.
    """
    edges = np.concatenate([[0.0], t])
    B = n.shape[0]
    theta = np.tile(np.log(np.asarray(start, dtype=float)), (B, 1))
    offsets = h * np.array([[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1],
                            [1, 1], [1, -1], [-1, 1], [-1, -1]], dtype=float)
    lam = np.full(B, 1e-3)
    done = np.zeros(B, dtype=bool)
    cur = _bass_nll_batch(theta, edges, n, m)
    for _ in range(max_iter):
        act = np.flatnonzero(~done)
        if act.size == 0:
            break
        th, na = theta[act], n[act]
        f = _bass_nll_batch((th[:, None, :] + offsets).reshape(-1, 2), edges,
                            np.repeat(na, len(offsets), axis=0), m).reshape(act.size, -1)
        g = np.column_stack([f[:, 1] - f[:, 2], f[:, 3] - f[:, 4]]) / (2 * h)
        h00 = (f[:, 1] - 2 * f[:, 0] + f[:, 2]) / h ** 2
        h11 = (f[:, 3] - 2 * f[:, 0] + f[:, 4]) / h ** 2
        h01 = (f[:, 5] - f[:, 6] - f[:, 7] + f[:, 8]) / (4 * h * h)
        m00, m11 = h00 + lam[act] * np.abs(h00), h11 + lam[act] * np.abs(h11)
        det = m00 * m11 - h01 * h01
        definite = (det > 0) & (m00 > 0)
        step = -np.column_stack([m11 * g[:, 0] - h01 * g[:, 1],
                                 m00 * g[:, 1] - h01 * g[:, 0]]) / det[:, None]
        cand = th + step
        new = _bass_nll_batch(cand, edges, na, m)
        better = definite & np.isfinite(new) & (new <= cur[act])
        theta[act[better]], cur[act[better]] = cand[better], new[better]
        lam[act] = np.where(better, lam[act] / 10, lam[act] * 10)
        small = np.all(np.abs(step) < tol, axis=1)
        done[act] = (better & small) | (definite & small & (lam[act] <= 1e-2)) | (lam[act] > 1e10)
    out = np.exp(theta)
    out[~done | (lam > 1e10)] = np.nan
    return out


def _bass_bootstrap(fit: BassFit, n_boot: int, seed: int) -> np.ndarray:
    """Parametric bootstrap draws of (p, q, m, q/p): simulate from the fit, refit each replicate.

    With m known, all replicates are fitted together (:func:`_bass_ml_batch`); a replicate it
    does not settle, and every replicate when m is estimated, goes through :func:`fit_bass_ml`.
    """
    rng = np.random.default_rng(seed)
    m_sim = int(round(fit.m))
    edges = np.concatenate([[0.0], fit.t])
    cellp = np.diff(bass_cdf(edges, fit.p, fit.q))
    cellp = np.append(cellp, max(1.0 - cellp.sum(), 0.0))
    sims = rng.multinomial(m_sim, cellp / cellp.sum(), size=n_boot)[:, :-1]
    draws = np.full((n_boot, 4), np.nan)
    fitted = sims.sum(axis=1) > 0
    if fit.m_fixed:
        pq = _bass_ml_batch(fit.t, sims[fitted].astype(float), fit.m, (fit.p, fit.q))
        draws[fitted] = np.column_stack([pq, np.full(len(pq), fit.m), pq[:, 1] / pq[:, 0]])
    for b in np.flatnonzero(fitted & np.isnan(draws).any(axis=1)):
        try:
            f = fit_bass_ml(fit.t, sims[b], m=fit.m if fit.m_fixed else None, level=fit.level,
                            start=(fit.p, fit.q), wald=False)
        except (ValueError, FloatingPointError):
            continue
        draws[b] = (f.p, f.q, f.m, f.q_over_p)
    return draws


def fit_bass_nls(t, counts, m: float | None = None, *, level: float = 0.95) -> BassFit:
    """Nonlinear least squares on the cumulative count N(t) = m F(t) (comparison estimator)."""
    t, n = _check_counts(t, counts)
    y = np.cumsum(n)
    N = y[-1]

    def resid(th):
        p, q = np.exp(th[0]), np.exp(th[1])
        mm = m if m is not None else N + np.exp(th[2])
        return mm * bass_cdf(t, p, q) - y

    best = None
    for p0, q0 in [(0.01, 0.3), (0.05, 0.05), (0.2, 0.01), (0.001, 1.0)]:
        x0 = [np.log(p0), np.log(q0)] + ([] if m is not None else [np.log(max(N, 1.0))])
        r = optimize.least_squares(resid, x0, method="lm", max_nfev=5000)
        if best is None or r.cost < best.cost:
            best = r
    th, J = best.x, best.jac
    dof = max(len(t) - len(th), 1)
    s2 = 2 * best.cost / dof
    try:
        cov = np.linalg.inv(J.T @ J) * s2
        se = np.sqrt(np.clip(np.diag(cov), 0, None))
    except np.linalg.LinAlgError:
        se = np.full(len(th), np.nan)
    tq = stats.t.ppf(0.5 + level / 2, dof)
    p, q = np.exp(th[0]), np.exp(th[1])
    mm = float(m) if m is not None else N + np.exp(th[2])
    rows = {"p": np.exp(th[0] + np.array([-1, 1]) * tq * se[0]),
            "q": np.exp(th[1] + np.array([-1, 1]) * tq * se[1]),
            "m": (N + np.exp(th[2] + np.array([-1, 1]) * tq * se[2])) if m is None else (mm, mm)}
    v = cov[0, 0] + cov[1, 1] - 2 * cov[0, 1] if np.all(np.isfinite(se[:2])) else np.nan
    rows["q/p"] = q / p * np.exp(np.array([-1, 1]) * tq * np.sqrt(max(v, 0.0)))
    ci = pd.DataFrame(rows, index=["ci_low", "ci_high"]).T
    return BassFit(p=float(p), q=float(q), m=mm, ci=ci, method="NLS (cumulative)", t=t, counts=n,
                   m_fixed=m is not None, level=level)


# ---------------------------------------------------------------------------------------------
# Risk sets and time-varying diffusion covariates
# ---------------------------------------------------------------------------------------------

def risk_set(units: pd.DataFrame, *, unit: str, event: str, first: int, last: int,
             entry: str | None = None) -> pd.DataFrame:
    """Unit-period risk set for a discrete-time hazard model.

    ``units`` has one row per unit with ``event`` = the period (integer) in which it adopted, or
    missing if it had not adopted by ``last``.  Each unit contributes one row for every period
    from its entry (``entry`` column, default ``first``) to its adoption period (inclusive; the
    row has ``adopt = 1``) or to ``last`` if it never adopted (censored).  Units that adopted
    before entering are left out (they were never at risk) and counted in ``attrs['left_out']``.
    Columns: ``unit``, ``t`` (period), ``adopt`` (0/1), plus all other columns of ``units``.
    """
    for c in [unit, event] + ([entry] if entry else []):
        if c not in units.columns:
            raise KeyError(f"risk_set: column '{c}' not in the units table ({list(units.columns)})")
    if units[unit].duplicated().any():
        dup = units.loc[units[unit].duplicated(), unit].tolist()[:5]
        raise ValueError(f"risk_set: units must be unique; duplicated: {dup}")
    if last < first:
        raise ValueError(f"risk_set: last ({last}) is before first ({first})")
    ev = pd.to_numeric(units[event], errors="raise").to_numpy(dtype=float)
    start = (np.full(len(units), first, dtype=float) if entry is None
             else np.maximum(pd.to_numeric(units[entry]).to_numpy(dtype=float), first))
    before = np.isfinite(ev) & (ev < start)
    keep = ~before & (start <= last)
    stop = np.where(np.isfinite(ev) & (ev <= last), ev, last)
    u, s, e = np.flatnonzero(keep), start[keep].astype(int), stop[keep].astype(int)
    lengths = e - s + 1
    rows = np.repeat(u, lengths)
    offs = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    t = np.repeat(s, lengths) + offs
    out = units.iloc[rows].reset_index(drop=True).copy()
    out.insert(1, "t", t)
    out["adopt"] = (t == ev[rows]).astype(int)
    out.attrs["left_out"] = int(before.sum())
    out.attrs["left_out_units"] = units.loc[before, unit].tolist()
    return out


def haversine_km(lon, lat) -> np.ndarray:
    """Great-circle distance matrix (km) between points given in degrees."""
    lon, lat = np.radians(np.asarray(lon, float)), np.radians(np.asarray(lat, float))
    dlon = lon[:, None] - lon[None, :]
    dlat = lat[:, None] - lat[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def _adopted_before(event_time: np.ndarray, periods: np.ndarray) -> np.ndarray:
    """A[k, j] = 1 if unit j adopted strictly before period periods[k]."""
    ev = np.where(np.isfinite(event_time), event_time, np.inf)
    return (ev[None, :] < periods[:, None]).astype(float)


def group_share_adopted(event_time, group, periods) -> np.ndarray:
    """Share of the *other* units of the same group that adopted before each period.

    Returns an array (len(periods), n_units); units alone in their group get NaN.
    """
    event_time = np.asarray(event_time, float)
    codes, uniq = pd.factorize(pd.Series(group), sort=True)
    A = _adopted_before(event_time, np.asarray(periods))
    G = np.zeros((len(uniq), len(event_time)))
    G[codes, np.arange(len(event_time))] = 1.0
    adopted_in_group = A @ G.T                     # (periods, groups)
    size = G.sum(axis=1)
    own = A                                        # a unit is never its own peer
    num = adopted_in_group[:, codes] - own
    den = size[codes] - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / den, np.nan)


def neighbour_exposure(event_time, lon, lat, periods, *, radius_km: float = 200.0) -> np.ndarray:
    """Share of the units within ``radius_km`` (self excluded) that adopted before each period.

    Returns (len(periods), n_units); units with no neighbour inside the radius get 0 and should
    be flagged by the caller (``attrs`` are not available on arrays: use :func:`haversine_km`).
    """
    D = haversine_km(lon, lat)
    W = ((D <= radius_km) & (D > 0)).astype(float)
    deg = W.sum(axis=1)
    A = _adopted_before(np.asarray(event_time, float), np.asarray(periods))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(deg > 0, (A @ W.T) / deg, 0.0)


def attach_panel(rs: pd.DataFrame, unit_index: np.ndarray, periods: np.ndarray,
                 values: np.ndarray) -> np.ndarray:
    """Look up a (periods x units) covariate array for each risk-set row (t, unit position)."""
    pos = pd.Index(periods).get_indexer(rs["t"].to_numpy())
    if np.any(pos < 0):
        raise ValueError("attach_panel: risk-set periods outside the covariate periods")
    return values[pos, unit_index]


# ---------------------------------------------------------------------------------------------
# Discrete-time hazard
# ---------------------------------------------------------------------------------------------

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

    def summary(self) -> pd.DataFrame:
        z = self.params / self.bse
        out = pd.DataFrame({"coef": self.params, "std_err": self.bse, "z": z,
                            "p_value": 2 * stats.norm.sf(np.abs(z)),
                            "ci_low": self.ci["low"], "ci_high": self.ci["high"]})
        ratio = "odds_ratio" if self.link == "logit" else "hazard_ratio"
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


# ---------------------------------------------------------------------------------------------
# Data assembly: the COVID-19 orders and the dual-carbon strategies (external data)
# ---------------------------------------------------------------------------------------------

#: gpl-covid province names (pinyin) -> short Chinese names used by the dual-carbon file.
PROVINCE_ZH = {
    "Anhui": "安徽", "Beijing": "北京", "Chongqing": "重庆", "Fujian": "福建", "Gansu": "甘肃",
    "Guangdong": "广东", "Guangxi": "广西", "Guizhou": "贵州", "Hainan": "海南", "Hebei": "河北",
    "Heilongjiang": "黑龙江", "Henan": "河南", "Hubei": "湖北", "Hunan": "湖南", "Jiangsu": "江苏",
    "Jiangxi": "江西", "Jilin": "吉林", "Liaoning": "辽宁", "Neimenggu": "内蒙古", "Ningxia": "宁夏",
    "Qinghai": "青海", "Shaanxi": "陕西", "Shandong": "山东", "Shanghai": "上海", "Shanxi": "山西",
    "Sichuan": "四川", "Tianjin": "天津", "Xinjiang": "新疆", "Xizang": "西藏", "Yunnan": "云南",
    "Zhejiang": "浙江",
}

#: Provincial capitals (short Chinese names as in the dual-carbon file); the four municipalities
#: are their own province.
PROVINCIAL_CAPITAL = {
    "河北": "石家庄", "山西": "太原", "内蒙古": "呼和浩特", "辽宁": "沈阳", "吉林": "长春",
    "黑龙江": "哈尔滨", "江苏": "南京", "浙江": "杭州", "安徽": "合肥", "福建": "福州", "江西": "南昌",
    "山东": "济南", "河南": "郑州", "湖北": "武汉", "湖南": "长沙", "广东": "广州", "广西": "南宁",
    "海南": "海口", "四川": "成都", "贵州": "贵阳", "云南": "昆明", "西藏": "拉萨", "陕西": "西安",
    "甘肃": "兰州", "青海": "西宁", "宁夏": "银川", "新疆": "乌鲁木齐",
    "北京": "北京", "天津": "天津", "上海": "上海", "重庆": "重庆",
}

#: gpl-covid city names spelled differently from the dual-carbon English names (normalised keys).
COVID_NAME_ALIAS = {
    "enshitujiaandmiaoautonomousprefecture": "enshi", "xilingolleague": "xilingol",
    "luliang": "lvliang", "akesu": "aksu", "xinganmeng": "hinggan",
    "garzetibetanautonomousprefecture": "ganzi", "ngawatibetanandqiangautonomousprefecture": "aba",
}

#: gpl-covid units that are not prefectures in the dual-carbon file: census code of the unit
#: itself (province-administered county-level cities) or, flagged 'parent', of its prefecture.
COVID_DIRECT_CODE = {
    ("Hainan", "Dongfang"): ("469007", "self"), ("Hainan", "Qionghai"): ("469002", "self"),
    ("Hainan", "Wanning"): ("469006", "self"), ("Hainan", "Wenchang"): ("469005", "self"),
    ("Henan", "Jiyuan"): ("419001", "self"), ("Hubei", "Qianjiang"): ("429005", "self"),
    ("Hubei", "Tianmen"): ("429006", "self"), ("Hubei", "Xiantao"): ("429004", "self"),
    ("Hubei", "Shennongjia"): ("429021", "self"),
    ("Xinjiang", "Shihezi, Xinjiang Production and Construction Corps 8th Division"): ("659001", "self"),
    ("Xinjiang", "Wujiaqu, Xinjiang Production and Construction Corps 5th Division"): ("659004", "self"),
    ("Henan", "Dengzhou"): ("411300", "parent"), ("Jilin", "Gongzhuling"): ("220100", "parent"),
    ("Jilin", "Meihekou"): ("220500", "parent"), ("Shaanxi", "Hancheng"): ("610500", "parent"),
}

#: dual-carbon codes that differ from the census codes of the same unit.
DUAL_CARBON_CODE_FIX = {"110000": "110100", "120000": "120100", "310000": "310100",
                        "500000": "500100", "222401": "222400"}


def _name_key(s: pd.Series) -> pd.Series:
    import unicodedata
    norm = s.astype(str).map(lambda x: unicodedata.normalize("NFKD", x).encode("ascii", "ignore").decode())
    return norm.str.lower().str.replace(r"[^a-z]", "", regex=True)


@dataclass
class Crosswalk:
    """A name crosswalk: the matched table and every name that did not match (nothing dropped)."""

    table: pd.DataFrame
    unmatched: pd.DataFrame

    def summary(self) -> pd.DataFrame:
        how = self.table["match"].value_counts()
        out = how.rename_axis("match").reset_index(name="units")
        return pd.concat([out, pd.DataFrame({"match": ["unmatched"], "units": [len(self.unmatched)]})],
                         ignore_index=True)


def dual_carbon_census_codes(dual: pd.DataFrame, census: pd.DataFrame) -> Crosswalk:
    """Attach census codes to the dual-carbon cities (by code, with the documented fixes)."""
    d = dual.copy()
    code = d["Code"].astype("Int64").astype(str)
    d["city_code"] = code.replace(DUAL_CARBON_CODE_FIX)
    ok = d["city_code"].isin(set(census["city_code"].astype(str)))
    d["match"] = np.where(code.isin(DUAL_CARBON_CODE_FIX), "code (fixed)", "code")
    from .data.external import census_centroids

    cent = census_centroids(census).astype({"city_code": str}).set_index("city_code")
    d["census_lon"], d["census_lat"] = d["city_code"].map(cent["lon"]), d["city_code"].map(cent["lat"])
    # distance between the file's own point and the census polygon centroid (a coordinate check)
    lon1, lat1, lon2, lat2 = (np.radians(d[c].astype(float)) for c in ("Longitude", "Latitude", "census_lon", "census_lat"))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    d["centroid_distance_km"] = 2 * 6371.0 * np.arcsin(np.sqrt(a))
    return Crosswalk(d[ok].reset_index(drop=True),
                     d.loc[~ok, ["Province", "城市名称", "City", "Code"]].reset_index(drop=True))


def covid_crosswalk(cities: pd.DataFrame, dual: pd.DataFrame, census: pd.DataFrame) -> Crosswalk:
    """Census codes and centroids for the gpl-covid cities (pinyin names).

    Route: (province, normalised English name) -> dual-carbon city -> code -> census unit, with
    :data:`COVID_NAME_ALIAS` for spelling differences, :data:`COVID_DIRECT_CODE` for units that are
    not prefectures (coordinates of the unit itself or of its parent prefecture, flagged), and
    :data:`DUAL_CARBON_CODE_FIX`.  Returns the matched rows with ``lon``/``lat`` of the census
    polygon centroid and a ``match`` column saying how each was matched.
    """
    from .data.external import census_centroids

    c = cities[["adm1_name", "adm2_name"]].drop_duplicates().copy()
    unknown = sorted(set(c["adm1_name"]) - set(PROVINCE_ZH))
    if unknown:
        raise ValueError(f"covid_crosswalk: provinces without a Chinese name: {unknown}")
    c["prov_zh"] = c["adm1_name"].map(PROVINCE_ZH)
    c["key"] = _name_key(c["adm2_name"]).replace(COVID_NAME_ALIAS)
    d = dual[["Province", "城市名称", "City", "Code"]].copy()
    d["key"] = _name_key(d["City"])
    m = c.merge(d, left_on=["prov_zh", "key"], right_on=["Province", "key"], how="left")
    m["city_code"] = m["Code"].astype("Int64").astype(str).replace(DUAL_CARBON_CODE_FIX)
    m["match"] = np.where(m["Code"].notna(), "name via dual-carbon", "")
    for (prov, name), (code, how) in COVID_DIRECT_CODE.items():
        sel = (m["adm1_name"] == prov) & (m["adm2_name"] == name) & (m["match"] == "")
        m.loc[sel, "city_code"] = code
        m.loc[sel, "match"] = "direct code" if how == "self" else "parent prefecture (approximate)"
    cent = census_centroids(census)
    cent["city_code"] = cent["city_code"].astype(str)
    m = m.merge(cent, on="city_code", how="left")
    m = m.merge(census[["city_code", "city"]].astype({"city_code": str}), on="city_code", how="left")
    ok = m["lon"].notna() & (m["match"] != "")
    cols = ["adm1_name", "adm2_name", "prov_zh", "city", "city_code", "lon", "lat", "match"]
    return Crosswalk(m.loc[ok, cols].reset_index(drop=True),
                     m.loc[~ok, ["adm1_name", "adm2_name"]].reset_index(drop=True))


def covid_orders(policies: pd.DataFrame, city_pop: pd.DataFrame, dual: pd.DataFrame,
                 census: pd.DataFrame, origin: str = "2020-01-23") -> dict:
    """The two COVID adoption tables: provincial level-1 declarations and city home-isolation orders.

    Day 1 is ``origin`` (the first level-1 declarations and Wuhan's closure).  The city universe is
    every city of the Hsiang et al. population file plus any city with an order that the file lacks
    (flagged ``in_pop_file``).  A city's event day is its first own home-isolation order.  Three
    provinces issued province-wide orders (adm2 'All'); their cities are censored on that day (from
    then on they could not decide independently): ``province_order_day``.  Population is the 2010
    census population of the matched census unit (10^4), except for units matched to a parent
    prefecture or without census population (XPCC cities), which keep the Hsiang et al. figure.  Returned keys: ``declarations``, ``cities``,
    ``crosswalk`` (a :class:`Crosswalk`, with every unmatched name), ``province_orders``.
    """
    d0 = pd.Timestamp(origin)
    day = lambda s: (s - d0).dt.days + 1  # noqa: E731
    decl = policies[policies["policy"] == "emergency_declaration"].copy()
    decl = decl.groupby("adm1_name", as_index=False)["date_start"].min()
    decl["day"] = day(decl["date_start"])
    home = policies[policies["policy"] == "home_isolation"].copy()
    prov_all = home[home["adm2_name"] == "All"].groupby("adm1_name")["date_start"].min()
    own = (home[home["adm2_name"] != "All"].groupby(["adm1_name", "adm2_name"], as_index=False)
           ["date_start"].min())
    pop = city_pop[["adm1_name", "adm2_name", "2010pop_10k"]].assign(in_pop_file=True)
    cities = pop.merge(own, how="outer", on=["adm1_name", "adm2_name"])
    cities["in_pop_file"] = cities["in_pop_file"].fillna(False).astype(bool)
    cities["event_day"] = day(cities["date_start"])
    cities["province_order_day"] = day(cities["adm1_name"].map(prov_all))
    cities = cities.merge(decl[["adm1_name", "day"]].rename(columns={"day": "declaration_day"}),
                          on="adm1_name", how="left")
    cw = covid_crosswalk(cities, dual, census)
    cities = cities.merge(cw.table[["adm1_name", "adm2_name", "city", "city_code", "lon", "lat", "match"]],
                          on=["adm1_name", "adm2_name"], how="left")
    cpop = census.assign(city_code=census["city_code"].astype(str)).set_index("city_code")["popu_2010"] / 1e4
    census_pop = cities["city_code"].map(cpop)
    parent = cities["match"].str.startswith("parent").fillna(False).to_numpy(bool)
    use_hsiang = parent | census_pop.isna().to_numpy()
    cities["pop_10k"] = np.where(use_hsiang, cities["2010pop_10k"], census_pop)
    cities["pop_source"] = np.where(use_hsiang, "Hsiang et al. 2010 population", "census 2010")
    cities = cities.sort_values(["adm1_name", "adm2_name"]).reset_index(drop=True)
    return {"declarations": decl, "cities": cities, "crosswalk": cw,
            "province_orders": prov_all.rename("date").reset_index()}


def covid_risk_set(cities: pd.DataFrame, last: int, *, radius_km: float = 200.0) -> pd.DataFrame:
    """City-day risk set for the home-isolation orders, with the three diffusion covariates.

    * ``prov_share``: share of the other cities of the same province with an own order before the day
      (horizontal, within the province);
    * ``days_since_decl``: days since the provincial level-1 declaration (vertical);
    * ``nbr_share``: share of the cities within ``radius_km`` (any province) with an order before the
      day (horizontal, spatial);
    * ``log_pop``: log 2010 population (10^4), ``hubei``: Hubei province.
    Cities under a province-wide order leave the risk set the day before it applies.
    """
    c = cities.reset_index(drop=True).copy()
    if c[["lon", "lat", "pop_10k", "declaration_day"]].isna().any().any():
        bad = c[c[["lon", "lat", "pop_10k", "declaration_day"]].isna().any(axis=1)]["adm2_name"].tolist()
        raise ValueError(f"covid_risk_set: cities without coordinates, population or declaration: {bad}")
    c["unit"] = np.arange(len(c))
    ev = c["event_day"].to_numpy(float)
    # province-wide orders: censor the city at the day before the order if it had not adopted yet
    pod = c["province_order_day"].to_numpy(float)
    capped = np.isfinite(pod) & ~(np.isfinite(ev) & (ev < pod))
    c["exit_day"] = np.where(capped, pod - 1, last)
    c["event"] = np.where(capped & np.isfinite(ev) & (ev >= pod), np.nan, ev)
    rs = risk_set(c, unit="unit", event="event", first=1, last=last)
    rs = rs[rs["t"] <= rs["exit_day"]].reset_index(drop=True)
    periods = np.arange(1, last + 1)
    ev_all = np.where(np.isfinite(ev), ev, np.inf)  # peers' own orders, whether or not censored
    ps = group_share_adopted(ev_all, c["adm1_name"], periods)
    nb = neighbour_exposure(ev_all, c["lon"], c["lat"], periods, radius_km=radius_km)
    ui = rs["unit"].to_numpy()
    rs["prov_share"] = attach_panel(rs, ui, periods, np.nan_to_num(ps, nan=0.0))
    rs["nbr_share"] = attach_panel(rs, ui, periods, nb)
    rs["days_since_decl"] = np.maximum(rs["t"] - rs["declaration_day"], 0)
    rs["log_pop"] = np.log(rs["pop_10k"].astype(float))
    rs["hubei"] = (rs["adm1_name"] == "Hubei").astype(float)
    rs["log_day"] = np.log(rs["t"].astype(float))
    return rs


def daily_counts(event_day: pd.Series, last: int) -> tuple[np.ndarray, np.ndarray]:
    """(t = 1..last, adoptions per day) from event days (missing = not adopted by ``last``)."""
    ev = pd.to_numeric(event_day, errors="coerce").dropna().astype(int)
    if (ev < 1).any():
        raise ValueError("event days must be >= 1 (day 1 is the origin)")
    counts = np.bincount(ev[ev <= last], minlength=last + 1)[1:]
    return np.arange(1, last + 1), counts


def dual_carbon_adoption(strategy: pd.DataFrame, panel2020: pd.DataFrame,
                         years=(2020, 2021, 2022, 2023), census: pd.DataFrame | None = None) -> pd.DataFrame:
    """First-adoption year of a dual-carbon strategy for each of the 339 cities.

    Rule: the first year y in ``years`` with ``Strategy_y == 1``; 0 or empty means no strategy
    that year; a city with none is censored at the last year.  ``Good_Strategy_2023`` is a quality
    flag, not an adoption, and is kept as a column.  Covariates from the 2020 panel: resident
    population (10^4), GDP (10^8 yuan) and total CO2 emissions (as given, 10^4 t).

    Coordinates: the file's own Longitude/Latitude are unreliable (many cities carry Beijing's
    point, 116.41 E 39.91 N, a geocoding fallback; see :func:`dual_carbon_census_codes`).  With
    ``census`` given, ``lon``/``lat`` are the census polygon centroids instead (code crosswalk with
    :data:`DUAL_CARBON_CODE_FIX`); the three aggregates of province-administered counties (codes
    ``xx9000``) get the mean centroid of their member units; ``coord_source`` says which.
    """
    s = strategy.copy()
    flags = np.column_stack([s[f"Strategy_{y}"].fillna(0).to_numpy() == 1 for y in years])
    first = np.where(flags.any(axis=1), np.asarray(years)[flags.argmax(axis=1)], np.nan)
    out = pd.DataFrame({
        "code": s["Code"].astype("Int64").astype(str), "province": s["Province"], "city_zh": s["城市名称"],
        "city_en": s["City"], "lon": s["Longitude"], "lat": s["Latitude"], "first_year": first,
        "good_strategy_2023": s["Good_Strategy_2023"].fillna(0).astype(int),
    })
    out["coord_source"] = "dual-carbon file"
    if census is not None:
        from .data.external import census_centroids

        cent = census_centroids(census).astype({"city_code": str})
        cc = out["code"].replace(DUAL_CARBON_CODE_FIX)
        look = cent.set_index("city_code")
        hit = cc.isin(look.index)
        out.loc[hit, "lon"] = cc[hit].map(look["lon"]).to_numpy()
        out.loc[hit, "lat"] = cc[hit].map(look["lat"]).to_numpy()
        out.loc[hit, "coord_source"] = "census centroid"
        for i in np.flatnonzero(~hit & cc.str.endswith("9000")):
            members = cent[cent["city_code"].str.startswith(cc.iloc[i][:4])]
            if len(members):
                out.loc[i, ["lon", "lat"]] = members[["lon", "lat"]].mean().to_numpy()
                out.loc[i, "coord_source"] = f"mean of {len(members)} member-unit centroids"
    out["is_capital"] = [PROVINCIAL_CAPITAL.get(p) == c for p, c in zip(out["province"], out["city_zh"])]
    p = panel2020.set_index(panel2020["Code"].astype("Int64").astype(str))
    for new, col in [("pop_10k", "Permanent_population_10K"), ("gdp_100m", "GDP_100M"), ("co2_total", "Total")]:
        out[new] = out["code"].map(p[col]).astype(float)
    return out


def dual_carbon_risk_set(adoption: pd.DataFrame, years=(2020, 2021, 2022, 2023), *,
                         radius_km: float = 200.0) -> pd.DataFrame:
    """City-year risk set for the dual-carbon strategies with the diffusion covariates.

    * ``nbr_share``: share of cities within ``radius_km`` (``lon``/``lat``; use census centroids, see
      :func:`dual_carbon_adoption`) that adopted in an
      earlier year (horizontal);
    * ``prov_share``: share of the other cities of the province that adopted in an earlier year
      (provincial coordination as much as imitation; 0 for the single-unit municipalities);
    * ``capital_adopted``: the provincial capital adopted in an earlier year (vertical-ish:
      imitation of the provincial centre); 0 for the capitals and municipalities themselves, which
      carry ``is_capital``;
    * ``log_pop``, ``log_gdp``, ``log_co2``: 2020 size, income and emissions (logs);
    * year dummies ``y2021``..: the baseline hazard (national policy calendar).
    """
    a = adoption.reset_index(drop=True).copy()
    need = ["lon", "lat", "pop_10k", "gdp_100m", "co2_total"]
    if a[need].isna().any().any():
        bad = a.loc[a[need].isna().any(axis=1), "city_zh"].tolist()
        raise ValueError(f"dual_carbon_risk_set: cities with missing coordinates or covariates: {bad}")
    a["unit"] = np.arange(len(a))
    years = np.asarray(years)
    rs = risk_set(a, unit="unit", event="first_year", first=int(years[0]), last=int(years[-1]))
    ev = a["first_year"].to_numpy(float)
    nb = neighbour_exposure(ev, a["lon"], a["lat"], years, radius_km=radius_km)
    ui = rs["unit"].to_numpy()
    rs["nbr_share"] = attach_panel(rs, ui, years, nb)
    ps = group_share_adopted(np.where(np.isfinite(ev), ev, np.inf), a["province"], years)
    rs["prov_share"] = attach_panel(rs, ui, years, np.nan_to_num(ps, nan=0.0))
    cap_year = {p: y for p, c, y in zip(a["province"], a["city_zh"], ev) if PROVINCIAL_CAPITAL.get(p) == c}
    cy = rs["province"].map(cap_year).astype(float).fillna(np.inf)
    rs["capital_adopted"] = ((cy < rs["t"]) & ~rs["is_capital"]).astype(float)
    rs["is_capital"] = rs["is_capital"].astype(float)
    rs["log_pop"] = np.log(rs["pop_10k"])
    rs["log_gdp"] = np.log(rs["gdp_100m"])
    rs["log_co2"] = np.log(rs["co2_total"])
    for y in years[1:]:
        rs[f"y{y}"] = (rs["t"] == y).astype(float)
    return rs


def bass_profile_ci(fit: BassFit, param: str = "q", level: float | None = None) -> tuple[float, float]:
    """Profile-likelihood interval for ``p`` or ``q`` of an ML Bass fit with known ``m``.

    The Wald interval on the log scale breaks down when an estimate is near zero (imitation
    absent, say); the profile interval {theta: 2 (l_max - l_profile(theta)) <= chi2_1} does not, and
    its lower end can be 0 for ``q``.
    """
    from scipy.optimize import brentq, minimize_scalar

    if not fit.method.startswith("ML") or not fit.m_fixed:
        raise ValueError("bass_profile_ci needs an ML fit with m fixed (fit_bass_ml(..., m=...))")
    if param not in ("p", "q"):
        raise ValueError("param must be 'p' or 'q'")
    level = fit.level if level is None else level
    t, n, m = fit.t, fit.counts, fit.m
    crit = stats.chi2.ppf(level, 1) / 2

    def ll(p, q):
        F = bass_cdf(np.concatenate([[0.0], t]), p, q)
        dF = np.clip(np.diff(F), 1e-300, None)
        return np.sum(n * np.log(dF)) + (m - n.sum()) * np.log(np.clip(1 - F[-1], 1e-300, None))

    est = getattr(fit, param)
    other0 = fit.q if param == "p" else fit.p

    def prof(v):
        if param == "q":
            f = lambda lp: -ll(np.exp(lp), v)  # noqa: E731
        else:
            f = lambda lq: -ll(v, np.exp(lq))  # noqa: E731
        c = np.log(max(other0, 1e-8))
        r = minimize_scalar(f, bracket=(c - 1, c + 1), method="brent")
        return -r.fun

    lmax = max(ll(fit.p, fit.q), prof(est))
    g = lambda v: lmax - prof(v) - crit  # noqa: E731
    floor = 0.0 if param == "q" else 1e-10
    lo = floor if g(floor) <= 0 else brentq(g, floor, est)
    hi_b = est * 2 + 0.05
    for _ in range(60):
        if g(hi_b) > 0:
            break
        hi_b *= 2
    hi = brentq(g, est, hi_b)
    return float(lo), float(hi)


# ---------------------------------------------------------------------------------------------
# The four cities of Li & Fang (2018)
# ---------------------------------------------------------------------------------------------

#: case -> (census prefecture, reform label, fact ids for: pop 2020, pop 2010 or None, increase
#: 2010-2020 or None, resident for non-hukou share, hukou for non-hukou share, reform start year)
FOUR_CASES = {
    "Haicang": dict(prefecture="厦门市", unit="district of Xiamen", reform="co-creation 共同缔造 (2013)",
                    pop2020="E001", pop2010="E002", increase=None, resident="E010", hukou="E011",
                    start_fact="E036"),
    "Guiyang": dict(prefecture="贵阳市", unit="prefecture city", reform="sub-district offices abolished (pilot 2010)",
                    pop2020="E050", pop2010=None, increase="E051", resident=None, hukou=None,
                    start_fact="E056"),
    "Chengdu": dict(prefecture="成都市", unit="prefecture city", reform="community governance committee 社治委 (2017)",
                    pop2020="E080", pop2010=None, increase="E081", resident="E087", hukou="E086",
                    start_fact="E100"),
    "Taicang": dict(prefecture="苏州市", unit="county-level city of Suzhou", reform="government-society interaction 政社互动 (2008)",
                    pop2020="E120", pop2010="E121", increase=None, resident="E129", hukou="E127",
                    start_fact="E132"),
}


def four_city_profile(facts: pd.DataFrame, census: pd.DataFrame) -> pd.DataFrame:
    """One row per case: census populations 2010/2020 of the case unit (fact sheet) and of its
    prefecture (census file), ten-year growth, the case's share of its prefecture, the non-hukou
    share where resident and hukou counts are sourced for the same year, and the reform.

    Guiyang's and Chengdu's 2010 figures are derived (2020 count minus the stated increase).
    """
    f = facts.set_index("fact_id")
    v = lambda fid: float(f.loc[fid, "value_num"]) if fid else np.nan  # noqa: E731
    cen = census.set_index("city")
    rows = []
    for case, c in FOUR_CASES.items():
        p20 = v(c["pop2020"])
        p10 = v(c["pop2010"]) if c["pop2010"] else p20 - v(c["increase"])
        res, huk = v(c["resident"]), v(c["hukou"])
        year_nh = str(f.loc[c["hukou"], "year"]) if c["hukou"] else ""
        rows.append({
            "case": case, "unit": c["unit"], "pop_2010": p10, "pop_2020": p20,
            "growth_pct": 100 * (p20 / p10 - 1),
            "pop_2010_derived": c["pop2010"] is None,
            "prefecture": c["prefecture"],
            "pref_pop_2010": float(cen.loc[c["prefecture"], "popu_2010"]),
            "pref_pop_2020": float(cen.loc[c["prefecture"], "popu_2020"]),
            "share_of_prefecture_2020": p20 / float(cen.loc[c["prefecture"], "popu_2020"]),
            "non_hukou_share": 1 - huk / res if c["hukou"] else np.nan,
            "non_hukou_year": year_nh,
            "reform": c["reform"],
            "reform_start": int(f.loc[c["start_fact"], "value_num"]) if pd.notna(f.loc[c["start_fact"], "value_num"])
            else int(str(f.loc[c["start_fact"], "value"])[:4]),
            "facts": ", ".join(x for x in (c["pop2020"], c["pop2010"], c["increase"], c["resident"], c["hukou"]) if x),
        })
    return pd.DataFrame(rows)


def timeline_lanes(timeline: pd.DataFrame, adoptions: pd.DataFrame, zones: pd.DataFrame) -> pd.DataFrame:
    """Events for the common-axis timeline figure: one lane per case plus 'national'.

    Governance events keep their lane (case, or national for national/provincial events with no
    case); innovation adoptions by units other than the originating city go to the lane of the
    innovation's case with kind 'spread' ('earlier or parallel claim' when dated before the case's
    own start, e.g. Yunfu's co-creation of 2010); MCA experimental-zone batches (urban, national) are one
    event per batch year, with the number of named zones.
    """
    innov_case = {"co_creation": "Haicang", "street_office_abolition": "Guiyang",
                  "party_committee": "Chengdu", "sichuan_pilots": "Chengdu", "zhengshe_hudong": "Taicang"}
    tl = timeline.copy()
    nat = tl["place"].str.startswith(("China", "Jiangsu"))
    tl = tl[tl["case"].notna() | nat]
    ev = pd.DataFrame({
        "lane": np.where(tl["case"].notna(), tl["case"].astype(str), "national"),
        "year": tl["year"].astype(int), "uncertain": tl["year_uncertain"].astype(bool),
        "kind": np.select([tl["direction"].str.contains("reversal", case=False),
                           tl["direction"].str.contains("horizontal", case=False),
                           tl["direction"].str.contains("recognised|taken up|studied|signalling", case=False,
                                                        regex=True),
                           tl["direction"].str.contains("local innovation|local institutional", case=False,
                                                        regex=True)],
                          ["reversal", "horizontal", "recognised from above", "local innovation"], "top-down"),
        "label": tl["event"].str.slice(0, 60), "source_table": "governance_timeline",
    })
    ad = adoptions[adoptions["year"].notna()].copy()
    ad = ad[~ad["adopter"].str.contains("Xiamen$|Taicang$|Guiyang: pilot|Chengdu$|Haicang", regex=True)]
    lane = ad["innovation"].astype(str).map(innov_case)
    start = lane.map({"Haicang": 2013, "Guiyang": 2010, "Chengdu": 2017, "Taicang": 2008})
    sp = pd.DataFrame({
        "lane": lane, "year": ad["year"].astype(int),
        "uncertain": ad["year_uncertain"].astype(bool),
        "kind": np.select([ad["reversal"].astype(bool), ad["year"].astype(int) < start],
                          ["reversal", "earlier or parallel claim"], "spread"),
        "label": ad["adopter"].str.slice(0, 60), "source_table": "innovation_adoptions",
    })
    z = zones[(zones["programme_kind"] == "national_urban") & zones["year"].notna()]
    zb = z.groupby(["batch", "year"], as_index=False).size()
    mca = pd.DataFrame({"lane": "national", "year": zb["year"].astype(int),
                        "uncertain": zb["batch"].isin(["2"]).to_numpy(), "kind": "MCA zones",
                        "label": [f"MCA batch {b}: {n} zones named" for b, n in zip(zb["batch"], zb["size"])],
                        "source_table": "mca_zones"})
    out = pd.concat([ev, sp, mca], ignore_index=True)
    return out.sort_values(["lane", "year"]).reset_index(drop=True)


def mca_batches(zones: pd.DataFrame) -> pd.DataFrame:
    """Named national urban experimental zones by batch and province (a lower bound on each batch)."""
    z = zones[zones["programme_kind"] == "national_urban"]
    return (z.pivot_table(index="province", columns="batch", values="zone_name_zh", aggfunc="count",
                          fill_value=0, observed=True)
             .assign(total=lambda d: d.sum(axis=1)).sort_values("total", ascending=False))


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
