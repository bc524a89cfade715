"""Unit of work: one transaction per use case, committed once, rolled back by default."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from types import TracebackType
from typing import Any

import anyio.to_thread
import structlog
from sqlalchemy.orm import Session, sessionmaker

from services.platform.db import get_sessionmaker
from services.platform.outbox import OUTBOX_FLAG

log = structlog.get_logger(__name__)


def kick_relay() -> None:
    from services.platform.celery_app import kick_relay as kick

    kick()


class _RelayKicker:
    """After-commit relay kicks from one event loop, coalesced.

    A kick asked for while one is being sent is sent once that one ends (so no
    commit is missed); kicks are at least ``spacing`` seconds apart, so a burst
    of paid orders costs a few Celery sends on a worker thread, not one each.
    """

    def __init__(self, spacing: float) -> None:
        self._wanted = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._spacing = spacing
        self._task = asyncio.get_running_loop().create_task(self._run())

    def request(self) -> None:
        self._wanted.set()
        self._idle.clear()

    async def drained(self) -> None:
        await self._idle.wait()

    async def _run(self) -> None:
        while True:
            await self._wanted.wait()
            self._wanted.clear()
            try:
                await anyio.to_thread.run_sync(kick_relay)
            except Exception:  # best effort, like the sync hook; the periodic relay catches up
                log.exception("after_commit_hook_failed")
            if not self._wanted.is_set():
                self._idle.set()
            await asyncio.sleep(self._spacing)


_kickers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _RelayKicker] = (
    weakref.WeakKeyDictionary()
)


async def relay_kicks_sent() -> None:
    """Wait until the kicks asked for on this event loop have been sent (shutdown, tests)."""
    kicker = _kickers.get(asyncio.get_running_loop())
    if kicker is not None:
        await kicker.drained()


def kick_relay_soon(spacing: float = 0.1) -> None:
    """From the event loop, after an async commit that wrote to the outbox; returns at once."""
    loop = asyncio.get_running_loop()
    kicker = _kickers.get(loop)
    if kicker is None:
        kicker = _kickers[loop] = _RelayKicker(spacing)
    kicker.request()


_SESSION_HOOKS = "o2o_after_commit"


def on_commit(session: Session, hook: Callable[[], Any]) -> None:
    """For a service, which sees only the session: run ``hook`` once its unit of work commits.

    Never run if the transaction rolls back (the hooks leave with the session).
    """
    session.info.setdefault(_SESSION_HOOKS, []).append(hook)


class UnitOfWork:
    """Owns one session; ``commit()`` once, then after-commit hooks run (e.g. outbox relay).

    Service functions take the session and never commit; the front door or
    task that started the use case commits through the unit of work.
    """

    def __init__(self, factory: sessionmaker[Session] | None = None) -> None:
        self._factory = factory
        self._after_commit: list[Callable[[], Any]] = []
        self.session: Session

    def __enter__(self) -> UnitOfWork:
        self.session = (self._factory or get_sessionmaker())()
        self._after_commit = []
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.info.pop(_SESSION_HOOKS, None)
            self.session.close()

    def after_commit(self, hook: Callable[[], Any]) -> None:
        """Run ``hook`` once the transaction has committed (never if it rolls back)."""
        if hook not in self._after_commit:
            self._after_commit.append(hook)

    def commit(self) -> None:
        """Commit the one transaction, then run after-commit hooks (their failures are logged)."""
        outbox_written = self.session.info.pop(OUTBOX_FLAG, False)
        service_hooks = self.session.info.pop(_SESSION_HOOKS, [])
        self.session.commit()
        hooks, self._after_commit = [*self._after_commit, *service_hooks], []
        if outbox_written:
            hooks.append(kick_relay)
        for hook in hooks:
            try:
                hook()
            except Exception:  # a hook is best effort; the periodic relay catches up
                log.exception("after_commit_hook_failed")
