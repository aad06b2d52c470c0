"""House style and small figure helpers shared by every chapter."""
from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import seaborn as sns

__all__ = ["PALETTE", "as_png", "house_style", "source_note"]

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

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi or mpl.rcParams["figure.dpi"])
    plt.close(fig)
    return Image(data=buf.getvalue(), format="png")
