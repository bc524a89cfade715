"""One beat at a time: beat schedules only while it holds a lease in Redis.

Two beats would send every periodic task twice (a rollout that overlaps, a second
``o2o beat`` started by mistake). Each beat takes a token; ``SET NX PX`` gives the lease to
one of them, the holder renews it every third of the lease by a compare-and-renew script,
and a beat that does not hold it stays idle and tries again at the same pace, so when the
holder dies its lease lapses and a standby takes over within about a lease and a third. A
holder that stops cleanly deletes the lease (compare-and-delete), so the standby takes over
at its next try.

A holder stops scheduling on its own once the lease it last renewed may have lapsed (it
counts from before its request was sent, so its view ends before Redis's does): when Redis
is unreachable nobody can take the lease, and the holder goes quiet rather than risk two
schedulers. The decision is pure (``decide``, ``settle``); ``LeasedScheduler`` applies it
to Celery beat, opening the schedule file only while holding (two beats on one data
directory never write one file).
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
import uuid
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any, Literal

import redis
import structlog
from celery.beat import PersistentScheduler

log = structlog.get_logger(__name__)

LEASE_KEY = "o2o:beat:lease"
#: A holder stops scheduling this share of the lease before its own view of it ends.
SAFETY = 0.1

Outcome = Literal["acquired", "renewed", "held_elsewhere", "unreachable"]


class Step(Enum):
    ACQUIRE = "acquire"
    RENEW = "renew"
    SCHEDULE = "schedule"
    STANDBY = "standby"


@dataclass(frozen=True)
class Lease:
    """What this beat knows of the lease (times on its monotonic clock)."""

    holding: bool = False
    #: Until when a holder may schedule: when its last successful take was sent, plus the
    #: lease, less the safety share.
    valid_until: float = 0.0
    #: When to acquire (standby) or renew (holder) next.
    next_try: float = 0.0


def decide(lease: Lease, now: float) -> Step:
    """What beat does at ``now``: talk to Redis if a try is due, else schedule or idle."""
    if now >= lease.next_try:
        return Step.RENEW if lease.holding else Step.ACQUIRE
    return Step.SCHEDULE if lease.holding and now < lease.valid_until else Step.STANDBY


def settle(lease: Lease, outcome: Outcome, *, sent_at: float, seconds: float) -> Lease:
    """The lease after a try sent at ``sent_at`` came back with ``outcome``."""
    next_try = sent_at + seconds / 3
    if outcome in ("acquired", "renewed"):
        return Lease(True, sent_at + seconds * (1 - SAFETY), next_try)
    if outcome == "held_elsewhere":
        return Lease(False, 0.0, next_try)
    # Unreachable: a holder keeps what it already had (it lapses on its own), no more.
    still = lease.holding and sent_at < lease.valid_until
    return replace(lease, holding=still, next_try=next_try)


# Renew or delete only while the lease still carries our token: a holder whose lease
# lapsed and went to another beat must not extend or end the new holder's.
_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


class RedisLease:
    """The lease's one key in Redis, taken, renewed and released with this beat's token."""

    def __init__(self, client: redis.Redis, *, seconds: float, key: str = LEASE_KEY) -> None:
        self.client = client
        self.key = key
        self.millis = max(1, round(seconds * 1000))
        self.token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._renew = client.register_script(_RENEW)
        self._release = client.register_script(_RELEASE)

    def try_step(self, step: Step) -> Outcome:
        """Acquire (``SET NX PX``) or renew; never raises (Redis down: ``unreachable``)."""
        try:
            if step is Step.ACQUIRE:
                won = self.client.set(self.key, self.token, nx=True, px=self.millis)
                return "acquired" if won else "held_elsewhere"
            kept = self._renew(keys=[self.key], args=[self.token, self.millis])
            return "renewed" if kept else "held_elsewhere"
        except redis.RedisError:
            return "unreachable"

    def release(self) -> None:
        with contextlib.suppress(redis.RedisError):  # unreachable: it lapses on its own
            self._release(keys=[self.key], args=[self.token])

    def holder(self) -> str | None:
        value = self.client.get(self.key)
        return None if value is None else str(value)


def lease_from_settings() -> RedisLease:
    from services.platform.runtime import resolve_redis_url
    from services.platform.settings import get_settings

    settings = get_settings()
    seconds = settings.beat_lease_seconds
    # A hung Redis must not hold beat past its own lease: time out well inside it.
    client = redis.Redis.from_url(
        resolve_redis_url(settings),
        decode_responses=True,
        socket_timeout=seconds / 4,
        socket_connect_timeout=seconds / 4,
    )
    return RedisLease(client, seconds=seconds)


class LeasedScheduler(PersistentScheduler):
    """Celery beat's persistent scheduler, scheduling only while it holds the lease.

    Celery builds it with ``lazy=True`` to print its banner; that one never touches Redis.
    """

    def __init__(self, *args: Any, lease: RedisLease | None = None, **kwargs: Any) -> None:
        self.lease_store = lease
        self.lease = Lease()
        self._open = False
        self._stood_by = False
        super().__init__(*args, **kwargs)

    def setup_schedule(self) -> None:
        """Deferred: the schedule file is opened when the lease is first held."""

    def _hold(self) -> None:
        if not self._open:
            super().setup_schedule()
            self._open = True
            self._heap = None

    def _let_go(self) -> None:
        if self._open:
            self.sync()
            store: Any = self.__dict__.pop("_store", None)  # back to the class's None
            if store is not None:
                store.close()
            self._open = False
            self._heap = None

    def tick(self, *args: Any, **kwargs: Any) -> float:
        if self.lease_store is None:
            self.lease_store = lease_from_settings()
        store = self.lease_store
        now = time.monotonic()
        step = decide(self.lease, now)
        if step in (Step.ACQUIRE, Step.RENEW):
            was = self.lease.holding
            outcome = store.try_step(step)
            self.lease = settle(self.lease, outcome, sent_at=now, seconds=store.millis / 1000)
            self._say(was, outcome)
            now = time.monotonic()
            step = decide(self.lease, now)
        until_try = max(0.0, self.lease.next_try - now)
        if step is not Step.SCHEDULE:
            self._let_go()
            return until_try
        self._hold()
        return float(min(super().tick(*args, **kwargs), until_try))

    def _say(self, was: bool, outcome: Outcome) -> None:
        """Taking the lease at start is routine; standing by, a takeover or a loss is news."""
        token = self.lease_store.token if self.lease_store is not None else ""
        if self.lease.holding and not was:
            event = "beat.took_over" if self._stood_by else "beat.lease_taken"
            (log.warning if self._stood_by else log.info)(event, token=token)
        elif was and not self.lease.holding:
            log.warning("beat.lease_lost", token=token, outcome=outcome)
        elif not was and outcome == "held_elsewhere" and not self._stood_by:
            log.warning("beat.standing_by", token=token, reason="another beat holds the lease")
        self._stood_by = self._stood_by or outcome == "held_elsewhere"

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self.lease_store is not None and self.lease.holding:
                self.lease_store.release()
                self.lease = Lease()
