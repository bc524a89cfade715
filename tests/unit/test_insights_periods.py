"""A period is read as month rows plus or minus day rows: each day exactly once."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from services.insights.figures import STORED, percentile_minutes
from services.insights.queries import pieces


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days)]


@pytest.mark.parametrize("offset", range(0, 800, 23))
@pytest.mark.parametrize("length", [0, 1, 2, 15, 16, 29, 30, 31, 60, 90, 365, 366])
def test_pieces_count_each_day_of_the_period_once(offset: int, length: int) -> None:
    rng = random.Random(offset * 1000 + length)
    origin = date(2024, 10, 1)
    value = {origin + timedelta(days=n): rng.randrange(100) for n in range(1300)}
    start = date(2025, 1, 1) + timedelta(days=offset)
    end = start + timedelta(days=length)
    read = 0
    for piece in pieces(start, end):
        if piece.monthly:
            assert piece.first.day == 1 and piece.last.day == 1 and piece.sign == 1
        read += piece.sign * sum(value[d] for d in _days(piece.first, piece.last))
    assert read == sum(value[d] for d in _days(start, end))


@pytest.mark.parametrize(
    ("start", "end", "day_rows"),
    [
        (date(2025, 11, 30), date(2026, 11, 30), 2),  # a year to tomorrow: 11 months, 2 days
        (date(2026, 10, 31), date(2026, 11, 30), 2),  # 30 days to tomorrow
        (date(2026, 11, 1), date(2026, 11, 8), 7),  # a week: its days
    ],
)
def test_a_long_period_reads_few_day_rows(start: date, end: date, day_rows: int) -> None:
    assert sum((p.last - p.first).days for p in pieces(start, end) if not p.monthly) == day_rows


def test_every_stored_figure_is_a_plain_column_name() -> None:
    assert len(set(STORED)) == len(STORED)
    assert all(name.isidentifier() and name.islower() for name in STORED)
    assert percentile_minutes({}, 0.5) is None
