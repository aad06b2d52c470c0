"""Tests for megacity.geo: the overlap check before summing, and the map helper's input check."""
import numpy as np
import pandas as pd
import pytest

from megacity.geo import choropleth, geometries, overlaps


def square(x0, y0, side=1.0):
    return (f"POLYGON(({x0} {y0}, {x0 + side} {y0}, {x0 + side} {y0 + side}, "
            f"{x0} {y0 + side}, {x0} {y0}))")


def test_touching_units_do_not_overlap_but_overlapping_ones_are_reported():
    units = pd.DataFrame({"city": ["A", "B", "C"],
                          "coord": [square(0, 0), square(1, 0), square(1.5, 0.5)]})
    # A and B share an edge (no area); B and C share a 0.5 x 0.5 square = 25% of either unit
    ov = overlaps(units, min_share=0.01)
    assert ov[["unit_a", "unit_b"]].values.tolist() == [["B", "C"]]
    assert ov.loc[0, "overlap_share"] == pytest.approx(0.25)


def test_choropleth_refuses_mismatched_values():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    units = pd.DataFrame({"city": ["A", "B"], "coord": [square(0, 0), square(1, 0)]})
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="2 geometries but 3 values"):
        choropleth(ax, geometries(units), np.array([1.0, 2.0, 3.0]))
    sm = choropleth(ax, geometries(units), np.array([1.0, np.nan]))   # NaN is drawn grey
    assert sm.norm.vmin == 1.0
    plt.close(fig)
