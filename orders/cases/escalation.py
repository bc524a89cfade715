"""Overdue cases go to the regional manager, exactly once (beat).

There is no manager inbox channel yet: an escalated case is one with
``escalated_at`` set and an ``escalate`` step, and it heads its region's managers'
case list (``/manager/v1/cases``, escalated first).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from orders.cases import history
from orders.cases.models import ServiceCase


def escalate_overdue(*, session: Session, now: datetime, limit: int = 500) -> int:
    """Mark open, unanswered cases past their deadline as escalated.

    The UPDATE claims each case (``escalated_at IS NULL`` in its WHERE, rows skipped
    if another sweep holds them), so repeated or concurrent beat runs escalate a case
    once. Returns how many were escalated now.
    """
    due = (
        update(ServiceCase)
        .where(
            ServiceCase.id.in_(
                ServiceCase.__table__.select()
                .with_only_columns(ServiceCase.id)
                .where(
                    ServiceCase.status == "open",
                    ServiceCase.acted_at.is_(None),
                    ServiceCase.escalated_at.is_(None),
                    ServiceCase.due_at <= now,
                )
                .order_by(ServiceCase.due_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
                .scalar_subquery()
            )
        )
        .values(escalated_at=now)
        .returning(ServiceCase.id)
    )
    ids = list(session.scalars(due))
    for case_id in ids:
        history.record(
            session, session.get_one(ServiceCase, case_id), action="escalate", actor_role="system"
        )
    return len(ids)
