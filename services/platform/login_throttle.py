"""Failed staff logins counted per username and per client IP in Redis: backoff, then a lock.

Every attempt is charged before its password is checked (one pipelined INCR per
counter), so a burst of simultaneous guesses gets distinct counts and those past
the limit are refused without hashing: concurrency cannot buy extra guesses. A
success gives the charge back: the username's counter is cleared (its owner is
back), the IP's is only decremented by this attempt, so a valid account of one's
own never wipes the failures an address has made against others.

Unknown and known usernames are counted alike, so the lock reveals nothing either.
After ``O2O_LOGIN_FAILURES_BEFORE_BACKOFF`` failures each further one makes the
key wait 1, 2, 4 ... seconds (answered 429 ``login_locked`` with Retry-After); at
the maximum it is locked for ``O2O_LOGIN_LOCK_SECONDS``. The counters live
``O2O_LOGIN_FAILURE_WINDOW_SECONDS`` after the latest attempt. Locking a username
is open to anyone who knows it (the price of the per-username count); the lock is
temporary, and the per-IP count makes one source pay for spraying many names.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from services.platform.errors import RateLimited
from services.platform.settings import Settings


@dataclass(frozen=True)
class Limits:
    free: int
    max_failures: int
    lock_seconds: int


def wait_seconds(failures: int, limits: Limits) -> int:
    """How long a key must wait after its ``failures``-th failure (0: it may try again)."""
    if failures >= limits.max_failures:
        return limits.lock_seconds
    if failures < limits.free or failures <= 0:
        return 0
    return min(2 ** (failures - limits.free), limits.lock_seconds)


def _limits(settings: Settings) -> dict[str, Limits]:
    free, lock = settings.login_failures_before_backoff, settings.login_lock_seconds
    return {
        "username": Limits(free, settings.login_max_failures_per_username, lock),
        "ip": Limits(free, settings.login_max_failures_per_ip, lock),
    }


@dataclass(frozen=True)
class Attempt:
    """One charged login attempt: its counter keys and the counts including it."""

    keys: dict[str, str]
    counts: dict[str, int]


def _keys(role: str, username: str, client_ip: str) -> dict[str, str]:
    # Hashed: the key length stays fixed whatever the caller sends.
    user = hashlib.sha256(username.casefold().encode()).hexdigest()[:32]
    return {"username": f"login:{role}:user:{user}", "ip": f"login:{role}:ip:{client_ip}"}


def _refuse(retry_after: int, scope: str) -> RateLimited:
    return RateLimited(
        "too many failed logins; try again later",
        code="login_locked",
        details={"retry_after_seconds": max(1, retry_after), "scope": scope},
    )


async def charge(
    redis: Any, *, role: str, username: str, client_ip: str, settings: Settings
) -> Attempt:
    """Count this attempt; RateLimited (``login_locked``) while a key waits or is over."""
    keys = _keys(role, username, client_ip)
    pipe = redis.pipeline(transaction=False)
    for key in keys.values():
        pipe.ttl(f"{key}:wait")
    waits = dict(zip(keys, await pipe.execute(), strict=True))
    locked = {scope: ttl for scope, ttl in waits.items() if ttl and int(ttl) > 0}
    if locked:
        scope = max(locked, key=lambda s: int(locked[s]))
        raise _refuse(int(locked[scope]), scope)
    pipe = redis.pipeline(transaction=False)
    for key in keys.values():
        pipe.incr(key)
        pipe.expire(key, settings.login_failure_window_seconds)
    counts = dict(zip(keys, [int(c) for c in (await pipe.execute())[::2]], strict=True))
    limits = _limits(settings)
    # Attempts already charged but not yet settled count as failures: past the
    # maximum, this one is refused before any password is checked.
    for scope, count in counts.items():
        if count > limits[scope].max_failures:
            raise _refuse(settings.login_lock_seconds, scope)
    return Attempt(keys=keys, counts=counts)


async def failed(redis: Any, attempt: Attempt, *, settings: Settings) -> None:
    """The attempt failed: make each key wait as its count now says.

    Reaching the maximum locks the key and starts its count afresh, so after the
    lock it gets the same few tries again (not one try per lock).
    """
    limits = _limits(settings)
    pipe = redis.pipeline(transaction=False)
    for scope, key in attempt.keys.items():
        count = attempt.counts[scope]
        wait = wait_seconds(count, limits[scope])
        if wait:
            pipe.set(f"{key}:wait", 1, ex=wait)
        if count >= limits[scope].max_failures:
            pipe.delete(key)
    await pipe.execute()


async def succeeded(redis: Any, attempt: Attempt) -> None:
    """The attempt succeeded: clear the username's failures, take back the IP's charge."""
    pipe = redis.pipeline(transaction=False)
    pipe.delete(attempt.keys["username"])
    pipe.decr(attempt.keys["ip"])
    await pipe.execute()
