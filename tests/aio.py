"""Races on the event-loop hot paths: threads, each with its own loop and connection.

Each thread connects first, then waits at the barrier, so the use cases really
start together; what each returns (or raises) comes back in thread order.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Awaitable, Callable
from typing import Any

from redis.asyncio import Redis as AsyncRedis

from services.platform import adb
from services.platform.uow import relay_kicks_sent

Work = Callable[[int, adb.Connection, AsyncRedis], Awaitable[Any]]


def together(n: int, work: Work) -> list[Any]:
    """Run ``work(i, connection, redis)`` in ``n`` threads released at once by a barrier."""
    barrier = threading.Barrier(n)
    results: list[Any] = [RuntimeError("not run")] * n

    async def one(i: int) -> Any:
        connection = await adb.connect(os.environ["O2O_DATABASE_URL"])
        redis = AsyncRedis.from_url(os.environ["O2O_REDIS_URL"], decode_responses=True)
        try:
            barrier.wait(timeout=60)  # blocking is fine: this loop serves this thread only
            result = await work(i, connection, redis)
            await relay_kicks_sent()  # nothing of this loop's left running after it
            return result
        finally:
            await redis.aclose()
            await connection.close()

    def run(i: int) -> None:
        try:
            results[i] = asyncio.run(one(i))
        except Exception as exc:  # collected and asserted on by the caller
            results[i] = exc

    _start_and_join(n, run)
    return results


def threads_together(n: int, attempt: Callable[[int], Any]) -> list[Any]:
    """Run the sync ``attempt(i)`` in ``n`` threads released at once; results or exceptions."""
    barrier = threading.Barrier(n)
    results: list[Any] = [RuntimeError("not run")] * n

    def run(i: int) -> None:
        barrier.wait(timeout=60)
        try:
            results[i] = attempt(i)
        except Exception as exc:  # collected and asserted on by the caller
            results[i] = exc

    _start_and_join(n, run)
    return results


def _start_and_join(n: int, run: Callable[[int], None]) -> None:
    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)


def run(work: Callable[[adb.Connection, AsyncRedis], Awaitable[Any]]) -> Any:
    """Run one async use case on a connection of its own (no race); raise what it raises."""
    result = together(1, lambda _i, connection, redis: work(connection, redis))[0]
    if isinstance(result, Exception):
        raise result
    return result
