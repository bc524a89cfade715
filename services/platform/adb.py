"""PostgreSQL on the event loop for the busiest routes: an asyncpg pool, plain SQL.

Most use cases run on SQLAlchemy sessions in the thread pool. Placing an
order, confirming its payment and scanning a code run here instead: a few
plain statements per request, no thread hops, no ORM bookkeeping (see
ARCHITECTURE.md, "Where the time goes"). asyncpg because CPU is the limit on
those paths: it costs about half of psycopg's async path per statement here.

The SQL is the same text the sync ``platform.db.fetch`` runs: statements are
written once with psycopg's ``%(name)s`` placeholders and translated to
asyncpg's ``$n`` on first use. JSON and JSONB travel as Python values.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any, TypeAlias

import asyncpg
import structlog
from sqlalchemy.engine import make_url

from services.platform.db import sqlalchemy_url
from services.platform.settings import Settings

Connection: TypeAlias = "asyncpg.Connection[asyncpg.Record]"
Pool: TypeAlias = "asyncpg.Pool[asyncpg.Record]"
_NAMED = re.compile(r"%\((\w+)\)s")
log = structlog.get_logger(__name__)


def connect_args(database_url: str) -> dict[str, Any]:
    """asyncpg's connection arguments for a SQLAlchemy-style URL (unix sockets included)."""
    url = make_url(sqlalchemy_url(database_url))
    query = {k: v if isinstance(v, str) else v[-1] for k, v in url.query.items()}
    args: dict[str, Any] = {
        "host": query.get("host") or url.host,
        "port": int(query.get("port") or url.port or 5432),
        "user": query.get("user") or url.username,
        "password": url.password or None,
        "database": url.database,
    }
    return {k: v for k, v in args.items() if v not in (None, "")}


async def _init(connection: Connection) -> None:
    for name in ("json", "jsonb"):
        await connection.set_type_codec(
            name, encoder=json.dumps, decoder=json.loads, schema="pg_catalog"
        )


async def connect(database_url: str) -> Connection:
    """One connection outside any pool (tests, scripts); the caller closes it."""
    connection = await asyncpg.connect(**connect_args(database_url))
    await _init(connection)
    return connection


async def _keep_session(connection: Connection) -> None:
    """Pool release without asyncpg's reset query (one round trip per request saved).

    asyncpg still rolls back a transaction left open. These connections never
    LISTEN, take session-level advisory locks (``orders.place_order``'s is
    transaction-scoped) or change session settings, so nothing else needs resetting.
    """


async def make_pool(database_url: str, settings: Settings) -> Pool:
    """The pool of one event loop (one per worker); statements are prepared and cached."""
    pool = await asyncpg.create_pool(
        **connect_args(database_url),
        min_size=settings.db_async_pool_size,  # opened at start: no connects under load
        max_size=settings.db_async_pool_size,
        init=_init,
        reset=_keep_session,
    )
    assert pool is not None
    return pool


@asynccontextmanager
async def connection(pool: Pool, settings: Settings) -> AsyncIterator[Connection]:
    """A pooled connection; waiting longer than ``db_pool_timeout`` raises TimeoutError (503).

    The wait is bounded with ``asyncio.timeout`` around an untimed acquire: asyncpg's own
    ``acquire(timeout=)`` starts a task per acquire (``wait_for``), a cost on every request.
    """
    async with asyncio.timeout(settings.db_pool_timeout):
        acquired = await pool.acquire()
    try:
        yield acquired
    finally:
        # Shielded: a cancel landing during the release (a timeout that fired as the
        # acquire returned is delivered at the next await) would leave the connection
        # checked out for good, and the pool's close at shutdown waiting for it forever.
        await asyncio.shield(pool.release(acquired))


class OnDemand:
    """A pooled connection taken at the first ``await on_demand()`` (``when_needed``): an
    answer served from a worker's memory takes none."""

    def __init__(self, pool: Pool, settings: Settings) -> None:
        self._pool = pool
        self._settings = settings
        self._taken: Connection | None = None

    async def __call__(self) -> Connection:
        if self._taken is None:
            async with asyncio.timeout(self._settings.db_pool_timeout):
                self._taken = await self._pool.acquire()
        return self._taken

    async def _release(self) -> None:
        if self._taken is not None:
            taken, self._taken = self._taken, None
            await asyncio.shield(self._pool.release(taken))  # as ``connection`` does


@asynccontextmanager
async def when_needed(pool: Pool, settings: Settings) -> AsyncIterator[OnDemand]:
    """``connection``, taken only if used (the same timeout, the same shielded release)."""
    on_demand = OnDemand(pool, settings)
    try:
        yield on_demand
    finally:
        await on_demand._release()


async def close_pool(pool: Pool, *, grace_seconds: float) -> None:
    """Close the pool at shutdown; a connection still out after ``grace_seconds`` is cut."""
    try:
        await asyncio.wait_for(pool.close(), grace_seconds)
    except TimeoutError:
        log.warning("db_pool_close_timed_out", grace_seconds=grace_seconds)
        pool.terminate()


@lru_cache(maxsize=512)
def positional(sql: str) -> tuple[str, tuple[str, ...]]:
    """``%(name)s`` placeholders as ``$n`` (a name used twice keeps its number)."""
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"

    return _NAMED.sub(number, sql), tuple(names)


def _args(sql: str, params: Mapping[str, Any] | None) -> tuple[str, list[Any]]:
    query, names = positional(sql)
    return query, [params[name] for name in names] if params else []


async def fetch(
    connection: Connection, sql: str, params: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Run one statement; its rows as dicts (empty when it returns none)."""
    query, args = _args(sql, params)
    return [dict(row) for row in await connection.fetch(query, *args)]


async def fetch_one(
    connection: Connection, sql: str, params: Mapping[str, Any] | None = None
) -> dict[str, Any] | None:
    """Run one statement; its first row, or None."""
    query, args = _args(sql, params)
    row = await connection.fetchrow(query, *args)
    return dict(row) if row is not None else None


async def execute(
    connection: Connection, sql: str, params: Mapping[str, Any] | None = None
) -> None:
    """Run one statement for its effect."""
    query, args = _args(sql, params)
    await connection.execute(query, *args)


@asynccontextmanager
async def transaction(connection: Connection) -> AsyncIterator[Connection]:
    """BEGIN ... COMMIT, rolled back on any exception.

    A statement inside may end the transaction itself (a COMMIT sent with it in
    the same round trip); then nothing is left to commit here.
    """
    await connection.execute("BEGIN")
    try:
        yield connection
    except BaseException:
        if connection.is_in_transaction():
            await connection.execute("ROLLBACK")
        raise
    if connection.is_in_transaction():
        await connection.execute("COMMIT")


def raised(error: BaseException) -> tuple[str, str | None] | None:
    """``(message, detail)`` of a PL/pgSQL ``RAISE EXCEPTION`` (either driver), else None."""
    if getattr(error, "sqlstate", None) != "P0001":
        return None
    diag = getattr(error, "diag", None)
    if diag is not None:  # psycopg (the sync path)
        return diag.message_primary or "", diag.message_detail
    return getattr(error, "message", str(error)), getattr(error, "detail", None)
