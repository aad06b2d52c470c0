"""Benchmark: time for 2,000 pairs-bootstrap scaling fits on 369 units (goal: < 2 s for log-OLS).

Run:  python scripts/bench_scaling.py   (``make bench`` runs every scripts/bench_*.py)

Simulated data with the shape of the census (369 units), so the benchmark needs no data files.
Each method is timed as the best of three runs; the estimate is printed so a wrong fit is visible.
"""
from __future__ import annotations

import time

import numpy as np

from megacity.scaling import METHODS, bootstrap_betas

GOAL_S = 2.0


def main() -> None:
    rng = np.random.default_rng(2015)
    N = np.exp(rng.normal(14.8, 0.7, 369))
    Y = 3.0 * N ** 1.1 * np.exp(rng.normal(0, 0.35, 369))
    print("bench_scaling: 2,000 bootstrap fits of Y = Y0 N^beta on 369 units (true beta 1.1)")
    for m in METHODS:
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            b = bootstrap_betas(N, Y, m, n_boot=2000, seed=1)
            times.append(time.perf_counter() - t0)
        best = min(times)
        flag = "ok" if best < GOAL_S else "SLOWER THAN GOAL"
        print(f"  {m:5s} {best:6.3f} s   mean beta {b.mean():.3f}, sd {b.std():.3f}   [{flag}, goal < {GOAL_S:.0f} s]")


if __name__ == "__main__":
    main()
