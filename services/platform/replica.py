"""Reads that may be a few seconds old, served by a streaming replica while it keeps up.

Only reads a manager or shopper would accept a few seconds late use it (the wall and
insights, experience figures, catalog browsing, nearest stores, movement history, site and
campaign reports: ``services/platform/web/replica_deps.py`` lists them); every read that
decides (stock, slots, payments, placing, pickup codes, sessions) stays on the primary.
``read_target`` is the rule: the replica only while its lag is within
``O2O_REPLICA_MAX_LAG_SECONDS`` and the principal asking has not written in the last
``O2O_READ_YOUR_WRITES_SECONDS`` (a manager who just moved a store reads the move).

The lag is measured, not trusted: the replica's replay position against the primary's
current WAL position. Caught up is 0 s; behind, it is the smaller of how long ago this
process last saw it caught up and how old the last replayed commit is (a busy primary
keeps the second small when the replica trails by milliseconds; an idle one whose last
WAL record is a checkpoint keeps the first small). Unreachable or promoted: no lag at all,
and reads go to the primary.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from services.platform.db import get_engine, make_engine

ReadTarget = Literal["replica", "primary"]
#: How long one measurement serves every request of a process.
SAMPLE_SECONDS = 1.0


def read_target(
    *, replica: bool, lag_seconds: float | None, max_lag: float, wrote_recently: bool
) -> ReadTarget:
    """Where a read that may be a little old goes (the one rule, pure)."""
    if not replica or wrote_recently or lag_seconds is None or lag_seconds > max_lag:
        return "primary"
    return "replica"


def lag_of(
    *,
    in_recovery: bool | None,
    behind_bytes: float | None,
    replay_age: float | None,
    since_caught_up: float | None,
) -> float | None:
    """The replica's lag in seconds from one probe (None: not usable as a replica)."""
    if not in_recovery or behind_bytes is None:
        return None
    if behind_bytes <= 0:
        return 0.0
    known = [age for age in (replay_age, since_caught_up) if age is not None]
    return max(0.0, min(known)) if known else None


@dataclass(frozen=True)
class Lag:
    seconds: float | None
    error: str | None = None


class LagProbe:
    """One process's view of the replica's lag, measured at most once a second."""

    def __init__(self, primary: Engine, replica: Engine) -> None:
        self._primary, self._replica = primary, replica
        self._lock = threading.Lock()
        self._measured_at = -SAMPLE_SECONDS
        self._caught_up_at: float | None = None
        self._last = Lag(None, "not measured yet")

    def fresh(self) -> Lag | None:
        """The last measurement if it is recent enough to use without a query."""
        if time.monotonic() - self._measured_at < SAMPLE_SECONDS:
            return self._last
        return None

    def unreachable(self, error: str) -> None:
        """A read found the replica down between two measurements: the primary serves
        every read of this process until the next measurement finds it back."""
        with self._lock:
            self._last = Lag(None, error)
            self._measured_at = time.monotonic()

    def measure(self) -> Lag:
        with self._lock:
            if (recent := self.fresh()) is not None:
                return recent
            now = time.monotonic()
            try:
                with self._primary.connect() as primary:
                    position = primary.execute(text("SELECT pg_current_wal_lsn()::text")).scalar()
                with self._replica.connect() as replica:
                    in_recovery, behind, age = replica.execute(
                        text(
                            "SELECT pg_is_in_recovery(),"
                            " pg_wal_lsn_diff(CAST(:position AS pg_lsn), pg_last_wal_replay_lsn()),"
                            " extract(epoch FROM now() - pg_last_xact_replay_timestamp())"
                        ),
                        {"position": position},
                    ).one()
            except Exception as exc:  # down or refusing: the primary serves, /readyz says why
                self._last = Lag(None, type(exc).__name__)
            else:
                if in_recovery and behind is not None and behind <= 0:
                    self._caught_up_at = now
                since = None if self._caught_up_at is None else now - self._caught_up_at
                seconds = lag_of(
                    in_recovery=in_recovery,
                    behind_bytes=None if behind is None else float(behind),
                    replay_age=None if age is None else float(age),
                    since_caught_up=since,
                )
                self._last = Lag(seconds, None if in_recovery else "not in recovery")
            self._measured_at = time.monotonic()
            return self._last


_replicas: dict[str, tuple[sessionmaker[Session], LagProbe]] = {}
_replicas_lock = threading.Lock()


def replica(url: str) -> tuple[sessionmaker[Session], LagProbe]:
    """The process-wide sessions and lag probe of the replica at ``url`` (built once)."""
    with _replicas_lock:
        if url not in _replicas:
            from services.platform.settings import get_settings

            settings = get_settings()
            engine = make_engine(
                url,
                pool_size=settings.db_pool_size,
                max_overflow=settings.db_max_overflow,
                pool_timeout=settings.db_pool_timeout,
            )
            factory = sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)
            _replicas[url] = (factory, LagProbe(get_engine(), engine))
        return _replicas[url]


def reset_replica() -> None:
    """Dispose of the replicas' engines so the next use reads settings again (tests)."""
    with _replicas_lock:
        for factory, _probe in _replicas.values():
            bind = factory.kw.get("bind")
            if bind is not None:
                bind.dispose()
        _replicas.clear()


def stale_ok_sessions() -> sessionmaker[Session] | None:
    """For reads outside a request that may be a few seconds old (caches such as the store
    directory, already stale by their own TTL): the replica while it keeps up, else None,
    which a ``UnitOfWork`` takes as the primary."""
    from services.platform.settings import get_settings

    settings = get_settings()
    if not settings.database_replica_url:
        return None
    sessions, probe = replica(settings.database_replica_url)
    lag = probe.fresh() or probe.measure()
    target = read_target(
        replica=True,
        lag_seconds=lag.seconds,
        max_lag=settings.replica_max_lag_seconds,
        wrote_recently=False,
    )
    return sessions if target == "replica" else None
