"""Public interface of the notifications service."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from services.notifications import service, templates
from services.notifications.models import Delivery
from services.notifications.schemas import InboxItemRead
from services.notifications.service import Channel
from services.platform.adb import Connection

#: Add or replace a message template (a service that sends its own kind of message).
register_template = templates.register


async def notify_async(
    connection: Connection,
    *,
    template: str,
    dedupe_key: str,
    channel: Channel = "mini_program",
    member_id: int | None = None,
    store_id: int | None = None,
    params: dict[str, Any] | None = None,
) -> None:
    """Queue a notification in the caller's async transaction (relay kicked after commit)."""
    await service.request_async(
        connection,
        template=template,
        dedupe_key=dedupe_key,
        channel=channel,
        member_id=member_id,
        store_id=store_id,
        params=params,
    )


def message(
    *, template: str, dedupe_key: str, member_id: int, params: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """The outbox topic and payload ``notify`` writes for a member, for a database
    function that writes them in its own statement (``stores.book_appointment``)."""
    payload = service._requested(template, dedupe_key, "mini_program", member_id, None, params)
    return service.TOPIC, payload


def forget_member(session: Session, member_id: int, now: datetime) -> None:
    """Erase what messages to the member said (greetings name them); the log of sends stays."""
    del now
    session.execute(
        update(Delivery).where(Delivery.member_id == member_id).values(params={}, body="")
    )


class LocalNotificationsClient:
    """Writes the request to the outbox in the caller's transaction."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def notify(
        self,
        *,
        template: str,
        dedupe_key: str,
        channel: Channel = "mini_program",
        member_id: int | None = None,
        store_id: int | None = None,
        params: dict[str, Any] | None = None,
        manager_id: int | None = None,
    ) -> None:
        """``manager_id`` with ``channel="manager_inbox"``: the manager's in-app inbox."""
        service.request(
            self._session,
            template=template,
            dedupe_key=dedupe_key,
            channel=channel,
            member_id=member_id,
            store_id=store_id,
            params=params,
            manager_id=manager_id,
        )

    def manager_inbox(
        self, manager_id: int, *, offset: int = 0, limit: int = 50
    ) -> tuple[list[InboxItemRead], int]:
        """The manager's inbox, newest first, and its size."""
        rows, total = service.manager_inbox(
            self._session, manager_id=manager_id, offset=offset, limit=limit
        )
        items = [
            InboxItemRead(
                id=r.id, template=r.template, body=r.body, params=r.params, created_at=r.created_at
            )
            for r in rows
        ]
        return items, total
