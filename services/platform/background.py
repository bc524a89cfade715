"""Background tasks of a worker's lifespan (flushers), stopped within a bound at shutdown.

A flusher is told to stop by an event and makes its last flush on the way out; cancelling
is the fallback only. A cancel can be swallowed by a client library in the middle of a
call (the loop then keeps going), and an unbounded ``await task`` after it once held a
test's shutdown past its five-minute limit.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

import structlog

log = structlog.get_logger(__name__)


async def every(seconds: float, stop: asyncio.Event, work: Callable[[], Awaitable[object]]) -> None:
    """Run ``work`` every ``seconds`` until ``stop`` is set, then once more."""
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), seconds)
        await work()


async def stop_task(task: asyncio.Task[None], stop: asyncio.Event, *, grace: float) -> None:
    """Ask ``task`` to stop, wait at most ``grace``; then cancel it and wait ``grace`` more."""
    stop.set()
    done, _ = await asyncio.wait({task}, timeout=grace)
    if not done:
        task.cancel()
        done, _ = await asyncio.wait({task}, timeout=grace)
    if not done:
        log.warning("background_task_left_running", task=task.get_name())
    elif not task.cancelled() and task.exception() is not None:
        log.warning("background_task_failed", task=task.get_name(), error=str(task.exception()))
