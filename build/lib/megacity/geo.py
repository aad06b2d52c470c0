"""Census boundary polygons: parsing, an overlap check before summing, and choropleth maps.

Maps are drawn with matplotlib from shapely geometries (no geopandas): every polygon becomes a
patch of a :class:`~matplotlib.collections.PolyCollection` coloured by its value.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["choropleth", "contiguity_weights", "geometries", "overlaps"]


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


def contiguity_weights(census: pd.DataFrame, kind: str = "queen", tolerance: float = 0.01,
                       ids: str = "city"):
    """Queen or rook contiguity between census units, as a :class:`libpysal.weights.W`.

    The census polygons come from several sources and do not always share vertices exactly, so
    contiguity is fuzzy: two units are neighbours when their boundaries come within ``tolerance``
    degrees of each other (about 1 km at ``0.01``).  *Queen*: any such contact; *rook*: a shared
    border at least ``20 * tolerance`` degrees long (a corner contact does not count).  Units with
    no neighbour (islands such as Hainan's or Taiwan-less coastal units) stay in the weights with an
    empty neighbour list; ``w.islands`` names them.
    """
    import shapely
    from libpysal.weights import W

    from .args import check_choice, check_positive

    check_choice(kind, ("queen", "rook"), "kind", "contiguity_weights")
    check_positive(tolerance, "tolerance", "contiguity_weights")
    g = geometries(census)
    grown = shapely.buffer(g, tolerance / 2)
    i, j = shapely.STRtree(grown).query(grown, predicate="intersects")
    keep = i < j
    i, j = i[keep], j[keep]
    if kind == "rook" and len(i):
        shared = shapely.intersection(shapely.boundary(grown[i]), grown[j])
        keep = shapely.length(shared) >= 20 * tolerance
        i, j = i[keep], j[keep]
    names = census[ids].astype(str).to_numpy()
    if len(set(names)) != len(names):
        raise ValueError(f"contiguity_weights(): column {ids!r} has duplicate names; pass a unique id column")
    neighbours = {n: [] for n in names}
    for a, b in zip(i, j):
        neighbours[names[a]].append(names[b])
        neighbours[names[b]].append(names[a])
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # libpysal warns about islands; callers read w.islands
        return W(neighbours, ids=list(names), silence_warnings=True)
