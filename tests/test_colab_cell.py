"""scripts/add_colab_cell.py, run on copies: the guarded install cell becomes every chapter's first
code cell in both halves of each pair, and a second run changes nothing.  The last test checks the
real chapters, and fails until the script has been run on them (the lead runs it after merging)."""
from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "add_colab_cell.py"
spec = importlib.util.spec_from_file_location("add_colab_cell", SCRIPT)
colab = importlib.util.module_from_spec(spec)
spec.loader.exec_module(colab)


def _run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), "--root", str(root), *args],
                          capture_output=True, text=True, cwd=root)


@pytest.fixture
def copies(tmp_path):
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    (tmp_path / "notebooks").mkdir()
    for stem in ("01_urbanization", "A2_data_provenance"):
        for suffix in (".py", ".ipynb"):
            shutil.copy(ROOT / "notebooks" / f"{stem}{suffix}", tmp_path / "notebooks" / f"{stem}{suffix}")
        _strip_colab_cell(tmp_path / "notebooks" / stem)
    return tmp_path


def _strip_colab_cell(stem: Path) -> None:
    """The committed chapters already carry the cell: take it out of the copies, so that the test
    sees the script insert it (both halves of the pair, nothing else touched)."""
    ipynb = stem.with_suffix(".ipynb")
    nb = json.loads(ipynb.read_text())
    nb["cells"] = [c for c in nb["cells"] if not "".join(c["source"]).startswith(colab.MARKER)]
    ipynb.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    py = stem.with_suffix(".py")
    text = jupytext.read(py)
    text.cells = [c for c in text.cells if not c.source.startswith(colab.MARKER)]
    jupytext.write(text, py, fmt="py:percent")


def _first_code(cells):
    return next(c for c in cells if c["cell_type"] == "code")


def test_the_script_inserts_the_cell_in_both_halves_and_is_idempotent(copies):
    assert _run(copies, "--check").returncode == 1            # not there yet
    before = {p.name: json.loads(p.read_text()) for p in (copies / "notebooks").glob("*.ipynb")}
    first = _run(copies)
    assert first.returncode == 0, first.stderr
    snapshot = {p.name: p.read_bytes() for p in (copies / "notebooks").iterdir()}
    second = _run(copies)
    assert second.returncode == 0 and "0 file(s) updated" in second.stdout
    assert snapshot == {p.name: p.read_bytes() for p in (copies / "notebooks").iterdir()}
    assert _run(copies, "--check").returncode == 0
    for py in (copies / "notebooks").glob("*.py"):
        ipynb = py.with_suffix(".ipynb")
        nb = json.loads(ipynb.read_text())
        cell = _first_code(nb["cells"])
        source = "".join(cell["source"])
        assert source.startswith(colab.MARKER)
        assert 'if "google.colab" in sys.modules:' in source
        assert "remove-cell" in cell["metadata"]["tags"]
        # every other cell and every stored output is untouched
        old = before[ipynb.name]["cells"]
        assert [c for c in nb["cells"] if c is not cell] == old
        # the pair stays in sync (what tests/test_book.py checks)
        a = [(c.cell_type, c.source.strip()) for c in jupytext.read(py).cells]
        b = [(c.cell_type, c.source.strip()) for c in jupytext.read(ipynb).cells]
        assert a == b
        assert 'tags=["remove-cell"]' in py.read_text()


def test_the_cell_does_nothing_outside_colab(copies):
    _run(copies)
    nb = json.loads((copies / "notebooks" / "01_urbanization.ipynb").read_text())
    code = "".join(_first_code(nb["cells"])["source"])
    ns: dict = {}
    exec(compile(code, "colab-cell", "exec"), ns)             # no google.colab here: no install
    assert "subprocess" not in ns


def test_a_changed_repository_updates_the_cell_in_place(copies):
    _run(copies)
    cfg = (copies / "_config.yml").read_text().replace("megacity-governance", "megacity-renamed")
    (copies / "_config.yml").write_text(cfg)
    assert _run(copies).returncode == 0
    nb = json.loads((copies / "notebooks" / "01_urbanization.ipynb").read_text())
    cells = [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).startswith(colab.MARKER)]
    assert len(cells) == 1 and "megacity-renamed" in "".join(cells[0]["source"])


@pytest.mark.parametrize("py", sorted((ROOT / "notebooks").glob("*.py")), ids=lambda p: p.name)
def test_every_chapter_starts_with_the_colab_cell(py):
    """Run `python scripts/add_colab_cell.py` (then commit both halves) if this fails."""
    source = colab.cell_source()
    for path in (py, py.with_suffix(".ipynb")):
        nb = jupytext.read(path)
        first = next(c for c in nb.cells if c.cell_type == "code")
        assert first.source.strip() == source.strip(), \
            f"{path.name}: first code cell is not the Colab cell; run scripts/add_colab_cell.py"
        assert "remove-cell" in first.metadata.get("tags", [])
