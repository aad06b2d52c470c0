"""The student's path: JupyterLab is there with the MyST renderer, and a chapter runs from a
non-editable install of the package (as on Colab or after `pip install git+...`), which must find
its tables inside the installed package, not in a checkout."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CHAPTER = "01_urbanization"          # reads only the package's own tables


def test_jupyter_lab_is_installed_with_the_myst_renderer():
    version = subprocess.run([str(BIN / "jupyter"), "lab", "--version"], capture_output=True,
                             text=True, timeout=60)
    assert version.returncode == 0, version.stderr
    major, minor = (int(x) for x in version.stdout.strip().split(".")[:2])
    assert (major, minor) >= (4, 2)
    ext = subprocess.run([str(BIN / "jupyter"), "labextension", "list"], capture_output=True,
                         text=True, timeout=60)
    line = next((ln for ln in (ext.stdout + ext.stderr).splitlines() if "jupyterlab-myst" in ln), "")
    assert "enabled" in line and "OK" in line, \
        f"jupyterlab-myst is missing or incompatible with this JupyterLab:\n{ext.stdout}{ext.stderr}"


def test_the_project_kernel_is_installed():
    specs = subprocess.run([str(BIN / "jupyter"), "kernelspec", "list", "--json"],
                           capture_output=True, text=True, timeout=60)
    kernels = json.loads(specs.stdout)["kernelspecs"]
    assert kernels["python3"]["spec"]["display_name"] == "Python 3 (megacity)"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The package built as a wheel and installed (not editable) into a folder of its own."""
    tmp = tmp_path_factory.mktemp("student")
    # A fresh clone's files only (no build/ left from an earlier build can supply the tables).
    clone = tmp / "clone"
    shutil.copytree(ROOT / "src", clone / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    (clone / "data").mkdir()
    for p in (ROOT / "data").glob("*"):
        if p.is_file():
            shutil.copy2(p, clone / "data" / p.name)
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, clone / name)
    wheels = tmp / "wheels"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                            "--no-build-isolation", "-w", str(wheels), str(clone)],
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stdout + build.stderr
    wheel = next(wheels.glob("megacity-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(n).name for n in names if n.startswith("megacity/_data/")}
    expected = {p.name for p in (ROOT / "data").glob("*") if p.suffix in (".csv", ".yml")}
    assert expected and shipped == expected, f"tables missing from the wheel: {expected - shipped}"
    site = tmp / "site"
    inst = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                           "--target", str(site), str(wheel)], capture_output=True, text=True, timeout=300)
    assert inst.returncode == 0, inst.stdout + inst.stderr
    return site


def _env(site: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "MEGACITY_DATA_DIR"}
    env["PYTHONPATH"] = str(site)
    return env


def test_the_installed_package_finds_its_tables(installed, tmp_path):
    code = ("import megacity, megacity.data.catalogue as c; "
            "print(megacity.__file__); print(c.data_dir()); print(len(c.load_urbanization()))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=_env(installed),
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    module, folder, rows = out.stdout.split()
    assert module.startswith(str(installed)), f"imported {module}, not the installed copy"
    assert folder == str(installed / "megacity" / "_data")
    assert int(rows) > 0


def test_a_chapter_runs_from_the_installed_package(installed, tmp_path):
    """The chapter is executed away from the checkout, on the project kernel, importing the
    installed copy (its first cell asserts where the package and its tables come from)."""
    import nbformat

    nb = nbformat.read(ROOT / "notebooks" / f"{CHAPTER}.ipynb", as_version=4)
    probe = nbformat.v4.new_code_cell(
        "import megacity, megacity.data.catalogue as _c\n"
        f"assert megacity.__file__.startswith({str(installed)!r}), megacity.__file__\n"
        f"assert str(_c.data_dir()) == {str(installed / 'megacity' / '_data')!r}, _c.data_dir()")
    nb.cells.insert(0, probe)
    path = tmp_path / f"{CHAPTER}.ipynb"
    nbformat.write(nb, path)
    script = ("import nbformat, sys\nfrom nbclient import NotebookClient\n"
              f"nb = nbformat.read({str(path)!r}, as_version=4)\n"
              f"NotebookClient(nb, timeout=300, kernel_name='python3', "
              f"resources={{'metadata': {{'path': {str(tmp_path)!r}}}}}).execute()\n"
              "print('ran', sum(c.cell_type == 'code' for c in nb.cells), 'cells')\n")
    out = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=_env(installed),
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, (out.stdout + out.stderr)[-4000:]
    assert out.stdout.startswith("ran ")
