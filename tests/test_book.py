"""The book's structure: paired notebooks, table of contents, configuration, environment."""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import jupytext
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.py"))
IPYNBS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _toc_files(node) -> list[str]:
    out = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("file", "root"):
                out.append(v)
            else:
                out += _toc_files(v)
    elif isinstance(node, list):
        for item in node:
            out += _toc_files(item)
    return out


TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
TOC_FILES = _toc_files(TOC)


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks/*.py found"


@pytest.mark.parametrize("py", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_pairs_are_in_sync(py):
    ipynb = py.with_suffix(".ipynb")
    assert ipynb.exists(), f"{py.name} has no paired {ipynb.name}: run make sync NB={py.relative_to(ROOT)}"
    a = [(c.cell_type, c.source.strip()) for c in jupytext.read(py).cells]
    b = [(c.cell_type, c.source.strip()) for c in jupytext.read(ipynb).cells]
    assert a == b, f"{py.name} and {ipynb.name} differ: run make sync NB={py.relative_to(ROOT)}"


@pytest.mark.parametrize("ipynb", IPYNBS, ids=lambda p: p.name)
def test_ipynb_has_a_pair_outputs_and_the_project_kernel(ipynb):
    assert ipynb.with_suffix(".py").exists(), f"{ipynb.name} has no paired .py"
    nb = json.loads(ipynb.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert nb["metadata"].get("jupytext", {}).get("formats") == "ipynb,py:percent"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(c.get("execution_count") for c in code), \
        f"{ipynb.name} is not fully executed (nbval needs stored outputs): run make sync"
    errors = [o for c in code for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"{ipynb.name} stores an error output"


@pytest.mark.parametrize("py", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_is_in_the_toc(py):
    assert f"notebooks/{py.stem}" in TOC_FILES, f"{py.name} is missing from _toc.yml"


@pytest.mark.parametrize("entry", TOC_FILES)
def test_every_toc_entry_exists(entry):
    matches = [p for p in (ROOT / entry).parent.glob(Path(entry).name + ".*")
               if p.suffix in (".md", ".ipynb")]
    assert matches, f"_toc.yml names {entry}, which does not exist"


def test_config_builds_only_the_book():
    cfg = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert cfg["only_build_toc_files"] is True
    assert cfg["execute"]["execute_notebooks"] == "cache"
    assert cfg["execute"]["raise_on_error"] is True
    excluded = set(cfg["exclude_patterns"])
    for pattern in (".venv/*", "_build/*", "data/*", "notebooks/*.py"):
        assert pattern in excluded
    assert cfg["bibtex_bibfiles"] == ["book/references.bib"]
    assert (ROOT / "book" / "references.bib").exists()


def test_glue_names_are_unique_across_notebooks():
    seen: dict[str, str] = {}
    for py in NOTEBOOKS:
        for name in re.findall(r"""\bglue\(\s*["']([\w\-]+)["']""", py.read_text(encoding="utf-8")):
            assert seen.setdefault(name, py.name) == py.name, \
                f"glue name {name} used in {seen[name]} and {py.name}"


def _norm(req: str) -> tuple[str, str]:
    req = req.split(";")[0].strip()
    m = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_yml_and_pyproject_declare_the_same_packages():
    pp = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = pp["dependencies"] + [d for extra in pp["optional-dependencies"].values() for d in extra]
    ours = dict(_norm(d) for d in declared)
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = dict(_norm(d) for d in env["dependencies"]
                 if isinstance(d, str) and not d.startswith(("python", "pip")))
    assert conda == ours
