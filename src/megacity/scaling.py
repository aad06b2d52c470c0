"""Urban scaling laws Y = Y0 * N^beta: three estimators, a vectorised bootstrap, fluctuation models.

Model
-----
For city i with population N_i and an urban indicator Y_i (GDP, fiscal revenue, ...),
E[Y_i | N_i] = Y0 * N_i^beta.  beta > 1 ("superlinear") means the indicator per head rises
with size.  How the observations scatter around that curve is a separate modelling choice,
and the estimate of beta depends on it (Leitao et al. 2016):

* ``ols``: least squares of log Y on log N: the right estimator when the noise is
  multiplicative and log-normal (it estimates the scaling of the *geometric* mean);
* ``nls``: nonlinear least squares of Y on Y0 * N^beta in levels: additive noise of constant
  variance (dominated by the largest cities);
* ``ppml``: Poisson pseudo-maximum likelihood (Santos Silva & Tenreyro 2006): consistent for
  the conditional *mean* under any variance proportional to the mean, and robust to
  heteroskedastic multiplicative noise, which biases log-OLS.

Every estimator is written for a *batch* of data sets at once (arrays of shape (B, n)), so that
a pairs bootstrap of B resamples is a handful of array operations (:func:`bootstrap_betas`).
Standard errors are heteroskedasticity-robust sandwiches; bootstrap intervals are percentile
intervals of the pairs bootstrap.

:func:`compare_fluctuation_models` fits four likelihoods of Y (log-normal; Gaussian with
variance constant, proportional to the mean, or a free power of the mean) and reports for each
the AIC/BIC, beta with a Wald interval, and a likelihood-ratio test of beta = 1.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, stats

__all__ = ["METHODS", "FluctuationComparison", "ScalingFit", "absolute_fit", "bootstrap_betas",
           "compare_fluctuation_models", "fit_scaling", "implied_exponent",
           "implied_exponent_range", "scaling_table"]

METHODS = ("ols", "nls", "ppml")


# ------------------------------------------------------------------ input checks
def _prepare(N, Y, name: str = "Y") -> tuple[np.ndarray, np.ndarray]:
    n_arr = np.asarray(N, dtype=float).ravel()
    y_arr = np.asarray(Y, dtype=float).ravel()
    if n_arr.shape != y_arr.shape:
        raise ValueError(f"population and {name} differ in length ({n_arr.size} vs {y_arr.size})")
    miss = ~(np.isfinite(n_arr) & np.isfinite(y_arr))
    if miss.any():
        raise ValueError(f"{int(miss.sum())} missing value(s) in population or {name}; drop them "
                         "explicitly (and report how many) before fitting")
    if np.any(n_arr <= 0) or np.any(y_arr <= 0):
        raise ValueError(f"population and {name} must be positive for a power law; found "
                         f"{int(np.sum(n_arr <= 0))} non-positive population and "
                         f"{int(np.sum(y_arr <= 0))} non-positive {name} value(s)")
    if n_arr.size < 10:
        raise ValueError(f"only {n_arr.size} cities: need at least 10 to fit a scaling law")
    return n_arr, y_arr


# ------------------------------------------------------------------ batch estimators
# x: (B, n) centred log population; y: (B, n) indicator scaled by its median.  Each returns
# (a, b) arrays of shape (B,), the intercept on the centred scale and the exponent.

def _ols_batch(x, logy):
    xc = x - x.mean(axis=1, keepdims=True)
    b = (xc * (logy - logy.mean(axis=1, keepdims=True))).sum(axis=1) / (xc * xc).sum(axis=1)
    a = logy.mean(axis=1) - b * x.mean(axis=1)
    return a, b


def _wls2(x, z, w):
    """Weighted least squares of z on [1, x], row by row (closed form for two parameters)."""
    sw = w.sum(axis=1)
    mx = (w * x).sum(axis=1) / sw
    mz = (w * z).sum(axis=1) / sw
    dx = x - mx[:, None]
    b = (w * dx * (z - mz[:, None])).sum(axis=1) / (w * dx * dx).sum(axis=1)
    return mz - b * mx, b


def _ppml_batch(x, y, a0, b0, tol=1e-10, max_iter=100):
    a, b = a0.copy(), b0.copy()
    for _ in range(max_iter):
        eta = a[:, None] + b[:, None] * x
        mu = np.exp(eta)
        z = eta + (y - mu) / mu
        a_new, b_new = _wls2(x, z, mu)
        done = np.max(np.abs(b_new - b)) < tol
        a, b = a_new, b_new
        if done:
            break
    else:  # pragma: no cover - the Poisson likelihood is concave; this signals bad data
        raise RuntimeError("PPML did not converge in 100 iterations")
    return a, b


def _nls_batch(x, y, a0, b0, tol=1e-10, max_iter=200):
    """Damped Newton for min sum (y - exp(a + b x))^2, every row with its own damping.

    The step solves (H + lam * diag(J'J)) d = J'r with the exact Hessian H of the sum of squares
    (J'J minus the residual-weighted second derivatives of the mean), in closed form for two
    parameters.  With the exact Hessian the iteration converges quadratically near the minimum,
    where Gauss-Newton converges only linearly for data with large residuals like these; a step
    that does not lower the sum of squares (or meets an indefinite matrix) is refused and the
    damping raised.  Rows that have converged leave the working set, so late iterations cost
    only what the slow rows need.
    """
    a, b = np.array(a0, dtype=float), np.array(b0, dtype=float)
    lam = np.full(a.shape, 1e-3)
    active = np.arange(a.size)
    xa, ya = x, y
    mu = np.exp(a[:, None] + b[:, None] * xa)
    cur = ((ya - mu) ** 2).sum(axis=1)
    for _ in range(max_iter):
        a_act, b_act, lam_act = a[active], b[active], lam[active]
        rmu = (ya - mu) * mu
        rmux = rmu * xa
        mu2 = mu * mu
        mu2x = mu2 * xa
        s00, s01, s11 = mu2.sum(axis=1), mu2x.sum(axis=1), (mu2x * xa).sum(axis=1)
        g0, g1 = rmu.sum(axis=1), rmux.sum(axis=1)
        h00, h01, h11 = s00 - g0, s01 - g1, s11 - (rmux * xa).sum(axis=1)
        m00, m11 = h00 + lam_act * s00, h11 + lam_act * s11
        det = m00 * m11 - h01 * h01
        definite = (det > 0) & (m00 > 0)
        da = (m11 * g0 - h01 * g1) / det
        db = (m00 * g1 - h01 * g0) / det
        mu_new = np.exp((a_act + da)[:, None] + (b_act + db)[:, None] * xa)
        new = ((ya - mu_new) ** 2).sum(axis=1)
        better = definite & (new < cur)
        a[active] = np.where(better, a_act + da, a_act)
        b[active] = np.where(better, b_act + db, b_act)
        cur = np.where(better, new, cur)
        mu = np.where(better[:, None], mu_new, mu)
        lam[active] = np.where(better, lam_act / 10, lam_act * 10)
        # converged: an accepted step is negligible; or an undamped step is negligible even though
        # rounding refused it; or no step in a widening trust region lowers the sum of squares
        conv = ((better & (np.abs(db) < tol))
                | (definite & (lam_act <= 1) & (np.abs(db) < tol / 100))
                | (lam[active] > 1e8))
        if conv.all():
            break
        if conv.any():
            keep = ~conv
            active, xa, ya, mu, cur = active[keep], xa[keep], ya[keep], mu[keep], cur[keep]
    else:  # pragma: no cover - signals data a power law cannot fit
        raise RuntimeError(f"NLS did not converge in {max_iter} iterations for "
                           f"{active.size} resample(s)")
    return a, b


def _fit_batch(method: str, logn, y):
    """Fit ``method`` to each row of (logn, y); y is already scaled (its median is about 1)."""
    if method not in METHODS:
        raise ValueError(f"unknown method '{method}'; use one of {METHODS}")
    a, b = _ols_batch(logn, np.log(y))
    if method == "ols":
        return a, b
    a, b = _ppml_batch(logn, y, a, b)
    if method == "ppml":
        return a, b
    return _nls_batch(logn, y, a, b)


# ------------------------------------------------------------------ results
@dataclass(frozen=True)
class ScalingFit:
    """One scaling fit: Y = Y0 * N^beta, with robust and (optionally) bootstrap uncertainty."""

    method: str
    beta: float
    log_y0: float              #: natural log of Y0 (Y and N in their original units)
    se: float                  #: heteroskedasticity-robust (sandwich) standard error of beta
    n: int
    residuals: np.ndarray = field(repr=False)   #: log Y - log fitted (the SAMIs)
    boot: np.ndarray | None = field(default=None, repr=False)
    level: float = 0.95

    @property
    def ci(self) -> tuple[float, float]:
        """Percentile bootstrap interval if bootstrapped, else a Wald interval on the robust SE."""
        a = 1 - self.level
        if self.boot is not None:
            lo, hi = np.quantile(self.boot, [a / 2, 1 - a / 2])
            return float(lo), float(hi)
        z = stats.norm.ppf(1 - a / 2)
        return self.beta - z * self.se, self.beta + z * self.se

    @property
    def p_superlinear(self) -> float:
        """One-sided bootstrap share of resamples with beta <= 1 (NaN without a bootstrap)."""
        return float(np.mean(self.boot <= 1.0)) if self.boot is not None else float("nan")

    def predict(self, N) -> np.ndarray:
        return np.exp(self.log_y0 + self.beta * np.log(np.asarray(N, dtype=float)))

    def summary(self) -> pd.DataFrame:
        lo, hi = self.ci
        return pd.DataFrame([{"method": self.method, "beta": self.beta, "se_robust": self.se,
                              "ci_low": lo, "ci_high": hi,
                              "ci_kind": "bootstrap" if self.boot is not None else "Wald",
                              "n_boot": 0 if self.boot is None else int(self.boot.size),
                              "n": self.n}])


def _sandwich_se(method, x, y, a, b):
    """Robust SE of b for one data set (x centred log N, y scaled)."""
    mu = np.exp(a + b * x)
    if method == "ols":
        w, u = np.ones_like(x), np.log(y) - (a + b * x)
    elif method == "ppml":
        w, u = mu, y - mu
    else:
        w, u = mu * mu, mu * (y - mu)
    X = np.column_stack([np.ones_like(x), x])
    bread = np.linalg.inv((X * w[:, None]).T @ X)
    meat = (X * (u * u)[:, None]).T @ X
    n = x.size
    cov = bread @ meat @ bread * n / (n - 2)
    return float(np.sqrt(cov[1, 1]))


def bootstrap_betas(N, Y, method: str = "ols", n_boot: int = 2000, seed: int | None = 0,
                    *, _checked: bool = False) -> np.ndarray:
    """Pairs-bootstrap exponents: ``n_boot`` resamples of cities, fitted together as one array."""
    if not _checked:
        N, Y = _prepare(N, Y)
    rng = np.random.default_rng(seed)
    n = N.size
    idx = rng.integers(0, n, size=(n_boot, n))
    logn = np.log(N) - np.log(N).mean()
    y = Y / np.median(Y)
    _, b = _fit_batch(method, logn[idx], y[idx])
    return b


def fit_scaling(N, Y, method: str = "ols", *, n_boot: int = 0, seed: int | None = 0,
                level: float = 0.95, name: str = "Y") -> ScalingFit:
    """Fit Y = Y0 N^beta by ``method`` ('ols', 'nls' or 'ppml'); bootstrap if ``n_boot`` > 0."""
    if method not in METHODS:
        raise ValueError(f"unknown method '{method}'; use one of {METHODS}")
    N, Y = _prepare(N, Y, name)
    mlog = np.log(N).mean()
    logn = np.log(N) - mlog
    scale = np.median(Y)
    y = Y / scale
    a, b = _fit_batch(method, logn[None, :], y[None, :])
    a, b = float(a[0]), float(b[0])
    se = _sandwich_se(method, logn, y, a, b)
    log_y0 = a + np.log(scale) - b * mlog
    resid = np.log(Y) - (log_y0 + b * np.log(N))
    boot = bootstrap_betas(N, Y, method, n_boot, seed, _checked=True) if n_boot else None
    return ScalingFit(method, b, float(log_y0), se, int(N.size), resid, boot, level)


def scaling_table(df: pd.DataFrame, population: str, indicators, methods=METHODS, *,
                  n_boot: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Fit every (indicator, method) pair on ``df``; rows with a missing value are dropped per
    indicator and counted in ``n_dropped``."""
    rows = []
    for ind in indicators:
        d = df[[population, ind]].dropna()
        for m in methods:
            fit = fit_scaling(d[population], d[ind], m, n_boot=n_boot, seed=seed, name=ind)
            rows.append(fit.summary().assign(indicator=ind, population=population,
                                             n_dropped=len(df) - len(d)))
    out = pd.concat(rows, ignore_index=True)
    return out[["indicator", "population", "method", "beta", "se_robust", "ci_low", "ci_high",
                "ci_kind", "n_boot", "n", "n_dropped"]]


# ------------------------------------------------------------------ fluctuation models
def _num_hessian(f, theta, h=1e-4):
    k = theta.size
    H = np.empty((k, k))
    E = np.eye(k) * h
    for i in range(k):
        for j in range(i, k):
            H[i, j] = H[j, i] = (f(theta + E[i] + E[j]) - f(theta + E[i] - E[j])
                                 - f(theta - E[i] + E[j]) + f(theta - E[i] - E[j])) / (4 * h * h)
    return H


def _gauss_nll(theta, x, y, delta, beta):
    """Negative log-likelihood of Y ~ Normal(mu, g * mu^delta), mu = exp(a + b x)."""
    it = iter(theta)
    a = next(it)
    b = next(it) if beta is None else beta
    lg = next(it)
    d = next(it) if delta is None else delta
    eta = a + b * x
    logvar = lg + d * eta
    return 0.5 * np.sum(np.log(2 * np.pi) + logvar + (y - np.exp(eta)) ** 2 * np.exp(-logvar))


def _fit_gauss(x, y, delta, beta=None):
    a0, b0 = _ppml_batch(x[None], y[None], *_ols_batch(x[None], np.log(y)[None]))
    a0, b0 = float(a0[0]), float(b0[0]) if beta is None else beta
    mu = np.exp(a0 + b0 * x)
    d0 = 1.0 if delta is None else delta
    lg0 = float(np.log(np.mean((y - mu) ** 2 / mu ** d0)))
    theta0 = [a0] + ([b0] if beta is None else []) + [lg0] + ([d0] if delta is None else [])
    f = lambda t: _gauss_nll(t, x, y, delta, beta)  # noqa: E731
    best = None
    for method in ("BFGS", "Nelder-Mead"):
        res = optimize.minimize(f, np.asarray(theta0, float), method=method,
                                options={"maxiter": 20000, "xatol": 1e-10, "fatol": 1e-12}
                                if method == "Nelder-Mead" else {"gtol": 1e-8})
        if best is None or res.fun < best.fun:
            best = res
        theta0 = best.x
    return best.x, float(best.fun), f


@dataclass(frozen=True)
class FluctuationComparison:
    """Four fluctuation models for one indicator, compared on the same (scaled) data."""

    table: pd.DataFrame

    def summary(self) -> pd.DataFrame:
        return self.table

    @property
    def best(self) -> str:
        return str(self.table.sort_values("aic").iloc[0]["model"])


def compare_fluctuation_models(N, Y, level: float = 0.95, name: str = "Y") -> FluctuationComparison:
    """Log-normal vs Gaussian (variance ~ mu^0, mu^1, mu^delta) models of Y around Y0 N^beta.

    All log-likelihoods are for Y scaled by its median (the same for every model, so AIC and BIC
    differences are meaningful).  For each model: beta, a Wald interval from the observed
    information, and the likelihood-ratio test of beta = 1 (``p_beta_eq_1``).
    """
    N, Y = _prepare(N, Y, name)
    x = np.log(N) - np.log(N).mean()
    y = Y / np.median(Y)
    n = y.size
    z = stats.norm.ppf(0.5 + level / 2)
    rows = []
    # log-normal: closed-form ML; likelihood of y includes the Jacobian -sum(log y)
    ly = np.log(y)
    a, b = _ols_batch(x[None], ly[None])
    a, b = float(a[0]), float(b[0])
    s2 = np.mean((ly - a - b * x) ** 2)
    ll = -0.5 * n * (np.log(2 * np.pi * s2) + 1) - ly.sum()
    se = np.sqrt(s2 / np.sum((x - x.mean()) ** 2))
    s2_0 = np.mean((ly - x - np.mean(ly - x)) ** 2)
    ll0 = -0.5 * n * (np.log(2 * np.pi * s2_0) + 1) - ly.sum()
    rows.append(("log-normal", b, se, ll, ll0, 3, np.nan))
    for label, delta in (("Gaussian, constant variance", 0.0),
                         ("Gaussian, variance ~ mean", 1.0),
                         ("Gaussian, variance ~ mean^delta", None)):
        theta, nll, f = _fit_gauss(x, y, delta)
        H = _num_hessian(f, theta)
        try:
            cov = np.linalg.inv(H)
            se_b = float(np.sqrt(cov[1, 1])) if cov[1, 1] > 0 else np.nan
        except np.linalg.LinAlgError:  # pragma: no cover
            se_b = np.nan
        _, nll0, _ = _fit_gauss(x, y, delta, beta=1.0)
        k = theta.size
        rows.append((label, float(theta[1]), se_b, -nll, -nll0, k,
                     float(theta[-1]) if delta is None else delta))
    t = pd.DataFrame(rows, columns=["model", "beta", "se", "loglik", "loglik_beta1", "k", "delta"])
    t["ci_low"] = t["beta"] - z * t["se"]
    t["ci_high"] = t["beta"] + z * t["se"]
    t["aic"] = 2 * t["k"] - 2 * t["loglik"]
    t["bic"] = np.log(n) * t["k"] - 2 * t["loglik"]
    t["delta_aic"] = t["aic"] - t["aic"].min()
    lr = np.clip(2 * (t["loglik"] - t["loglik_beta1"]), 0, None)
    t["p_beta_eq_1"] = stats.chi2.sf(lr, 1)
    t["superlinear"] = (t["ci_low"] > 1) & (t["p_beta_eq_1"] < 1 - level)
    t["n"] = n
    return FluctuationComparison(t[["model", "beta", "se", "ci_low", "ci_high", "delta", "k",
                                    "loglik", "aic", "bic", "delta_aic", "p_beta_eq_1",
                                    "superlinear", "n"]])


# ------------------------------------------------------------------ claims about ratios
def implied_exponent(size_ratio: float, output_ratio: float) -> float:
    """The beta with size_ratio^beta = output_ratio: log(output_ratio) / log(size_ratio)."""
    if size_ratio <= 1 or output_ratio <= 0:
        raise ValueError("size_ratio must exceed 1 and output_ratio must be positive")
    return float(np.log(output_ratio) / np.log(size_ratio))


def implied_exponent_range(size_ratio: float, output_ratio: float,
                           half_width: float) -> tuple[float, float]:
    """Range of beta compatible with an output ratio stated to within +/- ``half_width``
    ("about 16" read as 15.5-16.5 gives half_width 0.5)."""
    return (implied_exponent(size_ratio, output_ratio - half_width),
            implied_exponent(size_ratio, output_ratio + half_width))


# ------------------------------------------------------------------ absolute fit
def _hetero_lognormal_batch(x, z, n_iter: int = 40):
    """ML of z ~ Normal(a + b x, exp(c + d x)), row by row, by alternating scoring steps.

    x, z: (B, n).  Returns a, b, c, d of shape (B,)."""
    a, b = _ols_batch(x, z)
    r = z - a[:, None] - b[:, None] * x
    c = np.log(np.mean(r * r, axis=1))
    d = np.zeros_like(c)
    for _ in range(n_iter):
        w = np.exp(-(c[:, None] + d[:, None] * x))
        a, b = _wls2(x, z, w)
        r = z - a[:, None] - b[:, None] * x
        q = r * r * w - 1.0
        dc, dd = _ols_batch(x, q)
        c, d = c + dc, d + dd
    return a, b, c, d


def _cvm_uniform(u):
    """Cramer-von Mises statistic of each row of u against the uniform distribution."""
    u = np.sort(u, axis=1)
    n = u.shape[1]
    i = np.arange(1, n + 1)
    return 1 / (12 * n) + np.sum((u - (2 * i - 1) / (2 * n)) ** 2, axis=1)


def absolute_fit(N, Y, *, n_boot: int = 199, seed: int = 0, name: str = "Y") -> pd.DataFrame:
    """Is the best scatter model *good*?  Log-normal scatter with constant and with size-dependent
    variance (log sigma^2 = c + d log N), their likelihoods, the LR test of d = 0, and a parametric
    bootstrap goodness-of-fit p-value for each.

    The statistic is the Cramer-von Mises distance between the probability-integral transforms
    Phi(residual / sigma_i) and the uniform; each bootstrap sample is drawn from the fitted model
    and *refitted*, so the p-value accounts for estimated parameters.  A small p says the model,
    even if it is the best of those compared, does not describe the data.
    """
    from .args import check_integer
    N, Y = _prepare(N, Y, name)
    n_boot = check_integer(n_boot, "n_boot", "absolute_fit", minimum=19)
    rng = np.random.default_rng(seed)
    x = (np.log(N) - np.log(N).mean())[None, :]
    z = np.log(Y / np.median(Y))[None, :]
    n = x.shape[1]

    def homo(xb, zb):
        a, b = _ols_batch(xb, zb)
        r = zb - a[:, None] - b[:, None] * xb
        s = np.sqrt(np.mean(r * r, axis=1))
        return a, b, np.log(s * s), np.zeros_like(a)

    rows = []
    for label, fit, k in (("log-normal, constant variance", homo, 3),
                          ("log-normal, variance a power of N", _hetero_lognormal_batch, 4)):
        a, b, c, d = fit(x, z)
        sd = np.exp(0.5 * (c[:, None] + d[:, None] * x))
        r = z - a[:, None] - b[:, None] * x
        ll = float(np.sum(stats.norm.logpdf(r / sd) - np.log(sd)) - z.sum())
        stat = float(_cvm_uniform(stats.norm.cdf(r / sd))[0])
        zb = (a[:, None] + b[:, None] * x) + sd * rng.standard_normal((n_boot, n))
        xb = np.repeat(x, n_boot, axis=0)
        ab, bb, cb, db = fit(xb, zb)
        sdb = np.exp(0.5 * (cb[:, None] + db[:, None] * xb))
        sb = _cvm_uniform(stats.norm.cdf((zb - ab[:, None] - bb[:, None] * xb) / sdb))
        rows.append({"model": label, "beta": float(b[0]), "variance_slope": float(d[0]),
                     "loglik": ll, "k": k, "aic": 2 * k - 2 * ll, "cvm": stat,
                     "p_gof": float((1 + np.sum(sb >= stat)) / (n_boot + 1)), "n_boot": n_boot, "n": n})
    t = pd.DataFrame(rows)
    t["p_homoskedastic"] = float(stats.chi2.sf(max(2 * (t["loglik"].iloc[1] - t["loglik"].iloc[0]), 0), 1))
    return t
