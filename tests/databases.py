"""The run's servers and databases, shared by parallel workers.

One PostgreSQL and one Redis serve a whole run (embedded unless ``TEST_DATABASE_URL`` /
``TEST_REDIS_URL`` name external ones). Under pytest-xdist the controller starts them
and its workers inherit their URLs; each worker then works in a database of its own,
cloned (``CREATE DATABASE ... TEMPLATE``) from a template migrated once per run, and in a
Redis database number of its own. The demo brand is seeded once per run into a second
template, cloned for each test marked ``demo``. Whichever worker first needs a template
builds it while the others wait on a file lock; the rest only clone.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from services.platform.db import sqlalchemy_url
from services.platform.runtime import EmbeddedPostgres, EmbeddedRedis

#: The demo brand every ``demo`` test starts from: seed 3, 2,000 members (what test_seed checks).
DEMO_SEED, DEMO_MEMBERS = 3, 2000
#: Set by whoever starts the run's servers; inherited by xdist workers.
RUN_ENV = "O2O_TEST_RUN_DIR"


def worker_number() -> int:
    """0 outside xdist, N for worker ``gwN``."""
    return int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))


def run_dir() -> Path:
    return Path(os.environ[RUN_ENV])


def run_id() -> str:
    return run_dir().name.removeprefix("o2o-run-").replace("-", "_")[:12].lower()


def start_servers() -> list[EmbeddedPostgres | EmbeddedRedis]:
    """Make the run's folder, start what ``TEST_*`` does not name, export the URLs."""
    base = Path(tempfile.mkdtemp(prefix="o2o-run-"))
    os.environ[RUN_ENV] = str(base)
    started: list[EmbeddedPostgres | EmbeddedRedis] = []
    if not os.environ.get("TEST_DATABASE_URL"):
        pg = EmbeddedPostgres(base / "pg", database="postgres").start()
        started.append(pg)
        # A throwaway server: nothing it writes must survive a crash, so it need not wait
        # for the disk (truncates and commits were paying for fsyncs on a shared machine).
        for setting in ("fsync", "full_page_writes", "synchronous_commit"):
            pg.server.psql(f"ALTER SYSTEM SET {setting} = off;")
        # Each worker's race tests open pools of 50+ at once: more than the default 100
        # between two workers. Read only at start, hence the restart.
        pg.server.psql("ALTER SYSTEM SET max_connections = 500;")
        pg.stop()
        pg.start()
        os.environ["TEST_DATABASE_URL"] = pg.url
    if not os.environ.get("TEST_REDIS_URL"):
        rd = EmbeddedRedis(base / "redis").start()
        started.append(rd)
        os.environ["TEST_REDIS_URL"] = rd.url
    return started


def stop_servers(started: list[EmbeddedPostgres | EmbeddedRedis]) -> None:
    """Drop every database this run made, then stop the servers it started."""
    admin = _admin()
    with admin.connect() as connection:
        names = connection.scalars(
            text("SELECT datname FROM pg_database WHERE datname LIKE :run"),
            {"run": f"o2o\\_{run_id()}\\_%"},
        ).all()
        for name in names:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
    for server in started:
        server.stop()
    shutil.rmtree(run_dir(), ignore_errors=True)


def _admin() -> Engine:
    return create_engine(
        sqlalchemy_url(os.environ["TEST_DATABASE_URL"]), isolation_level="AUTOCOMMIT"
    )


def database_name(role: str) -> str:
    return f"o2o_{run_id()}_{role}"


def database_url(name: str) -> str:
    return (
        make_url(sqlalchemy_url(os.environ["TEST_DATABASE_URL"]))
        .set(database=name)
        .render_as_string(hide_password=False)
    )


def redis_url() -> str:
    """This worker's own Redis database number (1 + worker: 0 is left to `o2o up`)."""
    base = os.environ["TEST_REDIS_URL"]
    number = 1 + worker_number()
    if base.startswith("unix://"):  # urlunsplit would drop the empty host's "//"
        return f"{base.split('?')[0]}?db={number}"
    return urlunsplit(urlsplit(base)._replace(path=f"/{number}"))


def create(name: str, *, template: str | None = None) -> str:
    """A new database (a copy of ``template`` if given); its URL."""
    admin = _admin()
    with admin.connect() as connection:
        copy = f' TEMPLATE "{template}"' if template else ""
        connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
        # Not copied with the template: settings belong to the database, not its contents.
        connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    admin.dispose()
    return database_url(name)


def drop(name: str) -> None:
    admin = _admin()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def template(role: str, build: Callable[[str], None], *, source: str | None = None) -> str:
    """The run's template ``role``, built once by whichever worker asks first; its name.

    ``build`` gets the new database's URL; ``source`` is the template it starts from.
    A failed build leaves nothing behind, so the next asker tries again and fails alike.
    """
    name = database_name(f"tmpl_{role}")
    ready = run_dir() / f"{name}.ready"
    with _locked(run_dir() / "templates.lock"):
        if ready.exists():
            return name
        url = create(name, template=source)
        try:
            build(url)
            # Nothing may stay connected to a template while it is copied.
            admin = _admin()
            with admin.connect() as connection:
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": name},
                )
            admin.dispose()
        except BaseException:
            drop(name)
            raise
        ready.touch()
    return name
