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


def test_contiguity_weights_queen_and_rook_on_a_grid():
    import pandas as pd

    from megacity.geo import contiguity_weights

    # a 2x2 grid of unit squares plus one far away: A B / C D, and E alone
    sq = lambda x, y: f"POLYGON(({x} {y},{x+1} {y},{x+1} {y+1},{x} {y+1},{x} {y}))"
    census = pd.DataFrame({"city": list("ABCDE"),
                           "coord": [sq(0, 1), sq(1, 1), sq(0, 0), sq(1, 0), sq(5, 5)]})
    queen = contiguity_weights(census, "queen")
    rook = contiguity_weights(census, "rook")
    assert sorted(queen.neighbors["A"]) == ["B", "C", "D"]      # D touches A at a corner
    assert sorted(rook.neighbors["A"]) == ["B", "C"]
    assert queen.islands == ["E"] and rook.islands == ["E"]
