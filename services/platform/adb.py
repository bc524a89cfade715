"""PostgreSQL on the event loop for the busiest routes: a psycopg async pool, plain SQL.

Most use cases run on SQLAlchemy sessions in the thread pool. Placing an
order, confirming its payment and scanning a code run here instead: a few
plain statements per request, no thread hops, no ORM bookkeeping (see
ARCHITECTURE.md, "Where the time goes"). The SQL is the same text the sync
``platform.db.fetch`` runs, with psycopg's ``%(name)s`` placeholders, so a
statement shared by both paths is written once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from psycopg import AsyncConnection
from psycopg.conninfo import make_conninfo
from psycopg.rows import DictRow, dict_row
from psycopg_pool import AsyncConnectionPool
from sqlalchemy.engine import make_url

from services.platform.db import sqlalchemy_url
from services.platform.settings import Settings

Connection = AsyncConnection[DictRow]


def conninfo(database_url: str) -> str:
    """The libpq connection string for a SQLAlchemy-style URL (unix sockets included)."""
    url = make_url(sqlalchemy_url(database_url))
    params: dict[str, Any] = {
        "dbname": url.database,
        "user": url.username,
        "password": url.password,
        "host": url.host,
        "port": url.port,
    }
    for name, value in url.query.items():  # e.g. ?host=/path/to/socket/dir
        params[name] = value if isinstance(value, str) else value[-1]
    return make_conninfo(**{k: v for k, v in params.items() if v not in (None, "")})


async def connect(database_url: str) -> Connection:
    """One connection outside any pool (tests, scripts); the caller closes it."""
    return await AsyncConnection.connect(
        conninfo(database_url), row_factory=dict_row, prepare_threshold=0, autocommit=True
    )


def make_pool(database_url: str, settings: Settings) -> AsyncConnectionPool[Connection]:
    """A pool for one event loop (one per worker); ``await pool.open()`` before use.

    Statements are prepared on first use (``prepare_threshold=0``): the hot paths
    run the same few statements thousands of times. Connections autocommit: a
    read stands alone, and ``transaction()`` (BEGIN ... COMMIT) groups writes.
    """
    return AsyncConnectionPool(
        conninfo(database_url),
        connection_class=AsyncConnection,
        kwargs={"row_factory": dict_row, "prepare_threshold": 0, "autocommit": True},
        min_size=min(2, settings.db_async_pool_size),
        max_size=settings.db_async_pool_size,
        timeout=settings.db_pool_timeout,
        open=False,
        name="o2o-async",
    )


async def fetch(
    connection: Connection, sql: str, params: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Run one statement that returns rows (SELECT, or a write with RETURNING); its rows.

    Fetching waits for the result, also in pipeline mode (where it flushes the queue).
    """
    cursor = await connection.execute(sql, params)
    return await cursor.fetchall()


async def fetch_one(
    connection: Connection, sql: str, params: Mapping[str, Any] | None = None
) -> dict[str, Any] | None:
    """Run one statement that returns rows; its first row, or None."""
    cursor = await connection.execute(sql, params)
    return await cursor.fetchone()


@asynccontextmanager
async def transaction(connection: Connection) -> AsyncIterator[Connection]:
    """One transaction: committed on success, rolled back on any exception."""
    async with connection.transaction():
        yield connection
