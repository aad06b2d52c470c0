"""Benchmark: Part I's four chapters executed one after another (goal: at most 60 s together).

Run:  python scripts/bench_part1.py   (``make bench`` runs every scripts/bench_*.py)

Each notebook is executed from its paired ``.py`` source with nbclient, serially, in a fresh kernel,
with the data mirror of the Makefile; the wall time of each and the total are printed.  The machine's
load is printed too, because a loaded machine (several helpers sharing two cores) inflates every
figure.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ("01_urbanization", "02_city_sizes", "03_urban_scaling", "04_wests_claims_and_megacities")
GOAL_S = 60.0


def main() -> None:
    import jupytext
    from nbclient import NotebookClient

    os.environ.setdefault("MEGACITY_DATA_MIRROR", str(ROOT.parent / "shared" / "external-data"))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"bench_part1: Part I's four chapters, serial (load average {load:.1f} on {os.cpu_count()} cores)")
    total = 0.0
    for name in CHAPTERS:
        nb = jupytext.read(ROOT / "notebooks" / f"{name}.py")
        client = NotebookClient(nb, timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": str(ROOT / "notebooks")}})
        t0 = time.perf_counter()
        client.execute()
        dt = time.perf_counter() - t0
        total += dt
        print(f"  {name:34s} {dt:6.1f} s")
    flag = "ok" if total <= GOAL_S else "SLOWER THAN GOAL"
    print(f"  {'total':34s} {total:6.1f} s   [{flag}, goal <= {GOAL_S:.0f} s]")


if __name__ == "__main__":
    main()
