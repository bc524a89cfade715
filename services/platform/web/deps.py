"""Request-scoped unit of work for routes that touch the database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends
from fastapi.concurrency import run_in_threadpool

from services.platform.uow import UnitOfWork


async def _unit_of_work() -> AsyncIterator[UnitOfWork]:
    # Async so FastAPI does not spend two thread-pool hops on it: opening a session
    # does no I/O; closing one that still holds a transaction (a read, or an error)
    # rolls back on a worker thread so the event loop never waits on the database.
    uow = UnitOfWork().__enter__()
    try:
        yield uow
    finally:
        if uow.session.in_transaction():
            await run_in_threadpool(uow.__exit__, None, None, None)
        else:
            uow.__exit__(None, None, None)


UowDep = Annotated[UnitOfWork, Depends(_unit_of_work)]
