"""Fixed-window rate limits on Redis: one INCR per key per request, pipelined (asyncio)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from services.platform.errors import RateLimited


def _queue(pipe: Any, limits: Sequence[tuple[str, int]], window_seconds: int) -> None:
    bucket = int(time.time() // window_seconds)
    for key, _ in limits:
        name = f"rl:{key}:{bucket}"
        pipe.incr(name)
        pipe.expire(name, window_seconds * 2)


def _judge(limits: Sequence[tuple[str, int]], replies: list[Any], window_seconds: int) -> None:
    for (key, limit), used in zip(limits, replies[::2], strict=True):
        if int(used) > limit:
            retry = window_seconds - int(time.time()) % window_seconds
            raise RateLimited(
                "too many scans; wait a moment",
                code="scan_rate_limited",
                details={"limit": key.split(":", 1)[0], "retry_after_seconds": retry},
            )


async def enforce(
    redis: Any, limits: Sequence[tuple[str, int]], *, window_seconds: int = 60
) -> None:
    """Count this request against each ``(key, limit)`` (asyncio Redis); RateLimited when over."""
    if not limits:
        return
    pipe = redis.pipeline(transaction=False)
    _queue(pipe, limits, window_seconds)
    _judge(limits, await pipe.execute(), window_seconds)
