"""Print build and test timings for this machine (run by `make bench`).

* cold build: `_build` removed, every notebook executed;
* no-op rebuild: nothing changed, nothing re-executed;
* one-notebook edit: a comment appended to one code cell of one notebook (in the .ipynb the book
  is built from), so exactly that notebook re-executes; the edit is reverted afterwards;
* tests: `make test` (unit tests + nbval over every notebook).

Each figure is one run (a build is too slow to repeat many times here); the machine's other load
shows up in them.
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
BUILD = [str(ROOT / ".venv/bin/jupyter-book"), "build", str(ROOT), "-W", "-n", "--keep-going"]


def run(cmd: list[str], label: str) -> float:
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    dt = time.perf_counter() - t
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit(f"{label} failed (exit {proc.returncode})")
    return dt


def executed_notebooks(log: str) -> int:
    return len(re.findall(r"Executing notebook", log))


def main() -> None:
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    cold = run(BUILD, "cold build")
    noop = run(BUILD, "no-op rebuild")

    target = ROOT / "notebooks" / "01_urbanization.ipynb"
    original = target.read_bytes()
    nb = json.loads(original)
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code")
    src = cell["source"] if isinstance(cell["source"], list) else [cell["source"]]
    cell["source"] = src + ["\n# bench edit"]
    try:
        target.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")
        t = time.perf_counter()
        proc = subprocess.run(BUILD, cwd=ROOT, capture_output=True, text=True)
        edit = time.perf_counter() - t
        n_exec = executed_notebooks(proc.stdout + proc.stderr)
    finally:
        target.write_bytes(original)
    run(BUILD, "rebuild after revert")

    tests = run(["make", "test"], "make test")
    print(f"cold build          {cold:7.1f} s")
    print(f"no-op rebuild       {noop:7.1f} s  ({100 * noop / cold:.0f}% of cold)")
    print(f"one-notebook edit   {edit:7.1f} s  (notebooks re-executed: {n_exec})")
    print(f"make test           {tests:7.1f} s")


if __name__ == "__main__":
    main()
