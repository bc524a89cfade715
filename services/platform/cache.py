"""Redis connection shared by rate limits, caches and Celery."""

from __future__ import annotations

from functools import lru_cache

import redis

from services.platform.runtime import resolve_redis_url
from services.platform.settings import get_settings


@lru_cache
def get_redis() -> redis.Redis:
    """The process-wide Redis client (decoded strings)."""
    return redis.Redis.from_url(resolve_redis_url(get_settings()), decode_responses=True)


def celery_broker_url(redis_url: str) -> str:
    """Kombu spells a unix-socket Redis ``redis+socket://``; redis-py spells it ``unix://``.

    Over a socket kombu takes the database number from ``virtual_host``, redis-py from
    ``db`` (a test worker's own database, say).
    """
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url[len("unix://") :].replace("?db=", "?virtual_host=")
    return redis_url
