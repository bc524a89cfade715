"""Which unfinished site-suggestion jobs beat sends again, gives up on, or leaves alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.siting.lost import (
    GIVE_UP_AFTER,
    RESEND_QUEUED_AFTER,
    RESEND_RUNNING_AFTER,
    Unfinished,
    fate,
)

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


@pytest.mark.parametrize(
    ("status", "age", "running_for", "expected"),
    [
        ("queued", RESEND_QUEUED_AFTER - SECOND, None, "wait"),  # its worker may be busy
        ("queued", RESEND_QUEUED_AFTER, None, "resend"),
        ("queued", GIVE_UP_AFTER - SECOND, None, "resend"),
        ("queued", GIVE_UP_AFTER, None, "give_up"),
        ("running", timedelta(minutes=20), RESEND_RUNNING_AFTER - SECOND, "wait"),
        ("running", timedelta(minutes=20), RESEND_RUNNING_AFTER, "resend"),
        ("running", GIVE_UP_AFTER, timedelta(minutes=1), "give_up"),
        # Never claimed time recorded: counts from when it was asked for.
        ("running", RESEND_RUNNING_AFTER, "unknown", "resend"),
    ],
)
def test_fate(status: str, age: timedelta, running_for: object, expected: str) -> None:
    started = None
    if isinstance(running_for, timedelta):
        started = NOW - running_for
    job = Unfinished(status, NOW - age, started)  # type: ignore[arg-type]
    assert fate(job, NOW) == expected
