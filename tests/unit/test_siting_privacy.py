"""What a suggestion says about members' homes: square centres, never a sparse square (pure)."""

from __future__ import annotations

import numpy as np
from geopy.distance import great_circle

from services.siting import report
from services.siting.privacy import Privacy, centre_of, members_per_square, reportable, square_of
from services.siting.suggest import Suggestion, SuggestionResult

RULE = Privacy(cell_km=1.0, min_members=5)
TWO_HOMES = (31.30012, 121.60034)  # the mean of two members' homes, alone in their square
CROWD = (31.2312, 121.4023)


def _centre(point: tuple[float, float]) -> tuple[float, float]:
    return centre_of(square_of(*point, 1.0), 1.0)


def _site(point: tuple[float, float]) -> Suggestion:
    return Suggestion(point[0], point[1], 0, 9.0, 9.0, 0, 1.234567, 4.0, {0: 1.0})


def _result(*points: tuple[float, float]) -> SuggestionResult:
    demand = np.array([[*CROWD, 40.0], [*TWO_HOMES, 2.0]])
    return SuggestionResult(42, 2, 0.01, 11.0, [_site(p) for p in points], demand)


def test_a_square_centre_is_within_the_square() -> None:
    square = square_of(*CROWD, 1.0)
    centre = centre_of(square, 1.0)
    assert square_of(*centre, 1.0) == square
    assert great_circle(centre, CROWD).km < 0.75  # half the diagonal
    assert centre != CROWD


def test_a_site_among_too_few_members_is_never_shown_and_two_in_a_square_are_one() -> None:
    counts = members_per_square(_result().demand, RULE.cell_km)
    near_crowd = (CROWD[0] + 0.0005, CROWD[1])
    empty = (32.0, 122.0)  # a manager's candidate where no member lives
    shown = reportable([CROWD, TWO_HOMES, near_crowd, empty], counts, RULE)
    assert shown == [_centre(CROWD), None, None, _centre(empty)]


def test_the_named_result_hides_the_exact_points_and_the_sparse_site() -> None:
    store = report.StoreMark(7, "SHA-07", "West Gate", 31.25, 121.41)
    named = report.named_result(
        _result(TWO_HOMES, CROWD), [store], (31.0, 121.0, 31.5, 121.7), RULE
    )
    assert [(s["rank"], s["latitude"], s["longitude"]) for s in named["sites"]] == [
        (1, *_centre(CROWD))
    ]
    assert named["suppressed_sites"] == 1 and named["site_square_km"] == 1.0
    centre = (named["sites"][0]["latitude"], named["sites"][0]["longitude"])
    assert named["sites"][0]["nearest_store_km"] == round(
        great_circle(centre, (31.25, 121.41)).km, 3
    )
    density = named["density"]
    assert sum(square[2] for square in density["squares"]) == 40.0
    assert density["suppressed_members"] == 2.0
