"""Print build and test timings for this machine (run by `make bench`).

* cold build: `_build` removed, then `make book` (every notebook executed, two at a time here);
* no-op rebuild: `make book` again, nothing changed, nothing executed;
* one-notebook edit: a comment appended to one code cell of one notebook (the .ipynb the book is
  built from), then `make book`: exactly that notebook must execute; the edit is reverted after;
* `make test` with the build cache warm (the usual case while working), and cold (`_build`
  removed first, as on a fresh clone: the browser test then builds the book as well, while nbval
  executes the same notebooks).

The goals of the reader-experience issue are printed beside each figure.  Each figure is one run
(a build is too slow to repeat many times here), so the machine's other load shows up in them.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(target: str, label: str) -> tuple[float, str]:
    t = time.perf_counter()
    proc = subprocess.run(["make", "--no-print-directory", target], cwd=ROOT,
                          capture_output=True, text=True)
    dt = time.perf_counter() - t
    log = proc.stdout + proc.stderr
    if proc.returncode != 0:
        sys.stderr.write(log[-4000:])
        raise SystemExit(f"{label} failed (exit {proc.returncode})")
    return dt, log


def executed(log: str) -> tuple[int, int]:
    """Notebooks run by the parallel pre-execution step, and by Jupyter Book itself."""
    pre = re.search(r"execute_notebooks: (\d+) of \d+ notebooks to run", log)
    return (int(pre.group(1)) if pre else 0), len(re.findall(r"Executing notebook", log))


def main() -> None:
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    cold, log = run("book", "cold build")
    per_nb = re.findall(r"^\s+notebooks/(\S+)\.ipynb: ([\d.]+) s", log, flags=re.M)
    noop, log_noop = run("book", "no-op rebuild")

    target = ROOT / "notebooks" / "01_urbanization.ipynb"
    original = target.read_bytes()
    nb = json.loads(original)
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code")
    src = cell["source"] if isinstance(cell["source"], list) else [cell["source"]]
    cell["source"] = src + ["\n# bench edit"]
    try:
        target.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")
        edit, log_edit = run("book", "one-notebook edit")
    finally:
        target.write_bytes(original)
    run("book", "rebuild after revert")

    test_warm, _ = run("test", "make test (warm)")
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    test_cold, _ = run("test", "make test (cold)")

    print("notebook execution in the cold build (s, two kernels at a time):")
    for name, secs in per_nb:
        print(f"    {name:40s} {float(secs):6.1f}")
    print(f"cold build          {cold:7.1f} s   goal < 60 s")
    print(f"no-op rebuild       {noop:7.1f} s   ({100 * noop / cold:.0f}% of cold; goal < 10%); "
          f"notebooks executed: {sum(executed(log_noop))}")
    pre, jb = executed(log_edit)
    print(f"one-notebook edit   {edit:7.1f} s   notebooks executed: {pre} (pre-execution) + "
          f"{jb} (by the build); goal: 1")
    print(f"make test, warm     {test_warm:7.1f} s   goal < 120 s")
    print(f"make test, cold     {test_cold:7.1f} s   (fresh clone: the book is built too)")


if __name__ == "__main__":
    main()
