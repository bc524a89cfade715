"""The rollups kept from the owners' events equal a recomputation from the source tables.

Random histories of orders (paid through a random gateway, some with a second capture
given back, some without a payment; lines, ready, collected, expired, refunded), scans
(some anonymous, claimed by a member later), check-ins (some deleted), appointments and
new members are written to the owners' tables, whose own triggers publish their facts
(orders.changed, payments.settled, touchpoints.scans_recorded, ...); insights reads only
those messages and, in the rebuild, the owners' public views. While the history is written,
random earlier messages are reconciled (late, repeated, before newer ones); afterwards
every message is delivered again, shuffled, with repeats. The rollups, the members seen
and the active member counts must equal ``o2o insights rebuild``, and plain GROUP BYs
over the sources (``tests/insights_direct.py``): orders and GMV, active members per day,
week and month at each level, the payment method mix, new members by home store.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from services.insights import copies, rebuild, reconcile, rollups
from services.platform.uow import UnitOfWork
from stores.appointments.models import Appointment, AppointmentService
from tests import factories, insights_direct

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
            for table, dims in {**rollups.GRAINS, **_ACTIVE}.items()
        }


#: The active member tables, by the columns before their counts.
_ACTIVE = {
    "members_seen": ("member_id", "region_id", "store_id"),
    "active_members": ("grain", "region_id", "store_id"),
    "member_steps": ("day", "region_id", "store_id", "touchpoint_id", "guide_id", "step"),
}
#: One check-in, the k-th (mod how many there are), drawn by the test's own seed.
_PICK = (
    "SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS r, count(*) OVER () AS c"
    " FROM stores.check_ins) AS x WHERE r = CAST(:k AS int) % c"
)
GATEWAYS = [None, "wechatpay", "wechatpay", "stripe", "counter", "offline"]
# Whatever statement paid orders (``o``: number, total_fen) also writes their payment, as
# both payment lanes do: one succeeded attempt through :g (none when :g is null), and, when
# :twice, a second capture on the other attempt, given back as paid twice.
_PAYMENTS = """,
    paid AS (
        INSERT INTO payments.payments (order_ref, attempt, gateway, amount_fen, currency, status,
            refunded_fen, created_at, updated_at)
        SELECT o.number, x.attempt, x.gateway, o.total_fen, 'CNY', 'succeeded', 0, now(), now()
        FROM o, (VALUES (CAST(:a AS int), CAST(:g AS text)),
                        (3 - CAST(:a AS int), CAST(:g2 AS text))) AS x(attempt, gateway)
        WHERE o.paid_at IS NOT NULL AND x.gateway IS NOT NULL
          AND (x.attempt = CAST(:a AS int) OR CAST(:twice AS boolean))
        RETURNING id, attempt, amount_fen
    ),
    given AS (
        INSERT INTO payments.refunds (payment_id, amount_fen, reason, idempotency_key, status,
            created_at)
        SELECT id, amount_fen, 'paid_twice', 'twice-' || id, 'pending', now() FROM paid
        WHERE attempt <> CAST(:a AS int)
    )
"""


def _payment(rng: random.Random) -> dict[str, Any]:
    return {
        "a": rng.choice([1, 2]),
        "g": rng.choice(GATEWAYS),
        "g2": rng.choice(GATEWAYS[1:]),
        "twice": rng.random() < 0.3,
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
            # Its own draws: the history does not depend on how many messages there are.
            _deliver(random.Random(rng.random()), sample=3)
        # Payment times only grow, as now() does: whether an order is a repeat purchase
        # reads the member's earlier orders (ARCHITECTURE.md, insights limits).
        at = START + timedelta(hours=48 * step + rng.randrange(40), minutes=rng.randrange(60))
        kind = rng.choice(["order", "order", "pay", "ready", "close", "refund", "line", "scan",
                           "check_in", "appointment", "member", "claim", "forget",
                           "late_capture", "again", "again"])  # fmt: skip
        store = rng.choice(stores)
        if kind == "order" or (
            not orders and kind in ("pay", "ready", "close", "refund", "line", "late_capture")
        ):
            paid = rng.random() < 0.5
            row = _sql(
                "WITH o AS (INSERT INTO orders.orders (number, member_id, status, fulfilment,"
                " store_id, location_id, total_fen, currency, refunded_fen, subtotal_fen,"
                " coupon_discount_fen, points_spent, points_discount_fen, points_earned,"
                " points_returned, coupon_id, channel, touchpoint_id, guide_id, hold_until,"
                " created_at, paid_at, updated_at, pickup_code_version, pickup_code_failures)"
                " VALUES (:n, :m, :st, 'pickup', :s, 1, :t, 'CNY', 0, :t, 0, :pts, 0, 0, 0,"
                " :cp, :ch, :tp, :gd, :at, :at, :paid, :at, 0, 0)"
                " RETURNING id, number, total_fen, paid_at)" + _PAYMENTS + "SELECT id FROM o",
                n=f"T{rng.getrandbits(40)}",
                m=rng.choice(members),
                st="paid" if paid else "pending_payment",
                s=store,
                t=rng.randrange(100, 50000),
                pts=rng.choice([0, 0, 300]),
                cp=rng.choice([None, 7]),
                ch=rng.choice(["mini_program", "qr", "store_assisted"]),
                tp=rng.choice([None, *touchpoints]),
                gd=rng.choice([None, guide]),
                at=at,
                paid=at if paid else None,
                **_payment(rng),
            )
            orders.append(row[0])
            for sku in range(rng.randrange(0, 3)):
                _line(orders[-1], sku, rng)
        elif kind == "line":
            _line(rng.choice(orders), rng.randrange(10, 10**6), rng)
        elif kind == "pay":
            _sql(
                "WITH o AS (UPDATE orders.orders SET status = 'paid', paid_at = :at"
                " WHERE id = :id AND paid_at IS NULL RETURNING number, total_fen, paid_at)"
                + _PAYMENTS
                + "SELECT 1",
                id=rng.choice(orders),
                at=at,
                **_payment(rng),
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
                m=rng.choice([None, *members]),
                at=at,
            )
        elif kind == "claim":  # a device's anonymous scans join the member who signs in
            _sql(
                "UPDATE touchpoints.scans SET member_id = :m WHERE id = (SELECT min(id)"
                " FROM touchpoints.scans WHERE member_id IS NULL)",
                m=rng.choice(members),
            )
        elif kind == "forget":  # a check-in taken back: its activity goes with it
            _sql(f"DELETE FROM stores.check_ins WHERE id = ({_PICK})", k=rng.randrange(100))
        elif kind == "again":  # a member back hours later: a day, week or month active again
            _sql(
                "INSERT INTO stores.check_ins (store_id, member_id, touchpoint_id, checked_in_at)"
                " SELECT :s, member_id, NULL, checked_in_at + make_interval(hours => :h)"
                f" FROM stores.check_ins WHERE id = ({_PICK})",
                s=store,
                h=rng.randrange(1, 30),
                k=rng.randrange(100),
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
        elif kind == "late_capture":  # a provider success after the order was paid otherwise
            _sql(
                "WITH paid AS (INSERT INTO payments.payments (order_ref, attempt, gateway,"
                " amount_fen, currency, status, refunded_fen, created_at, updated_at)"
                " SELECT number, 9, 'wechatpay', total_fen, 'CNY', 'succeeded', 0, now(), now()"
                " FROM orders.orders WHERE id = :id AND paid_at IS NOT NULL"
                " ON CONFLICT DO NOTHING RETURNING id, amount_fen)"
                " INSERT INTO payments.refunds (payment_id, amount_fen, reason, idempotency_key,"
                " status, created_at) SELECT id, amount_fen, 'paid_twice', 'late-' || id,"
                " 'pending', now() FROM paid",
                id=rng.choice(orders),
            )
        else:
            members.append(factories.member(joined_at=at).id)


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
            text("SELECT id, topic, payload FROM platform.outbox WHERE topic = ANY(:t)"),
            {"t": list(copies.TOPICS)},
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
    assert insights_direct.kept_active_members() == insights_direct.active_members()
    assert insights_direct.kept_payment_mix() == insights_direct.payment_mix()
    assert insights_direct.kept_new_members() == insights_direct.new_members()
    # Not vacuous: gateways, home stores and months with several active days all occurred.
    assert {method for _, _, method, *_ in insights_direct.payment_mix()} - {"other"}
    assert any(store for _, store, _ in insights_direct.new_members())
    active = insights_direct.active_members()
    assert sum(n for g, *_, n in active if g == "month") < sum(
        n for g, *_, n in active if g == "day"
    )
    with UnitOfWork() as uow:
        rebuild.rebuild(uow.session)
        uow.commit()
    rebuilt = _tables()
    for table, rows in incremental.items():
        dims = {**rollups.GRAINS, **_ACTIVE}[table]
        assert sorted(rows - rebuilt[table]) == sorted(rebuilt[table] - rows), [
            r[: len(dims) + 1] for r in rebuilt[table] ^ rows
        ]
    assert any(incremental.values())
    steps = {row[5] for row in incremental["member_steps"]}
    assert {"discover", "buy"} <= steps
    # Some histories take every check-in back again: then no member considered.
    assert ("consider" in steps) == bool(_sql("SELECT count(*) FROM stores.check_ins")[0])
    # The rebuild counted every row as it is: delivering every message again changes nothing.
    _deliver(rng)
    assert _tables() == incremental
