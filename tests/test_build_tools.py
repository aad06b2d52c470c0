"""The build helper scripts/execute_notebooks.py: what it runs, and when a cached run is stale."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ex():
    spec = importlib.util.spec_from_file_location("execute_notebooks",
                                                  ROOT / "scripts" / "execute_notebooks.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_every_chapter_notebook_is_pre_executed(ex):
    """The parallel step must cover every notebook of the book, or the build runs the rest."""
    assert {p.name for p in ex.toc_notebooks()} == {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}


def _tree(root: Path) -> None:
    (root / "src" / "megacity" / "data").mkdir(parents=True)
    (root / "src" / "megacity" / "scaling.py").write_text("BETA = 1.15\n")
    (root / "src" / "megacity" / "data" / "registry.py").write_text("SHA = 'abc'\n")
    (root / "data").mkdir()
    (root / "data" / "claims.csv").write_text("claim_id,value\nc1,10.64\n")
    (root / "book").mkdir()
    (root / "book" / "intro.md").write_text("# Intro\n")


@pytest.mark.parametrize("edit", [
    ("src/megacity/scaling.py", "BETA = 1.16\n"),                 # a model changed
    ("src/megacity/data/registry.py", "SHA = 'abd'\n"),           # a pinned data file changed
    ("data/claims.csv", "claim_id,value\nc1,10.65\n"),            # a table changed
    ("data/new.csv", "a\n1\n"),                                   # a table was added
])
def test_inputs_digest_changes_with_the_package_or_the_data(ex, tmp_path, edit):
    _tree(tmp_path)
    before = ex.inputs_digest(tmp_path)
    path, text = edit
    (tmp_path / path).write_text(text)
    assert ex.inputs_digest(tmp_path) != before


def test_inputs_digest_ignores_prose_and_is_stable(ex, tmp_path):
    _tree(tmp_path)
    before = ex.inputs_digest(tmp_path)
    (tmp_path / "book" / "intro.md").write_text("# A new introduction\n")
    (tmp_path / "data" / "datapackage.json").write_text("{}")     # make datapackage's output
    assert ex.inputs_digest(tmp_path) == before == ex.inputs_digest(tmp_path)


def test_recorded_runtime_reads_the_cell_timestamps(ex):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("text"), nbformat.v4.new_code_cell("1"),
                nbformat.v4.new_code_cell("2")]
    nb.cells[1].metadata["execution"] = {"iopub.execute_input": "2026-11-23T10:00:00.000000Z",
                                         "shell.execute_reply": "2026-11-23T10:00:02.500000Z"}
    nb.cells[2].metadata["execution"] = {"iopub.execute_input": "2026-11-23T10:00:02.600000Z",
                                         "shell.execute_reply": "2026-11-23T10:00:07.000000Z"}
    assert ex._recorded_runtime(nb) == pytest.approx(7.0)
    nb.cells[1].metadata.pop("execution")
    nb.cells[2].metadata.pop("execution")
    assert ex._recorded_runtime(nb) == float("inf")    # unknown: scheduled first
