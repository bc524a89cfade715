"""Owners publish their facts: one parseable outbox message per writing statement.

Each owner's statement triggers (``<pkg>/sql/publish_*.sql``) write one message per
statement per topic, shaped as the owner's pydantic ``Fact``; a placement (order, then its
lines) is one message; ``o2o.bulk_load`` silences them all; the public read views hold the
same rows the messages carry.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text

from orders import placing
from orders.events import OrdersChanged, OrderState
from orders.schemas import OrderCreate
from services.members.events import MembersJoined
from services.payments.events import PaymentsSettled
from services.platform import publishing
from services.platform.db import utcnow
from services.platform.uow import UnitOfWork
from services.touchpoints.events import ScansRecorded
from stores.appointments.models import Appointment, AppointmentService
from stores.events import AppointmentsChanged, CheckInsRecorded
from tests import aio, factories
from tests.shop import open_shop, payment_succeeded, place_order

AT = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)


def _sql(*statements: str, bulk: bool = False, **params: Any) -> None:
    """Each statement in one transaction (``bulk``: as a bulk load)."""
    with UnitOfWork() as uow:
        if bulk:
            uow.session.execute(text(publishing.SUPPRESS))
        for statement in statements:
            uow.session.execute(text(statement), params)
        uow.commit()


def _payloads(topic: str) -> list[dict[str, Any]]:
    with UnitOfWork() as uow:
        return list(
            uow.session.scalars(
                text("SELECT payload FROM platform.outbox WHERE topic = :t ORDER BY id"),
                {"t": topic},
            )
        )


def _view(name: str) -> list[dict[str, Any]]:
    with UnitOfWork() as uow:
        rows = uow.session.execute(text(f"SELECT * FROM {name} ORDER BY id"))
        return [dict(r._mapping) for r in rows]


def test_a_placement_is_one_message_and_a_payment_publishes_paid(db: dict[str, str]) -> None:
    shop = open_shop()
    _sql("DELETE FROM platform.outbox")
    number = place_order(shop, quantity=2)
    placed = [OrdersChanged.parse(p) for p in _payloads(OrdersChanged.TOPIC)]
    assert len(placed) == 1, placed
    (order,) = placed[0].orders
    assert (order.number, order.units, order.facts) == (number, 2, ["placed"])
    assert (order.status, order.member_id, order.store_id) == (
        "pending_payment",
        shop.member_id,
        shop.store_id,
    )
    assert _payloads(PaymentsSettled.TOPIC) == []  # an attempt, not a settled payment

    payment_succeeded(number)
    changes = [OrdersChanged.parse(p) for p in _payloads(OrdersChanged.TOPIC)][1:]
    assert [o.facts for c in changes for o in c.orders] == [["paid"]]
    assert changes[0].orders[0].paid_at is not None
    (settled,) = [PaymentsSettled.parse(p) for p in _payloads(PaymentsSettled.TOPIC)]
    assert [(p.order_ref, p.status, p.paid_twice) for p in settled.payments] == [
        (number, "succeeded", False)
    ]
    # The public views hold what the messages say.
    (row,) = _view("orders.public_orders")
    assert OrderState.model_validate({**row, "facts": ["paid"]}) == changes[0].orders[0]
    (payment,) = _view("payments.public_settled_payments")
    assert payment == settled.payments[0].model_dump()


def test_line_and_delete_statements_publish_the_order_and_removed(db: dict[str, str]) -> None:
    shop = open_shop()
    number = place_order(shop, quantity=1)
    _sql("DELETE FROM platform.outbox")
    _sql("UPDATE orders.order_lines SET quantity = 3")
    _sql("UPDATE orders.orders SET pickup_code_failures = 1")  # nothing a reader sees
    _sql("DELETE FROM orders.orders")
    first, second = [OrdersChanged.parse(p) for p in _payloads(OrdersChanged.TOPIC)]
    assert [(o.number, o.units, o.facts) for o in first.orders] == [(number, 3, ["lines_changed"])]
    assert (second.orders, len(second.removed)) == ([], 1)


def test_scans_and_check_ins_one_message_per_statement(db: dict[str, str]) -> None:
    region = factories.region()
    store = factories.store(region.id)
    tp = factories.touchpoint("store_entrance", region_id=region.id, store_id=store.id)
    member = factories.member()
    _sql("DELETE FROM platform.outbox")
    _sql(
        "INSERT INTO touchpoints.scans (touchpoint_id, member_id, via, action, scanned_at)"
        " VALUES (:tp, :m, 'qr', 'view', :at), (:tp, NULL, 'qr', 'view', :at)",
        "INSERT INTO stores.check_ins (store_id, member_id, touchpoint_id, checked_in_at)"
        " VALUES (:s, :m, :tp, :at)",
        tp=tp.id,
        m=member.id,
        s=store.id,
        at=AT,
    )
    (scans,) = [ScansRecorded.parse(p) for p in _payloads(ScansRecorded.TOPIC)]
    assert [(s.member_id, s.kind, s.store_id, s.region_id) for s in scans.scans] == [
        (member.id, "store_entrance", store.id, region.id),
        (None, "store_entrance", store.id, region.id),
    ]
    assert [s.model_dump() for s in scans.scans] == _view("touchpoints.public_scans")
    (check_ins,) = [CheckInsRecorded.parse(p) for p in _payloads(CheckInsRecorded.TOPIC)]
    assert [c.model_dump() for c in check_ins.check_ins] == _view("stores.public_check_ins")
    assert check_ins.check_ins[0].touchpoint_id == tp.id
    (touchpoint,) = _view("touchpoints.public_touchpoints")
    assert (touchpoint["id"], touchpoint["kind"], touchpoint["store_id"]) == (
        tp.id,
        "store_entrance",
        store.id,
    )
    _sql("DELETE FROM touchpoints.scans")
    removed = ScansRecorded.parse(_payloads(ScansRecorded.TOPIC)[-1])
    assert (removed.scans, sorted(removed.removed)) == ([], [s.id for s in scans.scans])


def test_appointments_carry_what_the_statement_did(db: dict[str, str]) -> None:
    region = factories.region()
    store = factories.store(region.id)
    guide = factories.guide(store.id)
    member = factories.member()
    with UnitOfWork() as uow:
        service = AppointmentService(store_id=store.id, name="Fitting", duration_minutes=30)
        uow.session.add(service)
        uow.session.flush()
        booked = Appointment(
            store_id=store.id,
            guide_id=guide.id,
            service_id=service.id,
            member_id=member.id,
            starts_at=AT,
            ends_at=AT + timedelta(minutes=30),
            blocked_from=AT,
            blocked_until=AT + timedelta(minutes=30),
        )
        uow.session.add(booked)
        uow.commit()
    _sql("UPDATE stores.appointments SET reminded_24h_at = now()")  # nothing a reader sees
    _sql("UPDATE stores.appointments SET status = 'checked_in', checked_in_at = :at", at=AT)
    _sql(
        "UPDATE stores.appointments SET starts_at = starts_at + interval '1 hour',"
        " ends_at = ends_at + interval '1 hour', blocked_from = blocked_from + interval '1 hour',"
        " blocked_until = blocked_until + interval '1 hour', note = 'moved'"
    )
    messages = [AppointmentsChanged.parse(p) for p in _payloads(AppointmentsChanged.TOPIC)]
    assert [[a.facts for a in m.appointments] for m in messages] == [
        [["booked"]],
        [["checked_in"]],
        [["rescheduled"]],
    ]
    last = messages[-1].appointments[0]
    assert last.starts_at == AT + timedelta(hours=1)
    (row,) = _view("stores.public_appointments")
    assert {**row, "facts": ["rescheduled"]} == last.model_dump()
    (public_store,) = _view("stores.public_stores")
    assert (public_store["region_id"], public_store["timezone"]) == (region.id, store.timezone)


def test_members_publish_joins_not_points(db: dict[str, str]) -> None:
    member = factories.member(home_city="Hangzhou")
    _sql("UPDATE members.members SET points = points + 10")
    _sql("UPDATE members.members SET joined_at = :at", at=AT)
    joined = [MembersJoined.parse(p) for p in _payloads(MembersJoined.TOPIC)]
    assert [[(m.id, m.joined_at == AT) for m in j.members] for j in joined] == [
        [(member.id, False)],
        [(member.id, True)],
    ]
    (row,) = _view("members.public_members")
    assert (row["id"], row["joined_at"], row["home_city"]) == (member.id, AT, "Hangzhou")


def test_a_bulk_load_publishes_nothing(db: dict[str, str]) -> None:
    shop = open_shop()
    place_order(shop)
    tp = factories.touchpoint("store_entrance", region_id=shop.region_id, store_id=shop.store_id)
    _sql("DELETE FROM platform.outbox")
    _sql(
        "INSERT INTO members.members (openid, joined_at, points) VALUES ('bulk-1', :at, 0)",
        "INSERT INTO touchpoints.scans (touchpoint_id, via, action, scanned_at)"
        " VALUES (:tp, 'qr', 'view', :at)",
        "INSERT INTO stores.check_ins (store_id, member_id, checked_in_at) VALUES (:s, :m, :at)",
        "UPDATE orders.orders SET status = 'paid', paid_at = :at",
        "UPDATE orders.order_lines SET quantity = 2",
        bulk=True,
        tp=tp.id,
        s=shop.store_id,
        m=shop.member_id,
        at=AT,
    )
    with UnitOfWork() as uow:
        assert uow.session.scalar(text("SELECT count(*) FROM platform.outbox")) == 0


def test_a_placement_of_two_skus_is_one_message_with_every_unit(db: dict[str, str]) -> None:
    shop = open_shop(skus=2)
    body = OrderCreate(
        fulfilment="pickup",
        store_id=shop.store_id,
        lines=[
            {"sku_id": shop.sku_ids[0], "quantity": 2},
            {"sku_id": shop.sku_ids[1], "quantity": 3},
        ],
    )
    _sql("DELETE FROM platform.outbox")
    aio.run(
        lambda connection, _redis: placing.place(
            connection, member_id=shop.member_id, body=body, now=utcnow()
        )
    )
    (placed,) = [OrdersChanged.parse(p) for p in _payloads(OrdersChanged.TOPIC)]
    assert [(o.units, o.facts) for o in placed.orders] == [(5, ["placed"])]
