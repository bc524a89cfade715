"""Owners' facts for insights' tests: messages built from the owners' public views.

``publish(...)`` writes one message per topic with the rows named (as they stand now, or
removed), through the owners' own pydantic models, as the owners' triggers would; tests
then hand messages to the consumer in whatever order they choose.

STAND-IN until h-events merges: ``ensure_public_views`` creates the owners' public views
when the migrations did not (the texts are the owners'; delete this once they land).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text

from orders.events import OrdersChanged
from services.members.events import MembersJoined
from services.payments.events import PaymentsSettled
from services.platform.event_schema import Fact
from services.platform.uow import UnitOfWork
from services.touchpoints.events import ScansRecorded
from stores.events import AppointmentsChanged, CheckInsRecorded

_VIEWS = {
    "orders.public_orders": """
        SELECT o.id, o.number, o.member_id, o.status, o.fulfilment, o.store_id, o.channel,
               o.touchpoint_id, o.guide_id, o.total_fen, o.refunded_fen, o.coupon_id,
               o.points_spent,
               coalesce((SELECT sum(l.quantity) FROM orders.order_lines l
                         WHERE l.order_id = o.id), 0)::integer AS units,
               o.created_at, o.paid_at, o.ready_at, o.shipped_at, o.closed_at
        FROM orders.orders o""",
    "stores.public_stores": """
        SELECT s.id, s.code, s.name, s.region_id, s.city, s.latitude, s.longitude, s.timezone,
               s.status, s.pickup_enabled, s.opened_on
        FROM stores.stores s""",
    "payments.public_settled_payments": """
        SELECT p.id, p.order_ref, p.attempt, p.gateway, p.amount_fen, p.refunded_fen, p.status,
               EXISTS (SELECT 1 FROM payments.refunds r
                       WHERE r.payment_id = p.id AND r.reason = 'paid_twice') AS paid_twice
        FROM payments.payments p WHERE p.status = 'succeeded'""",
    "touchpoints.public_scans": """
        SELECT s.id, s.touchpoint_id, s.member_id, s.device_id, s.via, s.action, s.scanned_at,
               t.kind, t.region_id, t.store_id, t.guide_id, t.product_id, t.campaign_code
        FROM touchpoints.scans s JOIN touchpoints.touchpoints t ON t.id = s.touchpoint_id""",
    "stores.public_check_ins": """
        SELECT c.id, c.store_id, c.member_id, c.touchpoint_id, c.scan_id, c.checked_in_at
        FROM stores.check_ins c""",
    "stores.public_appointments": """
        SELECT a.id, a.store_id, a.guide_id, a.service_id, a.member_id, a.status, a.starts_at,
               a.ends_at, a.source, a.checked_in_at, a.completed_at, a.order_number
        FROM stores.appointments a""",
    "members.public_members": "SELECT m.id, m.joined_at FROM members.members m",
}
#: Topic -> (fact, its list of rows, the view its rows come from).
FACTS: dict[str, tuple[type[Fact], str, str]] = {
    OrdersChanged.TOPIC: (OrdersChanged, "orders", "orders.public_orders"),
    PaymentsSettled.TOPIC: (PaymentsSettled, "payments", "payments.public_settled_payments"),
    ScansRecorded.TOPIC: (ScansRecorded, "scans", "touchpoints.public_scans"),
    CheckInsRecorded.TOPIC: (CheckInsRecorded, "check_ins", "stores.public_check_ins"),
    AppointmentsChanged.TOPIC: (AppointmentsChanged, "appointments", "stores.public_appointments"),
    MembersJoined.TOPIC: (MembersJoined, "members", "members.public_members"),
}


def ensure_public_views() -> None:
    with UnitOfWork() as uow:
        for view, body in _VIEWS.items():
            if uow.session.scalar(text("SELECT to_regclass(:v)"), {"v": view}) is None:
                uow.session.execute(text(f"CREATE VIEW {view} AS {body}"))
        uow.commit()


def rows(topic: str, ids: list[int]) -> list[dict[str, Any]]:
    """The rows as the owner's view shows them now (``facts`` filled as 'changed')."""
    _, _, view = FACTS[topic]
    with UnitOfWork() as uow:
        found = uow.session.execute(
            text(f"SELECT to_jsonb(v) FROM {view} AS v WHERE v.id = ANY(:ids) ORDER BY v.id"),
            {"ids": ids},
        ).scalars()
        return [{"facts": ["changed"], **row} for row in found]


def publish(
    topic: str, ids: Sequence[int] = (), removed: Sequence[int] = (), *, reverse: bool = False
) -> int:
    """One message of ``topic`` naming ``ids`` as they stand and ``removed``; its id."""
    fact, key, _ = FACTS[topic]
    states = rows(topic, list(ids))
    payload = fact.model_validate(
        {key: states[::-1] if reverse else states, "removed": list(removed)}
    ).model_dump(mode="json")
    with UnitOfWork() as uow:
        message_id: int = uow.session.execute(
            text(
                "INSERT INTO platform.outbox (topic, payload, created_at, attempts)"
                " VALUES (:t, CAST(:p AS jsonb), now(), 0) RETURNING id"
            ),
            {"t": topic, "p": json.dumps(payload)},
        ).scalar_one()
        uow.commit()
    return message_id
