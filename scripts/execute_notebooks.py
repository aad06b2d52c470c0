"""Execute the book's notebooks into Jupyter Book's execution cache, several at a time.

`jupyter-book build` (myst-nb, ``execute_notebooks: cache``) runs every notebook whose code is
not yet in ``_build/.jupyter_cache``, one after another.  This script runs first (``make book``
and the browser test call it): it finds the notebooks of ``_toc.yml`` that the cache cannot
match, executes them in parallel worker processes (one per core by default), and stores each
result in the same cache, the way myst-nb would.  The build that follows then finds every
notebook cached and executes nothing.  A notebook already in the cache is not run again, so a
rebuild after editing one notebook executes that notebook only.

Jupyter-cache knows a notebook by its code alone.  The results also depend on the package in
``src/`` and the tables in ``data/``, so every cached run records a digest of those
(:func:`inputs_digest`) and a run recorded under another digest counts as missing: after an edit
to the package or the data, every notebook runs again.  (A bare ``jupyter-book build`` does not
know this; use ``make book``.)

The settings that matter for the result are the ones myst-nb uses: the notebook's folder as the
working directory, the timeout and ``allow_errors`` from ``_config.yml``.  A cell error fails the
script (after the other notebooks finish) with the notebook's traceback, as the build would.

No stale pages: the book is built from the ``.ipynb`` files, but the ``.py`` (py:percent) file is
the source.  Before anything runs, every notebook's cells (type, source, tags) are compared with
its paired ``.py`` (:func:`stale_pairs`).  A pair that differs fails the build with the list of
notebooks and the command that fixes them (``make sync NB=...``); with ``--resync`` (or
``BOOK_RESYNC=1``) the script re-syncs those notebooks itself (scripts/sync_notebooks.py: pair,
execute, write back), says so, and goes on.

    python scripts/execute_notebooks.py [--jobs N] [--force] [--resync] [notebooks/x.ipynb ...]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "_build" / ".jupyter_cache"


def toc_entries(root: Path = ROOT) -> list[str]:
    """Every ``root``/``file`` entry of _toc.yml (paths without suffix), in toc order."""
    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                yield from ([value] if key in ("file", "root") else walk(value))
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    return list(walk(yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))))


def toc_notebooks(root: Path = ROOT) -> list[Path]:
    """The .ipynb files that _toc.yml puts in the book, in toc order."""
    out = []
    for entry in toc_entries(root):
        path = root / (entry if entry.endswith(".ipynb") else entry + ".ipynb")
        if path.exists():
            out.append(path.resolve())
    return out


def toc_unsynced(root: Path = ROOT) -> list[Path]:
    """Notebooks of _toc.yml that have a .py source but no .ipynb (never synced)."""
    out = []
    for entry in toc_entries(root):
        stem = root / (entry[:-6] if entry.endswith(".ipynb") else entry)
        if stem.with_suffix(".py").exists() and not stem.with_suffix(".ipynb").exists() \
                and (root / "notebooks") in stem.resolve().parents:
            out.append(stem.with_suffix(".ipynb").resolve())
    return out


def _cells(nb) -> list[tuple[str, str, list[str]]]:
    return [(c.cell_type, c.source.strip(), sorted(c.get("metadata", {}).get("tags", [])))
            for c in nb.cells]


def stale_pairs(paths: list[Path]) -> list[tuple[Path, str]]:
    """The notebooks whose paired .py differs from the .ipynb, with the first difference in words.

    Compared: the cells' type, source and tags (what the page shows and what runs), read with
    jupytext; outputs and metadata are not compared.  A notebook without a .py is not paired and
    never stale.
    """
    import jupytext
    import nbformat

    out = []
    for ipynb in paths:
        py = Path(ipynb).with_suffix(".py")
        if not py.exists():
            continue
        if not Path(ipynb).exists():
            out.append((Path(ipynb), "the .ipynb is missing (the notebook was never synced)"))
            continue
        try:
            a = _cells(jupytext.read(py))
        except Exception as exc:  # noqa: BLE001 - reported, with the file named
            out.append((Path(ipynb), f"the .py cannot be read ({type(exc).__name__}: {exc})"[:300]))
            continue
        try:
            b = _cells(nbformat.read(ipynb, as_version=4))
        except Exception as exc:  # noqa: BLE001 - e.g. merge-conflict markers in the JSON
            out.append((Path(ipynb), f"the .ipynb cannot be read, e.g. after a merge conflict "
                                     f"({type(exc).__name__}); it is rebuilt from the .py"[:300]))
            continue
        if a == b:
            continue
        if len(a) != len(b):
            why = f"{len(a)} cells in the .py, {len(b)} in the .ipynb"
        else:
            i = next(i for i, (x, y) in enumerate(zip(a, b)) if x != y)
            what = "type" if a[i][0] != b[i][0] else "source" if a[i][1] != b[i][1] else "tags"
            why = f"cell {i + 1} differs ({what}): {a[i][1][:60]!r} vs {b[i][1][:60]!r}"
        out.append((Path(ipynb), why))
    return out


def check_pairs(paths: list[Path], resync: bool) -> int:
    """0 if every pair agrees (or was re-synced); 2 with a message naming the stale notebooks."""
    stale = stale_pairs(paths)
    if not stale:
        return 0
    rels = [os.path.relpath(p.with_suffix(".py"), ROOT) for p, _ in stale]
    listing = "\n".join(f"  {os.path.relpath(p, ROOT)}: {why}" for p, why in stale)
    if not resync:
        print(f"execute_notebooks: {len(stale)} notebook(s) differ from their .py source; the "
              f"book would show stale pages:\n{listing}\nRe-sync them with: make sync NB=\""
              f"{' '.join(rels)}\" JOBS=1  (or build with BOOK_RESYNC=1 to re-sync here)",
              file=sys.stderr)
        return 2
    import subprocess

    print(f"execute_notebooks: re-syncing {len(stale)} notebook(s) whose .ipynb differed from "
          f"the .py:\n{listing}")
    res = subprocess.run([sys.executable, str(ROOT / "scripts" / "sync_notebooks.py"), *rels],
                         cwd=ROOT)
    if res.returncode != 0 or stale_pairs([p for p, _ in stale]):
        print("execute_notebooks: re-sync failed", file=sys.stderr)
        return 2
    return 0


def execution_settings(root: Path = ROOT) -> dict:
    """Timeout and allow_errors as the book's _config.yml sets them (myst-nb's defaults else)."""
    cfg = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    ex = cfg.get("execute", {}) or {}
    if ex.get("execute_notebooks", "cache") != "cache":
        raise SystemExit("execute_notebooks in _config.yml is not 'cache': nothing to pre-execute "
                         "into the cache; run jupyter-book build directly")
    return {"timeout": int(ex.get("timeout", 30)), "allow_errors": bool(ex.get("allow_errors", False))}


def _run(path: str, timeout: int, allow_errors: bool):
    """Worker: execute one notebook in its own folder; return (path, notebook, seconds, error)."""
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    nb = nbformat.read(path, as_version=4)
    res = single_nb_execution(nb, cwd=str(Path(path).parent), timeout=timeout,
                              allow_errors=allow_errors, meta_override=True)
    if res.err is None and not allow_errors:
        # an error raised by a post-cell hook (the figure check) leaves the reply "ok" but an
        # error output in the cell: that is a failure too
        stored = [f"cell {i}: {o.get('ename')}: {str(o.get('evalue'))[:300]}"
                  for i, c in enumerate(res.nb.cells) for o in c.get("outputs", [])
                  if o.get("output_type") == "error"
                  and "raises-exception" not in c.get("metadata", {}).get("tags", [])]
        if stored:
            return path, res.nb, res.time, "\n".join(stored)
    return path, res.nb, res.time, (res.exc_string if res.err is not None else None)


def _recorded_runtime(nb) -> float:
    """Seconds the stored outputs took to compute, from the cells' execution timestamps
    (written by `make sync`); infinity when the notebook carries none."""
    from datetime import datetime

    stamps = [c.get("metadata", {}).get("execution", {}) for c in nb.cells if c.cell_type == "code"]
    start = [s["iopub.execute_input"] for s in stamps if "iopub.execute_input" in s]
    end = [s["shell.execute_reply"] for s in stamps if "shell.execute_reply" in s]
    if not start or not end:
        return float("inf")
    parse = lambda x: datetime.fromisoformat(x.replace("Z", "+00:00"))  # noqa: E731
    return (parse(max(end)) - parse(min(start))).total_seconds()


def _previous_runtimes(cache) -> dict[str, float]:
    """Execution time of each notebook's latest cached run (to start the longest first)."""
    out = {}
    for rec in cache.list_cache_records():
        secs = (rec.data or {}).get("execution_seconds")
        if secs is not None:
            out[rec.uri] = float(secs)
    return out


STAMP = CACHE / "execute_notebooks.json"


#: Files in data/ that no notebook reads: the generated (git-ignored) Frictionless descriptor.
_NOT_INPUTS = {"datapackage.json"}


def inputs_digest(root: Path = ROOT) -> str:
    """sha256 over what every notebook reads besides its own code: the package's sources (models,
    checks, the pinned registry of external files) and the data tables.

    Jupyter-cache matches a notebook on its code cells alone, so an edit to ``src/`` or ``data/``
    would otherwise leave stale results in the book.  Each cached run records this digest; a run
    recorded under another digest is executed again.
    """
    h = hashlib.sha256()
    files = sorted(p for pattern in ("src/megacity/**/*.py", "data/*") for p in root.glob(pattern)
                   if p.is_file() and p.name not in _NOT_INPUTS)
    for p in files:
        h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def _fingerprint(paths: list[Path], digest: str) -> dict:
    """Size and modification time of each notebook, the inputs' digest, and whether the cache
    database exists.  (Not the database's own time: every build that reads a cached notebook
    writes its access time there.)"""
    out = {str(p): [p.stat().st_mtime_ns, p.stat().st_size] for p in paths}
    return {**out, "inputs": digest, "cache": (CACHE / "global.db").exists()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="*", type=Path,
                    help="notebooks to consider (default: every notebook in _toc.yml)")
    ap.add_argument("--jobs", type=int, default=int(os.environ.get("BOOK_JOBS", 0)) or os.cpu_count(),
                    help="parallel kernels (default: BOOK_JOBS or the number of cores)")
    ap.add_argument("--force", action="store_true", help="execute even if the cache matches")
    ap.add_argument("--resync", action="store_true",
                    default=os.environ.get("BOOK_RESYNC", "") not in ("", "0"),
                    help="re-sync notebooks whose .ipynb differs from the .py (default: fail)")
    args = ap.parse_args(argv)

    settings = execution_settings()
    paths = [p.resolve() for p in args.notebooks] or toc_notebooks()
    if missing := [str(p) for p in paths if not p.exists()]:
        raise SystemExit(f"no such notebook: {', '.join(missing)}")
    unsynced = [] if args.notebooks else toc_unsynced()
    if rc := check_pairs(paths + unsynced, args.resync):        # before the fast path: it checks mtimes only
        return rc
    if unsynced:                                  # re-synced just now: they exist and run too
        paths = toc_notebooks()
    # fast path: neither a notebook nor the cache changed since every notebook last matched
    digest = inputs_digest()
    if not args.force and STAMP.exists() and json.loads(STAMP.read_text()) == _fingerprint(paths, digest):
        print(f"execute_notebooks: all {len(paths)} notebooks are in the cache (unchanged)")
        return 0
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    CACHE.parent.mkdir(parents=True, exist_ok=True)
    cache = get_cache(str(CACHE))

    todo, expected = [], {}
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        try:
            cached = None if args.force else cache.match_cache_notebook(nb)
        except KeyError:
            cached = None
        if cached is not None and (cached.data or {}).get("inputs") != digest:
            cached = None   # same code, but the package or the data changed since that run
        if cached is None:
            todo.append(path)
            expected[path] = _recorded_runtime(nb)
    if not todo:
        print(f"execute_notebooks: all {len(paths)} notebooks are in the cache")
        STAMP.write_text(json.dumps(_fingerprint(paths, digest)))
        return 0

    # longest first (a cached run's time, else the stored outputs' own), so no core idles at the end
    previous = _previous_runtimes(cache)
    expected.update({p: previous[str(p)] for p in todo if str(p) in previous})
    todo.sort(key=lambda p: -expected[p])
    jobs = max(1, min(args.jobs, len(todo)))
    print(f"execute_notebooks: {len(todo)} of {len(paths)} notebooks to run, {jobs} at a time")
    t0 = time.perf_counter()
    failed = []
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        futures = [pool.submit(_run, str(p), settings["timeout"], settings["allow_errors"])
                   for p in todo]
        for fut in as_completed(futures):
            path, nb, secs, error = fut.result()
            rel = os.path.relpath(path, ROOT)
            if error is not None:
                failed.append(rel)
                print(f"  FAILED {rel} after {secs:.1f} s\n{error}", file=sys.stderr)
                continue
            cache.add_nb_to_project(path)
            bundle = CacheBundleIn(nb, path, data={"execution_seconds": secs, "inputs": digest})
            cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)
            print(f"  {rel}: {secs:.1f} s")
    print(f"execute_notebooks: done in {time.perf_counter() - t0:.1f} s")
    if failed:
        print(f"execute_notebooks: {len(failed)} notebook(s) failed: {', '.join(failed)}",
              file=sys.stderr)
        return 1
    STAMP.write_text(json.dumps(_fingerprint(paths, digest)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
