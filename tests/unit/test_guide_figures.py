"""The store-local month a guide's figures are counted in (pure)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from stores.appointments.figures import month_bounds


def test_a_shanghai_month_runs_from_local_midnight_to_local_midnight() -> None:
    assert month_bounds("Asia/Shanghai", date(2026, 11, 29)) == (
        datetime(2026, 10, 31, 16, tzinfo=UTC),
        datetime(2026, 11, 30, 16, tzinfo=UTC),
    )


def test_december_ends_in_the_next_year() -> None:
    start, end = month_bounds("Asia/Shanghai", date(2026, 12, 1))
    assert (start, end) == (
        datetime(2026, 11, 30, 16, tzinfo=UTC),
        datetime(2026, 12, 31, 16, tzinfo=UTC),
    )


def test_a_month_with_a_clock_change_keeps_local_midnights() -> None:
    # New York moves to summer time on 8 March 2026: the month is an hour shorter.
    start, end = month_bounds("America/New_York", date(2026, 3, 15))
    assert start == datetime(2026, 3, 1, 5, tzinfo=UTC)
    assert end == datetime(2026, 4, 1, 4, tzinfo=UTC)
