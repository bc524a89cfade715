"""Transactional outbox: side effects are written with the data, relayed after commit.

``publish`` adds a row in the caller's transaction. After commit the unit of
work kicks the relay task; Celery beat also relays periodically, so a crash
between commit and kick only delays a message. Consumers are Celery tasks that
receive ``(message_id, topic, payload)`` and must be idempotent: use
``first_delivery`` inside their own transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

import structlog
from sqlalchemy import BigInteger, Identity, Index, Integer, String, Text, func, select, text
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from services.platform.adb import Connection, execute
from services.platform.db import Base, utcnow

log = structlog.get_logger(__name__)
OUTBOX_FLAG = "outbox_written"
_subscribers: dict[str, list[str]] = defaultdict(list)
#: Where each consumer task records the messages it handled (``Subscription.recorded_in``:
#: ``module:object``, a ``DeliveryRecord`` in the consumer's own package).
_records: dict[str, str | None] = {}
#: The shared record, ``platform.processed_messages`` keyed by the consumer task's name.
PROCESSED_RECORD = "services.platform.outbox:PROCESSED"


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_unpublished", "id", postgresql_where=text("published_at IS NULL")),
        {"schema": "platform"},
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    topic: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class ProcessedMessage(Base):
    """Which consumer has already handled which outbox message."""

    __tablename__ = "processed_messages"
    __table_args__ = {"schema": "platform"}

    consumer: Mapped[str] = mapped_column(String(100), primary_key=True)
    message_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(default=utcnow)


def publish(session: Session, topic: str, payload: dict[str, Any]) -> None:
    """Record an event in the current transaction; it is relayed only if that commits."""
    session.add(OutboxMessage(topic=topic, payload=payload))
    session.info[OUTBOX_FLAG] = True


_PUBLISH = """
    INSERT INTO platform.outbox (topic, payload, created_at, attempts)
    VALUES (%(topic)s, %(payload)s, now(), 0)
"""


async def publish_async(connection: Connection, topic: str, payload: dict[str, Any]) -> None:
    """``publish`` in the caller's async transaction; kick the relay after its commit."""
    await execute(connection, _PUBLISH, {"topic": topic, "payload": payload})


def subscribe(topic: str, task_name: str, recorded_in: str | None = PROCESSED_RECORD) -> None:
    """Deliver every ``topic`` message to the Celery task ``task_name``."""
    if task_name not in _subscribers[topic]:
        _subscribers[topic].append(task_name)
    _records[task_name] = recorded_in


def consumers() -> dict[str, str | None]:
    """Every subscribed task and where it records what it handled."""
    return dict(_records)


def topics_of(task_name: str) -> list[str]:
    return sorted(t for t, tasks in _subscribers.items() if task_name in tasks)


def subscribers(topic: str) -> list[str]:
    return list(_subscribers.get(topic, ()))


class DeliveryRecord(Protocol):
    """What a consumer recorded of the messages it handled (read by the redelivery sweep,
    in the consumer's own worker; each consumer's record lives in its own schema)."""

    def among(self, session: Session, consumer: str, ids: list[int]) -> set[int]: ...

    def last(self, session: Session, consumer: str) -> int: ...


class _Processed:
    """``platform.processed_messages``: the record of every consumer using ``first_delivery``."""

    def among(self, session: Session, consumer: str, ids: list[int]) -> set[int]:
        found = session.scalars(
            select(ProcessedMessage.message_id).where(
                ProcessedMessage.consumer == consumer, ProcessedMessage.message_id.in_(ids)
            )
        )
        return set(found)

    def last(self, session: Session, consumer: str) -> int:
        found = session.scalar(
            select(func.max(ProcessedMessage.message_id)).where(
                ProcessedMessage.consumer == consumer
            )
        )
        return int(found or 0)


PROCESSED: DeliveryRecord = _Processed()


def first_delivery(session: Session, *, consumer: str, message_id: int) -> bool:
    """True the first time ``consumer`` sees ``message_id`` (in the caller's transaction)."""
    stmt = (
        insert(ProcessedMessage)
        .values(consumer=consumer, message_id=message_id)
        .on_conflict_do_nothing()
        .returning(ProcessedMessage.message_id)
    )
    return session.execute(stmt).first() is not None


Sender = Callable[[str, int, str, dict[str, Any]], None]


def relay(session: Session, send: Sender, *, batch: int = 200) -> int:
    """Send unpublished messages to their subscribers; returns how many were published.

    Rows are locked with SKIP LOCKED so several relays never send the same row
    twice in one pass; a send that fails leaves the row for the next pass.
    """
    rows = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.published_at.is_(None))
        .order_by(OutboxMessage.id)
        .limit(batch)
        .with_for_update(skip_locked=True)
    ).all()
    published = 0
    for message in rows:
        if not subscribers(message.topic):
            log.warning("outbox_topic_without_subscribers", topic=message.topic, id=message.id)
        try:
            for task_name in subscribers(message.topic):
                send(task_name, message.id, message.topic, message.payload)
        except Exception as exc:  # broker trouble: keep the row, try again later
            message.attempts += 1
            message.last_error = repr(exc)[:2000]
            break
        message.published_at = utcnow()
        published += 1
    return published
