"""Timings of the Part II Monte Carlo (chapter 10): break tests and the size table.

Run from the repository root: ``python scripts/bench_part2.py`` (``make bench`` runs every
``scripts/bench_*.py``).  Prints the best of three wall-clock timings for each call at the sizes
the chapter uses, and one larger size, so that a slowdown shows up as a number.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from megacity import breaks  # noqa: E402


def best_of(f, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    t = np.arange(1998, 2012).astype(float)          # the chapter's national road-death years
    rng = np.random.default_rng(1)
    z = np.exp(11 + np.cumsum(0.03 + 0.04 * rng.standard_normal(t.size)))
    t25 = np.arange(1990, 2015).astype(float)
    z25 = np.exp(11 + np.cumsum(0.03 + 0.04 * rng.standard_normal(t25.size)))
    rows = [
        ("break_test, 14 years, 1,999 simulations per null", lambda: breaks.break_test(t, z, n_sim=1999)),
        ("break_test, 25 years, 1,999 simulations per null", lambda: breaks.break_test(t25, z25, n_sim=1999)),
        ("size_table, 14 years, 400 series x 199 simulations (chapter)",
         lambda: breaks.size_table(t, n_mc=400, n_sim=199)),
        ("size_table, 14 years, 1,000 series x 499 simulations",
         lambda: breaks.size_table(t, n_mc=1000, n_sim=499)),
        ("sup_f_batch, 14 years, 100,000 series", lambda: breaks.sup_f_batch(t, rng.standard_normal((t.size, 100_000)))),
    ]
    print("Part II Monte Carlo timings (best of 3, seconds)")
    for name, f in rows:
        print(f"  {name:<66s} {best_of(f):8.3f}")


if __name__ == "__main__":
    main()
