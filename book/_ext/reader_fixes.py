"""Sphinx extension: small fixes for readers of the HTML book.

* **One THEBE declaration.** sphinx-thebe adds its configuration script
  (``const THEBE_JS_URL = ...``) from an ``env-before-read-docs`` handler, which Jupyter Book's
  build fires more than once, so every page declared the constant twice and the browser logged
  "Identifier 'THEBE_JS_URL' has already been declared".  Identical inline scripts are dropped here,
  so each page declares it once.
* **One search field.** pydata-sphinx-theme 0.17 fills ``navbar_persistent`` with a search field
  whenever the option is not set explicitly, and sphinx-book-theme (which keeps its own search field
  in the sidebar) leaves it unset, so a second search bar ran across the top of every desktop page.
  The option is set to an empty list here, the fix sphinx-book-theme 1.4 users apply
  (pynucastro/pynucastro#1427).
* **A stated colour mode.** Without ``default_mode`` the theme's first script stores an empty mode
  and logs "Got invalid theme mode" as a console error on a reader's first visit; the pages now
  start in ``auto`` (follow the reader's system setting).
* **Edit the source, not the output.** A chapter's "Edit this page" and "Source" buttons point at
  its jupytext twin ``notebooks/NN_x.py``, the file we review, instead of the executed ``.ipynb``.
* **Last updated from git.** ``html_last_updated_fmt`` stamps every page with the build date; this
  replaces it with the date of the last commit that touched the page's source file (the build
  date only for a file git does not know).
"""
from __future__ import annotations

import subprocess
from functools import lru_cache
from pathlib import Path


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set = set()
    kept = []
    for script in scripts:
        body = getattr(script, "attributes", {}).get("body") if hasattr(script, "attributes") else None
        key = ("body", body) if body else ("src", str(script))
        if key in seen:
            continue
        seen.add(key)
        kept.append(script)
    context["script_files"] = kept


@lru_cache(maxsize=None)
def _git_date(path: str) -> str | None:
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs", "--", path],
                             cwd=Path(path).parent, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    date = out.stdout.strip()
    return date or None


def _last_updated(app, pagename, templatename, context, doctree):
    if not context.get("last_updated") or doctree is None:
        return
    source = Path(app.env.doc2path(pagename))
    # A chapter's reviewed source is its jupytext twin: date it by the .py when there is one.
    twin = source.with_suffix(".py")
    date = _git_date(str(twin if twin.exists() else source))
    if date:
        context["last_updated"] = date


def _one_search_field(app, config):
    options = config.html_theme_options
    options.setdefault("navbar_persistent", [])


def _edit_the_twin(app, pagename, templatename, context, doctree):
    if (Path(app.srcdir) / f"{pagename}.py").exists() and \
            (Path(app.srcdir) / f"{pagename}.ipynb").exists():
        for group in context.get("header_buttons", []):
            for button in group.get("buttons", []):
                if button.get("label") in ("source-edit-button", "source-file-button"):
                    url = button.get("url", "")
                    if url.endswith(f"{pagename}.ipynb"):
                        button["url"] = url[: -len(".ipynb")] + ".py"


def _default_mode(app, pagename, templatename, context, doctree):
    if not context.get("default_mode"):
        context["default_mode"] = "auto"


def setup(app):
    app.connect("html-page-context", _default_mode, priority=100)
    app.connect("config-inited", _one_search_field, priority=100)
    app.connect("html-page-context", _edit_the_twin, priority=900)
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    app.connect("html-page-context", _last_updated)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
