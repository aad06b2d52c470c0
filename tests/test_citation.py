"""One repository address and one citation record: _config.yml names the repository; CITATION.cff,
.zenodo.json, pyproject.toml, the README, the "Cite this book" page and the Colab cell agree."""
from __future__ import annotations

import importlib.util
import json
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
REPO = CONFIG["repository"]["url"].rstrip("/")
CFF = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
ZENODO = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
CITE_PAGE = (ROOT / "book" / "cite.md").read_text(encoding="utf-8")


def test_the_repository_is_named_the_same_everywhere():
    assert REPO.startswith("https://github.com/") and REPO.count("/") == 4
    assert CFF["repository-code"] == REPO and CFF["url"] == REPO
    assert {r["identifier"] for r in ZENODO["related_identifiers"]} == {REPO}
    assert PYPROJECT["urls"]["Homepage"] == REPO
    assert PYPROJECT["urls"]["Issues"] == f"{REPO}/issues"
    assert REPO in CITE_PAGE
    assert REPO + ".git" in (ROOT / "book" / "run_it_yourself.md").read_text(encoding="utf-8")


def test_citation_cff_and_zenodo_agree():
    assert CFF["title"] == ZENODO["title"] == CONFIG["title"]
    assert str(CFF["version"]) == ZENODO["version"] == PYPROJECT["version"]
    assert str(CFF["date-released"]) == ZENODO["publication_date"]
    assert CFF["license"] == ZENODO["license"]
    assert [a["name"] for a in CFF["authors"]] == [c["name"] for c in ZENODO["creators"]]
    assert CFF["keywords"] == ZENODO["keywords"]
    assert CFF["abstract"] == ZENODO["description"]


def test_the_cite_page_shows_the_same_record():
    assert CFF["title"] in CITE_PAGE
    assert f"version = {{{CFF['version']}}}" in CITE_PAGE
    assert f"date    = {{{CFF['date-released']}}}" in CITE_PAGE
    assert CFF["authors"][0]["name"] in CITE_PAGE


def test_the_colab_cell_installs_from_the_configured_repository():
    spec = importlib.util.spec_from_file_location("add_colab_cell", ROOT / "scripts" / "add_colab_cell.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    url, branch = mod.repository()
    assert (url, branch) == (REPO, CONFIG["repository"]["branch"])
    assert f"git+{REPO}@{branch}" in mod.cell_source()
