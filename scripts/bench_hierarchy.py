"""Benchmark of the four-level hierarchy simulation: 10^3, 10^4, 10^5 communities x 100 steps.

Run from the repository root:  python scripts/bench_hierarchy.py
Goal (issue 6): cost grows linearly in the number of communities and 10^5 x 100 runs in < 10 s.
Communities are arranged as districts x 10 subdistricts x 10 communities; the time is the best of
three runs (seeded), so that other processes on a shared machine inflate it less.
"""
from __future__ import annotations

import time

from megacity.hierarchy import simulate


def run(n_communities: int, steps: int = 100, repeats: int = 3) -> float:
    districts = n_communities // 100
    best = float("inf")
    for r in range(repeats):
        t0 = time.perf_counter()
        res = simulate(n_districts=districts, subdistricts_per_district=10, communities_per_subdistrict=10,
                       steps=steps, seed=r)
        best = min(best, time.perf_counter() - t0)
        assert res.n == n_communities
    return best


def main() -> None:
    print("hierarchy simulation (communities x 100 steps), best of 3:")
    times = {}
    for n in (10**3, 10**4, 10**5):
        times[n] = run(n)
        print(f"  {n:>7,d} communities: {times[n]:7.3f} s  ({times[n] / n * 1e6:6.2f} us per community)")
    ratio = times[10**5] / times[10**4]
    print(f"  time ratio 10^5 / 10^4 = {ratio:.1f} (linear cost: about 10)")
    print(f"  goal 10^5 x 100 < 10 s: {'met' if times[10**5] < 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
