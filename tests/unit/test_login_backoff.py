"""The staff login backoff: free tries, then 1, 2, 4 ... seconds, then the lock."""

from __future__ import annotations

from services.platform.login_throttle import Limits, wait_seconds

LIMITS = Limits(free=3, max_failures=8, lock_seconds=900)


def test_the_first_failures_are_free() -> None:
    assert [wait_seconds(n, LIMITS) for n in range(3)] == [0, 0, 0]


def test_then_each_failure_doubles_the_wait_until_the_lock() -> None:
    assert [wait_seconds(n, LIMITS) for n in range(3, 10)] == [1, 2, 4, 8, 16, 900, 900]


def test_the_wait_never_exceeds_the_lock() -> None:
    short = Limits(free=0, max_failures=50, lock_seconds=30)
    assert max(wait_seconds(n, short) for n in range(60)) == 30


def test_a_maximum_below_the_free_tries_locks_at_the_maximum() -> None:
    assert wait_seconds(2, Limits(free=5, max_failures=2, lock_seconds=60)) == 60
    assert wait_seconds(1, Limits(free=5, max_failures=2, lock_seconds=60)) == 0
