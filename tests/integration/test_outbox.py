"""Outbox: written with the data, relayed after commit, consumed once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from services.notifications.models import Delivery
from services.notifications.service import request
from services.platform.celery_app import relay_outbox
from services.platform.outbox import OutboxMessage, first_delivery, publish, relay
from services.platform.uow import UnitOfWork


def _count(model: type[Any]) -> int:
    with UnitOfWork() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def test_commit_relays_and_the_consumer_delivers_once(db: dict[str, str]) -> None:
    with UnitOfWork() as uow:
        request(
            uow.session,
            template="birthday_greeting",
            dedupe_key="birthday:1:2026",
            member_id=1,
            params={"name": "Li Na"},
        )
        uow.commit()  # eager Celery: relay and consumer run now
    with UnitOfWork() as uow:
        delivery = uow.session.scalars(select(Delivery)).one()
        assert delivery.status == "sent"
        assert delivery.body == "Happy birthday, Li Na! A small gift awaits you in store."
        published = uow.session.scalars(select(OutboxMessage)).one()
        assert published.published_at is not None

    # The same occasion asked again, and the relay run again: still one delivery.
    with UnitOfWork() as uow:
        request(
            uow.session,
            template="birthday_greeting",
            dedupe_key="birthday:1:2026",
            member_id=1,
            params={"name": "Li Na"},
        )
        uow.commit()
    relay_outbox.apply()
    assert _count(Delivery) == 1
    assert _count(OutboxMessage) == 2


def test_rollback_publishes_nothing(db: dict[str, str]) -> None:
    with UnitOfWork() as uow:
        publish(uow.session, "order.paid", {"order_id": 1})
        uow.session.flush()
    assert _count(OutboxMessage) == 0


def test_failed_send_keeps_the_message_for_the_next_pass(db: dict[str, str]) -> None:
    from services.platform import outbox

    outbox.subscribe("test.flaky", "test.flaky_consumer")
    with UnitOfWork() as uow:
        publish(uow.session, "test.flaky", {"n": 1})
        uow.session.commit()
    sent: list[int] = []

    def broken(task: str, message_id: int, topic: str, payload: dict[str, Any]) -> None:
        raise ConnectionError("broker down")

    def working(task: str, message_id: int, topic: str, payload: dict[str, Any]) -> None:
        sent.append(message_id)

    with UnitOfWork() as uow:
        assert relay(uow.session, broken) == 0
        uow.commit()
    with UnitOfWork() as uow:
        message = uow.session.scalars(select(OutboxMessage)).one()
        assert message.published_at is None and message.attempts == 1
        assert "broker down" in (message.last_error or "")
        assert relay(uow.session, working) == 1
        uow.commit()
    assert len(sent) == 1


def test_first_delivery_is_true_once_per_consumer(db: dict[str, str]) -> None:
    with UnitOfWork() as uow:
        assert first_delivery(uow.session, consumer="a", message_id=5)
        assert not first_delivery(uow.session, consumer="a", message_id=5)
        assert first_delivery(uow.session, consumer="b", message_id=5)
        uow.commit()
