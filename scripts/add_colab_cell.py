"""Insert (or update) the guarded Colab install cell as the first code cell of every chapter.

The cell does nothing outside Google Colab.  On Colab it installs the ``megacity`` package, with its
cited tables (shipped inside the wheel, see ``setup.py``), from the repository named once in
``_config.yml`` (``repository.url`` and ``repository.branch``), so every launch button and this cell
agree.  It is tagged ``remove-cell``: the HTML book does not show it.

Idempotent: a cell is recognised by its marker line and rewritten in place; running the script twice
changes nothing.  Both halves of each pair are edited (``notebooks/*.py`` through jupytext, the
``.ipynb`` as JSON so its stored outputs stay), so the pair stays in sync without re-execution.

    python scripts/add_colab_cell.py [--check] [notebooks/01_urbanization.py ...]

``--check`` writes nothing and exits 1 if any notebook lacks the current cell.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
MARKER = "# Colab set-up (megacity):"


def repository(root: Path = ROOT) -> tuple[str, str]:
    """(url, branch) from ``_config.yml``: the single place the repository is named."""
    cfg = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    repo = cfg["repository"]
    return repo["url"].rstrip("/"), repo.get("branch", "main")


def cell_source(root: Path = ROOT) -> str:
    url, branch = repository(root)
    return "\n".join([
        f"{MARKER} on Google Colab this installs the package and its tables first;",
        "# anywhere else it does nothing.",
        "import sys",
        "",
        'if "google.colab" in sys.modules:',
        "    import subprocess",
        "",
        "    subprocess.run([sys.executable, \"-m\", \"pip\", \"install\", \"--quiet\",",
        f"                    \"megacity[colab] @ git+{url}@{branch}\"], check=True)",
    ])


def _is_ours(source: str | list[str]) -> bool:
    text = "".join(source) if isinstance(source, list) else source
    return text.lstrip().startswith(MARKER)


def _first_code_index(cells) -> int:
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "code":
            return i
    return len(cells)


def _take_ours(cells):
    """Our cell, kept once and moved to be the first code cell (extra copies dropped); None if
    the notebook has none yet.  Works on nbformat and jupytext cells alike (both are dicts)."""
    mine = [i for i, c in enumerate(cells) if c["cell_type"] == "code" and _is_ours(c["source"])]
    if not mine:
        return None
    cell = cells[mine[0]]
    for extra in reversed(mine[1:]):
        del cells[extra]
    if mine[0] != _first_code_index(cells):
        del cells[mine[0]]
        cells.insert(_first_code_index(cells), cell)
    return cell


def update_ipynb(path: Path, source: str, *, write: bool = True) -> bool:
    """Put the cell first among the code cells of an .ipynb; True if the file changed."""
    import nbformat

    text = path.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    cells = nb["cells"]
    cell = _take_ours(cells)
    if cell is None:
        cell = nbformat.v4.new_code_cell("", execution_count=1)
        cell["id"] = "megacity-colab"
        cells.insert(_first_code_index(cells), cell)
    cell["source"] = source
    tags = cell["metadata"].setdefault("tags", [])
    if "remove-cell" not in tags:
        tags.append("remove-cell")
    cell.setdefault("execution_count", 1)
    new = nbformat.writes(nb)
    new += "" if new.endswith("\n") else "\n"
    changed = new != text
    if changed and write:
        path.write_text(new, encoding="utf-8")
    return changed


def update_py(path: Path, source: str, *, write: bool = True) -> bool:
    """The same for the py:percent twin, through jupytext (keeps its header and formatting)."""
    import jupytext

    text = path.read_text(encoding="utf-8")
    nb = jupytext.reads(text, fmt="py:percent")
    cells = nb.cells
    cell = _take_ours(cells)
    if cell is None:
        from nbformat.v4 import new_code_cell

        cell = new_code_cell("")
        cells.insert(_first_code_index(cells), cell)
    cell.source = source
    cell.metadata["tags"] = sorted(set(cell.metadata.get("tags", [])) | {"remove-cell"})
    cell.pop("id", None)
    new = jupytext.writes(nb, fmt="py:percent")
    changed = new != text
    if changed and write:
        path.write_text(new, encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="*", type=Path, help="notebooks/*.py (default: all)")
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if out of date")
    ap.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    root = args.root.resolve()
    pys = [p.resolve() for p in args.notebooks] or sorted((root / "notebooks").glob("*.py"))
    source = cell_source(root)
    stale = []
    for py in pys:
        for path, fn in ((py, update_py), (py.with_suffix(".ipynb"), update_ipynb)):
            if not path.exists():
                raise SystemExit(f"add_colab_cell: {path} is missing")
            if fn(path, source, write=not args.check):
                stale.append(path)
    verb = "out of date" if args.check else "updated"
    for path in stale:
        print(f"  {verb}: {path.relative_to(root) if path.is_relative_to(root) else path}")
    print(f"add_colab_cell: {len(stale)} file(s) {verb}, {2 * len(pys) - len(stale)} already current")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
