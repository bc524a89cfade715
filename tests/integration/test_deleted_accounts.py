"""Deleted accounts answered from a process's copy, against the real Redis: how soon a
deletion made elsewhere is refused (the bound), and at once in the deleting process."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from typing import Any

from redis.asyncio import Redis as AsyncRedis

from services.platform import deleted_accounts
from services.platform.deleted_accounts import EndedShoppers, end_shopper

EVERY = 1.0
TTL = 3600


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _asking(copy: EndedShoppers) -> Callable[[int], bool]:
    """``copy.ended`` through a real Redis client, counting the commands it sends."""
    sent: list[str] = []

    async def ask(member: int) -> bool:
        redis = AsyncRedis.from_url(os.environ["O2O_REDIS_URL"], decode_responses=True)
        original = redis.execute_command

        async def counted(*args: Any, **options: Any) -> Any:
            sent.append(str(args[0]))
            return await original(*args, **options)

        redis.execute_command = counted  # type: ignore[method-assign]
        try:
            return await copy.ended(redis, member, every=EVERY)
        finally:
            await redis.aclose()

    def run(member: int) -> bool:
        return asyncio.run(ask(member))

    run.sent = sent  # type: ignore[attr-defined]
    return run


def test_a_deletion_elsewhere_is_refused_within_the_bound_and_not_asked_for_before(db) -> None:
    clock = Clock()
    other_process = EndedShoppers(clock=clock)  # not the copy end_shopper drops
    ask = _asking(other_process)
    assert ask(7) is False
    end_shopper(subject=7, ttl_seconds=TTL)
    clock.now += EVERY - 0.01
    sent_before = len(ask.sent)  # type: ignore[attr-defined]
    assert ask(7) is False  # the copy is younger than the bound: Redis is not asked
    assert len(ask.sent) == sent_before  # type: ignore[attr-defined]
    clock.now += 0.01
    assert ask(7) is True  # the bound reached: read again, refused
    assert ask(8) is False  # another member is not


def test_the_deleting_process_refuses_at_once(db) -> None:
    clock = Clock()
    deleted_accounts.ENDED = EndedShoppers(clock=clock)
    try:
        ask = _asking(deleted_accounts.ENDED)
        assert ask(9) is False
        end_shopper(subject=9, ttl_seconds=TTL)
        assert ask(9) is True  # no time passed: this process dropped its copy
    finally:
        deleted_accounts.ENDED = EndedShoppers()


def test_a_deletion_stops_refusing_once_every_token_has_expired(db) -> None:
    clock, wall = Clock(), Clock()
    copy = EndedShoppers(clock=clock, wall=wall)
    end_shopper(subject=11, ttl_seconds=60, now=wall.now)
    ask = _asking(copy)
    assert ask(11) is True
    wall.now += 60
    assert ask(11) is False


def test_a_redis_that_lost_its_data_and_was_written_again_is_read_again(db) -> None:
    # A counter would restart at the same value after a flush; the random version cannot.
    clock = Clock()
    copy = EndedShoppers(clock=clock)
    ask = _asking(copy)
    end_shopper(subject=21, ttl_seconds=TTL)
    assert ask(21) is True
    deleted_accounts.get_redis().flushdb()
    end_shopper(subject=22, ttl_seconds=TTL)
    clock.now += EVERY
    assert ask(22) is True
    assert ask(21) is False  # Redis no longer remembers it (as before: the keys were gone)
