"""What a suggestion says about members' homes: square centres, never a sparse square (pure)."""

from __future__ import annotations

import numpy as np
from geopy.distance import great_circle

from services.siting import report
from services.siting.privacy import (
    MAX_DOUBLINGS,
    Privacy,
    Shown,
    centre_of,
    members_per_square,
    reportable,
    square_of,
)
from services.siting.suggest import Suggestion, SuggestionResult

RULE = Privacy(cell_km=1.0, min_members=5)
TWO_HOMES = (31.30012, 121.60034)  # the mean of two members' homes
CROWD = (31.2312, 121.4023)
FAR = (24.0, 100.0)  # two members' homes with nobody within 32 km
DEMAND = np.array([[*CROWD, 40.0], [*TWO_HOMES, 2.0], [*FAR, 2.0], [31.318, 121.615, 4.0]])


def _at(point: tuple[float, float], width: float = 1.0) -> Shown:
    return Shown(*centre_of(square_of(*point, width), width), width)


def _site(point: tuple[float, float]) -> Suggestion:
    return Suggestion(point[0], point[1], 0, 9.0, 9.0, 0, 1.234567, 4.0, {0: 1.0})


def test_a_square_centre_is_within_the_square() -> None:
    square = square_of(*CROWD, 1.0)
    centre = centre_of(square, 1.0)
    assert square_of(*centre, 1.0) == square
    assert great_circle(centre, CROWD).km < 0.75  # half the diagonal
    assert centre != CROWD


def test_a_sparse_site_widens_until_enough_members_hide_it_or_is_left_out() -> None:
    near_crowd = (CROWD[0] + 0.0005, CROWD[1])
    empty = (32.0, 122.0)  # a manager's candidate where no member lives
    shown = reportable([CROWD, TWO_HOMES, near_crowd, empty, FAR], DEMAND, RULE)
    assert shown[0] == _at(CROWD) and shown[3] == _at(empty)
    assert shown[2] is None  # the crowd's square is shown once
    assert shown[4] is None  # 2 members even 32 km wide
    widened = shown[1]
    assert widened is not None and widened.square_km > 1.0
    counts = members_per_square(DEMAND, widened.square_km)
    assert counts[square_of(widened.latitude, widened.longitude, widened.square_km)] >= 5
    assert widened == _at(TWO_HOMES, widened.square_km)
    assert MAX_DOUBLINGS == 5


def test_the_named_result_hides_the_exact_points_and_the_sparse_squares() -> None:
    store = report.StoreMark(7, "SHA-07", "West Gate", 31.25, 121.41)
    found = SuggestionResult(48, 4, 0.01, 11.0, [_site(FAR), _site(CROWD)], DEMAND)
    named = report.named_result(found, [store], (31.0, 121.0, 31.5, 121.7), RULE)
    site = named["sites"][0]
    assert (site["rank"], site["latitude"], site["longitude"], site["square_km"]) == (
        1,
        *centre_of(square_of(*CROWD, 1.0), 1.0),
        1.0,
    )
    assert named["suppressed_sites"] == 1 and named["site_square_km"] == 1.0
    centre = (site["latitude"], site["longitude"])
    assert site["nearest_store_km"] == round(great_circle(centre, (31.25, 121.41)).km, 3)
    density = named["density"]
    assert all(square[2] >= 5 for square in density["squares"])
    assert density["suppressed_members"] > 0
