"""A worker's copy of members' rows for the shopper's list: the bound, the longer list that
reads again, a forget that beats a read already under way, the oldest dropped first."""

from __future__ import annotations

from services.recommendations.members import MemberCopies, serves


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _copies(seconds: float = 5.0, limit: int = 10) -> tuple[MemberCopies, Clock]:
    clock = Clock()
    return MemberCopies(seconds=seconds, clock=clock, limit=limit), clock


def test_a_row_serves_until_the_bound_and_only_lists_no_longer_than_it_read() -> None:
    assert serves(105.0, 20, now=104.9, read=12) and not serves(105.0, 20, now=105.0, read=12)
    assert not serves(105.0, 12, now=100.0, read=20)
    copies, clock = _copies()
    copies.keep(7, {"personalised": True}, read=12, generation=copies.generation())
    assert copies.get(7, read=12) == {"personalised": True}
    assert copies.get(7, read=20) is None  # a longer list needs more picks
    clock.now += 5.0
    assert copies.get(7, read=12) is None


def test_a_forget_drops_the_row_and_a_read_begun_before_it_is_not_kept() -> None:
    copies, _ = _copies()
    copies.keep(7, {"personalised": True}, read=12, generation=copies.generation())
    begun = copies.generation()  # a read of member 7 starts ...
    copies.forget(7)  # ... their opt-out commits in this process meanwhile
    assert copies.get(7, read=12) is None
    copies.keep(7, {"personalised": True}, read=12, generation=begun)  # the read ends
    assert copies.get(7, read=12) is None  # maybe older than the opt-out: not kept
    copies.keep(7, {"personalised": False}, read=12, generation=copies.generation())
    assert copies.get(7, read=12) == {"personalised": False}


def test_zero_seconds_keeps_nothing_and_the_oldest_go_first() -> None:
    off, _ = _copies(seconds=0)
    off.keep(1, {}, read=12, generation=off.generation())
    assert off.get(1, read=12) is None
    copies, _ = _copies(limit=2)
    for member in (1, 2, 3):
        copies.keep(member, {"m": member}, read=12, generation=copies.generation())
    assert copies.get(1, read=12) is None and copies.get(3, read=12) == {"m": 3}
