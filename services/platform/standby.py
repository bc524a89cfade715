"""A hot-standby streaming replica of the embedded PostgreSQL, on one machine.

Made the way an operator makes one: ``pg_basebackup -R -X stream`` from the primary (the
same binaries pgserver ships), then started in recovery on a unix socket of its own. Used
by ``o2o up --split`` and by the tests that prove reads move to the primary when it lags
or stops. The primary must allow replication connections on its socket, which a default
initdb does (``local replication all trust``).
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pgserver._commands import POSTGRES_BIN_PATH


def _owner(folder: Path) -> str | None:
    """The user the primary runs as: pgserver runs PostgreSQL as its own user under root."""
    if os.geteuid() != 0:
        return None
    name = pwd.getpwuid(folder.stat().st_uid).pw_name
    return None if name == "root" else name


@dataclass
class EmbeddedStandby:
    primary_socket_dir: Path
    pgdata: Path
    database: str = "postgres"
    #: A physical replication slot on the primary: it keeps the WAL a stopped standby
    #: still needs (without one, a checkpoint while it is down can remove it, and the
    #: standby never catches up). ``remove`` drops it.
    slot: str | None = None

    def _run(self, tool: str, *args: str, timeout: float = 120) -> None:
        done = subprocess.run(
            [str(POSTGRES_BIN_PATH / tool), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            user=_owner(self.primary_socket_dir),
        )
        if done.returncode != 0:  # what the tool said is the only clue to why
            raise RuntimeError(f"{tool} failed ({done.returncode}): {done.stderr[-2000:]}")

    def start(self) -> EmbeddedStandby:
        if not (self.pgdata / "PG_VERSION").exists():
            self._base_backup()
        self._run(
            "pg_ctl", "-D", str(self.pgdata), "-w", "-t", "60", "-l", str(self.pgdata / "log"),
            "-o", f"-h '' -k {self.pgdata.resolve()}", "start",
        )  # fmt: skip
        return self

    def _base_backup(self) -> None:
        self.pgdata.mkdir(parents=True, mode=0o700)
        if owner := _owner(self.primary_socket_dir):
            record = pwd.getpwnam(owner)
            os.chown(self.pgdata, record.pw_uid, record.pw_gid)
        self._run(
            "pg_basebackup", "-h", str(self.primary_socket_dir.resolve()), "-U", "postgres",
            "-D", str(self.pgdata), "-R", "-X", "stream", "-c", "fast",
            *(("-C", "-S", self.slot) if self.slot else ()),
        )  # fmt: skip
        # The primary's socket lives in its data folder: its lock file came along.
        for stale in self.pgdata.glob(".s.PGSQL.*"):
            stale.unlink()

    def stop(self) -> None:
        if (self.pgdata / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.pgdata), "-w", "-m", "fast", "stop")

    def remove(self) -> None:
        self.stop()
        if self.slot and (self.pgdata / "PG_VERSION").exists():
            self._run(
                "pg_receivewal", "-h", str(self.primary_socket_dir.resolve()), "-U", "postgres",
                "--drop-slot", "-S", self.slot,
            )  # fmt: skip
        shutil.rmtree(self.pgdata, ignore_errors=True)

    def url(self, database: str | None = None) -> str:
        name = database or self.database
        return f"postgresql+psycopg://postgres:@/{name}?host={self.pgdata.resolve()}"
