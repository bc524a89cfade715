"""Public interface of the notifications service."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from services.notifications import service
from services.notifications.service import Channel
from services.platform.adb import Connection


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
    ) -> None:
        service.request(
            self._session,
            template=template,
            dedupe_key=dedupe_key,
            channel=channel,
            member_id=member_id,
            store_id=store_id,
            params=params,
        )
