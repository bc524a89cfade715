"""A worker's note queue: routes on many threads append, the flusher sends each note once."""

from __future__ import annotations

import asyncio
import threading

from redis.asyncio import Redis as AsyncRedis

from services.feedback import journey
from services.feedback.notes import Noted, NoteQueue
from services.platform.cache import get_redis
from services.platform.db import utcnow


def test_notes_from_many_threads_reach_redis_once_in_batches(db) -> None:
    redis = get_redis()
    redis.delete(journey.BUFFER)
    queue = NoteQueue()
    threads, each = 8, 250
    barrier = threading.Barrier(threads)

    def route(n: int) -> None:
        barrier.wait()
        for i in range(each):
            queue.add(
                Noted("product_viewed", None, None, f"dev-{n}-{i:04d}", utcnow(), 7, None, None)
            )

    workers = [threading.Thread(target=route, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    queue.add(Noted("product_viewed", None, None, None, utcnow(), 7, None, None))  # nobody

    async def flush_twice() -> tuple[int, int]:
        client = AsyncRedis.from_url(db["redis_url"], decode_responses=True)
        try:
            first = await queue.flush(client, lambda _: None, batch=300)
            return first, await queue.flush(client, lambda _: None)
        finally:
            await client.aclose()

    assert asyncio.run(flush_twice()) == (threads * each, 0)
    assert redis.llen(journey.BUFFER) == threads * each
    assert len(queue) == 0
