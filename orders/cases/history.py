"""Every step of a case is kept in order and the shopper is told about it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from orders.cases.models import CaseStep, ServiceCase
from services.notifications.client import LocalNotificationsClient

#: What the shopper reads for each step (templates registered in orders.cases.notices).
_TEMPLATE = {
    "open": "case_opened",
    "contact": "case_contacted",
    "approve": "case_approved",
    "decline": "case_declined",
    "resolve": "case_resolved",
}


def record(
    session: Session,
    case: ServiceCase,
    *,
    action: str,
    actor_role: str,
    actor_id: int | None = None,
    note: str | None = None,
) -> CaseStep:
    """Append the step (the case's status after it) and notify the shopper, once per step."""
    entry = CaseStep(
        case_id=case.id,
        action=action,
        status=case.status,
        actor_role=actor_role,
        actor_id=actor_id,
        note=note,
    )
    session.add(entry)
    session.flush()
    template = _TEMPLATE.get(action)
    if template is not None:  # an escalation is for the manager, not the shopper
        LocalNotificationsClient(session).notify(
            template=template,
            dedupe_key=f"case-{case.id}-step-{entry.id}",
            member_id=case.member_id,
            params={"case_id": case.id, "kind": case.kind, "note": note or ""},
        )
    return entry
