"""The touchpoint report's period: defaults, UTC for zone-less times, at most a year."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from services.platform.errors import InvalidInput
from services.touchpoints.attribution import report_period

NOW = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)


def test_the_last_thirty_days_unless_asked() -> None:
    assert report_period(start=None, end=None, now=NOW) == (NOW - timedelta(days=30), NOW)
    end = datetime(2026, 6, 1, tzinfo=UTC)
    assert report_period(start=None, end=end, now=NOW) == (end - timedelta(days=30), end)


def test_zone_less_times_are_utc_and_zoned_ones_kept() -> None:
    shanghai = timezone(timedelta(hours=8))
    start, end = report_period(
        start=datetime(2026, 11, 1), end=datetime(2026, 11, 2, 8, tzinfo=shanghai), now=NOW
    )
    assert start == datetime(2026, 11, 1, tzinfo=UTC)
    assert end == datetime(2026, 11, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "end"),
    [(NOW, NOW), (NOW, NOW - timedelta(seconds=1)), (NOW - timedelta(days=367), NOW)],
)
def test_empty_backwards_or_longer_than_a_year_is_refused(start: datetime, end: datetime) -> None:
    with pytest.raises(InvalidInput) as refused:
        report_period(start=start, end=end, now=NOW)
    assert refused.value.code == "bad_period"


def test_a_whole_year_is_allowed() -> None:
    assert report_period(start=NOW - timedelta(days=366), end=NOW, now=NOW)[0] < NOW
