"""Overdue cases go to the regional manager, exactly once (beat).

An escalation is the case's ``escalated_at``, an ``escalate`` step, and one message in
the inbox of each active manager of the store's region (HQ's for a delivery order's
case), through notifications (``manager_inbox``: listed at ``/manager/v1/notifications``).
Escalated cases also head the managers' case list (``/manager/v1/cases``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from orders.cases import history
from orders.cases.models import ServiceCase
from services.notifications.client import LocalNotificationsClient
from services.platform.errors import NotFound
from stores.client import LocalStoresClient


def escalate_overdue(*, session: Session, now: datetime, limit: int = 500) -> int:
    """Mark open, unanswered cases past their deadline as escalated and tell the managers.

    The UPDATE claims each case (``escalated_at IS NULL`` in its WHERE, rows skipped
    if another sweep holds them, re-checked after a sweep that committed first), so
    repeated or concurrent beat runs escalate a case once; the messages are written in
    the same transaction, so they exist exactly when the claim committed (and are deduped
    per case and manager besides). Returns how many were escalated now.
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
    stores = LocalStoresClient(session)
    notifications = LocalNotificationsClient(session)
    for case_id in sorted(ids):
        case = session.get_one(ServiceCase, case_id)
        history.record(session, case, action="escalate", actor_role="system")
        params = {
            "case_id": case.id,
            "kind": case.kind,
            "store_id": case.store_id,
            "store_name": _store_name(stores, case.store_id),
            "due_at": case.due_at.isoformat(timespec="minutes"),
        }
        for manager_id in stores.managers_answering_for(case.store_id):
            notifications.notify(
                template="case_escalated",
                dedupe_key=f"case-{case.id}-escalated-manager-{manager_id}",
                channel="manager_inbox",
                manager_id=manager_id,
                params=params,
            )
    return len(ids)


def _store_name(stores: LocalStoresClient, store_id: int | None) -> str:
    if store_id is None:
        return "the online shop"
    try:
        return stores.get_store(store_id).name
    except NotFound:
        return f"store {store_id}"
