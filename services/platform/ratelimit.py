"""Fixed-window rate limits on Redis: one INCR per key per request, pipelined (asyncio)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from services.platform.errors import RateLimited


def clock() -> float:
    """Now, in seconds (tests hold it still, so a burst never straddles two windows)."""
    return time.time()


async def enforce(
    redis: Any,
    limits: Sequence[tuple[str, int]],
    *,
    scope: str,
    code: str,
    message: str,
    window_seconds: int = 60,
) -> None:
    """Count this request against each ``(key, limit)``; RateLimited ``code`` when any is over.

    ``scope`` keeps one use's counters apart from another's (``scan``, ``order``). A key
    is ``<what>:<who>`` (``device:abc``, ``ip:10.0.0.1``); ``details.limit`` names the
    ``<what>`` exceeded. Refused requests count too, so hammering stays refused.
    """
    if not limits:
        return
    now = clock()
    bucket = int(now // window_seconds)
    pipe = redis.pipeline(transaction=False)
    for key, _ in limits:
        name = f"rl:{scope}:{key}:{bucket}"
        pipe.incr(name)
        pipe.expire(name, window_seconds * 2)
    counts = (await pipe.execute())[::2]
    for (key, limit), used in zip(limits, counts, strict=True):
        if int(used) > limit:
            retry = window_seconds - int(now) % window_seconds
            raise RateLimited(
                message,
                code=code,
                # The error handler turns retry_after_seconds into Retry-After.
                details={"limit": key.split(":", 1)[0], "retry_after_seconds": retry},
            )
