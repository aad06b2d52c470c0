"""Invariants of the four-level hierarchy simulation (megacity.hierarchy)."""
from __future__ import annotations

import numpy as np
import pytest

from megacity.hierarchy import HierarchyParams, simulate, sweep

SMALL = HierarchyParams(n_districts=4, subdistricts_per_district=3, communities_per_subdistrict=8, steps=40)


def test_same_seed_same_result_and_different_seed_differs():
    a, b = simulate(SMALL, seed=3), simulate(SMALL, seed=3)
    assert np.array_equal(a.adopt_step, b.adopt_step) and np.array_equal(a.channel, b.channel)
    c = simulate(SMALL, seed=4)
    assert not np.array_equal(a.adopt_step, c.adopt_step)


def test_no_imitation_means_adoption_only_from_mandate_or_seeds():
    r = simulate(SMALL, q_sibling=0.0, q_neighbour=0.0, p0=0.0, n_seed=3)
    adopted = r.adopt_step >= 0
    assert set(np.unique(r.channel[adopted])) <= {1, 2}
    assert (r.channel[adopted] == 2).sum() > 0          # the mandate did reach someone
    # and nobody adopts before the mandate reaches the community level (except the seeds)
    reach = SMALL.mandate_step + 2 * SMALL.lag
    assert (r.adopt_step[r.channel == 2] >= reach).all()


def test_no_mandate_no_seeds_nothing_adopts():
    r = simulate(SMALL, mandate_step=None, n_seed=0, p0=0.0, q_sibling=5.0, q_neighbour=5.0)
    assert r.cumulative.max() == 0 and (r.adopt_step == -1).all()


def test_adoption_never_exceeds_population_and_is_monotone():
    r = simulate(SMALL, mandate_rate=1.0, compliance=1.0, q_sibling=5.0, p0=0.5)
    assert r.cumulative[-1] <= r.n and (np.diff(r.cumulative) >= 0).all()
    assert r.cumulative[-1] == (r.adopt_step >= 0).sum()
    assert r.new_by_channel.sum() == r.cumulative[-1]
    # with certain compliance and rate 1, everybody has adopted once the mandate has arrived
    assert r.cumulative[-1] == r.n


def test_zero_compliance_blocks_the_mandate():
    r = simulate(SMALL, compliance=0.0, q_sibling=0.0, q_neighbour=0.0, n_seed=0)
    assert r.cumulative[-1] == 0


def test_participation_follows_the_effort_rule():
    r = simulate(SMALL, w_vertical=0.6, burden=0.5, q_sibling=0.5, n_seed=4)
    assert np.allclose(r.participation[r.channel == 2], 0.4 * 0.5)
    assert np.allclose(r.participation[r.channel == 3], 0.4)
    assert np.allclose(r.participation[r.channel == 0], 0.0)


def test_imitation_only_spreads_from_seeds_within_reach():
    # no mandate, strong imitation among siblings only: adoption stays inside the seeds' subdistricts
    r = simulate(SMALL, mandate_step=None, q_neighbour=0.0, q_sibling=3.0, n_seed=1, w_vertical=0.0)
    sub = np.repeat(np.arange(12), 8)
    assert len(np.unique(sub[r.adopt_step >= 0])) == 1


def test_bad_parameters_have_clear_messages():
    with pytest.raises(ValueError, match=r"compliance must be in \[0, 1\]"):
        simulate(SMALL, compliance=1.5)
    with pytest.raises(ValueError, match="n_seed must be between 0"):
        simulate(SMALL, n_seed=10_000)


def test_sweep_is_reproducible_and_complete():
    grid = {"q_sibling": [0.0, 0.5], "compliance": [0.5, 1.0]}
    a, b = sweep(grid, SMALL, replicates=2), sweep(grid, SMALL, replicates=2)
    assert len(a) == 8 and a.equals(b)
