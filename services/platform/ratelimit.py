"""Fixed-window rate limits on Redis: one INCR per key per request, pipelined (asyncio)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from services.platform.errors import RateLimited


async def enforce(
    redis: Any, limits: Sequence[tuple[str, int]], *, window_seconds: int = 60
) -> None:
    """Count this request against each ``(key, limit)``; RateLimited when any is exceeded."""
    if not limits:
        return
    bucket = int(time.time() // window_seconds)
    pipe = redis.pipeline(transaction=False)
    for key, _ in limits:
        name = f"rl:{key}:{bucket}"
        pipe.incr(name)
        pipe.expire(name, window_seconds * 2)
    counts = (await pipe.execute())[::2]
    for (key, limit), used in zip(limits, counts, strict=True):
        if int(used) > limit:
            retry = window_seconds - int(time.time()) % window_seconds
            raise RateLimited(
                "too many scans; wait a moment",
                code="scan_rate_limited",
                details={"limit": key.split(":", 1)[0], "retry_after_seconds": retry},
            )
