"""Figures of chapter 10 (the Zhejiang safety record): reader labels, small multiples, marks.

The chapter's notebook calls these so that it stays narrative; each function returns a
matplotlib figure drawn with fixed margins (no ``tight_layout`` over many axes), plain tick
labels (no offset or scientific-notation text that could sit over a panel title) and reader
words for every label.
"""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter, MaxNLocator

from . import plots
from .args import ParameterError

__all__ = ["LABELS", "FIRE_DEFINITION_CHANGES", "SELF_REPORT_NOTE", "label", "mark_fire_definitions",
           "plain_ticks", "small_multiples"]

#: indicator code -> (reader title, unit as a reader reads it)
LABELS = {
    "criminal_cases_filed": ("Criminal cases registered", "cases"),
    "criminal_cases_filed_yoy_pct": ("Criminal cases, change on year", "% on previous year"),
    "fire_deaths": ("Fire deaths", "persons"),
    "fire_direct_loss": ("Fire losses", "10,000 yuan"),
    "fire_injured": ("Fire injuries", "persons"),
    "fires": ("Fires", "cases"),
    "fires_per_100k_pop": ("Fires per 100,000 people", "fires per 100,000"),
    "homicide_cases": ("Homicide cases", "cases"),
    "production_safety_accidents_yoy_pct": ("Work-safety accidents, change on year", "% on previous year"),
    "production_safety_deaths": ("Work-safety deaths", "persons"),
    "production_safety_deaths_per_100m_gdp": ("Work-safety deaths per 100 million yuan of GDP", "deaths per 100 million yuan"),
    "production_safety_deaths_yoy_pct": ("Work-safety deaths, change on year", "% on previous year"),
    "public_safety_satisfaction_pct": ("Satisfaction with public safety (government survey)", "% of respondents"),
    "road_traffic_accidents": ("Road accidents", "cases"),
    "road_traffic_accidents_yoy_pct": ("Road accidents, change on year", "% on previous year"),
    "road_traffic_deaths": ("Road deaths (police records)", "persons"),
    "road_traffic_deaths_per_10k_vehicles": ("Road deaths per 10,000 motor vehicles", "deaths per 10,000 vehicles"),
    "road_traffic_deaths_yoy_pct": ("Road deaths, change on year", "% on previous year"),
    "road_traffic_direct_loss": ("Road-accident losses", "10,000 yuan"),
    "road_traffic_direct_loss_yoy_pct": ("Road-accident losses, change on year", "% on previous year"),
    "road_traffic_injured": ("Road injuries", "persons"),
    "road_traffic_injured_yoy_pct": ("Road injuries, change on year", "% on previous year"),
    "sense_of_security_index_MPS": ("Sense of security (police survey)", "index, %"),
    "sense_of_security_pct_NBS": ("Feeling safe (statistics bureau survey)", "% of respondents"),
}

#: Fire-statistics definition changes that the sources document, for marking on figures
FIRE_DEFINITION_CHANGES = {
    1997: "1997: fire reporting standards modified (CSY 1999, table 21-38, note b)",
    2007: "2007: new fire severity classes (NBS series add a 'larger fire' class)",
}

#: the label put on every figure that shows the government's own survey or 2017 results
SELF_REPORT_NOTE = "self-reported: the provincial government's own survey / release about its own programme"


def label(indicator: str) -> tuple[str, str]:
    """Reader title and unit of an indicator code (the code itself, de-snaked, if unknown)."""
    return LABELS.get(indicator, (indicator.replace("_", " ").capitalize(), ""))


def _plain(v, _pos=None) -> str:
    a = abs(v)
    if a >= 1e6:
        return f"{v / 1e6:g}m"
    if a >= 1e4:
        return f"{v / 1e3:,.0f}k"
    return f"{v:,.0f}" if a >= 100 else f"{v:g}"


def plain_ticks(ax) -> None:
    """Tick labels without offset text or scientific notation (e.g. 150k, 2.5m)."""
    ax.yaxis.set_major_locator(MaxNLocator(4))
    ax.yaxis.set_major_formatter(FuncFormatter(_plain))


def mark_fire_definitions(ax, *, years=(1997, 2007), text: bool = True) -> None:
    """Dashed lines at the documented fire-definition changes, labelled inside the axes."""
    lo, hi = ax.get_xlim()
    for y in years:
        if lo <= y <= hi:
            ax.axvline(y - 0.5, color="firebrick", ls="--", lw=0.9)
            if text:
                ax.text(y - 0.4, 0.97, str(y), transform=ax.get_xaxis_transform(), fontsize=7,
                        color="firebrick", va="top", ha="left")


def small_multiples(panels: list[tuple[str, pd.DataFrame]], title: str, colour: int = 0, *,
                    ncol: int = 4, xlim=(1997, 2025), mark_year: float | None = 2004,
                    marker: dict | None = None):
    """One small panel per (indicator, series) pair; at most 12 panels.

    ``series`` has columns year, value, confidence (as from ``trends.pick_series``).  Panel titles
    are reader words (:data:`LABELS`) wrapped to two lines with the unit underneath; lines join
    consecutive years only, so gaps stay visible.
    """
    if not 1 <= len(panels) <= 12:
        raise ParameterError(f"small_multiples(): panels must hold 1 to 12 series, got {len(panels)}")
    marker = marker or {"high": "o", "medium": "s", "low": "x"}
    nrow = int(np.ceil(len(panels) / ncol))
    fig, axes = plt.subplots(nrow, ncol, figsize=(11, 2.35 * nrow + 0.9), squeeze=False)
    for ax, (ind, s) in zip(axes.flat, panels):
        full = s.set_index("year")["value"].reindex(range(int(s["year"].min()), int(s["year"].max()) + 1))
        ax.plot(full.index, full.to_numpy(), color="0.6", lw=0.8)
        for conf, d in s.groupby("confidence", observed=True):
            ax.scatter(d["year"], d["value"], marker=marker[str(conf)], s=16,
                       color=plots.PALETTE[colour])
        if mark_year is not None:
            ax.axvline(mark_year, color="0.3", ls=":", lw=0.8)
        name, unit = label(ind)
        ax.set_title("\n".join(textwrap.wrap(name, 30)[:2]), fontsize=8, loc="left", pad=3)
        ax.set_ylabel(unit, fontsize=7)
        ax.tick_params(labelsize=7)
        ax.set_xlim(*xlim)
        plain_ticks(ax)
        if ind.startswith("fire"):
            mark_fire_definitions(ax, text=False)
        if ind == "public_safety_satisfaction_pct":
            ax.text(0.02, 0.88, "self-reported", transform=ax.transAxes, fontsize=7, color="firebrick")
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    handles = [plt.Line2D([], [], marker=m, ls="", color="0.3", label=f"{c} confidence")
               for c, m in marker.items()]
    fig.legend(handles=handles, loc="upper right", ncol=3, fontsize=8, frameon=False,
               bbox_to_anchor=(0.99, 1 - 0.05 / fig.get_figheight()))
    fig.suptitle(title, x=0.01, ha="left", y=1 - 0.08 / fig.get_figheight(), va="top", fontsize=11)
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.55 / fig.get_figheight(),
                        top=1 - 0.85 / fig.get_figheight(), wspace=0.45, hspace=0.85)
    return fig
