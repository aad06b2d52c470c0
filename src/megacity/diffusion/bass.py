"""Bass models: the curve, simulation, maximum-likelihood and least-squares fits, profile intervals.

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
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from ..args import DegenerateFitError, ParameterError, check_level

__all__ = [
    "BassFit",
    "bass_cdf",
    "bass_profile_ci",
    "bass_simulate",
    "fit_bass_ml",
    "fit_bass_nls",
    "time_to_share",
    "PushBassFit",
    "TwoSegmentFit",
    "bass_bias_curve",
    "bass_m_choices",
    "fit_bass_push",
    "fit_bass_two_segment",
    "generalized_bass_cdf",
    "simulate_bass_push",
    "two_segment_cdf",
]


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
    if n.sum() < 2 or np.count_nonzero(n) < 2:
        raise DegenerateFitError(
            f"counts hold {int(n.sum())} adoption(s) in {np.count_nonzero(n)} period(s): a Bass curve "
            "needs adoptions in at least two periods (with one adopter, or a single burst, p and q are "
            "not identified and the optimum runs off to p -> infinity or q -> infinity)")
    return t, n


def _check_m(m, func):
    if m is None:
        return None
    try:
        mv = float(m)
    except (TypeError, ValueError):
        raise ParameterError(f"{func}(): m must be a number of potential adopters, got {m!r}") from None
    if not np.isfinite(mv) or mv <= 0:
        raise ParameterError(f"{func}(): m must be a positive finite number of potential adopters, got {m!r}")
    return mv


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
    level = check_level(level, "level", "fit_bass_ml")
    m = _check_m(m, "fit_bass_ml")
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
    level = check_level(level, "level", "fit_bass_nls")
    m = _check_m(m, "fit_bass_nls")
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
    level = fit.level if level is None else check_level(level, "level", "bass_profile_ci")
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
# Generalized Bass model with an explicit, dated push (Bass, Krishnan & Jain 1994)
# ---------------------------------------------------------------------------------------------

def _push_clock(edges: np.ndarray, z: np.ndarray, w: float) -> np.ndarray:
    """Effective time X(t) at the period edges: the integral of x(s) = (1 - w) + w z(s) ds."""
    x = (1.0 - w) + w * z
    return np.concatenate([[0.0], np.cumsum(x * np.diff(edges))])


def generalized_bass_cdf(edges, p: float, q: float, w: float, z) -> np.ndarray:
    """Generalized Bass F at the period edges: ``F(X(t))`` with the Bass F and the push clock X.

    The hazard is ``(p + q F(t)) x(t)`` with the effort ``x(t) = (1 - w) + w z(t)``, ``z`` the push
    intensity in [0, 1] (piecewise constant: ``z[k]`` holds in period ``(edges[k], edges[k+1]]``,
    e.g. the share of cities whose province had declared a level-1 emergency).  ``w`` in [0, 1] is
    the weight of the push: ``w = 0`` is the classic Bass model; ``w = 1`` means nobody adopts
    before the push arrives; a full push multiplies the hazard by ``1 / (1 - w)``.
    """
    edges = np.asarray(edges, float)
    z = np.asarray(z, float)
    if len(z) != len(edges) - 1:
        raise ParameterError(f"generalized_bass_cdf(): z needs one value per period ({len(edges) - 1}), got {len(z)}")
    X = _push_clock(edges, z, w)
    e = np.exp(-(p + q) * X)
    return (1.0 - e) / (1.0 + (q / max(p, 1e-300)) * e)


@dataclass
class PushBassFit:
    """Result of :func:`fit_bass_push`: Generalized Bass with a dated push, and the tests it allows."""

    p: float
    q: float
    w: float
    m: float
    loglik: float
    ci: pd.DataFrame
    loglik_q0: float
    p_q0: float
    w_q0: float
    loglik_nopush: float
    t: np.ndarray
    counts: np.ndarray
    z: np.ndarray
    level: float = 0.95

    @property
    def lr_q0(self) -> float:
        """Likelihood-ratio statistic of q = 0 given the push."""
        return max(2 * (self.loglik - self.loglik_q0), 0.0)

    @property
    def pvalue_q0(self) -> float:
        """q = 0 is on the boundary: the LR statistic is a 50:50 mixture of chi2_0 and chi2_1."""
        return float(0.5 * stats.chi2.sf(self.lr_q0, 1)) if self.lr_q0 > 0 else 1.0

    @property
    def lr_push(self) -> float:
        """Likelihood-ratio statistic of w = 0 (no push: the classic Bass model)."""
        return max(2 * (self.loglik - self.loglik_nopush), 0.0)

    @property
    def pvalue_push(self) -> float:
        """w = 0 is on the boundary too: half the chi2_1 tail."""
        return float(0.5 * stats.chi2.sf(self.lr_push, 1)) if self.lr_push > 0 else 1.0

    @property
    def push_factor(self) -> float:
        """Hazard multiplier of a full push (z = 1 against z = 0): 1 / (1 - w)."""
        return float(1 / (1 - self.w)) if self.w < 1 else np.inf

    def as_dict(self) -> dict:
        return {"p": self.p, "q": self.q, "w": self.w, "push_factor": self.push_factor,
                "lr_q0": self.lr_q0, "pvalue_q0": self.pvalue_q0, "lr_push": self.lr_push,
                "pvalue_push": self.pvalue_push, "p_q0": self.p_q0, "w_q0": self.w_q0,
                "w_low": self.ci.loc["w", "ci_low"], "w_high": self.ci.loc["w", "ci_high"],
                "q_low": self.ci.loc["q", "ci_low"], "q_high": self.ci.loc["q", "ci_high"]}


def _gbass_nll(theta, edges, n, m, z, q_zero):
    p = np.exp(theta[0])
    q = 0.0 if q_zero else np.exp(theta[1])
    w = special.expit(theta[-1])
    F = generalized_bass_cdf(edges, p, q, w, z)
    dF = np.clip(np.diff(F), 1e-300, None)
    return -(np.sum(n * np.log(dF)) + (m - n.sum()) * np.log(np.clip(1 - F[-1], 1e-300, None)))


def fit_bass_push(t, counts, m: float, push, *, level: float = 0.95) -> PushBassFit:
    """ML fit of the Generalized Bass model with a dated push ``push`` (one value per period).

    Three nested fits on the grouped adoption counts: the full model (p, q, w), the model with
    q = 0 (a push and a constant external rate, no imitation), and the classic Bass (w = 0).
    ``pvalue_q0`` tests q = 0 given the push and ``pvalue_push`` tests w = 0 (both boundary-corrected
    LR).  Wald intervals for p and q on the log scale and for w on the logit scale, from the
    numerical Hessian (NaN when w is at its bound).  ``m`` (units at risk) is fixed.
    """
    func = "fit_bass_push"
    level = check_level(level, "level", func)
    m = _check_m(m, func)
    t, n = _check_counts(t, counts)
    if m < n.sum():
        raise ParameterError(f"{func}(): m = {m} is smaller than the number of adopters ({int(n.sum())})")
    z = np.asarray(push, float)
    if z.shape != t.shape or not np.isfinite(z).all():
        raise ParameterError(f"{func}(): push must hold one finite value per period ({len(t)}), got shape {z.shape}")
    if np.ptp(z) == 0:
        raise DegenerateFitError(f"{func}(): push is constant over the periods; its weight is not identified")
    if z.min() < 0 or z.max() > 1:
        raise ParameterError(f"{func}(): push must lie in [0, 1] (a share or an indicator), got {z.min():g} to {z.max():g}")
    edges = np.concatenate([[0.0], t])

    def best(q_zero, fix_gamma=None):
        top = None
        for p0 in (0.001, 0.01, 0.05):
            for q0 in ((None,) if q_zero else (0.05, 0.5)):
                for g0 in ((0.0,) if fix_gamma is not None else (-2.0, 0.0, 2.0, 5.0)):
                    x0 = [np.log(p0)] + ([] if q_zero else [np.log(q0)]) + ([] if fix_gamma is not None else [g0])
                    if fix_gamma is not None:
                        f = lambda th: _gbass_nll(np.append(th, fix_gamma), edges, n, m, z, q_zero)  # noqa: E731
                    else:
                        f = lambda th: _gbass_nll(th, edges, n, m, z, q_zero)  # noqa: E731
                    r = optimize.minimize(f, x0, method="Nelder-Mead",
                                          options=dict(xatol=1e-7, fatol=1e-10, maxiter=4000, maxfev=8000))
                    if top is None or r.fun < top.fun:
                        top = r
        return top

    full = best(False)
    q0 = best(True)
    nopush = best(False, fix_gamma=-40.0)
    theta = full.x
    nll = lambda th: _gbass_nll(th, edges, n, m, z, False)  # noqa: E731
    zc = stats.norm.ppf(0.5 + level / 2)
    try:
        se = np.sqrt(np.clip(np.diag(np.linalg.inv(_num_hessian(nll, theta))), 0, None))
    except np.linalg.LinAlgError:
        se = np.full(3, np.nan)
    if abs(theta[2]) > 12:                    # w at a bound: the Wald interval is meaningless
        se = np.where(np.arange(3) == 2, np.nan, se)
    ci = pd.DataFrame({"ci_low": [np.exp(theta[0] - zc * se[0]), np.exp(theta[1] - zc * se[1]),
                                  special.expit(theta[2] - zc * se[2])],
                       "ci_high": [np.exp(theta[0] + zc * se[0]), np.exp(theta[1] + zc * se[1]),
                                   special.expit(theta[2] + zc * se[2])]},
                      index=["p", "q", "w"])
    return PushBassFit(p=float(np.exp(theta[0])), q=float(np.exp(theta[1])), w=float(special.expit(theta[2])), m=m,
                       loglik=-float(full.fun), ci=ci, loglik_q0=-float(q0.fun), p_q0=float(np.exp(q0.x[0])),
                       w_q0=float(special.expit(q0.x[-1])), loglik_nopush=-float(nopush.fun), t=t, counts=n, z=z,
                       level=level)


def simulate_bass_push(p: float, q: float, w: float, push, m: int, rng: np.random.Generator,
                       size: int | None = None) -> np.ndarray:
    """Counts per period 1..len(push) from the Generalized Bass model with push ``push`` (simulation).

    Each unit's effective adoption time is drawn from the Bass distribution and mapped back to
    calendar time through the push clock X(t) (piecewise linear), vectorised over replicates.
    """
    z = np.asarray(push, float)
    T = len(z)
    edges = np.arange(T + 1, dtype=float)
    X = _push_clock(edges, z, w)
    reps = 1 if size is None else int(size)
    u = rng.random((reps, int(m)))
    tau = -np.log((1 - u) / (1 + u * q / p)) / (p + q)
    cal = np.interp(tau, X, edges, right=np.inf)
    k = np.ceil(cal)
    k = np.where(np.isfinite(k) & (k <= T), k, 0).astype(np.int64)
    counts = np.zeros((reps, T + 1), dtype=np.int64)
    np.add.at(counts, (np.repeat(np.arange(reps), int(m)), k.ravel()), 1)
    out = counts[:, 1:]
    return out[0] if size is None else out


# ---------------------------------------------------------------------------------------------
# Two-segment (mixed-influence) Bass
# ---------------------------------------------------------------------------------------------

def two_segment_cdf(t, theta: float, p1: float, p2: float, q2: float) -> np.ndarray:
    """Share adopted by ``t`` in a population of two segments.

    A share ``theta`` adopts only under outside influence (constant rate ``p1``: a push reaching
    its targets), the rest follows a Bass curve (``p2``, ``q2``) among themselves.
    """
    t = np.asarray(t, float)
    return theta * (1 - np.exp(-p1 * t)) + (1 - theta) * bass_cdf(t, p2, q2)


@dataclass
class TwoSegmentFit:
    theta: float
    p1: float
    p2: float
    q2: float
    loglik: float
    loglik_bass: float
    m: float

    @property
    def lr(self) -> float:
        return max(2 * (self.loglik - self.loglik_bass), 0.0)

    def as_dict(self) -> dict:
        return {"theta": self.theta, "p1": self.p1, "p2": self.p2, "q2": self.q2, "lr_vs_bass": self.lr,
                "loglik": self.loglik, "loglik_bass": self.loglik_bass}


def fit_bass_two_segment(t, counts, m: float) -> TwoSegmentFit:
    """ML fit of :func:`two_segment_cdf` to grouped counts with ``m`` fixed (multi-start Nelder-Mead).

    ``lr_vs_bass`` compares it with the one-segment Bass fit (two extra parameters; theta = 0 is a
    boundary, so read the statistic as descriptive rather than as a chi-square test).
    """
    func = "fit_bass_two_segment"
    m = _check_m(m, func)
    t, n = _check_counts(t, counts)
    if m < n.sum():
        raise ParameterError(f"{func}(): m = {m} is smaller than the number of adopters ({int(n.sum())})")
    edges = np.concatenate([[0.0], t])

    def nll(th):
        theta = special.expit(th[0])
        p1, p2, q2 = np.exp(th[1:])
        F = two_segment_cdf(edges, theta, p1, p2, q2)
        dF = np.clip(np.diff(F), 1e-300, None)
        return -(np.sum(n * np.log(dF)) + (m - n.sum()) * np.log(np.clip(1 - F[-1], 1e-300, None)))

    top = None
    for th0 in (-2.0, 0.0):
        for p10 in (0.05, 0.5):
            for q20 in (0.1, 0.5):
                r = optimize.minimize(nll, [th0, np.log(p10), np.log(0.001), np.log(q20)], method="Nelder-Mead",
                                      options=dict(xatol=1e-7, fatol=1e-10, maxiter=6000, maxfev=12000))
                if top is None or r.fun < top.fun:
                    top = r
    classic = fit_bass_ml(t, n, m=m, wald=False, profile=False)
    th = top.x
    return TwoSegmentFit(theta=float(special.expit(th[0])), p1=float(np.exp(th[1])), p2=float(np.exp(th[2])),
                         q2=float(np.exp(th[3])), loglik=-float(top.fun), m=m,
                         loglik_bass=-float(_bass_nll_batch(np.log([[classic.p, classic.q]]), edges, n[None], m)[0]))


# ---------------------------------------------------------------------------------------------
# What Bass reads into a top-down cluster, and the choice of m
# ---------------------------------------------------------------------------------------------

def bass_bias_curve(spreads, *, m: int = 300, periods: int = 21, lead: float = 1.0, reps: int = 200,
                    seed: int = 0) -> pd.DataFrame:
    """Bass estimates when adoption is purely top-down (simulation; the true q is 0).

    Every unit adopts at ``lead + delay`` after the origin, the delay exponential with mean
    ``spread`` periods: one dated signal at ``lead``, then a constant hazard with no imitation.
    For each spread, ``reps`` curves are simulated and fitted by ML with ``m`` fixed; the table gives
    the median and 10-90% range of q-hat and q-hat/p-hat.  A tight cluster (small spread) after a
    quiet start is read as strong imitation.
    """
    from ..args import check_positive
    spreads = check_positive(spreads, "spreads", "bass_bias_curve")
    rng = np.random.default_rng(seed)
    t = np.arange(1, periods + 1, dtype=float)
    rows = []
    for s in np.atleast_1d(spreads):
        times = lead + rng.exponential(s, size=(reps, m))
        k = np.ceil(times).astype(int)
        counts = np.zeros((reps, periods + 1))
        ok = k <= periods
        np.add.at(counts, (np.repeat(np.arange(reps), m)[ok.ravel()], k.ravel()[ok.ravel()]), 1)
        counts = counts[:, 1:]
        mean_fit = fit_bass_ml(t, counts.sum(axis=0), m=m * reps, wald=False)
        pq = _bass_ml_batch(t, counts, float(m), (mean_fit.p, mean_fit.q))
        for b in np.flatnonzero(np.isnan(pq).any(axis=1)):
            try:
                f = fit_bass_ml(t, counts[b], m=m, wald=False)
                pq[b] = (f.p, f.q)
            except ValueError:
                pass
        qp = pq[:, 1] / pq[:, 0]
        rows.append({"spread": float(s), "lead": lead, "q_median": np.nanmedian(pq[:, 1]),
                     "q_p10": np.nanpercentile(pq[:, 1], 10), "q_p90": np.nanpercentile(pq[:, 1], 90),
                     "qp_median": np.nanmedian(qp), "qp_p10": np.nanpercentile(qp, 10),
                     "qp_p90": np.nanpercentile(qp, 90), "p_median": np.nanmedian(pq[:, 0]),
                     "true_rate": 1 / s})
    return pd.DataFrame(rows)


def bass_m_choices(t, counts, m_at_risk: float) -> pd.DataFrame:
    """p, q and q/p under the three choices of m: eventual adopters, units at risk, m free.

    * *eventual adopters* (m = adopters observed): forces F(T) = 1, i.e. assumes no unit still
      at risk would ever adopt;
    * *units at risk*: every unit that could adopt is a potential adopter; the censored ones are
      the ``1 - F(T)`` cell of the likelihood;
    * *m free*: estimated, at least the adopters observed; not identified when the curve has not
      visibly levelled off.
    """
    t, n = _check_counts(t, counts)
    N = float(n.sum())
    out = []
    for label, mm in [("eventual adopters", N), ("units at risk", float(m_at_risk)), ("m estimated", None)]:
        f = fit_bass_ml(t, n, m=mm, profile=False)
        out.append({"choice of m": label, "m": f.m, "p": f.p, "q": f.q, "q/p": f.q_over_p, "loglik": f.loglik})
    return pd.DataFrame(out)
