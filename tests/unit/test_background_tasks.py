"""A lifespan's background task stops within a bound, even one that ignores a cancel."""

from __future__ import annotations

import asyncio
import time

from services.platform import background


def test_a_flusher_makes_its_last_flush_when_asked_to_stop() -> None:
    async def scenario() -> list[int]:
        flushed: list[int] = []

        async def flush() -> None:
            flushed.append(len(flushed))

        stop = asyncio.Event()
        task = asyncio.create_task(background.every(3600, stop, flush))
        await asyncio.sleep(0.01)
        await background.stop_task(task, stop, grace=1)
        assert task.done()
        return flushed

    assert asyncio.run(scenario()) == [0]  # no tick in an hour: only the last flush


def test_a_task_that_swallows_its_cancel_does_not_hold_shutdown() -> None:
    async def scenario() -> float:
        released = asyncio.Event()

        async def stubborn() -> None:
            while not released.is_set():  # as a library that catches CancelledError mid-call
                try:
                    await asyncio.sleep(0.05)
                except asyncio.CancelledError:
                    continue

        task = asyncio.create_task(stubborn())
        started = time.monotonic()
        await background.stop_task(task, asyncio.Event(), grace=0.2)
        took = time.monotonic() - started
        released.set()  # let it end, so the loop can close
        await task
        return took

    assert asyncio.run(scenario()) < 1.0
