"""Request-scoped database access: a unit of work (sync routes) or the async pool."""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import lru_cache
from typing import Annotated

import anyio
from fastapi import Depends, Request
from redis.asyncio import Redis as AsyncRedis
from sqlalchemy.orm import Session, sessionmaker

from services.platform.adb import Pool
from services.platform.uow import UnitOfWork


@lru_cache
def _cleanup_limiter() -> anyio.CapacityLimiter:
    # Not the endpoints' limiter: a session still holding a pooled connection must be
    # able to give it back while every endpoint thread is waiting for a connection.
    return anyio.CapacityLimiter(64)


async def _unit_of_work() -> AsyncIterator[UnitOfWork]:
    async for uow in unit_of_work_on(None):
        yield uow


async def unit_of_work_on(
    factory: sessionmaker[Session] | None, uow: UnitOfWork | None = None
) -> AsyncIterator[UnitOfWork]:
    """A request's unit of work on ``factory`` (None: the primary), or ``uow`` already open."""
    # Async so FastAPI spends no thread-pool hop on it: opening a session does no I/O;
    # closing one that still holds a transaction rolls back on a cleanup thread, so
    # the event loop never waits on the database.
    uow = uow or UnitOfWork(factory).__enter__()
    try:
        yield uow
    finally:
        if uow.session.in_transaction():
            await anyio.to_thread.run_sync(
                uow.__exit__, None, None, None, limiter=_cleanup_limiter()
            )
        else:
            uow.__exit__(None, None, None)


UowDep = Annotated[UnitOfWork, Depends(_unit_of_work)]


async def _pool(request: Request) -> Pool:
    pool: Pool = request.app.state.db_pool
    return pool


async def _async_redis(request: Request) -> AsyncRedis:
    client: AsyncRedis = request.app.state.redis
    return client


#: The worker's async connection pool (event-loop hot paths check connections out of it).
PoolDep = Annotated[Pool, Depends(_pool)]
#: The worker's asyncio Redis client.
AsyncRedisDep = Annotated[AsyncRedis, Depends(_async_redis)]
