"""The whole book as one PDF: the built HTML pages, in table-of-contents order, printed by Chromium.

    python scripts/build_pdf.py [--html _build/html] [--out _build/html/megacity-compendium.pdf]

Run after ``make book`` (``make pdf`` does both).  The article of every page in ``_toc.yml`` is
copied, in order, into one print page (``_build/html/print/whole-book.html``, one folder deep like
the pages themselves, so images, styles and the offline MathJax resolve as they do on the site);
Chromium (headless, through Playwright) waits for MathJax to typeset and prints it to A4 with page
numbers.  Solutions are printed opened (the print rules in ``book/_static/custom.css``).  The PDF is
written inside the HTML folder, so the site serves it where the introduction links it.
"""
from __future__ import annotations

import argparse
import html as _html
import importlib.util
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDF_NAME = "megacity-compendium.pdf"


def toc_pages(root: Path = ROOT) -> list[str]:
    spec = importlib.util.spec_from_file_location("execute_notebooks",
                                                  root / "scripts" / "execute_notebooks.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return list(mod.toc_entries(root))


def combined_html(html_dir: Path, pages: list[str]) -> str:
    """One HTML document holding every page's article, each starting on a new sheet."""
    from bs4 import BeautifulSoup

    first = BeautifulSoup((html_dir / f"{pages[0]}.html").read_text(encoding="utf-8"), "html.parser")
    head = first.head
    # Drop theme scripts that expect the full page layout; keep styles and MathJax.
    for script in head.find_all("script"):
        src = script.get("src") or ""
        if "mathjax" not in src and "MathJax" not in (script.string or ""):
            script.decompose()
    title = first.title.string if first.title else "Book"
    parts = []
    for page in pages:
        path = html_dir / f"{page}.html"
        depth = len(Path(page).parts) - 1
        if depth != 1:
            raise SystemExit(f"build_pdf: {page} is not one folder deep; relative links would break")
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        article = soup.find("article")
        if article is None:
            raise SystemExit(f"build_pdf: no <article> in {path}")
        for el in article.select(".headerlink, .toggle-button, button"):
            el.decompose()
        # Pages are concatenated: keep ids unique by prefixing them with the page name.
        prefix = page.replace("/", "-") + "--"
        for el in article.find_all(id=True):
            el["id"] = prefix + el["id"]
        parts.append(f'<section class="print-page" data-page="{_html.escape(page)}">{article}</section>')
    cover = (f'<section class="print-cover"><h1>{_html.escape(title)}</h1>'
             f"<p>The printed edition of the online book, built {time.strftime('%Y-%m-%d')}. "
             "Solutions to the exercises are printed after each exercise.</p></section>")
    style = """
<style>
  body { margin: 0 1.2cm; font-size: 10.5pt; }
  .print-page { break-before: page; }
  .print-cover { text-align: left; padding-top: 6cm; }
  .print-cover h1 { font-size: 26pt; }
  .admonition.toggle-hidden .admonition-title ~ * { height: auto; opacity: 1; visibility: visible; }
  .admonition.dropdown { display: block; }
  img { max-width: 100%; }
</style>"""
    return (f"<!DOCTYPE html><html lang='en'>{str(head).replace('</head>', style + '</head>')}"
            f"<body>{cover}{''.join(parts)}</body></html>")


def print_pdf(page_html: Path, out: Path, chromium: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto(page_html.resolve().as_uri(), wait_until="load")
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                               timeout=60_000)
        page.evaluate("() => MathJax.startup.promise")
        page.emulate_media(media="print")
        page.pdf(path=str(out), format="A4", print_background=True,
                 margin={"top": "1.5cm", "bottom": "1.5cm", "left": "1cm", "right": "1cm"},
                 display_header_footer=True, header_template="<span></span>",
                 footer_template='<div style="font-size:8pt;width:100%;text-align:center">'
                                 '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
        browser.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    html_dir = args.html.resolve()
    out = (args.out or html_dir / PDF_NAME).resolve()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("build_pdf: Chromium is needed (`apt-get install chromium`)")
    pages = toc_pages()
    missing = [p for p in pages if not (html_dir / f"{p}.html").exists()]
    if missing:
        raise SystemExit(f"build_pdf: build the book first (make book); missing {missing}")
    t0 = time.perf_counter()
    folder = html_dir / "print"
    folder.mkdir(exist_ok=True)
    page_html = folder / "whole-book.html"
    page_html.write_text(combined_html(html_dir, pages), encoding="utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    print_pdf(page_html, out, chromium)
    print(f"build_pdf: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} "
          f"({out.stat().st_size / 1e6:.1f} MB, {len(pages)} pages of the book, "
          f"{time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
