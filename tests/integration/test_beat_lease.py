"""One beat at a time, on real Redis: two beats, one schedules; the other takes over when
the first dies (its lease lapses) or stops (it hands the lease back)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from celery import Celery

from services.platform.beat_lease import LEASE_KEY, LeasedScheduler, RedisLease

LEASE = 0.6  # seconds: short, so a takeover is a second away


class RecordingScheduler(LeasedScheduler):
    """The real leased scheduler; what it would send is written down instead."""

    def __init__(self, *args: Any, sent: list[tuple[str, float]], name: str, **kw: Any) -> None:
        self.sent = sent
        self.name = name
        super().__init__(*args, **kw)

    def apply_entry(self, entry: Any, producer: Any = None) -> None:
        self.sent.append((self.name, time.monotonic()))


class Beat:
    """Beat's loop (tick, sleep) in a thread; ``die`` stops it without a word to Redis."""

    def __init__(self, scheduler: RecordingScheduler) -> None:
        self.scheduler = scheduler
        self.dead = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.dead.is_set():
            time.sleep(max(0.0, min(self.scheduler.tick(), 0.05)))

    def die(self) -> float:
        self.dead.set()
        self.thread.join()
        return time.monotonic()

    def stop(self) -> float:
        at = self.die()
        self.scheduler.close()  # what beat does on SIGTERM
        return at


def _until(check: Callable[[], object], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds}s: {what}")
        time.sleep(0.02)


@pytest.fixture
def beats(db: dict[str, str], tmp_path: Path) -> Iterator[Callable[[str], Beat]]:
    app = Celery("beat-lease-test")
    # A task due every 50 ms: whoever schedules sends it many times a second.
    app.conf.beat_schedule = {"tick": {"task": "test.tick", "schedule": 0.05}}
    sent: list[tuple[str, float]] = []
    started: list[Beat] = []

    def start(name: str) -> Beat:
        client = redis.Redis.from_url(db["redis_url"], decode_responses=True)
        scheduler = RecordingScheduler(
            app=app,
            # One data directory for every beat: only the holder opens the schedule file.
            schedule_filename=str(tmp_path / "celerybeat-schedule"),
            lease=RedisLease(client, seconds=LEASE),
            sent=sent,
            name=name,
        )
        beat = Beat(scheduler)
        started.append(beat)
        return beat

    start.sent = sent  # type: ignore[attr-defined]
    yield start
    for beat in started:
        if not beat.dead.is_set():
            beat.stop()


def _senders(sent: list[tuple[str, float]], after: float = 0.0) -> set[str]:
    return {name for name, at in sent if at > after}


@pytest.mark.parametrize("round_", range(3))
def test_two_beats_one_schedules_and_the_other_takes_over_when_it_dies(
    beats: Callable[[str], Beat], round_: int
) -> None:
    sent: list[tuple[str, float]] = beats.sent  # type: ignore[attr-defined]
    first, second = beats("a"), beats("b")
    _until(lambda: len(sent) >= 10, 10, "the holder schedules")
    # Three leases long, both running: only one of them ever sends.
    mark = time.monotonic()
    _until(lambda: time.monotonic() > mark + 3 * LEASE, 10, "three leases pass")
    assert len(_senders(sent)) == 1, "two beats scheduled at once"
    holder, standby = (first, second) if _senders(sent) == {"a"} else (second, first)

    died = holder.die()  # SIGKILL: no release, the lease must lapse
    _until(lambda: standby.scheduler.name in _senders(sent), 10, "the standby takes over")
    takeover = min(at for name, at in sent if name == standby.scheduler.name)
    last_of_holder = max(at for name, at in sent if name == holder.scheduler.name)
    assert last_of_holder <= died < takeover  # never both at once
    # Not before the dead holder's lease could have lapsed in Redis.
    assert takeover - died > LEASE / 3


def test_a_beat_that_stops_hands_the_lease_back(beats: Callable[[str], Beat]) -> None:
    sent: list[tuple[str, float]] = beats.sent  # type: ignore[attr-defined]
    first = beats("a")
    _until(lambda: "a" in _senders(sent), 10, "the first beat schedules")
    second = beats("b")
    mark = time.monotonic()
    _until(lambda: time.monotonic() > mark + 2 * LEASE, 10, "two leases pass")
    assert _senders(sent, after=mark) == {"a"}

    stopped = first.stop()
    store = first.scheduler.lease_store
    assert store is not None and store.holder() != store.token  # handed back, not lapsed
    _until(lambda: "b" in _senders(sent), 10, "the second beat takes over")
    assert _senders(sent, after=stopped) == {"b"}
    assert second.scheduler.lease.holding


@pytest.mark.slow  # two processes importing every task module: tens of seconds when busy
def test_two_beat_processes_one_holds_and_the_other_takes_over_when_it_is_killed(
    db: dict[str, str], tmp_path: Path
) -> None:
    """Real ``o2o beat`` processes sharing one data directory, as a mistaken second one would."""
    client = redis.Redis.from_url(db["redis_url"], decode_responses=True)
    env = {
        **os.environ,
        "O2O_DATABASE_URL": db["database_url"],
        "O2O_REDIS_URL": db["redis_url"],
        "O2O_DATA_DIR": str(tmp_path),
        "O2O_BEAT_LEASE_SECONDS": "1",
    }
    command = [sys.executable, "-m", "server.cli", "beat", "--loglevel", "WARNING", "--quiet"]
    processes = [
        subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(2)
    ]
    try:
        _until(lambda: client.get(LEASE_KEY), 60, "a beat takes the lease")
        holder_pid = int(str(client.get(LEASE_KEY)).split(":")[1])
        assert holder_pid in {p.pid for p in processes}
        (holder,) = [p for p in processes if p.pid == holder_pid]
        (standby,) = [p for p in processes if p is not holder]
        # Renewed, not re-taken: the same beat still holds it three leases later.
        time.sleep(3)
        assert int(str(client.get(LEASE_KEY)).split(":")[1]) == holder_pid
        assert standby.poll() is None  # idle, not crashed

        holder.send_signal(signal.SIGKILL)
        holder.wait()
        _until(
            lambda: str(client.get(LEASE_KEY) or "::").split(":")[1] == str(standby.pid),
            15,
            "the standby takes the lease",
        )
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
    # The last one stopped cleanly and handed the lease back.
    assert client.get(LEASE_KEY) is None
