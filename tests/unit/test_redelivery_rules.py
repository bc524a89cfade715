"""Which published messages a sweep may call lost: the settled prefix, in id order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.platform.redelivery import Published, settled

pytestmark = pytest.mark.unit

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
GRACE = timedelta(seconds=60)


def _at(seconds_ago: float | None) -> datetime | None:
    return None if seconds_ago is None else NOW - timedelta(seconds=seconds_ago)


def _rows(*ages: float | None) -> list[Published]:
    return [Published(i + 1, "t", _at(age)) for i, age in enumerate(ages)]


def test_messages_published_before_the_grace_are_settled() -> None:
    assert [r.id for r in settled(_rows(300, 120, 61), now=NOW, grace=GRACE)] == [1, 2, 3]


def test_the_walk_stops_at_a_message_published_within_the_grace() -> None:
    # 3 may still arrive the ordinary way: neither it nor anything after it is settled.
    assert [r.id for r in settled(_rows(300, 120, 10, 500), now=NOW, grace=GRACE)] == [1, 2]


def test_the_walk_stops_at_a_message_not_yet_published() -> None:
    assert [r.id for r in settled(_rows(300, None, 500), now=NOW, grace=GRACE)] == [1]


def test_exactly_the_grace_ago_is_settled_and_nothing_is_when_the_first_is_recent() -> None:
    assert [r.id for r in settled(_rows(60), now=NOW, grace=GRACE)] == [1]
    assert settled(_rows(5, 300), now=NOW, grace=GRACE) == []
    assert settled([], now=NOW, grace=GRACE) == []
