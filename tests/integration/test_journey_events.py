"""The journey from the owners' events equals the journey rebuilt from their public views.

Real writes (a placement and payments, a picked-up order, scans, a check-in, a completed
appointment) publish their facts; the consumer takes every message in reverse order and
then all again (late, older states after newer ones, repeats), and the rows it records are
exactly the rows ``moments.rebuild`` records from the views on an empty journey.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import text

from services.feedback import moments, tasks
from services.platform.db import utcnow
from services.platform.uow import UnitOfWork
from stores.appointments.models import Appointment, AppointmentService
from tests import factories
from tests.integration.test_experience_journey import _check_in, _picked_up_order
from tests.shop import open_shop, payment_succeeded, place_order

_ROWS = text(
    "SELECT event_key, kind, stage, member_id, device_id, touchpoint_id, store_id, guide_id,"
    " product_id, ref, occurred_at FROM feedback.journey_events ORDER BY event_key"
)


def _journey() -> list[tuple[Any, ...]]:
    with UnitOfWork() as uow:
        return [tuple(row) for row in uow.session.execute(_ROWS)]


def _messages() -> list[tuple[int, str, dict[str, Any]]]:
    with UnitOfWork() as uow:
        rows = uow.session.execute(
            text("SELECT id, topic, payload FROM platform.outbox WHERE topic = ANY(:t)"),
            {"t": list(moments.TOPICS)},
        )
        return [(r[0], r[1], r[2]) for r in rows]


def _appointment(store_id: int, guide_id: int, member_id: int) -> None:
    at = utcnow() - timedelta(hours=5)
    with UnitOfWork() as uow:
        service = AppointmentService(store_id=store_id, name="Fitting", duration_minutes=30)
        uow.session.add(service)
        uow.session.flush()
        uow.session.add(
            Appointment(
                store_id=store_id,
                guide_id=guide_id,
                service_id=service.id,
                member_id=member_id,
                starts_at=at,
                ends_at=at + timedelta(minutes=30),
                blocked_from=at,
                blocked_until=at + timedelta(minutes=30),
            )
        )
        uow.commit()
    with UnitOfWork() as uow:  # a second statement: completed, with the purchase it led to
        uow.session.execute(
            text("UPDATE stores.appointments SET status = 'completed', completed_at = now()")
        )
        uow.commit()


def _history() -> None:
    shop = open_shop(units=10)
    entrance = factories.touchpoint(
        "store_entrance", region_id=shop.region_id, store_id=shop.store_id
    )
    campaign = factories.touchpoint("campaign", region_id=shop.region_id, campaign_code="spring")
    first = place_order(shop)
    payment_succeeded(first)
    payment_succeeded(place_order(shop, 2))  # a repeat purchase
    place_order(shop)  # placed only
    _picked_up_order(shop.store_id, shop.member_id, guide_id=shop.guide_id)
    other = factories.member()
    _picked_up_order(shop.store_id, other.id)  # a first purchase
    _check_in(shop.store_id, other.id)
    _appointment(shop.store_id, shop.guide_id, other.id)
    with UnitOfWork() as uow:
        uow.session.execute(
            text(
                "INSERT INTO touchpoints.scans (touchpoint_id, member_id, device_id, via, action,"
                " scanned_at) VALUES (:e, :m, NULL, 'qr', 'view', now()),"
                " (:c, NULL, 'device-1', 'qr', 'view', now()),"
                " (:e, NULL, NULL, 'qr', 'view', now())"  # nobody to name: no moment
            ),
            {"e": entrance.id, "c": campaign.id, "m": other.id},
        )
        uow.commit()


def test_events_in_any_order_and_the_rebuild_give_the_same_journey(db: dict[str, str]) -> None:
    _history()
    messages = _messages()
    assert {topic for _, topic, _ in messages} == set(moments.TOPICS)
    for message in [*reversed(messages), *messages]:
        tasks.journey_facts(*message)
    from_events = _journey()
    kinds = sorted(row[1] for row in from_events)
    assert kinds.count("repeat_purchase") == 2  # the second paid order, the second pickup
    assert {"scan", "campaign_opened", "checked_in", "appointment_completed"} <= set(kinds)
    assert kinds.count("order_placed") == 5 and kinds.count("order_paid") == 4
    assert len([row for row in from_events if row[1] in ("scan", "campaign_opened")]) == 2

    with UnitOfWork() as uow:
        uow.session.execute(text("DELETE FROM feedback.journey_events"))
        uow.session.execute(text("DELETE FROM feedback.first_purchases"))
        added = moments.rebuild(uow.session, since=utcnow() - timedelta(days=2), now=utcnow())
        uow.commit()
    assert _journey() == from_events
    assert added == len(from_events)
    with UnitOfWork() as uow:  # again: nothing new
        assert moments.rebuild(uow.session, since=utcnow() - timedelta(days=2), now=utcnow()) == 0


def test_a_redelivered_message_records_nothing(db: dict[str, str]) -> None:
    _history()
    messages = _messages()
    for message in messages:
        tasks.journey_facts(*message)
    assert [tasks.journey_facts(*message) for message in messages] == [0] * len(messages)
