"""A period is read as whole months plus its edge days: each day exactly once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.insights.figures import STORED, percentile_minutes
from services.insights.queries import whole_months


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days)]


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2026, 1, 1), date(2026, 2, 1), (date(2026, 1, 1), date(2026, 2, 1))),
        (date(2026, 1, 2), date(2026, 2, 1), None),
        (date(2026, 1, 15), date(2026, 3, 10), (date(2026, 2, 1), date(2026, 3, 1))),
        (date(2025, 11, 30), date(2026, 11, 30), (date(2025, 12, 1), date(2026, 11, 1))),
        (date(2026, 12, 5), date(2027, 1, 1), None),
        (date(2026, 12, 1), date(2027, 1, 1), (date(2026, 12, 1), date(2027, 1, 1))),
        (date(2026, 3, 3), date(2026, 3, 3), None),
    ],
)
def test_whole_months_inside_a_period(
    start: date, end: date, months: tuple[date, date] | None
) -> None:
    assert whole_months(start, end) == months


@pytest.mark.parametrize("offset", range(0, 400, 37))
@pytest.mark.parametrize("length", [1, 30, 31, 90, 365])
def test_months_and_edge_days_cover_the_period_once(offset: int, length: int) -> None:
    start = date(2025, 1, 1) + timedelta(days=offset)
    end = start + timedelta(days=length)
    covered: list[date] = []
    months = whole_months(start, end)
    if months is None:
        covered = _days(start, end)
    else:
        first, last = months
        assert first.day == 1 and last.day == 1 and start <= first < last <= end
        covered = _days(start, first) + _days(first, last) + _days(last, end)
        assert (first - start).days < 31 and (end - last).days < 31
    assert covered == _days(start, end)


def test_every_stored_figure_is_a_plain_column_name() -> None:
    assert len(set(STORED)) == len(STORED)
    assert all(name.isidentifier() and name.islower() for name in STORED)
    assert percentile_minutes({}, 0.5) is None
