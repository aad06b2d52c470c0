"""Fault injection and properties, shared model helpers: megacity.args, megacity.report,
megacity.geo, megacity.crosswalk.

Faults: every bad argument is refused with a ParameterError that names the parameter (never a
bare TypeError/KeyError from deep inside, never a silent NaN or a silent overwrite).
Properties (hypothesis, few examples, no deadline): the checks accept exactly the valid inputs;
the interpolation stays between its end points; the crosswalk accounts for every name; queen and
rook contiguity on a grid of squares recover the known neighbour counts.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from megacity import args, crosswalk, geo, report
from megacity.args import ParameterError

FAST = settings(max_examples=40, deadline=None)
ANY = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=5),
                st.lists(st.floats(), max_size=3), st.dictionaries(st.text(max_size=2), st.integers(), max_size=2))


# --- megacity.args --------------------------------------------------------------------------

@FAST
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_check_level_accepts_exactly_the_open_unit_interval(x):
    if math.isfinite(x) and 0 < x < 1:
        assert args.check_level(x) == x
    else:
        with pytest.raises(ParameterError, match="level"):
            args.check_level(x)


@FAST
@given(ANY)
def test_check_level_refuses_non_numbers_with_a_parameter_error(x):
    if isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) and 0 < x < 1:
        return
    with pytest.raises(ParameterError, match="level"):
        args.check_level(x)


@pytest.mark.parametrize("value", [True, "0.95", np.array([0.9, 0.95]), 1.5, 0, 1, -0.5, float("nan")])
def test_check_level_faults(value):
    with pytest.raises(ParameterError, match="level"):
        args.check_level(value, func="f")


@FAST
@given(hnp.arrays(np.float64, hnp.array_shapes(max_dims=2, max_side=5),
                  elements=st.floats(allow_nan=True, allow_infinity=True)))
def test_check_finite_raises_iff_a_value_is_not_finite(a):
    if a.size and np.isfinite(a).all():
        np.testing.assert_array_equal(args.check_finite(a, "x"), a)
    else:
        with pytest.raises(ParameterError, match="x"):
            args.check_finite(a, "x")


@pytest.mark.parametrize("value", [["1", "2"], [1 + 2j], "12", [[1, 2], [3]], {"a": 1}])
def test_check_finite_refuses_text_and_complex(value):
    with pytest.raises(ParameterError, match="values"):
        args.check_finite(value, "values")


@FAST
@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6)),
       st.integers(-5, 5))
def test_check_integer_accepts_exactly_whole_numbers_above_the_minimum(x, lo):
    whole = isinstance(x, int) or (math.isfinite(x) and float(x).is_integer())
    if whole and x >= lo:
        assert args.check_integer(x, "n", minimum=lo) == int(x)
    else:
        with pytest.raises(ParameterError, match="n"):
            args.check_integer(x, "n", minimum=lo)


@pytest.mark.parametrize("fn, call", [
    ("check_same_length", lambda: args.check_same_length("f", a=[1, 2], b=3)),
    ("check_same_length", lambda: args.check_same_length("f", a=[1, 2], b=None)),
    ("check_min_size", lambda: args.check_min_size(None, 2, "y", "f")),
    ("check_min_size", lambda: args.check_min_size(5, 2, "y", "f")),
    ("check_choice", lambda: args.check_choice(np.array([1, 2]), ("a", "b"), "kind", "f")),
    ("check_choice", lambda: args.check_choice(["a"], ("a", "b"), "kind", "f")),
    ("check_positive", lambda: args.check_positive([], "size", "f")),
    ("check_probability", lambda: args.check_probability([0.5, 1.2], "p", "f")),
    ("check_columns", lambda: args.check_columns(None, ["a"], "frame", "f")),
])
def test_checks_raise_parameter_errors_not_type_errors(fn, call):
    with pytest.raises(ParameterError, match=r"f\(\)"):
        call()


@FAST
@given(st.lists(st.integers(0, 6), min_size=1, max_size=4))
def test_check_same_length_property(lengths):
    arrays = {f"a{i}": [0] * n for i, n in enumerate(lengths)}
    if len(set(lengths)) == 1:
        assert args.check_same_length("f", **arrays) == lengths[0]
    else:
        with pytest.raises(ParameterError, match="lengths differ"):
            args.check_same_length("f", **arrays)


# --- megacity.report ------------------------------------------------------------------------

@pytest.fixture()
def glued(monkeypatch):
    """Record what would be glued, without a notebook kernel."""
    import myst_nb

    store = {}
    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display=False: store.__setitem__(name, value))
    return store


def test_glue_stores_plain_numbers(glued):
    assert report.glue("x", np.float64(1.5)) is None
    assert report.glue("n", np.int64(3)) is None
    assert type(glued["x"]) is float and type(glued["n"]) is int and glued == {"x": 1.5, "n": 3}


@pytest.mark.parametrize("value", [float("nan"), np.float64("inf"), -np.inf])
def test_glue_refuses_a_missing_or_infinite_number(glued, value):
    """A NaN glued into prose prints 'nan' on the page without a word."""
    with pytest.raises(ParameterError, match="'beta'"):
        report.glue("beta", value)
    assert glued == {}


@pytest.mark.parametrize("name", ["", "has space", "1abc", None, 3])
def test_glue_refuses_names_the_prose_cannot_reference(glued, name):
    with pytest.raises(ParameterError, match="name"):
        report.glue(name, 1.0)


def test_glue_many_refuses_keys_that_collide_after_cleaning(glued):
    with pytest.raises(ParameterError, match="fit_ci_low"):
        report.glue_many("fit", {"ci low": 0.1, "ci-low": 0.2})
    assert glued == {}


@FAST
@given(st.dictionaries(st.from_regex(r"[A-Za-z][A-Za-z0-9 _\-]{0,8}", fullmatch=True),
                       st.floats(-1e6, 1e6), min_size=1, max_size=6))
def test_glue_many_glues_every_key_once_or_refuses(keys):
    store = {}
    import myst_nb

    orig = myst_nb.glue
    myst_nb.glue = lambda name, value, display=False: store.__setitem__(name, value)
    try:
        cleaned = {report._safe_key(k) for k in keys} if hasattr(report, "_safe_key") else None
        try:
            report.glue_many("p", keys)
        except ParameterError:
            assert cleaned is not None and len(cleaned) < len(keys)
            return
        assert len(store) == len(keys)
        assert sorted(store.values()) == sorted(float(v) for v in keys.values())
    finally:
        myst_nb.glue = orig


@FAST
@given(st.text(max_size=30))
def test_human_header_never_fails_and_drops_underscores(name):
    out = report.human_header(name)
    assert isinstance(out, str) and "_" not in out


def test_table_refuses_unknown_columns_and_bad_digits():
    df = pd.DataFrame({"year": [2010, 2020], "pop_m": [1.5, 2.25]})
    with pytest.raises(ParameterError, match="popm"):
        report.table(df, "Population", columns={"popm": "Population (millions)"})
    with pytest.raises(ParameterError, match="formats"):
        report.table(df, "Population", formats={"nope": "{:.1f}"})
    with pytest.raises(ParameterError, match="digits"):
        report.table(df, "Population", digits=-1)
    with pytest.raises(ParameterError, match="caption"):
        report.table(df, "")
    with pytest.raises(TypeError, match="DataFrame"):
        report.table([1, 2], "x")


@FAST
@given(st.lists(st.tuples(st.integers(1800, 2100), st.one_of(st.none(), st.floats(-1e9, 1e9)),
                          st.integers(-10**9, 10**9)), min_size=1, max_size=6))
def test_table_renders_any_numbers_with_years_as_integers(rows):
    df = pd.DataFrame(rows, columns=["year", "value", "count"])
    html = report.table(df, "A caption", columns={"value": "Value (units)"}).to_html()
    assert "A caption" in html and "Value (units)" in html and "Count" in html
    for y in df["year"]:
        assert f">{y}<" in html                        # no thousands separator in a year
    assert "nan" not in html.lower().replace("nanvalue", "")


# --- megacity.crosswalk ---------------------------------------------------------------------

@FAST
@given(st.floats(1, 1e9), st.floats(1, 1e9), st.floats(0, 1))
def test_interpolation_lies_between_its_end_points(p0, p1, t):
    v = float(crosswalk.interpolate_population(p0, p1, t))
    assert min(p0, p1) * (1 - 1e-12) <= v <= max(p0, p1) * (1 + 1e-12)
    assert crosswalk.interpolate_population(p0, p1, 0) == pytest.approx(p0)
    assert crosswalk.interpolate_population(p0, p1, 1) == pytest.approx(p1)
    # constant growth: the midpoint is the geometric mean
    assert crosswalk.interpolate_population(p0, p1, 0.5) == pytest.approx(math.sqrt(p0 * p1))


def test_interpolation_keeps_missing_as_missing():
    out = crosswalk.interpolate_population([100.0, np.nan], [400.0, 5.0])
    assert out[0] == pytest.approx(200.0) and np.isnan(out[1])


@pytest.mark.parametrize("p0, p1, t, name", [
    ([100.0, -5.0], [200.0, 10.0], 0.5, "p0"),           # a negative population: log gives NaN
    ([100.0, 0.0], [200.0, 10.0], 0.5, "p0"),            # zero: the geometric mean is 0
    ([100.0], [np.inf], 0.5, "p1"),
    ([100.0, 2.0], [200.0, 10.0, 3.0], 0.5, "lengths"),  # mismatched lengths
    ([100.0], [200.0], float("nan"), "t"),
    ([100.0], [200.0], 1.5, "t"),
    ([100.0], [200.0], "half", "t"),
    (["a"], [200.0], 0.5, "p0"),
])
def test_interpolation_faults(p0, p1, t, name):
    with pytest.raises(ParameterError, match=name):
        crosswalk.interpolate_population(p0, p1, t)


def _census(names):
    return pd.DataFrame({"city": list(names), "city_code": [f"{i:06d}" for i in range(len(names))]})


@FAST
@given(st.sets(st.sampled_from("甲乙丙丁戊己庚辛壬癸"), min_size=1, max_size=8),
       st.sets(st.sampled_from("甲乙丙丁戊己庚辛壬癸莱"), min_size=1, max_size=8))
def test_crosswalk_accounts_for_every_name(census_names, yearbook_names):
    mergers = {"莱": ("甲", "test merger")}
    cw = crosswalk.build_crosswalk(sorted(yearbook_names), _census(sorted(census_names)), mergers)
    t = cw.table
    assert sorted(t["yearbook_city"]) == sorted(yearbook_names)           # every name, once
    exact = set(yearbook_names) & set(census_names)
    assert set(t.loc[t["rule"] == "exact", "yearbook_city"]) == exact
    merged = {"莱"} if "莱" in yearbook_names and "甲" in census_names else set()
    assert set(t.loc[t["rule"] == "merged", "yearbook_city"]) == merged
    assert set(cw.unmatched_yearbook) == set(yearbook_names) - exact - merged
    assert set(cw.census_without_yearbook) == set(census_names) - exact - ({"甲"} if merged else set())


@pytest.mark.parametrize("call, name", [
    (lambda: crosswalk.build_crosswalk(["甲", "甲"], _census("甲乙")), "duplicate yearbook"),
    (lambda: crosswalk.build_crosswalk(["甲"], _census("甲甲")), "duplicate census"),
    (lambda: crosswalk.build_crosswalk(["甲"], pd.DataFrame({"name": ["甲"]})), "census"),
    (lambda: crosswalk.build_crosswalk([], _census("甲")), "yearbook_names"),
    (lambda: crosswalk.build_crosswalk(["甲", None], _census("甲")), "yearbook_names"),
    (lambda: crosswalk.build_crosswalk(["甲"], _census("甲"), {"乙": "甲"}), "mergers"),
    (lambda: crosswalk.join_yearbook_census(pd.DataFrame({"city": ["甲"]}), _census("甲")), "yearbook"),
])
def test_crosswalk_faults(call, name):
    with pytest.raises(ParameterError, match=name):
        call()


# --- megacity.geo ---------------------------------------------------------------------------

def _grid(nx, ny, gap=0.0):
    rows = []
    for i in range(nx):
        for j in range(ny):
            x0, y0 = i * (1 + gap), j * (1 + gap)
            rows.append({"city": f"u{i}_{j}", "coord": f"POLYGON(({x0} {y0}, {x0 + 1} {y0}, "
                                                      f"{x0 + 1} {y0 + 1}, {x0} {y0 + 1}, {x0} {y0}))"})
    return pd.DataFrame(rows)


@settings(max_examples=6, deadline=None)
@given(st.integers(2, 4), st.integers(2, 4))
def test_contiguity_on_a_grid_recovers_queen_and_rook_neighbours(nx, ny):
    census = _grid(nx, ny)
    queen = geo.contiguity_weights(census, "queen")
    rook = geo.contiguity_weights(census, "rook")
    for i in range(nx):
        for j in range(ny):
            edge = [(i + di, j + dj) for di, dj in ((1, 0), (-1, 0), (0, 1), (0, -1))
                    if 0 <= i + di < nx and 0 <= j + dj < ny]
            corner = [(i + di, j + dj) for di in (-1, 1) for dj in (-1, 1)
                      if 0 <= i + di < nx and 0 <= j + dj < ny]
            u = f"u{i}_{j}"
            assert sorted(rook.neighbors[u]) == sorted(f"u{a}_{b}" for a, b in edge)
            assert sorted(queen.neighbors[u]) == sorted(f"u{a}_{b}" for a, b in edge + corner)


def test_separated_units_are_islands_and_overlaps_are_found():
    w = geo.contiguity_weights(_grid(2, 2, gap=0.5))
    assert sorted(w.islands) == sorted(_grid(2, 2)["city"])
    over = pd.concat([_grid(1, 1), _grid(1, 1).assign(city="twin")], ignore_index=True)
    res = geo.overlaps(over)
    assert len(res) == 1 and res["overlap_share"].iloc[0] == pytest.approx(1.0)
    assert geo.overlaps(_grid(3, 3)).empty                 # shared borders are not overlaps


@pytest.mark.parametrize("call, name", [
    (lambda: geo.contiguity_weights(_grid(2, 2), "bishop"), "kind"),
    (lambda: geo.contiguity_weights(_grid(2, 2), tolerance=0), "tolerance"),
    (lambda: geo.contiguity_weights(_grid(2, 2), tolerance=float("nan")), "tolerance"),
    (lambda: geo.contiguity_weights(_grid(2, 2).drop(columns="coord")), "coord"),
    (lambda: geo.contiguity_weights(_grid(2, 2), ids="code"), "code"),
    (lambda: geo.contiguity_weights(_grid(2, 2).iloc[:0]), "census"),
    (lambda: geo.geometries(_grid(2, 2).assign(coord=["POLYGON((0 0, 1", "x", "", None])), "coord"),
    (lambda: geo.geometries(_grid(2, 2), simplify=-1), "simplify"),
    (lambda: geo.overlaps(_grid(2, 2), min_share=-0.1), "min_share"),
    (lambda: geo.overlaps(_grid(2, 2), min_share=float("nan")), "min_share"),
])
def test_geo_faults(call, name):
    with pytest.raises(ParameterError, match=name):
        call()


def test_choropleth_faults():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    g = geo.geometries(_grid(2, 2))
    fig, ax = plt.subplots()
    try:
        with pytest.raises(ParameterError, match="values"):
            geo.choropleth(ax, g, [1.0, 2.0])                       # 4 geometries, 2 values
        with pytest.raises(ParameterError, match="values"):
            geo.choropleth(ax, g, [np.nan] * 4)                     # nothing to scale the colours by
        with pytest.raises(ParameterError, match="values"):
            geo.choropleth(ax, g, [1.0, np.inf, 2.0, 3.0])
        sm = geo.choropleth(ax, g, [1.0, np.nan, 2.0, 3.0])         # one missing unit: grey
        assert sm.norm.vmin == 1.0 and sm.norm.vmax == 3.0
    finally:
        plt.close(fig)


def test_table_index_true_accepts_the_unnamed_index_as_a_column():
    import pandas as pd

    from megacity.report import table

    df = pd.DataFrame({"estimate": [1.0]}, index=["beta"])
    html = table(df, "Estimates", index=True, columns={"index": "Parameter"}).to_html()
    assert "Parameter" in html and "beta" in html
