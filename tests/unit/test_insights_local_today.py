"""The wall's "today" is the local date, not UTC's: from 16:00 UTC it is already tomorrow
in Shanghai, and the default period must take in today's Shanghai orders."""

from __future__ import annotations

from datetime import UTC, date, datetime

from services.insights.periods import local_today


def test_after_16_utc_it_is_already_tomorrow_in_shanghai() -> None:
    evening = datetime(2026, 11, 20, 17, 30, tzinfo=UTC)
    assert local_today(evening) == date(2026, 11, 21)  # the brand's zone, Asia/Shanghai
    assert local_today(evening, "Asia/Shanghai") == date(2026, 11, 21)
    assert local_today(datetime(2026, 11, 20, 15, 59, tzinfo=UTC)) == date(2026, 11, 20)


def test_a_store_in_another_zone_counts_its_own_day() -> None:
    evening = datetime(2026, 11, 20, 17, 30, tzinfo=UTC)
    assert local_today(evening, "Europe/London") == date(2026, 11, 20)
