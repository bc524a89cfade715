"""Staff session versions, cached in Redis so every API process sees a revocation at once.

A guide's or manager's token carries the session version it was issued under
(``Principal.session_version``); the owning service stores the current one and
bumps it to end every earlier session (logout, password change, deactivation,
new regions). Each staff request compares the two. The current version is read
from Redis; a miss loads it from the database and caches it for
``O2O_STAFF_SESSION_CACHE_SECONDS``.

Revocation latency: a bump made through the service functions publishes the new
version to Redis right after its commit, so every process refuses the old tokens
from the next request on. The TTL only bounds a change written some other way
(SQL by hand) or a publish lost because Redis was down at that moment.

Versions only grow, and both the fill after a miss and the publish after a bump
write "the larger of the cached and the given" in one script: a request that read
the old version just before the bump's commit can never put it back.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from services.platform.cache import get_redis

#: SET key to ARGV[1] unless it already holds a version at least as new; keep ARGV[2] s.
_RAISE = """
local current = redis.call('GET', KEYS[1])
if current and tonumber(current) >= tonumber(ARGV[1]) then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  return tonumber(current)
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return tonumber(ARGV[1])
"""
#: An account that may not act (deactivated, deleted): cached as version 0, never issued.
NO_SESSION = 0


def _key(role: str, subject: int) -> str:
    return f"staff-session:{role}:{subject}"


async def current_version(
    redis: Any,
    *,
    role: str,
    subject: int,
    load: Callable[[], Awaitable[int | None]],
    ttl_seconds: int,
) -> int:
    """The stored session version (``NO_SESSION`` when the account may not act)."""
    cached = await redis.get(_key(role, subject))
    if cached is not None:
        return int(cached)
    loaded = await load()
    version = NO_SESSION if loaded is None else loaded
    return int(await redis.eval(_RAISE, 1, _key(role, subject), version, ttl_seconds))


def publish_version(*, role: str, subject: int, version: int, ttl_seconds: int) -> None:
    """After the bump's commit: every process sees the new version from the next request."""
    get_redis().eval(_RAISE, 1, _key(role, subject), version, ttl_seconds)


async def publish_version_async(
    redis: Any, *, role: str, subject: int, version: int, ttl_seconds: int
) -> None:
    """``publish_version`` from the event loop (a change committed by an async use case)."""
    await redis.eval(_RAISE, 1, _key(role, subject), version, ttl_seconds)
