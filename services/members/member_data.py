"""A member's data across services: the export sections and the erasure steps, one line each.

To add a service's section, write ``export_member(session, member_id)`` in its ``client.py``
over its own tables and add one line to ``EXPORTS`` (and, if it keeps personal data,
``forget_member(session, member_id, now)`` and one line to ``ERASERS``). Functions are named
as strings and imported on first use, so this list never creates an import cycle.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from services.platform.member_data import resolve

EXPORTS: dict[str, str] = {
    "profile": "services.members.client:export_profile",
    "consents": "services.members.client:export_consents",
    "points_ledger": "services.members.client:export_points",
    "coupons": "services.promotions.client:export_member",
    "orders": "orders.client:export_member",
    "appointments": "stores.client:export_appointments",
    "check_ins": "stores.client:export_check_ins",
    "scans": "services.touchpoints.client:export_member",
    "feedback": "services.feedback.client:export_member",
    "recommendations": "services.recommendations.client:export_member",
}

#: Run in this order in one transaction; members' own row goes last (it revokes the login).
ERASERS: dict[str, str] = {
    "orders": "orders.client:forget_member",
    "stores": "stores.client:forget_member",
    "scans": "services.touchpoints.client:forget_member",
    "feedback": "services.feedback.client:forget_member",
    "notifications": "services.notifications.client:forget_member",
    "recommendations": "services.recommendations.client:forget_member",
    "stored_answers": "services.platform.idempotency:forget_shopper",
    "members": "services.members.erasure:forget_member",
}


def export(session: Session, member_id: int) -> dict[str, Any]:
    """Every registered section for the member."""
    return {name: resolve(spec)(session, member_id) for name, spec in EXPORTS.items()}


def erase(session: Session, member_id: int, now: datetime) -> None:
    """Every registered erasure step, in order, in the caller's transaction."""
    for spec in ERASERS.values():
        resolve(spec)(session, member_id, now)
