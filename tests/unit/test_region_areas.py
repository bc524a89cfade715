"""Which members are a region's own: first visit there, or consented home inside its area."""

from __future__ import annotations

import numpy as np

from stores.areas import belongs, contains

EAST = (24.0, 113.0, 38.0, 122.7)
NORTH = (34.5, 106.0, 52.8, 132.4)


def test_a_box_holds_its_edges_and_not_beijing() -> None:
    assert contains(EAST, 24.0, 122.7) and contains(EAST, 31.23, 121.47)
    assert not contains(EAST, 39.9, 116.4)


def test_first_visit_or_home_makes_a_member_the_regions_own() -> None:
    first = np.array([1, 0, 0, 2, 0], dtype=np.int64)
    homes = np.array(
        [[39.9, 116.4], [31.2, 121.5], [39.9, 116.4], [np.nan, np.nan], [np.nan, np.nan]]
    )
    areas = {1: EAST, 2: NORTH, 3: None}
    assert belongs(first, homes, areas, [1]).tolist() == [True, True, False, False, False]
    # The first member visited East first and lives in the North: both regions reach them.
    assert belongs(first, homes, areas, [2]).tolist() == [True, False, True, True, False]
    assert belongs(first, homes, areas, [3]).tolist() == [False] * 5
    assert belongs(first, homes, areas, []).tolist() == [False] * 5
