"""Build hook: ship the compendium's cited tables (``data/*.csv`` and ``data/*.yml``) inside the
wheel as ``megacity/_data`` so that a non-editable install (Colab, ``pip install git+...``) finds
them.  Everything else about the package is declared in ``pyproject.toml``.  An editable install
keeps reading ``<repo>/data`` directly (``megacity.data.catalogue.data_dir``)."""
from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class build_py_with_data(build_py):
    def run(self):
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / "megacity" / "_data"
        shutil.rmtree(target, ignore_errors=True)      # no table left over from an earlier build
        target.mkdir(parents=True, exist_ok=True)
        files = sorted(p for p in (ROOT / "data").glob("*") if p.suffix in (".csv", ".yml"))
        if not files:
            raise SystemExit("setup.py: no tables in data/ to ship")
        for src in files:
            shutil.copy2(src, target / src.name)


setup(cmdclass={"build_py": build_py_with_data})
