"""Journey events: recorded once from what the owners publish, views drained in batches,
anonymous moments joined at login; feedback invitations once per occasion, capped."""

from __future__ import annotations

import itertools
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from orders.models import Order
from services.feedback import journey, service
from services.feedback.models import Invitation, JourneyEvent
from services.members.models import Member
from services.platform.cache import get_redis
from services.platform.celery_app import relay_outbox
from services.platform.db import utcnow
from services.platform.outbox import OutboxMessage
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from stores.models import CheckIn
from tests import factories

_numbers = itertools.count(1)


def _check_in(store_id: int, member_id: int, *, minutes_ago: int = 30) -> int:
    with UnitOfWork() as uow:
        row = CheckIn(
            store_id=store_id,
            member_id=member_id,
            checked_in_at=utcnow() - timedelta(minutes=minutes_ago),
        )
        uow.session.add(row)
        uow.commit()
        return row.id


def _picked_up_order(store_id: int, member_id: int, *, guide_id: int | None = None) -> int:
    now = utcnow()
    with UnitOfWork() as uow:
        order = Order(
            number=f"T{next(_numbers):08d}",
            member_id=member_id,
            status="picked_up",
            fulfilment="pickup",
            store_id=store_id,
            location_id=1,
            total_fen=19900,
            currency="CNY",
            refunded_fen=0,
            subtotal_fen=19900,
            coupon_discount_fen=0,
            points_spent=0,
            points_discount_fen=0,
            points_earned=0,
            points_returned=0,
            channel="mini_program",
            guide_id=guide_id,
            hold_until=now,
            created_at=now - timedelta(hours=3),
            paid_at=now - timedelta(hours=3),
            ready_at=now - timedelta(hours=2),
            closed_at=now - timedelta(hours=1),
        )
        uow.session.add(order)
        uow.commit()
        return order.id


def _moments() -> int:
    with UnitOfWork() as uow:
        return int(uow.session.scalar(select(func.count(JourneyEvent.id))) or 0)


def _collect() -> int:
    """Relay what the owners published: the journey consumer records it (eager tasks)."""
    before = _moments()
    relay_outbox()
    return _moments() - before


def _invite() -> int:
    with UnitOfWork() as uow:
        invited = service.invite_due(uow.session, settings=get_settings(), now=utcnow())
        uow.commit()
    return invited


def _kinds(member_id: int) -> list[str]:
    with UnitOfWork() as uow:
        return sorted(
            uow.session.scalars(
                select(JourneyEvent.kind).where(JourneyEvent.member_id == member_id)
            )
        )


def test_collect_records_each_moment_once_with_its_stage(db) -> None:
    region = factories.region()
    store = factories.store(region.id)
    guide = factories.guide(store.id)
    member = factories.member()
    _picked_up_order(store.id, member.id, guide_id=guide.id)
    _check_in(store.id, member.id)

    assert _collect() == 5  # placed, paid, ready, picked up, checked in
    assert _collect() == 0  # the same window again: nothing new
    assert _kinds(member.id) == [
        "checked_in",
        "order_paid",
        "order_picked_up",
        "order_placed",
        "order_ready",
    ]
    with UnitOfWork() as uow:
        picked = uow.session.scalars(
            select(JourneyEvent).where(JourneyEvent.kind == "order_picked_up")
        ).one()
        assert (picked.stage, picked.store_id, picked.guide_id) == ("fulfil", store.id, guide.id)

    _picked_up_order(store.id, member.id)  # a second paid order is a repeat purchase
    _collect()
    assert _kinds(member.id).count("repeat_purchase") == 1


def test_buffered_views_drain_once_and_join_the_member_at_login(db) -> None:
    member = factories.member()
    redis = get_redis()
    redis.delete(journey.BUFFER)
    now = utcnow()
    entries: list[str] = []
    for _ in range(3):
        entry = journey.buffered(
            "product_viewed", member_id=None, device_id="dev-abc-123", at=now, product_id=7
        )
        assert entry is not None
        entries.append(entry)
    assert journey.buffered("product_viewed", member_id=None, device_id=None, at=now) is None
    for entry in entries:
        redis.rpush(journey.BUFFER, entry)  # what a worker's note flusher sends
    redis.rpush(journey.BUFFER, entries[0])  # the same view twice still counts once

    with UnitOfWork() as uow:
        assert journey.drain(uow.session, redis, now=now, batch=2) == 2
        assert journey.drain(uow.session, redis, now=now, batch=10) == 2
        assert journey.drain(uow.session, redis, now=now) == 0
        uow.commit()
    with UnitOfWork() as uow:
        joined = journey.join_device_events(
            uow.session, member_id=member.id, device_id="dev-abc-123", since=now - timedelta(days=1)
        )
        uow.commit()
    assert joined == 3
    assert _kinds(member.id) == ["product_viewed"] * 3


def _member_invitations(member_id: int) -> int:
    with UnitOfWork() as uow:
        return (
            uow.session.scalar(
                select(func.count())
                .select_from(Invitation)
                .where(Invitation.member_id == member_id)
            )
            or 0
        )


def test_one_invitation_per_occasion_and_monthly_cap_under_repeated_runs(db) -> None:
    cap = get_settings().feedback_invites_per_month
    region = factories.region()
    store = factories.store(region.id)
    busy, quiet, opted_out = factories.member(), factories.member(), factories.member()
    with UnitOfWork() as uow:
        uow.session.get(Member, opted_out.id).care_opt_out = True  # type: ignore[union-attr]
        uow.commit()
    for minutes in range(cap + 3):  # more moments than the cap allows
        _check_in(store.id, busy.id, minutes_ago=10 + minutes)
    _check_in(store.id, quiet.id)
    _check_in(store.id, opted_out.id)
    _collect()

    runs = [_invite() for _ in range(5)]
    assert runs[0] == cap + 1 and sum(runs[1:]) == 0
    assert _member_invitations(busy.id) == cap
    assert _member_invitations(quiet.id) == 1
    assert _member_invitations(opted_out.id) == 0
    with UnitOfWork() as uow:
        asked = uow.session.scalar(
            select(func.count()).where(
                OutboxMessage.topic == "notification.requested",
                OutboxMessage.payload["template"].astext == "feedback_invitation",
            )
        )
        assert asked == cap + 1  # one message per invitation, none for repeated runs


@pytest.mark.parametrize("round_", range(4))
def test_concurrent_beat_runs_invite_once(db, round_: int) -> None:
    region = factories.region()
    store = factories.store(region.id)
    members = [factories.member() for _ in range(3)]
    for m in members:
        _check_in(store.id, m.id)
    _collect()
    runs, barrier, lock = 6, threading.Barrier(6), threading.Lock()
    invited: list[int] = []

    def beat() -> None:
        barrier.wait()
        n = _invite()
        with lock:
            invited.append(n)

    threads = [threading.Thread(target=beat) for _ in range(runs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    invited.append(_invite())  # whoever lost the lock: a later run still finds nothing
    assert sum(invited) == len(members)
    assert [_member_invitations(m.id) for m in members] == [1, 1, 1]
