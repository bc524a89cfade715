"""The split layout's processes as the test sees them: its supervisor's children, the beat
holding the lease, a door answering, the hot standby, a shopper's token."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import redis
from sqlalchemy.engine import make_url

from services.platform.auth import Principal, issue_token
from services.platform.beat_lease import LEASE_KEY
from services.platform.settings import get_settings
from services.platform.standby import EmbeddedStandby
from tests import databases


def session_of(pid: int) -> int:
    return int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[3])


def ppid(pid: int) -> int:
    try:
        return int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:  # gone meanwhile
        return 0


def children(up: subprocess.Popen[bytes], fragment: str) -> list[int]:
    """The supervisor's children whose command line contains ``fragment`` (a worker, not its
    pool; not the mistaken beat, the test's own child), in the supervisor's session only:
    another run's layout on the same machine has the same command lines."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            pid = int(entry.name)
            if fragment in command and "server.cli" in command and session_of(pid) == up.pid:
                found.append(pid)
        except (OSError, ValueError, IndexError):
            continue
    return [pid for pid in found if ppid(pid) == up.pid]


def until(check: Callable[[], object], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def holder(client: redis.Redis) -> int | None:
    """The pid of the beat holding the lease (its token is host:pid:random)."""
    token = client.get(LEASE_KEY)
    return None if token is None else int(str(token).split(":")[1])


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def standby(database_url: str) -> EmbeddedStandby | None:
    """A hot standby of the run's embedded primary (None for an external database)."""
    address = make_url(database_url)
    primary = Path(str(address.query["host"]))
    if not (primary / "PG_VERSION").exists():
        return None
    return EmbeddedStandby(
        primary,
        databases.run_dir() / f"standby-split-{os.getpid()}",
        database=address.database or "postgres",
        slot=f"split_{os.getpid()}",  # it is stopped for a while: its WAL must wait for it
    )


def shopper(member: int) -> dict[str, str]:
    token = issue_token(Principal(role="shopper", subject=member), get_settings())
    return {"Authorization": f"Bearer {token}"}
