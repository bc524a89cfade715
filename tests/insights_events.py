"""Owners' facts for insights' tests: messages built from the owners' public views.

``publish(...)`` writes one message per topic with the rows named (as they stand now, or
removed), through the owners' own pydantic models, as the owners' triggers would; tests
then hand messages to the consumer in whatever order they choose.
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

#: Topic -> (fact, its list of rows, the view its rows come from).
FACTS: dict[str, tuple[type[Fact], str, str]] = {
    OrdersChanged.TOPIC: (OrdersChanged, "orders", "orders.public_orders"),
    PaymentsSettled.TOPIC: (PaymentsSettled, "payments", "payments.public_settled_payments"),
    ScansRecorded.TOPIC: (ScansRecorded, "scans", "touchpoints.public_scans"),
    CheckInsRecorded.TOPIC: (CheckInsRecorded, "check_ins", "stores.public_check_ins"),
    AppointmentsChanged.TOPIC: (AppointmentsChanged, "appointments", "stores.public_appointments"),
    MembersJoined.TOPIC: (MembersJoined, "members", "members.public_members"),
}


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
