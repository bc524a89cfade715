"""The shopper's list's own pure part: candidates merged in order."""

from __future__ import annotations

from typing import Any

from services.recommendations.choice import Candidate
from services.recommendations.serving import candidates

POPULAR = {
    ("store", "3"): [5, 6, 7],
    ("city", "Hangzhou"): [6, 8],
    ("all", ""): [9, 5, 10],
}


def _row(*, personalised: bool = True, picks: tuple[int, ...] = (1, 5)) -> dict[str, Any]:
    whys = ["bought_together", "similar_members", "viewed"][: len(picks)]
    return {"personalised": personalised, "products": list(picks), "whys": whys}


def test_picks_come_first_then_the_store_the_city_and_the_brand_each_product_once() -> None:
    found = candidates(_row(), POPULAR, (3, "Hangzhou"), read=20)
    assert found == [
        Candidate(1, "bought_together"),
        Candidate(5, "similar_members"),  # a pick keeps its own reason
        Candidate(6, "popular_nearby"),
        Candidate(7, "popular_nearby"),
        Candidate(8, "popular_nearby"),
        Candidate(9, "popular_nearby"),
        Candidate(10, "popular_nearby"),
    ]


def test_an_opted_out_member_gets_only_popular_nearby_and_read_caps_the_list() -> None:
    found = candidates(_row(personalised=False), POPULAR, (3, "Hangzhou"), read=3)
    assert found == [Candidate(p, "popular_nearby") for p in (5, 6, 7)]


def test_without_a_place_only_the_brand_wide_list_is_nearby() -> None:
    found = candidates(_row(picks=()), POPULAR, (None, None), read=20)
    assert [c.product_id for c in found] == [9, 5, 10]


def test_a_quarter_hour_lies_within_one_day_in_every_time_zone() -> None:
    from datetime import UTC, datetime, timedelta, timezone

    from services.recommendations.shown import quarter

    start = datetime(2026, 12, 7, 15, 45, tzinfo=UTC)  # 23:45 in Shanghai
    assert quarter(start) == quarter(start + timedelta(minutes=14, seconds=59))
    assert quarter(start) != quarter(start + timedelta(minutes=15))  # midnight there
    for minutes in (-600, -570, 0, 330, 345, 480, 765):  # offsets in use, incl. +5:45
        zone = timezone(timedelta(minutes=minutes))
        for n in range(96):
            at = start + timedelta(minutes=15 * n)
            end = at + timedelta(minutes=14, seconds=59)
            assert quarter(end) == quarter(at)
            assert at.astimezone(zone).date() == end.astimezone(zone).date()
