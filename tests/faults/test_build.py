"""Fault injection, build layer: a notebook's .py edited without re-syncing must not give a green
build with a stale page; re-syncing must never revert the .py."""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def ex():
    return _load("execute_notebooks")


@pytest.fixture()
def pair(tmp_path):
    """A copy of a real notebook pair (the .py and its executed .ipynb)."""
    for suffix in (".py", ".ipynb"):
        shutil.copy(ROOT / "notebooks" / f"01_urbanization{suffix}", tmp_path)
    return tmp_path / "01_urbanization.py", tmp_path / "01_urbanization.ipynb"


def test_the_committed_pairs_agree(ex):
    assert ex.stale_pairs(ex.toc_notebooks()) == []


@pytest.mark.parametrize("edit, why", [
    (lambda t: t.replace("# %%", "# %%\nNEW_VALUE = 2\n\n# %%", 1), "cells in the .py"),   # new cell
    (lambda t: t.replace("import ", "import os, ", 1), "differs (source)"),                # changed code
    (lambda t: t.replace('# %% tags=["remove-cell"]', "# %%", 1), "differs (tags)"),         # tag dropped
])
def test_edited_py_is_a_stale_pair(ex, pair, edit, why):
    py, ipynb = pair
    text = py.read_text(encoding="utf-8")
    new = edit(text)
    assert new != text
    py.write_text(new, encoding="utf-8")
    stale = ex.stale_pairs([ipynb])
    assert [p for p, _ in stale] == [ipynb] and why in stale[0][1]


def test_outputs_alone_do_not_count_as_stale(ex, pair):
    _, ipynb = pair
    nb = nbformat.read(ipynb, as_version=4)
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs = []
    nbformat.write(nb, ipynb)
    assert ex.stale_pairs([ipynb]) == []


def test_make_book_step_fails_naming_the_notebook_and_the_fix(ex, monkeypatch, capsys):
    """scripts/execute_notebooks.py (the first step of `make book`) stops before any build."""
    path = ROOT / "notebooks" / "01_urbanization.ipynb"
    monkeypatch.setattr(ex, "stale_pairs", lambda paths: [(path, "cell 3 differs (source)")])
    monkeypatch.delenv("BOOK_RESYNC", raising=False)
    assert ex.main([str(path)]) == 2
    err = capsys.readouterr().err
    assert "notebooks/01_urbanization.ipynb: cell 3 differs" in err
    assert 'make sync NB="notebooks/01_urbanization.py"' in err and "BOOK_RESYNC=1" in err


def test_resync_mode_re_syncs_and_says_so(ex, monkeypatch, capsys):
    path = ROOT / "notebooks" / "01_urbanization.ipynb"
    calls = []
    answers = iter([[(path, "cell 3 differs (source)")], []])   # stale, then fixed by the re-sync
    monkeypatch.setattr(ex, "stale_pairs", lambda paths: next(answers))
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: calls.append(cmd) or
                        subprocess.CompletedProcess(cmd, 0))
    assert ex.check_pairs([path], resync=True) == 0
    assert calls and calls[0][-1] == "notebooks/01_urbanization.py" and "sync_notebooks.py" in calls[0][1]
    assert "re-syncing 1 notebook(s)" in capsys.readouterr().out


def test_sync_never_reverts_an_edited_py(pair):
    """The pairing step of scripts/sync_notebooks.py, with the .ipynb touched after the edit
    (as a checkout can do): the edit must reach the .ipynb, and the .py must keep it."""
    sync = _load("sync_notebooks")
    py, ipynb = pair
    py.write_text(py.read_text(encoding="utf-8").replace("# %%", "# %%\nEDIT_MARKER = 1\n\n# %%", 1),
                  encoding="utf-8")
    later = time.time() + 5
    os.utime(ipynb, (later, later))
    cmds = []
    orig = subprocess.run

    def record(cmd, **kw):
        cmds.append(cmd)
        return orig(cmd, **{**kw, "cwd": py.parent})
    import unittest.mock as um

    with um.patch.object(sync.subprocess, "run", record):
        # the jupytext calls main() makes for each .py before executing it, in their order
        src = (ROOT / "scripts" / "sync_notebooks.py").read_text(encoding="utf-8")
        calls = [line.strip() for line in src.splitlines()
                 if line.strip().startswith("_jupytext(") and "str(py)" in line]
        assert len(calls) == 2
        for call in calls:
            eval(call, {"_jupytext": sync._jupytext, "py": py, "str": str})
    assert "EDIT_MARKER" in py.read_text(encoding="utf-8")
    assert "EDIT_MARKER" in ipynb.read_text(encoding="utf-8")


def test_unreadable_ipynb_after_a_merge_conflict_is_reported_not_a_crash(ex, pair):
    _, ipynb = pair
    text = ipynb.read_text(encoding="utf-8")
    ipynb.write_text("<<<<<<< HEAD\n" + text[:200] + "\n=======\n" + text[:100] + "\n>>>>>>> issue17\n",
                     encoding="utf-8")
    stale = ex.stale_pairs([ipynb])
    assert [p for p, _ in stale] == [ipynb] and "cannot be read" in stale[0][1]


def test_a_py_without_its_ipynb_is_stale(ex, tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "05_new.py").write_text("# %%\nx = 1\n", encoding="utf-8")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n  - file: notebooks/05_new\n",
                                       encoding="utf-8")
    unsynced = ex.toc_unsynced(tmp_path)
    assert [p.name for p in unsynced] == ["05_new.ipynb"]
    stale = ex.stale_pairs(unsynced)
    assert "never synced" in stale[0][1]
