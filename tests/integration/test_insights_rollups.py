"""The rollups kept from outbox messages equal a recomputation from the source tables.

Random histories of orders (paid, lines, ready, collected, expired, refunded), scans,
check-ins, appointments and new members are written through the real change triggers.
While the history is written, random earlier messages are reconciled (late, repeated,
before newer ones); afterwards every message is delivered again, shuffled, with repeats.
The rollups must equal both ``o2o insights rebuild`` (sums of row_figures over the
tables) and a plain GROUP BY over orders.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from services.insights import rebuild, reconcile, rollups
from services.platform.uow import UnitOfWork
from stores.appointments.models import Appointment, AppointmentService
from tests import factories

ROUNDS = 12
START = datetime(2026, 5, 1, 2, 0, tzinfo=UTC)


def _tables() -> dict[str, set[tuple[Any, ...]]]:
    with UnitOfWork() as uow:
        return {
            table: {
                tuple(row)
                for row in uow.session.execute(text(f"SELECT * FROM insights.{table}"))
                if any(row[len(dims) + 1 :])  # a row netted back to nothing counts as none
            }
            for table, dims in rollups.GRAINS.items()
        }


def _sql(statement: str, **params: Any) -> Any:
    with UnitOfWork() as uow:
        result = uow.session.execute(text(statement), params)
        row = result.first() if result.returns_rows else None  # type: ignore[attr-defined]
        uow.commit()
    return row


def _history(rng: random.Random) -> None:
    region = factories.region()
    stores = [
        factories.store(region.id).id,
        factories.store(region.id, timezone="Asia/Urumqi").id,
    ]
    guide = factories.guide(stores[0]).id
    touchpoints = [
        factories.touchpoint("store_entrance", region_id=region.id, store_id=s).id for s in stores
    ]
    members = [factories.member().id for _ in range(4)]
    with UnitOfWork() as uow:
        service = AppointmentService(store_id=stores[0], name="Fitting", duration_minutes=30)
        uow.session.add(service)
        uow.session.flush()
        service_id = service.id
        uow.commit()
    orders: list[int] = []
    for step in range(60):
        if rng.random() < 0.4:  # the consumer, running behind the writers
            _deliver(rng, sample=3)
        # Payment times only grow, as now() does: whether an order is a repeat purchase
        # reads the member's earlier orders (ARCHITECTURE.md, insights limits).
        at = START + timedelta(hours=48 * step + rng.randrange(40), minutes=rng.randrange(60))
        kind = rng.choice(["order", "order", "pay", "ready", "close", "refund", "line", "scan",
                           "check_in", "appointment", "member"])  # fmt: skip
        store = rng.choice(stores)
        if kind == "order" or (not orders and kind in ("pay", "ready", "close", "refund", "line")):
            paid = rng.random() < 0.5
            row = _sql(
                "INSERT INTO orders.orders (number, member_id, status, fulfilment, store_id,"
                " location_id, total_fen, currency, refunded_fen, subtotal_fen,"
                " coupon_discount_fen, points_spent, points_discount_fen, points_earned,"
                " points_returned, coupon_id, channel, touchpoint_id, guide_id, hold_until,"
                " created_at, paid_at, updated_at, pickup_code_version, pickup_code_failures)"
                " VALUES (:n, :m, :st, 'pickup', :s, 1, :t, 'CNY', 0, :t, 0, :pts, 0, 0, 0,"
                " :cp, :ch, :tp, :g, :at, :at, :paid, :at, 0, 0) RETURNING id",
                n=f"T{rng.getrandbits(40)}",
                m=rng.choice(members),
                st="paid" if paid else "pending_payment",
                s=store,
                t=rng.randrange(100, 50000),
                pts=rng.choice([0, 0, 300]),
                cp=rng.choice([None, 7]),
                ch=rng.choice(["mini_program", "qr", "store_assisted"]),
                tp=rng.choice([None, *touchpoints]),
                g=rng.choice([None, guide]),
                at=at,
                paid=at if paid else None,
            )
            orders.append(row[0])
            for sku in range(rng.randrange(0, 3)):
                _line(orders[-1], sku, rng)
        elif kind == "line":
            _line(rng.choice(orders), rng.randrange(10, 10**6), rng)
        elif kind == "pay":
            _sql(
                "UPDATE orders.orders SET status = 'paid', paid_at = :at"
                " WHERE id = :id AND paid_at IS NULL",
                id=rng.choice(orders),
                at=at,
            )
        elif kind == "ready":
            _sql(
                "UPDATE orders.orders SET status = 'ready_for_pickup',"
                " ready_at = paid_at + make_interval(mins => :m)"
                " WHERE id = :id AND paid_at IS NOT NULL AND ready_at IS NULL",
                id=rng.choice(orders),
                m=rng.randrange(1, 3000),
            )
        elif kind == "close":
            _sql(
                "UPDATE orders.orders SET status = :st, closed_at = ready_at + make_interval(mins"
                " => :m) WHERE id = :id AND status = 'ready_for_pickup'",
                id=rng.choice(orders),
                st=rng.choice(["picked_up", "expired"]),
                m=rng.randrange(1, 20000),
            )
        elif kind == "refund":
            _sql(
                "UPDATE orders.orders SET refunded_fen = least(total_fen, refunded_fen + 100),"
                " status = CASE WHEN rnd THEN 'refunded' ELSE status END,"
                " closed_at = CASE WHEN rnd THEN created_at + interval '9 days' ELSE closed_at END"
                " FROM (SELECT :r AS rnd) AS x WHERE id = :id",
                id=rng.choice(orders),
                r=rng.random() < 0.5,
            )
        elif kind == "scan":
            _sql(
                "INSERT INTO touchpoints.scans (touchpoint_id, member_id, via, action, scanned_at)"
                " VALUES (:tp, :m, 'qr', 'open', :at)",
                tp=rng.choice(touchpoints),
                m=rng.choice(members),
                at=at,
            )
        elif kind == "check_in":
            _sql(
                "INSERT INTO stores.check_ins (store_id, member_id, touchpoint_id, checked_in_at)"
                " VALUES (:s, :m, :tp, :at)",
                s=store,
                m=rng.choice(members),
                tp=rng.choice([None, *touchpoints]),
                at=at,
            )
        elif kind == "appointment":
            _appointment(rng, stores[0], guide, service_id, rng.choice(members), at)
        else:
            factories.member(joined_at=at)


def _line(order_id: int, sku: int, rng: random.Random) -> None:
    _sql(
        "INSERT INTO orders.order_lines (order_id, sku_id, product_name, variant,"
        " unit_price_fen, quantity, coupon_discount_fen, points_discount_fen)"
        " VALUES (:o, :s, 'Tee', 'M', 100, :q, 0, 0) ON CONFLICT DO NOTHING",
        o=order_id,
        s=sku,
        q=rng.randrange(1, 4),
    )


def _appointment(
    rng: random.Random, store: int, guide: int, service: int, member: int, at: datetime
) -> None:
    with UnitOfWork() as uow:
        booked = Appointment(
            store_id=store,
            guide_id=guide,
            service_id=service,
            member_id=member,
            starts_at=at,
            ends_at=at + timedelta(minutes=30),
            blocked_from=at,
            blocked_until=at + timedelta(minutes=30),
        )
        uow.session.add(booked)
        uow.session.flush()
        uow.commit()
        appointment_id = booked.id
    status = rng.choice(["booked", "no_show", "cancelled", "completed"])
    _sql(
        "UPDATE stores.appointments SET status = :st, order_number = :o WHERE id = :id",
        st=status,
        o="T1" if status == "completed" and rng.random() < 0.6 else None,
        id=appointment_id,
    )


def _deliver(rng: random.Random, *, sample: int | None = None) -> int:
    """Every message so far (``sample``: that many random ones), shuffled, half repeated."""
    with UnitOfWork() as uow:
        messages = uow.session.execute(
            text("SELECT id, topic, payload FROM platform.outbox WHERE topic = :t"),
            {"t": reconcile.ROWS_TOPIC},
        ).all()
    if sample is not None:
        messages = rng.sample(list(messages), k=min(sample, len(messages)))
    deliveries = list(messages) + rng.sample(list(messages), k=len(messages) // 2)
    rng.shuffle(deliveries)
    for message_id, topic, payload in deliveries:
        with UnitOfWork() as uow:
            reconcile.apply(uow.session, message_id=message_id, topic=topic, payload=payload)
            uow.commit()
    return len(messages)


def _direct_orders() -> set[tuple[Any, ...]]:
    """Orders and GMV per local day and store, straight from orders.orders."""
    with UnitOfWork() as uow:
        rows = uow.session.execute(
            text(
                "SELECT (o.paid_at AT TIME ZONE s.timezone)::date, o.store_id, count(*),"
                " sum(o.total_fen) FROM orders.orders o JOIN stores.stores s ON s.id = o.store_id"
                " WHERE o.paid_at IS NOT NULL GROUP BY 1, 2"
            )
        )
        return {tuple(r) for r in rows}


def _rollup_orders() -> set[tuple[Any, ...]]:
    with UnitOfWork() as uow:
        rows = uow.session.execute(
            text(
                "SELECT day, store_id, sum(orders), sum(gmv_fen) FROM insights.figures_store"
                " GROUP BY 1, 2 HAVING sum(orders) <> 0"
            )
        )
        return {tuple(r) for r in rows}


@pytest.mark.parametrize("seed", range(ROUNDS))
def test_rollups_from_shuffled_repeated_messages_equal_the_sources(
    db: dict[str, str], seed: int
) -> None:
    rng = random.Random(seed)
    _history(rng)
    assert _deliver(rng) > 0
    incremental = _tables()
    assert _rollup_orders() == _direct_orders()
    with UnitOfWork() as uow:
        rebuild.rebuild(uow.session)
        uow.commit()
    rebuilt = _tables()
    for table, rows in incremental.items():
        assert sorted(rows - rebuilt[table]) == sorted(rebuilt[table] - rows), [
            r[: len(rollups.GRAINS[table]) + 1] for r in rebuilt[table] ^ rows
        ]
    assert any(incremental.values())
    # The rebuild counted every row as it is: delivering every message again changes nothing.
    _deliver(rng)
    assert _tables() == incremental
