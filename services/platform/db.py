"""Database engine, declarative base with a constraint naming convention, sessions."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import DateTime, MetaData, create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, sessionmaker
from sqlalchemy.orm import Session as Session

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base shared by every service's models (each in its own schema)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: DateTime(timezone=True)}


def utcnow() -> datetime:
    """Timezone-aware now in UTC: the only kind of time the database stores."""
    return datetime.now(UTC)


def sqlalchemy_url(url: str) -> str:
    """Normalise a PostgreSQL URL to the psycopg 3 driver."""
    for prefix in (
        "postgresql+psycopg://",
        "postgresql+psycopg2://",
        "postgres://",
        "postgresql://",
    ):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(
    url: str,
    *,
    pool_size: int = 10,
    max_overflow: int = 20,
    pre_ping: bool = True,
    pool_timeout: float = 30.0,
) -> Engine:
    """An engine with a bounded pool (and a liveness ping on checkout unless told not to)."""
    return create_engine(
        sqlalchemy_url(url),
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_pre_ping=pre_ping,
        pool_timeout=pool_timeout,
        pool_recycle=1800,
    )


_engine_lock = threading.RLock()


@lru_cache
def _engine() -> Engine:
    from services.platform.runtime import resolve_database_url
    from services.platform.settings import get_settings

    settings = get_settings()
    return make_engine(
        resolve_database_url(settings),
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pre_ping=settings.db_pre_ping,
        pool_timeout=settings.db_pool_timeout,
    )


def get_engine() -> Engine:
    """The process-wide engine for the configured (or embedded) database.

    Built under a lock: the first burst of requests arrives on many threads at
    once, and an unguarded cache would build (and pool) one engine per thread.
    """
    with _engine_lock:
        return _engine()


@lru_cache
def _sessionmaker() -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(), expire_on_commit=False, autoflush=True)


def get_sessionmaker() -> sessionmaker[Session]:
    """Sessions bound to the process-wide engine; nothing autocommits."""
    with _engine_lock:
        return _sessionmaker()


def reset_engine() -> None:
    """Dispose of the process-wide engine (if built) so the next use reads settings again."""
    with _engine_lock:
        if _engine.cache_info().currsize:
            _engine().dispose()
        _engine.cache_clear()
        _sessionmaker.cache_clear()
    from services.platform.replica import reset_replica  # the replica's probe reads this engine

    reset_replica()


def fetch(session: Session, sql: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Run one hot-path statement straight on psycopg, in the session's transaction.

    For the few statements on a hot path (a QR scan): the expression layer costs
    about 0.1 ms of CPU per statement, more than PostgreSQL spends running them.
    Placeholders are psycopg's ``%(name)s``; the statement is prepared server-side.
    """
    from psycopg.rows import dict_row

    raw = session.connection().connection.driver_connection
    assert raw is not None
    with raw.cursor(row_factory=dict_row) as cursor:
        cursor.execute(sql, params, prepare=True)
        return cursor.fetchall() if cursor.description is not None else []
