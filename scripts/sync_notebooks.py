"""Pair each notebooks/*.py with its .ipynb (jupytext), execute the .ipynb in place, sync back.

The .py (py:percent) file is the one to edit, and it always wins: its cells are written into the
.ipynb whatever the two files' modification times; the .ipynb carries the executed outputs that nbval
compares against and that readers download.  Notebooks run in parallel worker processes, one per
core by default (``--jobs`` or BOOK_JOBS), each in its own folder as the book build does.

    python scripts/sync_notebooks.py [--jobs N] [notebooks/01_urbanization.py ...]
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _jupytext(*args: str) -> None:
    exe = BIN / "jupytext"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "jupytext"]
    subprocess.run(cmd + ["--quiet", *args], check=True, cwd=ROOT)


def _execute(ipynb: str, timeout: int) -> tuple[str, float, str | None]:
    """Worker: run the notebook top to bottom and write it back with its outputs."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    t0 = time.perf_counter()
    before = Path(ipynb).read_text(encoding="utf-8")
    nb = nbformat.reads(before, as_version=4)
    # No per-cell execution timestamps (record_timing=False, and old ones dropped): a re-run
    # that changes no output leaves the file byte for byte as it was.
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(Path(ipynb).parent)}})
    try:
        client.execute()
    except CellExecutionError as err:   # the notebook is left as it was: nothing is written
        return ipynb, time.perf_counter() - t0, str(err)
    stored = error_outputs(nb)          # an error raised by a post-cell hook (the figure check)
    if stored:                          # leaves the reply "ok" but an error output behind
        return ipynb, time.perf_counter() - t0, "\n".join(stored)
    strip_timing(nb)
    after = nbformat.writes(nb) + "\n"
    if after != before:
        Path(ipynb).write_text(after, encoding="utf-8")
    return ipynb, time.perf_counter() - t0, None


def error_outputs(nb) -> list[str]:
    """'cell N: Name: message' for every stored error output of a cell not tagged raises-exception."""
    out = []
    for i, cell in enumerate(nb.cells):
        if "raises-exception" in cell.get("metadata", {}).get("tags", []):
            continue
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                out.append(f"cell {i}: {o.get('ename')}: {str(o.get('evalue'))[:300]}")
    return out


def strip_timing(nb) -> None:
    """Drop the volatile execution metadata nbclient and Jupyter add to cells."""
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="*", type=Path, help="py:percent files (default: all)")
    ap.add_argument("--jobs", type=int, default=int(os.environ.get("BOOK_JOBS", 0)) or os.cpu_count())
    ap.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = ap.parse_args(argv)

    pys = [p.resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("*.py"))
    if bad := [str(p) for p in pys if p.suffix != ".py" or not p.exists()]:
        raise SystemExit(f"not a notebook .py file: {', '.join(bad)}")
    for py in pys:            # pair (idempotent) and bring the .ipynb's code up to date
        # The .py is the source, whatever the files' times: `--sync` and `--set-formats` take the
        # newer file of a pair, so an .ipynb touched after the edit (a checkout, an editor) would
        # silently revert the .py.  `--to ipynb --update` first writes the .py's cells into the
        # .ipynb (keeping its outputs); only then is the pair (re)declared.
        _jupytext("--to", "ipynb", "--update", str(py))
        _jupytext("--set-formats", "ipynb,py:percent", str(py))

    jobs = max(1, min(args.jobs, len(pys)))
    print(f"sync_notebooks: executing {len(pys)} notebook(s), {jobs} at a time")
    failed = []
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        futures = [pool.submit(_execute, str(py.with_suffix(".ipynb")), args.timeout) for py in pys]
        for fut in as_completed(futures):
            ipynb, secs, error = fut.result()
            rel = os.path.relpath(ipynb, ROOT)
            if error:
                failed.append(rel)
                print(f"  FAILED {rel} ({secs:.1f} s)\n{error}", file=sys.stderr)
            else:
                _jupytext("--sync", ipynb)   # keeps the pair consistent (rewrites only on change)
                print(f"  {rel}: {secs:.1f} s")
    if failed:
        print(f"sync_notebooks: {len(failed)} failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
