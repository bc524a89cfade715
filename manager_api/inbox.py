"""The manager's inbox: what the system told them (e.g. a case escalated to them)."""

from __future__ import annotations

from fastapi import APIRouter

from services.notifications.client import LocalNotificationsClient
from services.notifications.schemas import InboxItemRead
from services.platform.web.auth import CurrentManager
from services.platform.web.deps import UowDep
from services.platform.web.pagination import Page, Pagination

router = APIRouter(tags=["inbox"])


@router.get("/notifications", response_model=Page[InboxItemRead])
def my_notifications(manager: CurrentManager, uow: UowDep, page: Pagination) -> Page[InboxItemRead]:
    """Your inbox, newest first: overdue service cases of your regions' stores escalated to
    you (``case_escalated``, with the case id to open at ``/manager/v1/cases/{id}``)."""
    items, total = LocalNotificationsClient(uow.session).manager_inbox(
        manager.subject, offset=page.offset, limit=page.limit
    )
    return page.page(items, total)
