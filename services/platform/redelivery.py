"""The outbox's safety net: a published message its consumer never recorded is handed again.

The relay marks a message published once the broker took it, but the broker can still
lose it before a worker runs it: kombu's Redis transport takes a message (BRPOP) and only
then records it as unacknowledged, so a worker SIGKILLed between the two steps drops it,
and Redis itself keeps nothing on disk by default. A consumer that records what it handled
(``Subscription.recorded_in``: a ``DeliveryRecord`` in the consumer's own package, over
its own table) is therefore swept: for each, beat sends ``platform.redeliver`` to the
consumer's own queue; the sweep walks the outbox past the
consumer's mark, in id order, up to the first message published less than the grace ago
(or not yet), runs the consumer's task in its own worker for every message of its topics
it has not recorded, and moves the mark. Consumers are idempotent, so a message still in
its queue when swept is handled once all the same.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import BigInteger, String, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from services.platform.celery_app import celery_app, send_message
from services.platform.db import Base, utcnow
from services.platform.outbox import DeliveryRecord, consumers, topics_of
from services.platform.settings import get_settings

log = structlog.get_logger(__name__)
TASK = "platform.redeliver"
#: Outbox rows read per step; a sweep takes steps until it reaches the grace or its budget.
BATCH = 2_000
STEPS = 10


class RedeliveryMark(Base):
    """Up to which outbox id a consumer's messages have been swept."""

    __tablename__ = "redelivery_marks"
    __table_args__ = {"schema": "platform"}

    consumer: Mapped[str] = mapped_column(String(100), primary_key=True)
    last_id: Mapped[int] = mapped_column(BigInteger)


@dataclass(frozen=True)
class Published:
    id: int
    topic: str
    published_at: datetime | None


def settled(rows: Sequence[Published], *, now: datetime, grace: timedelta) -> list[Published]:
    """The leading rows (id order) published at least ``grace`` before ``now`` (pure).

    The walk stops at the first message not yet published, or published too recently to
    call lost: the mark never passes a message that may still arrive the ordinary way.
    """
    settled_rows: list[Published] = []
    for row in rows:
        if row.published_at is None or row.published_at > now - grace:
            break
        settled_rows.append(row)
    return settled_rows


def _record(path: str) -> DeliveryRecord:
    """The consumer's record, named in its manifest (``module:object``, its own package)."""
    module, _, name = path.partition(":")
    found: DeliveryRecord = getattr(importlib.import_module(module), name)
    return found


def _mark(session: Session, consumer: str, record: DeliveryRecord) -> int | None:
    """The consumer's mark, locked (None while another sweep of it runs).

    A consumer swept for the first time starts after the last message it recorded: older
    messages were handled before this net existed, or belong to a rebuild.
    """
    params = {"c": consumer}
    last = session.scalar(
        text(
            "SELECT last_id FROM platform.redelivery_marks WHERE consumer = :c"
            " FOR UPDATE SKIP LOCKED"
        ),
        params,
    )
    if last is not None:
        return int(last)
    exists = session.scalar(
        text("SELECT 1 FROM platform.redelivery_marks WHERE consumer = :c"), params
    )
    if exists:
        return None
    start = record.last(session, consumer)
    session.execute(
        text(
            "INSERT INTO platform.redelivery_marks (consumer, last_id) VALUES (:c, :last)"
            " ON CONFLICT DO NOTHING"
        ),
        {"c": consumer, "last": start},
    )
    return None  # the next sweep starts from it, holding the lock


_PAST_MARK = """
    SELECT id, topic, published_at FROM platform.outbox
    WHERE id > :mark ORDER BY id LIMIT :batch
"""
_PAYLOADS = "SELECT id, topic, payload FROM platform.outbox WHERE id = ANY(:ids) ORDER BY id"


def _hand_over(consumer: str, messages: list[tuple[int, str, dict[str, Any]]]) -> None:
    task = celery_app.tasks[consumer]
    for message_id, topic, payload in messages:
        log.warning("outbox_message_redelivered", consumer=consumer, message_id=message_id)
        try:
            task(message_id, topic, payload)  # here, in the consumer's own worker
        except Exception as exc:  # e.g. a gateway down: its task's own retries take over
            log.warning("outbox_redelivery_queued", message_id=message_id, error=repr(exc))
            send_message(consumer, message_id, topic, payload)


def sweep(session: Session, consumer: str, *, now: datetime, grace: timedelta) -> int:
    """Hand ``consumer`` what it missed past its mark; how many messages were handed."""
    path = consumers().get(consumer)
    if path is None:
        return 0
    record = _record(path)
    mark = _mark(session, consumer, record)
    if mark is None:
        return 0
    wanted = set(topics_of(consumer))
    handed = 0
    for _ in range(STEPS):
        rows = [
            Published(int(r.id), r.topic, r.published_at)
            for r in session.execute(text(_PAST_MARK), {"mark": mark, "batch": BATCH})
        ]
        done = settled(rows, now=now, grace=grace)
        if not done:
            break
        ids = [r.id for r in done if r.topic in wanted]
        missing = sorted(set(ids) - record.among(session, consumer, ids)) if ids else []
        if missing:
            found = session.execute(text(_PAYLOADS), {"ids": missing}).all()
            _hand_over(consumer, [(int(r.id), r.topic, r.payload) for r in found])
            handed += len(found)
        mark = done[-1].id
        if len(done) < len(rows) or len(rows) < BATCH:
            break
    session.execute(
        text("UPDATE platform.redelivery_marks SET last_id = :mark WHERE consumer = :c"),
        {"mark": mark, "c": consumer},
    )
    return handed


@celery_app.task(name=TASK)
def redeliver(consumer: str) -> int:
    """Beat's sweep of one consumer, run on that consumer's queue."""
    from services.platform.uow import UnitOfWork

    settings = get_settings()
    with UnitOfWork() as uow:
        grace = timedelta(seconds=settings.redelivery_grace_seconds)
        handed = sweep(uow.session, consumer, now=utcnow(), grace=grace)
        uow.commit()
    return handed
