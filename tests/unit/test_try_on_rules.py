"""When try-on units go on hold, and the per-shopper cap (stores/appointments/try_on.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from stores.appointments import try_on


def test_units_go_on_hold_from_the_lead_before_the_start() -> None:
    start = datetime(2026, 12, 24, 10, tzinfo=UTC)
    lead = timedelta(hours=24)
    assert not try_on.hold_due(starts_at=start, now=start - lead - timedelta(seconds=1), lead=lead)
    assert try_on.hold_due(starts_at=start, now=start - lead, lead=lead)
    assert try_on.hold_due(starts_at=start, now=start + timedelta(minutes=5), lead=lead)


def test_the_cap_counts_every_live_appointment_and_the_new_one() -> None:
    assert try_on.over_member_cap({1: 3}, {2: 1}, 4) is None
    assert try_on.over_member_cap({1: 3}, {2: 2}, 4) == 5
    assert try_on.over_member_cap({}, {1: 3, 2: 3}, 6) is None


def test_the_same_sku_twice_is_one_line() -> None:
    items = [
        {"sku_id": 7, "quantity": 1},
        {"sku_id": 7, "quantity": 2},
        {"sku_id": 3, "quantity": 1},
    ]
    assert try_on.lines_of(items) == {7: 3, 3: 1}
