"""Members who deleted their account: their tokens are refused, answered from process memory.

Shopper tokens carry no session version, so a deletion is remembered in Redis for as long
as a token can live: a sorted set (member -> until, epoch seconds) and a version key given
a new random value with every deletion, both written in one transaction. Each process
keeps the set and the version it read; a shopper request asks Redis only once the copy is
older than ``O2O_SHOPPER_DELETION_CHECK_SECONDS`` (one GET of the version; the set is read
again only when the version moved). So a hot route pays no Redis round trip per request.

Promptness (the bound): a deletion is refused by every process from at most
``O2O_SHOPPER_DELETION_CHECK_SECONDS`` (1 s) after its commit's publish, and by the process
that deleted at once (it drops its copy). Redis down: the read fails and so does the
request, as before (deny by default). The version is random, not a counter, so a Redis
that lost its data (flushed, restarted) and is written again can never show a process
the version it already holds with a different set behind it.
"""

from __future__ import annotations

import math
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from services.platform.cache import get_redis

_MEMBERS = "shopper-ended"
_VERSION = "shopper-ended:version"


def still_ended(until: float | None, now: float) -> bool:
    """Whether a deletion remembered ``until`` (epoch seconds) still refuses at ``now``."""
    return until is not None and until > now


def needs_reading(now: float, fresh_until: float) -> bool:
    """Whether a process's copy (good until ``fresh_until``, monotonic) must be read again."""
    return now >= fresh_until


def end_shopper(*, subject: int, ttl_seconds: int, now: float | None = None) -> None:
    """After a member's account is deleted: refuse their tokens for as long as one lives
    (``ttl_seconds``), in every process (``ENDED.forget`` does this one at once)."""
    at = time.time() if now is None else now
    with get_redis().pipeline(transaction=True) as pipe:
        pipe.zadd(_MEMBERS, {str(subject): at + ttl_seconds})
        pipe.zremrangebyscore(_MEMBERS, "-inf", at)  # deletions whose tokens have all expired
        pipe.set(_VERSION, uuid.uuid4().hex)
        # Kept no longer than the newest deletion needs: then every entry has expired anyway.
        pipe.expire(_MEMBERS, ttl_seconds)
        pipe.expire(_VERSION, ttl_seconds)
        pipe.execute()
    ENDED.forget()


class EndedShoppers:
    """A process's copy of the deleted accounts (see the module's text)."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self._clock = clock
        self._wall = wall
        self._ended: Mapping[int, float] = {}
        self._version: str | None = None
        self._fresh_until = -math.inf
        #: When the read behind the copy began (a slower, older read never replaces it).
        self._read_at = -math.inf
        #: Bumped by ``forget``: a read that began before it does not make the copy fresh.
        self._generation = 0
        self._lock = threading.Lock()

    def forget(self) -> None:
        """Read Redis again at the next check (a deletion committed in this process; any
        thread: the deletion's commit hook may run on a worker thread)."""
        with self._lock:
            self._generation += 1
            self._fresh_until = -math.inf

    async def ended(self, redis: Any, subject: int, *, every: float) -> bool:
        """Whether ``subject`` deleted their account, as of at most ``every`` s ago."""
        now = self._clock()
        if needs_reading(now, self._fresh_until):
            await self._read(redis, started=now, every=every)
        return still_ended(self._ended.get(subject), self._wall())

    async def _read(self, redis: Any, *, started: float, every: float) -> None:
        generation = self._generation
        version = await redis.get(_VERSION)
        ended = self._ended
        if version != self._version:
            async with redis.pipeline(transaction=True) as pipe:
                pipe.get(_VERSION)
                pipe.zrangebyscore(_MEMBERS, self._wall(), "+inf", withscores=True)
                version, members = await pipe.execute()
            ended = {int(member): float(until) for member, until in members}
        with self._lock:
            if started < self._read_at:
                return  # a read begun later has already been kept
            self._ended, self._version, self._read_at = ended, version, started
            if generation == self._generation:
                self._fresh_until = started + every


#: This process's copy (each worker process has its own).
ENDED = EndedShoppers()


async def shopper_ended(redis: Any, subject: int, *, every: float) -> bool:
    """Whether the member deleted their account (their tokens no longer act)."""
    return await ENDED.ended(redis, subject, every=every)
