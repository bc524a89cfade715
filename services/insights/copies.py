"""Insights' copies of the owners' rows, kept from their events (``copy_models.py``).

Each topic insights reads carries rows as they now stand (and ``removed`` ids). A row is
written only over an older one: ``message_id`` is the outbox message that wrote it, and
one row's messages are numbered in commit order (its writers are serialised by its row
lock), so a late or repeated message changes nothing; a removed row stays as ``gone`` so
its older messages cannot bring it back. What the copy changed names the rows whose
figures the consumer reconciles (``reconcile.py``):

- an order's own figures, and, when its member or payment time changed, the member's
  orders paid in the 90 days after either time (their ``repeat_orders`` reads it);
- a payment: the order it pays (the payment method mix reads it), if insights has it;
- a scan, check-in, appointment or member: itself.

Rows are written in id order (two consumers never wait on each other in a cycle), before
any ``counted`` row is locked. A store a row names is copied from ``stores.public_stores``
(reference data: region and timezone) the first time insights sees it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.orm import Session

from orders.events import OrdersChanged
from services.members.events import MembersJoined
from services.payments.events import PaymentsSettled
from services.platform.event_schema import Fact
from services.touchpoints.events import ScansRecorded
from stores.events import AppointmentsChanged, CheckInsRecorded

ORDERS = "insights.orders"
MEMBERS = "insights.members"
PAYMENTS = "insights.payments"
#: How far back an earlier order makes one a repeat (``order_figures.sql``).
REPEAT_DAYS = 90


@dataclass(frozen=True)
class Copy:
    fact: type[Fact]
    rows: str  # the fact's list of rows
    table: str  # the copy
    view: str  # the owner's public view the rebuild fills the copy from
    columns: tuple[str, ...]  # what the copy keeps of a row (besides id)


ORDER_COLUMNS = (
    "number", "member_id", "status", "store_id", "channel", "touchpoint_id", "guide_id",
    "total_fen", "refunded_fen", "coupon_id", "points_spent", "units", "paid_at", "ready_at",
    "closed_at",
)  # fmt: skip
COPIES: dict[str, Copy] = {
    c.fact.TOPIC: c
    for c in (
        Copy(
            OrdersChanged,
            "orders",
            ORDERS,
            "orders.public_orders",
            ORDER_COLUMNS,
        ),
        Copy(
            PaymentsSettled,
            "payments",
            PAYMENTS,
            "payments.public_settled_payments",
            ("order_ref", "attempt", "gateway", "status", "paid_twice"),
        ),
        Copy(
            ScansRecorded,
            "scans",
            "insights.scans",
            "touchpoints.public_scans",
            ("touchpoint_id", "member_id", "scanned_at", "region_id", "store_id", "guide_id"),
        ),
        Copy(
            CheckInsRecorded,
            "check_ins",
            "insights.check_ins",
            "stores.public_check_ins",
            ("store_id", "member_id", "touchpoint_id", "checked_in_at"),
        ),
        Copy(
            AppointmentsChanged,
            "appointments",
            "insights.appointments",
            "stores.public_appointments",
            ("store_id", "guide_id", "member_id", "status", "starts_at", "order_number"),
        ),
        Copy(MembersJoined, "members", MEMBERS, "members.public_members", ("joined_at",)),
    )
}
#: Every topic insights keeps a copy from.
TOPICS = tuple(COPIES)
#: The copies whose rows carry figures, each keyed by ``id`` (payments only feed orders').
SOURCES = tuple(c.table for c in COPIES.values() if c.table != PAYMENTS)


def _write(copy: Copy) -> str:
    """Upsert the message's rows (and tombstones) over older ones; returns what it wrote."""
    cols = ", ".join(copy.columns)
    # A removed row keeps its last state: whatever read it is found again (its order, the
    # orders its payment time made repeats).
    kept = ", ".join(
        f"{c} = CASE WHEN EXCLUDED.gone THEN c.{c} ELSE EXCLUDED.{c} END" for c in copy.columns
    )
    extra = {ORDERS: ", member_id, paid_at", PAYMENTS: ", order_ref"}.get(copy.table, "")
    return f"""
        INSERT INTO {copy.table} AS c (id, message_id, gone, {cols})
        SELECT r.id, CAST(:message_id AS bigint), coalesce(r.gone, false), {cols}
        FROM jsonb_populate_recordset(NULL::{copy.table}, CAST(:rows AS jsonb)) AS r
        ORDER BY r.id
        ON CONFLICT (id) DO UPDATE
        SET message_id = EXCLUDED.message_id, gone = EXCLUDED.gone, {kept}
        WHERE c.message_id < EXCLUDED.message_id
        RETURNING id, gone{extra}
    """


_STORES = """
    INSERT INTO insights.stores (id, region_id, timezone)
    SELECT s.id, s.region_id, s.timezone FROM stores.public_stores AS s
    WHERE s.id = ANY(CAST(:ids AS int[]))
      AND NOT EXISTS (SELECT 1 FROM insights.stores AS k WHERE k.id = s.id)
    ORDER BY s.id
    ON CONFLICT DO NOTHING
"""
_ORDERS_BEFORE = """
    SELECT id, member_id, paid_at FROM insights.orders
    WHERE id = ANY(CAST(:ids AS bigint[])) AND NOT gone ORDER BY id FOR UPDATE
"""
_REPEATS = f"""
    SELECT o.id FROM insights.orders AS o
    JOIN unnest(CAST(:members AS bigint[]), CAST(:times AS timestamptz[])) AS t(member_id, at)
        ON o.member_id = t.member_id
    WHERE NOT o.gone AND o.paid_at > t.at AND o.paid_at <= t.at + interval '{REPEAT_DAYS} days'
"""
_PAID_BY = """
    SELECT id FROM insights.orders WHERE number = ANY(CAST(:refs AS text[])) AND NOT gone
"""


def keep(
    session: Session, *, message_id: int, topic: str, payload: dict[str, Any]
) -> tuple[str, list[int]]:
    """Write the message's rows into insights' copy; the source and ids to reconcile."""
    copy = COPIES[topic]
    fact = copy.fact.parse(payload)
    states: list[BaseModel] = getattr(fact, copy.rows)
    rows = [s.model_dump(mode="json") for s in states]
    rows += [{"id": i, "gone": True} for i in getattr(fact, "removed", [])]
    if not rows:
        return ORDERS if copy.table == PAYMENTS else copy.table, []
    stores = sorted({r["store_id"] for r in rows if r.get("store_id") is not None})
    if stores:
        session.execute(text(_STORES), {"ids": stores})
    params = {"message_id": message_id, "rows": json.dumps(rows)}
    if copy.table == PAYMENTS:
        refs = sorted({r[2] for r in session.execute(text(_write(copy)), params) if r[2]})
        paid = session.scalars(text(_PAID_BY), {"refs": refs}).all() if refs else []
        return ORDERS, sorted(paid)
    if copy.table != ORDERS:
        return copy.table, sorted(r[0] for r in session.execute(text(_write(copy)), params))
    ids = sorted({int(r["id"]) for r in rows})
    before = {r[0]: (r[1], r[2]) for r in session.execute(text(_ORDERS_BEFORE), {"ids": ids})}
    written = {
        r[0]: (None, None) if r[1] else (r[2], r[3])
        for r in session.execute(text(_write(copy)), params)
    }
    return ORDERS, sorted(set(written) | _repeats(session, before, written))


def _repeats(
    session: Session,
    before: dict[int, tuple[int | None, datetime | None]],
    written: dict[int, tuple[int | None, datetime | None]],
) -> set[int]:
    """Orders whose repeat flag may read a written order's old or new (member, paid time)."""
    moved = {
        pair
        for order_id, now in written.items()
        if before.get(order_id, (None, None)) != now
        for pair in (before.get(order_id, (None, None)), now)
        if pair[0] is not None and pair[1] is not None
    }
    if not moved:
        return set()
    members, times = zip(*sorted(moved), strict=True)
    found = session.scalars(text(_REPEATS), {"members": list(members), "times": list(times)})
    return set(found.all())
