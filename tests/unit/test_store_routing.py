"""New-store routing: boosted near its opening, never hiding a nearer complete store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from stores.routing import Choice, NewStoreBoost, route

NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)
BOOST = NewStoreBoost(days=90, catchment_km=5.0)
NEW = NOW - timedelta(days=10)
OLD = NOW - timedelta(days=900)


def test_a_new_store_in_the_catchment_comes_first() -> None:
    choices = [Choice(1, 1.0, OLD), Choice(2, 2.0, OLD), Choice(3, 4.0, NEW)]
    assert route(choices, boost=BOOST, now=NOW, limit=3) == [3, 1, 2]


@pytest.mark.parametrize(
    ("opened_on", "km"),
    [
        (NOW - timedelta(days=91), 4.0),  # the period is over
        (NEW, 5.5),  # outside the catchment
        (None, 4.0),  # never opened (planned stores are not listed anyway)
        (NOW + timedelta(days=1), 4.0),  # a future opening date boosts nothing yet
    ],
)
def test_no_boost_after_the_period_outside_the_catchment_or_without_an_opening(
    opened_on: datetime | None, km: float
) -> None:
    choices = [Choice(1, 1.0, OLD), Choice(3, km, opened_on)]
    assert route(choices, boost=BOOST, now=NOW, limit=3) == [1, 3]


def test_a_zero_day_period_turns_the_boost_off() -> None:
    choices = [Choice(1, 1.0, OLD), Choice(3, 2.0, NEW)]
    assert route(choices, boost=NewStoreBoost(0, 5.0), now=NOW, limit=3) == [1, 3]


def test_without_a_cart_the_new_store_may_take_the_last_place() -> None:
    choices = [Choice(1, 1.0, OLD), Choice(2, 2.0, OLD), Choice(3, 4.0, NEW)]
    assert route(choices, boost=BOOST, now=NOW, limit=2) == [3, 1]


def test_a_nearer_store_holding_the_whole_cart_is_never_hidden() -> None:
    choices = [
        Choice(1, 1.0, OLD, complete=True),
        Choice(2, 2.0, OLD, complete=True),
        Choice(3, 4.0, NEW, complete=True),
    ]
    # Two places: both nearer complete stores stay; the new one does not push one out.
    assert route(choices, boost=BOOST, now=NOW, limit=2) == [1, 2]
    # Room for all: the new one leads.
    assert route(choices, boost=BOOST, now=NOW, limit=3) == [3, 1, 2]


def test_a_new_store_holding_part_of_the_cart_stays_behind_complete_ones() -> None:
    choices = [
        Choice(1, 3.0, OLD, complete=True),
        Choice(2, 1.0, OLD, complete=False),
        Choice(3, 0.5, NEW, complete=False),
    ]
    assert route(choices, boost=BOOST, now=NOW, limit=3) == [1, 3, 2]
    # It takes the place of a partial store, never of the complete one.
    assert route(choices, boost=BOOST, now=NOW, limit=2) == [1, 3]


def test_every_complete_store_the_plain_ranking_shows_is_still_shown() -> None:
    import random

    rng = random.Random(5)
    for _ in range(500):
        choices = [
            Choice(
                i,
                round(rng.uniform(0, 10), 2),
                rng.choice([NEW, OLD, None]),
                complete=rng.random() < 0.5,
            )
            for i in range(rng.randint(0, 8))
        ]
        limit = rng.randint(1, 6)
        plain = sorted(choices, key=lambda c: (not c.complete, c.distance_km, c.store_id))
        shown = route(choices, boost=BOOST, now=NOW, limit=limit)
        assert len(shown) == min(limit, len(choices)) and len(set(shown)) == len(shown)
        assert {c.store_id for c in plain[:limit] if c.complete} <= set(shown)
        by_id = {c.store_id: c for c in choices}
        # Complete stores still come before partial ones.
        flags = [by_id[s].complete for s in shown]
        assert flags == sorted(flags, reverse=True)
