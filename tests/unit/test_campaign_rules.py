"""Campaign decisions: the control group, the audiences on the sphere, the uplift."""

from __future__ import annotations

import math

import numpy as np
import pytest

from services.campaigns import rules


def test_uplift_on_a_constructed_example() -> None:
    # 60 of 400 treated converted (15%), 10 of 200 control (5%): uplift 10 points.
    lift = rules.uplift(treated=400, treated_converted=60, control=200, control_converted=10)
    assert lift is not None
    assert lift.treated_rate == pytest.approx(0.15)
    assert lift.control_rate == pytest.approx(0.05)
    assert lift.difference == pytest.approx(0.10)
    # se = sqrt(.15*.85/400 + .05*.95/200) = sqrt(0.00031875 + 0.0002375) = 0.023585...
    half = 1.959963984540054 * math.sqrt(0.15 * 0.85 / 400 + 0.05 * 0.95 / 200)
    assert half == pytest.approx(0.046226, abs=1e-5)
    assert (lift.low, lift.high) == (pytest.approx(0.10 - half), pytest.approx(0.10 + half))
    assert lift.confidence == 0.95


def test_uplift_interval_widens_with_confidence_and_covers_zero_when_arms_match() -> None:
    same = rules.uplift(treated=100, treated_converted=20, control=100, control_converted=20)
    assert same is not None and same.difference == 0 and same.low < 0 < same.high
    narrow = rules.uplift(
        treated=100, treated_converted=30, control=100, control_converted=20, confidence=0.8
    )
    wide = rules.uplift(treated=100, treated_converted=30, control=100, control_converted=20)
    assert narrow is not None and wide is not None
    assert wide.high - wide.low > narrow.high - narrow.low


def test_uplift_needs_both_arms_and_sane_counts() -> None:
    assert rules.uplift(treated=10, treated_converted=1, control=0, control_converted=0) is None
    with pytest.raises(ValueError):
        rules.uplift(treated=10, treated_converted=11, control=10, control_converted=0)


def test_the_control_group_is_deterministic_by_seed_and_near_its_share() -> None:
    ids = range(1, 20_001)
    treated, control = rules.split(ids, seed=7, control_percent=20)
    assert sorted(treated + control) == list(ids)
    assert not set(treated) & set(control)
    assert 0.19 < len(control) / 20_000 < 0.21
    assert rules.split(reversed(ids), seed=7, control_percent=20) == (treated, control)
    other_treated, _ = rules.split(ids, seed=8, control_percent=20)
    assert other_treated != treated
    assert rules.split(ids, seed=7, control_percent=0)[1] == []


def test_members_within_the_radius_are_measured_on_the_sphere() -> None:
    store = (31.23, 121.47)
    # 0.0269 degrees of latitude is 2.99 km; 0.0271 is 3.01 km.
    homes = np.array([[31.23 + 0.0269, 121.47], [31.23 + 0.0271, 121.47], [31.23, 121.47]])
    assert rules.within_km(homes, store, 3.0).tolist() == [True, False, True]
    assert rules.within_km(np.zeros((0, 2)), store, 3.0).tolist() == []


def test_nearest_store_changes_only_where_the_new_store_is_strictly_nearer() -> None:
    existing = np.array([[31.20, 121.40]])
    new_store = (31.20, 121.60)
    homes = np.array([[31.20, 121.45], [31.20, 121.55], [31.20, 121.499], [31.25, 121.60]])
    changes = rules.nearest_changes(homes, existing, new_store)
    assert changes.tolist() == [False, True, False, True]
    assert rules.nearest_changes(homes, np.zeros((0, 2)), new_store).all()


def test_only_members_active_in_a_single_channel_outside_the_target() -> None:
    activity = {
        1: {"store"},
        2: {"store", "delivery"},
        3: {"delivery"},
        4: {"appointments"},
    }
    assert rules.only_channel(activity) == [1, 3, 4]
    assert rules.only_channel(activity, target_channel="delivery") == [1, 4]
