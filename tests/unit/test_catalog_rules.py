"""Catalog rules without a database: when a price may be scheduled, what an audit records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from inventory.audit import changed
from inventory.pricing import MAX_LEAD, MIN_LEAD, schedule_refusal

NOW = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)


def test_a_price_is_scheduled_ahead_within_a_year_with_a_zone() -> None:
    assert schedule_refusal(effective_at=NOW + timedelta(days=2), now=NOW) is None
    assert schedule_refusal(effective_at=NOW + MIN_LEAD, now=NOW) is None
    assert schedule_refusal(effective_at=NOW + MAX_LEAD, now=NOW) is None


def test_a_moment_already_here_or_past_is_refused() -> None:
    assert schedule_refusal(effective_at=NOW, now=NOW) == "price_time_past"
    assert schedule_refusal(effective_at=NOW - timedelta(days=1), now=NOW) == "price_time_past"


def test_a_moment_too_far_or_without_a_zone_is_refused() -> None:
    far = NOW + MAX_LEAD + timedelta(seconds=1)
    assert schedule_refusal(effective_at=far, now=NOW) == "price_time_too_far"
    naive = datetime(2027, 1, 1, 0, 0)
    assert schedule_refusal(effective_at=naive, now=NOW) == "price_time_without_zone"


def test_the_audit_keeps_only_the_fields_that_changed() -> None:
    before = {"name": "Poncho", "active": True, "image_urls": ["https://a/1.jpg"]}
    assert changed(before, {"name": "Poncho", "active": False}) == (
        {"active": True},
        {"active": False},
    )
    assert changed(before, {"name": "Poncho"}) == ({}, {})
    assert changed(before, {"category": "rain"}) == ({"category": None}, {"category": "rain"})
