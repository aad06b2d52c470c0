"""The figure text-overlap check (megacity.plots): planted overlaps are found, clean figures pass,
and the IPython hook turns an overlap into an error in the cell that drew it."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from megacity import plots


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _clean_figure():
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot([2000, 2010, 2020], [1, 2, 3], label="urban share")
    ax.set_title("A clean figure")
    ax.set_xlabel("Year")
    ax.set_ylabel("Share (%)")
    ax.legend(loc="upper left")
    fig.tight_layout()
    return fig


def test_a_clean_figure_has_no_overlap():
    fig = _clean_figure()
    assert plots.text_overlaps(fig) == []
    plots.check_figure(fig)          # does not raise


def _planted():
    fig = _clean_figure()
    fig.draw_without_rendering()
    ax = fig.axes[0]
    title = next(t for t in (ax.title, ax._left_title, ax._right_title) if t.get_text())
    title_box = title.get_window_extent(fig.canvas.get_renderer())
    x, y = fig.transFigure.inverted().transform((title_box.x0 + 5, title_box.y0 + 3))
    fig.text(x, y, "an annotation printed over the title")
    return fig


def test_planted_annotation_over_the_title_is_found():
    fig = _planted()
    found = plots.text_overlaps(fig)
    assert len(found) == 1
    assert "title of panel 1" in found[0].first and "text" in found[0].second
    with pytest.raises(plots.FigureTextOverlapError, match="overprints"):
        plots.check_figure(fig)


def test_legend_over_the_x_label_is_found():
    fig = _clean_figure()
    ax = fig.axes[0]
    ax.legend(loc="upper left", bbox_to_anchor=(0.4, -0.02), ncols=1)   # pushed onto the label
    found = plots.text_overlaps(fig)
    pairs = {(o.first.split(":")[0], o.second.split(":")[0]) for o in found}
    assert any("legend" in a + b and ("x-label" in a + b or "tick" in a + b) for a, b in pairs), found


def test_offset_text_under_a_left_title_is_found():
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.plot(np.arange(5), np.arange(5) * 1e7)       # y ticks need an offset text ("1e7")
    ax.set_title("Population", loc="left", y=1.0, pad=0)   # fixed y: no auto-lift
    found = plots.text_overlaps(fig)
    assert any("offset text" in o.first + o.second for o in found), found


def test_crowded_tick_labels_are_found():
    fig, ax = plt.subplots(figsize=(2.5, 2))
    ax.plot(np.arange(30), np.arange(30))
    ax.set_xticks(np.arange(30), [f"label {i}" for i in range(30)])
    found = plots.text_overlaps(fig)
    assert any("x tick label" in o.first and "x tick label" in o.second for o in found)


def test_text_off_the_edge_is_flagged_only_when_asked():
    fig = _clean_figure()
    fig.text(0.9, 0.5, "a long note that runs past the right edge of the figure")
    assert plots.text_outside_figure(fig)
    plots.check_figure(fig)                              # overlaps only: passes
    with pytest.raises(plots.FigureTextOverlapError, match="runs off the edge"):
        plots.check_figure(fig, outside=True)


def test_bad_input_fails_loudly():
    with pytest.raises(TypeError, match="matplotlib Figure"):
        plots.text_overlaps("not a figure")
    with pytest.raises(ValueError, match="min_px"):
        plots.text_overlaps(_clean_figure(), min_px=-1)


def test_the_ipython_hook_makes_an_overlap_a_cell_error(monkeypatch):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        monkeypatch.setenv(plots.CHECK_FIGURES_ENV, "1")
        assert plots.enable_figure_checks(shell)
        assert plots.enable_figure_checks(shell)             # idempotent
        assert sum(isinstance(t, plots._CheckFiguresAtCellEnd) for t in shell.ast_transformers) == 1
        ok = shell.run_cell("import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\n"
                            "ax.set_title('fine')\n40 + 2")
        assert ok.error_in_exec is None and ok.result == 42    # the last value is still shown
        bad = shell.run_cell("fig, ax = plt.subplots()\nax.set_title('Title', loc='left')\n"
                             "fig.text(0.13, 0.89, 'Title over title')")
        assert isinstance(bad.error_in_exec, plots.FigureTextOverlapError)
    finally:
        shell.ast_transformers[:] = [t for t in shell.ast_transformers
                                     if not isinstance(t, plots._CheckFiguresAtCellEnd)]
        plt.close("all")
        InteractiveShell.clear_instance()


def test_a_figure_closed_before_the_cell_ends_is_checked_when_rendered(monkeypatch):
    """myst_nb.glue (or plt.show) renders the figure through print_figure inside the cell."""
    from IPython.core.interactiveshell import InteractiveShell
    from matplotlib.backend_bases import FigureCanvasBase

    shell = InteractiveShell.instance()
    original = FigureCanvasBase.print_figure
    try:
        monkeypatch.setenv(plots.CHECK_FIGURES_ENV, "1")
        plots.enable_figure_checks(shell)
        import io

        fig = _planted()
        with pytest.raises(plots.FigureTextOverlapError):
            fig.savefig(io.BytesIO(), format="png")
        monkeypatch.delenv(plots.CHECK_FIGURES_ENV)
        fig.savefig(io.BytesIO(), format="png")                # off: renders as before
    finally:
        FigureCanvasBase.print_figure = getattr(FigureCanvasBase.print_figure, "__wrapped__", original)
        shell.ast_transformers[:] = [t for t in shell.ast_transformers
                                     if not isinstance(t, plots._CheckFiguresAtCellEnd)]
        InteractiveShell.clear_instance()


def test_house_style_installs_the_hook_only_when_asked(monkeypatch):
    calls = []
    monkeypatch.setattr(plots, "enable_figure_checks", lambda shell=None: calls.append(1) or True)
    monkeypatch.delenv(plots.CHECK_FIGURES_ENV, raising=False)
    plots.house_style()
    assert calls == []
    monkeypatch.setenv(plots.CHECK_FIGURES_ENV, "1")
    plots.house_style()
    assert calls == [1]


def test_glue_checks_a_figure_when_asked(monkeypatch):
    from megacity import report

    fig = _planted()
    monkeypatch.setenv(plots.CHECK_FIGURES_ENV, "1")
    with pytest.raises(plots.FigureTextOverlapError):
        report.glue("test_fig", fig)
    monkeypatch.delenv(plots.CHECK_FIGURES_ENV)
    report.glue("test_fig_unchecked", fig)     # no check without the variable
    assert report.GLUED["test_fig_unchecked"] is fig


def test_as_png_checks_when_asked(monkeypatch):
    monkeypatch.setenv(plots.CHECK_FIGURES_ENV, "1")
    with pytest.raises(plots.FigureTextOverlapError):
        plots.as_png(_planted())
    assert plots.as_png(_clean_figure()).data[:4] == b"\x89PNG"


def test_axes_switched_off_draw_no_axis_text():
    """The empty slots of a grid (ax.axis('off')) draw no tick labels, so they overprint nothing."""
    import matplotlib.pyplot as plt

    from megacity.plots import text_overlaps

    fig, axes = plt.subplots(1, 2, figsize=(6, 2))
    axes[1].axis("off")
    fig.text(0.75, 0.02, "Source: a long note under the empty slot " * 2, fontsize=9, ha="center")
    fig.subplots_adjust(bottom=0.05)
    try:
        assert not any("panel 2" in str(o) for o in text_overlaps(fig))
        axes[1].axis("on")                                  # switched on, its tick labels overprint
        assert any("panel 2" in str(o) or "tick" in str(o) for o in text_overlaps(fig))
    finally:
        plt.close(fig)


def test_a_twin_axes_hidden_x_axis_draws_no_tick_labels():
    import matplotlib.pyplot as plt

    from megacity.plots import text_overlaps

    fig, ax = plt.subplots(figsize=(5, 3))
    ax.plot([1990, 2010], [1, 2])
    ax2 = ax.twinx()                     # shares the x axis; its own x tick labels are not drawn
    ax2.plot([1990, 2010], [5, 3])
    try:
        assert text_overlaps(fig) == []
        ax2.xaxis.set_visible(True)      # drawn, they sit exactly on the first axes' labels
        assert text_overlaps(fig)
    finally:
        plt.close(fig)
