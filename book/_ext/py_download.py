"""Sphinx extension: a ".py" entry in each chapter's download menu.

Every chapter notebook ``notebooks/NN_name.ipynb`` is paired with ``notebooks/NN_name.py``
(jupytext, py:percent), the file we edit and review.  sphinx-book-theme's download menu offers
the .ipynb and a print-to-PDF; this adds the paired script next to them and copies the scripts
into ``_sources/`` of the HTML output, where the menu's other downloads live.
"""
from __future__ import annotations

import shutil
from pathlib import Path


def _paired_script(app, pagename: str) -> Path | None:
    script = Path(app.srcdir) / f"{pagename}.py"
    notebook = Path(app.srcdir) / f"{pagename}.ipynb"
    return script if script.exists() and notebook.exists() else None


def add_script_button(app, pagename, templatename, context, doctree):
    if _paired_script(app, pagename) is None:
        return
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        buttons = group["buttons"]
        at = next((i + 1 for i, b in enumerate(buttons)
                   if b.get("label") == "download-notebook-button"), 0)
        buttons.insert(at, {
            "type": "link",
            "url": f"{context['pathto']('_sources', 1)}/{pagename}.py",
            "text": ".py",
            "tooltip": "Download the paired script (jupytext py:percent)",
            "icon": "fas fa-file-code",
            "label": "download-script-button",
        })


def copy_scripts(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    for docname in app.env.found_docs:
        script = _paired_script(app, docname)
        if script is not None:
            target = Path(app.outdir) / "_sources" / f"{docname}.py"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(script, target)


def setup(app):
    # after sphinx-book-theme has built its header buttons (priority 501)
    app.connect("html-page-context", add_script_button, priority=502)
    app.connect("build-finished", copy_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
