"""`make sync` leaves a notebook byte for byte alone when re-running it changes no output: no
execution timestamps are written (scripts/sync_notebooks.py)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("sync_notebooks", ROOT / "scripts" / "sync_notebooks.py")
sync = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sync)


def test_re_executing_an_unchanged_notebook_rewrites_nothing(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# A title"),
                nbformat.v4.new_code_cell("x = 6 * 7\nprint(x)"),
                nbformat.v4.new_code_cell("x + 1")]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell{i}"
    path = tmp_path / "tiny.ipynb"
    nbformat.write(nb, path)

    _, _, error = sync._execute(str(path), 60)
    assert error is None
    first = path.read_bytes()
    ran = nbformat.reads(first.decode(), as_version=4)
    assert ran.cells[1].outputs[0]["text"] == "42\n"
    assert all("execution" not in c.metadata for c in ran.cells), "timestamps were stored"
    mtime = path.stat().st_mtime_ns

    _, _, error = sync._execute(str(path), 60)
    assert error is None
    assert path.read_bytes() == first
    assert path.stat().st_mtime_ns == mtime, "an unchanged notebook was rewritten"


def test_old_timestamps_are_dropped():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("1")
    cell.metadata["execution"] = {"iopub.execute_input": "2026-11-23T13:25:13.660703Z"}
    cell.metadata["tags"] = ["remove-cell"]
    nb.cells = [cell]
    sync.strip_timing(nb)
    assert cell.metadata == {"tags": ["remove-cell"]}


def test_an_error_output_left_by_a_post_cell_hook_fails_the_sync():
    """The figure check raises in a post-cell hook: the kernel replies 'ok' but leaves an error
    output; sync must report it instead of writing the notebook as if it had run cleanly."""
    import importlib.util

    import nbformat

    spec = importlib.util.spec_from_file_location("sync_nb", ROOT / "scripts" / "sync_notebooks.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    nb = nbformat.v4.new_notebook()
    ok = nbformat.v4.new_code_cell("1")
    bad = nbformat.v4.new_code_cell("plot()")
    bad.outputs = [nbformat.v4.new_output("error", ename="FigureTextOverlapError", evalue="overlap", traceback=[])]
    allowed = nbformat.v4.new_code_cell("raise ValueError", metadata={"tags": ["raises-exception"]})
    allowed.outputs = [nbformat.v4.new_output("error", ename="ValueError", evalue="", traceback=[])]
    nb.cells = [ok, bad, allowed]
    assert mod.error_outputs(nb) == ["cell 1: FigureTextOverlapError: overlap"]
