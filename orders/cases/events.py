"""What the cases publish for other services: a case closed (feedback asks how it went).

Published through the outbox in the transaction that closes the case, so the event
exists exactly when the close committed; a refused second close publishes nothing.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from orders.cases.models import ServiceCase
from services.platform.outbox import publish

CLOSED_TOPIC = "case.closed"


def closed(session: Session, case: ServiceCase) -> None:
    """Publish ``case.closed`` for ``case`` (already closed) in the caller's transaction."""
    assert case.closed_at is not None
    publish(
        session,
        CLOSED_TOPIC,
        {
            "case_id": case.id,
            "kind": case.kind,
            "status": case.status,
            "outcome": case.outcome,
            "member_id": case.member_id,
            "store_id": case.store_id,
            "order_id": case.order_id,
            "closed_at": case.closed_at.isoformat(),
        },
    )
