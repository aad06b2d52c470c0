"""House style and small figure helpers shared by every chapter, and a check for text overprinting
text in a figure.

:func:`text_overlaps` lists every pair of text artists (titles, axis labels, tick labels, legend
entries and title, annotations, offset text such as ``1e6``, figure texts such as a source line)
whose drawn bounding boxes overlap, from matplotlib's own tight window extents.
:func:`check_figure` raises :class:`FigureTextOverlapError` when there is any.

With ``MEGACITY_CHECK_FIGURES=1`` in the environment (``make test``, ``make nbval``, ``make sync``
and ``make book`` set it) :func:`house_style` also installs the check in the running IPython
kernel: every figure still open at the end of a cell, every figure glued with
:func:`megacity.report.glue` and every figure drawn by :func:`as_png` is checked, and an overlap is
an error in that cell, so the notebook fails under nbval and in the book build.
"""
from __future__ import annotations

import ast
import os
from dataclasses import dataclass

import matplotlib as mpl
import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib.text import Text

__all__ = ["CHECK_FIGURES_ENV", "FigureTextOverlapError", "PALETTE", "TextOverlap", "as_png",
           "check_figure", "check_open_figures", "enable_figure_checks", "figure_checks_enabled",
           "house_style", "source_note", "text_outside_figure", "text_overlaps"]

#: Environment variable that turns the figure check on in notebooks ("1").
CHECK_FIGURES_ENV = "MEGACITY_CHECK_FIGURES"

#: Colour-blind-safe palette (seaborn "colorblind"), used in the same order everywhere.
PALETTE = sns.color_palette("colorblind")


def house_style() -> None:
    """Apply the compendium's figure style (call once at the top of a notebook)."""
    sns.set_theme(context="notebook", style="whitegrid", palette=PALETTE)
    mpl.rcParams.update({
        "figure.figsize": (7.5, 4.2),
        "figure.dpi": 110,
        "savefig.dpi": 150,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
        "font.size": 10,
    })
    if figure_checks_enabled():
        enable_figure_checks()


def source_note(fig_or_ax, text: str, *, y: float = -0.02) -> None:
    """Put a small 'Source: ...' line under a figure."""
    fig = fig_or_ax.figure if hasattr(fig_or_ax, "figure") and not isinstance(fig_or_ax, plt.Figure) else fig_or_ax
    fig.text(0.01, y, f"Source: {text}", ha="left", va="top", fontsize=8, color="0.35", wrap=True)


def as_png(fig, *, dpi: float | None = None):
    """The figure drawn once to PNG, as an IPython image to ``glue`` or display.

    Jupyter's inline backend crops every figure to its tight bounding box, which draws the figure
    twice; for a large grid of panels with margins set by hand that doubles a cost of seconds.
    The figure is closed afterwards.
    """
    import io

    from IPython.display import Image

    if figure_checks_enabled():
        check_figure(fig, outside=True)     # saved uncropped: text beyond the edge is cut off
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi or mpl.rcParams["figure.dpi"])
    plt.close(fig)
    return Image(data=buf.getvalue(), format="png")


# --------------------------------------------------------------------------------------------
# Text-overlap check
# --------------------------------------------------------------------------------------------

class FigureTextOverlapError(AssertionError):
    """Text in a figure overprints other text (or runs off the edge of an uncropped figure)."""


@dataclass(frozen=True)
class TextOverlap:
    """Two text artists whose drawn boxes overlap by ``width`` x ``height`` pixels."""
    first: str
    second: str
    width: float
    height: float

    def __str__(self) -> str:
        return f"{self.first!r} overprints {self.second!r} ({self.width:.0f} x {self.height:.0f} px)"


def _role(t: Text) -> str:
    """A short description of where a text artist sits, for the error message."""
    fig = t.figure
    for ax in fig.axes:
        title = next((k for k, a in (("title", ax.title), ("left title", ax._left_title),
                                     ("right title", ax._right_title)) if a is t), None)
        if title:
            return f"{title} of panel {fig.axes.index(ax) + 1}"
        if t is ax.xaxis.label:
            return f"x-label of panel {fig.axes.index(ax) + 1}"
        if t is ax.yaxis.label:
            return f"y-label of panel {fig.axes.index(ax) + 1}"
        if t is ax.xaxis.offsetText or t is ax.yaxis.offsetText:
            return f"offset text of panel {fig.axes.index(ax) + 1}"
        legend = ax.get_legend()
        if legend is not None and (t in legend.get_texts() or t is legend.get_title()):
            return f"legend of panel {fig.axes.index(ax) + 1}"
        for axis, name in ((ax.xaxis, "x"), (ax.yaxis, "y")):
            ticks = axis.get_major_ticks() + axis.get_minor_ticks()
            if any(t is tk.label1 or t is tk.label2 for tk in ticks):
                return f"{name} tick label of panel {fig.axes.index(ax) + 1}"
    if fig.legends and any(t in lg.get_texts() or t is lg.get_title() for lg in fig.legends):
        return "figure legend"
    if t is getattr(fig, "_suptitle", None):
        return "figure title"
    return "text"


def _visible_texts(fig, renderer):
    out = []
    for t in fig.findobj(Text):
        if not t.get_visible() or not t.get_text().strip() or t.get_alpha() == 0:
            continue
        if t.axes is not None and not t.axes.get_visible():
            continue
        # Tick labels outside the view limits are not drawn.
        if t.figure is None:
            continue
        bbox = t.get_window_extent(renderer)
        if bbox.width <= 0 or bbox.height <= 0:
            continue
        out.append((t, bbox))
    return out


def _drawn_texts(fig):
    fig.draw_without_rendering()      # runs the layout engine; positions as they will be drawn
    renderer = fig.canvas.get_renderer()
    texts = _visible_texts(fig, renderer)
    # matplotlib skips tick labels whose tick lies outside the view; keep only those drawn.
    drawn = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis._update_ticks():
                drawn.add(id(tick.label1))
                drawn.add(id(tick.label2))
    tick_labels = {id(tk.label1) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)
                   for tk in axis.get_major_ticks() + axis.get_minor_ticks()} | \
                  {id(tk.label2) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)
                   for tk in axis.get_major_ticks() + axis.get_minor_ticks()}
    # an axes switched off (ax.axis("off"), e.g. the empty slots of a grid) draws none of its axis
    # texts: tick labels, axis labels and offset text
    # and an axis made invisible (the shared x axis of a twinx) draws none of its texts either
    hidden = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if not ax.axison or not axis.get_visible():
                hidden |= {id(t) for t in axis.findobj(Text)}
    return [(t, b) for t, b in texts
            if id(t) not in hidden and (id(t) not in tick_labels or id(t) in drawn)], renderer


def text_overlaps(fig, *, min_px: float = 1.0) -> list[TextOverlap]:
    """Every pair of drawn text artists in ``fig`` whose boxes overlap by more than ``min_px``
    pixels in both directions (at the figure's dpi)."""
    if not hasattr(fig, "findobj") or not hasattr(fig, "canvas"):
        raise TypeError(f"text_overlaps() takes a matplotlib Figure, got {type(fig).__name__}")
    if not (min_px >= 0):
        raise ValueError(f"min_px must be >= 0, got {min_px!r}")
    texts, _ = _drawn_texts(fig)
    found = []
    for i in range(len(texts)):
        a, ba = texts[i]
        for j in range(i + 1, len(texts)):
            b, bb = texts[j]
            w = min(ba.x1, bb.x1) - max(ba.x0, bb.x0)
            h = min(ba.y1, bb.y1) - max(ba.y0, bb.y0)
            if w > min_px and h > min_px:
                found.append(TextOverlap(f"{_role(a)}: {a.get_text()[:40]}",
                                         f"{_role(b)}: {b.get_text()[:40]}", w, h))
    return found


def text_outside_figure(fig, *, min_px: float = 1.0) -> list[str]:
    """Text artists that run past the figure's edge (cut off when saved without cropping)."""
    texts, _ = _drawn_texts(fig)
    W, H = fig.canvas.get_width_height()
    out = []
    for t, b in texts:
        if b.x0 < -min_px or b.y0 < -min_px or b.x1 > W + min_px or b.y1 > H + min_px:
            out.append(f"{_role(t)}: {t.get_text()[:40]!r}")
    return out


def check_figure(fig, *, outside: bool = False, min_px: float = 1.0) -> None:
    """Raise :class:`FigureTextOverlapError` if any text overprints other text in ``fig`` (and,
    with ``outside=True``, if any text runs off the figure)."""
    problems = [str(o) for o in text_overlaps(fig, min_px=min_px)]
    if outside:
        problems += [f"{t} runs off the edge of the figure" for t in text_outside_figure(fig, min_px=min_px)]
    if problems:
        label = fig.get_label() or (fig._suptitle.get_text() if getattr(fig, "_suptitle", None) else "")
        head = f"figure {label!r}: " if label else "figure: "
        raise FigureTextOverlapError(head + "; ".join(problems)
                                     + " (move or shorten the text; see megacity.plots)")


def check_open_figures() -> None:
    """Check every figure pyplot still holds open (called at the end of each cell)."""
    for num in plt.get_fignums():
        check_figure(plt.figure(num))


def figure_checks_enabled() -> bool:
    return os.environ.get(CHECK_FIGURES_ENV, "") == "1"


class _CheckFiguresAtCellEnd(ast.NodeTransformer):
    """IPython AST transformer: ``megacity.plots.check_open_figures()`` at the end of every cell.

    A final expression keeps being the cell's displayed value: ``expr`` becomes
    ``__megacity_out = expr; check_open_figures(); __megacity_out``.
    """

    def visit_Module(self, node):
        if not node.body:
            return node
        check = ast.parse("__import__('megacity.plots', fromlist=['x']).check_open_figures()").body
        last = node.body[-1]
        if isinstance(last, ast.Expr):
            name = "_megacity_cell_value"
            assign = ast.Assign(targets=[ast.Name(id=name, ctx=ast.Store())], value=last.value)
            node.body[-1:] = [assign, *check, ast.Expr(ast.Name(id=name, ctx=ast.Load()))]
        else:
            node.body.extend(check)
        return ast.fix_missing_locations(node)


def enable_figure_checks(shell=None) -> bool:
    """Install the end-of-cell figure check in the running IPython kernel (idempotent).

    Returns False when not running under IPython (a plain script: call :func:`check_figure`).
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    if shell is None:
        return False
    if not any(isinstance(t, _CheckFiguresAtCellEnd) for t in shell.ast_transformers):
        shell.ast_transformers.append(_CheckFiguresAtCellEnd())
    _check_when_rendered()
    return True


def _check_when_rendered() -> None:
    """Check every figure as it is rendered to an image (inline display, ``myst_nb.glue``,
    ``savefig``), so that a figure closed before the end of its cell is checked too."""
    from matplotlib.backend_bases import FigureCanvasBase

    if getattr(FigureCanvasBase.print_figure, "_megacity_checked", False):
        return
    original = FigureCanvasBase.print_figure

    def print_figure(self, *args, **kwargs):
        if figure_checks_enabled():
            check_figure(self.figure)
        return original(self, *args, **kwargs)

    print_figure._megacity_checked = True
    print_figure.__wrapped__ = original
    FigureCanvasBase.print_figure = print_figure
