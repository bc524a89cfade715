"""A guide records an appointment's arrival and end only around its start (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from stores.appointments.timing import outside

START = datetime(2026, 12, 10, 6, 0, tzinfo=UTC)
END = START + timedelta(hours=1)
EARLY = timedelta(minutes=60)


def _check_in(now: datetime) -> object:
    return outside("check_in", starts_at=START, ends_at=END, now=now, check_in_early=EARLY)


def _complete(now: datetime) -> object:
    return outside("complete", starts_at=START, ends_at=END, now=now, check_in_early=EARLY)


def test_check_in_opens_an_hour_before_the_start_and_closes_at_the_end() -> None:
    assert _check_in(START - timedelta(hours=4)) == (START - EARLY, END)
    assert _check_in(START - EARLY - timedelta(seconds=1)) == (START - EARLY, END)
    assert _check_in(START - EARLY) is None
    assert _check_in(START + timedelta(minutes=10)) is None
    assert _check_in(END) is None
    assert _check_in(END + timedelta(seconds=1)) == (START - EARLY, END)


def test_completion_opens_at_the_start_and_never_closes() -> None:
    assert _complete(START - timedelta(hours=4)) == (START, None)
    assert _complete(START - timedelta(seconds=1)) == (START, None)
    assert _complete(START) is None
    assert _complete(END + timedelta(days=2)) is None
