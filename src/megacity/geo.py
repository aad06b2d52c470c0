"""Census boundary polygons: parsing, an overlap check before summing, and choropleth maps.

Maps are drawn with matplotlib from shapely geometries (no geopandas): every polygon becomes a
patch of a :class:`~matplotlib.collections.PolyCollection` coloured by its value.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["choropleth", "geometries", "overlaps"]


def geometries(census: pd.DataFrame, simplify: float = 0.0):
    """Shapely geometries of the census units (made valid; simplified by ``simplify`` degrees)."""
    import shapely

    g = shapely.make_valid(shapely.from_wkt(census["coord"].to_numpy()))
    if simplify:
        g = shapely.simplify(g, simplify, preserve_topology=True)
    return g


def overlaps(census: pd.DataFrame, min_share: float = 0.01) -> pd.DataFrame:
    """Pairs of units whose polygons overlap by more than ``min_share`` of the smaller one.

    Shared borders touch without overlapping; an overlap of real area would mean that the same
    people might be counted twice when the units' populations are summed.
    """
    import shapely

    g = geometries(census)
    i, j = shapely.STRtree(g).query(g, predicate="intersects")
    keep = i < j
    i, j = i[keep], j[keep]
    area = shapely.area(shapely.intersection(g[i], g[j]))
    share = area / np.minimum(shapely.area(g[i]), shapely.area(g[j]))
    sel = share > min_share
    return pd.DataFrame({"unit_a": census["city"].to_numpy()[i[sel]],
                         "unit_b": census["city"].to_numpy()[j[sel]],
                         "overlap_share": share[sel]}).reset_index(drop=True)


def _rings(geom):
    """Exterior rings of a (multi)polygon as (n, 2) arrays."""
    parts = getattr(geom, "geoms", [geom])
    return [np.asarray(p.exterior.coords) for p in parts if p.geom_type == "Polygon"]


def choropleth(ax, geoms, values, *, cmap="RdBu_r", norm=None, missing="0.85",
               edgecolor="white", linewidth=0.15):
    """Fill each geometry by its value on ``ax``; units with a missing value are grey.

    Returns the :class:`~matplotlib.cm.ScalarMappable` for a colour bar.
    """
    import matplotlib as mpl
    from matplotlib.collections import PolyCollection

    values = np.asarray(values, dtype=float)
    if len(values) != len(geoms):
        raise ValueError(f"{len(geoms)} geometries but {len(values)} values")
    norm = norm or mpl.colors.Normalize(np.nanmin(values), np.nanmax(values))
    cm = mpl.colormaps[cmap] if isinstance(cmap, str) else cmap
    verts, colours = [], []
    for g, v in zip(geoms, values):
        for ring in _rings(g):
            verts.append(ring)
            colours.append(missing if np.isnan(v) else cm(norm(v)))
    ax.add_collection(PolyCollection(verts, facecolors=colours, edgecolors=edgecolor,
                                     linewidths=linewidth))
    ax.autoscale_view()
    ax.set_aspect(1.25)   # roughly equal-area at China's mean latitude (1 / cos 35 deg)
    ax.set_axis_off()
    return mpl.cm.ScalarMappable(norm=norm, cmap=cm)
