"""Ask for a notification (in the caller's transaction) and deliver it (a Celery consumer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import httpx
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.members.client import LocalMembersClient
from services.notifications import channels
from services.notifications.models import Delivery
from services.notifications.templates import TEMPLATES, render
from services.notifications.wechat_subscribe import WeChatSubscribeChannel
from services.platform.adb import Connection
from services.platform.db import utcnow
from services.platform.outbox import publish, publish_async
from services.platform.settings import Settings, get_settings

TOPIC = "notification.requested"
Channel = Literal["mini_program", "sms", "tablet", "manager_inbox"]


def _requested(
    template: str,
    dedupe_key: str,
    channel: Channel,
    member_id: int | None,
    store_id: int | None,
    params: dict[str, Any] | None,
    manager_id: int | None = None,
) -> dict[str, Any]:
    if template not in TEMPLATES:
        raise KeyError(f"unknown template {template}")
    if member_id is None and store_id is None and manager_id is None:
        raise ValueError("a notification needs a member, a store or a manager")
    if (channel == "manager_inbox") != (manager_id is not None):
        raise ValueError("a manager is told through their inbox, and only a manager is")
    return {
        "template": template,
        "dedupe_key": dedupe_key,
        "channel": channel,
        "member_id": member_id,
        "store_id": store_id,
        "manager_id": manager_id,
        "params": params or {},
    }


def request(
    session: Session,
    *,
    template: str,
    dedupe_key: str,
    channel: Channel = "mini_program",
    member_id: int | None = None,
    store_id: int | None = None,
    params: dict[str, Any] | None = None,
    manager_id: int | None = None,
) -> None:
    """Queue a notification; it goes out only if the caller's transaction commits, once per key."""
    payload = _requested(template, dedupe_key, channel, member_id, store_id, params, manager_id)
    publish(session, TOPIC, payload)


async def request_async(
    connection: Connection,
    *,
    template: str,
    dedupe_key: str,
    channel: Channel = "mini_program",
    member_id: int | None = None,
    store_id: int | None = None,
    params: dict[str, Any] | None = None,
) -> None:
    """``request`` in the caller's async transaction (the caller kicks the relay after commit)."""
    payload = _requested(template, dedupe_key, channel, member_id, store_id, params)
    await publish_async(connection, TOPIC, payload)


def deliver(session: Session, payload: dict[str, Any]) -> Delivery | None:
    """Record and send one notification; a repeated dedupe key sends nothing (returns None)."""
    inserted = session.execute(
        insert(Delivery)
        .values(
            dedupe_key=payload["dedupe_key"],
            channel=payload["channel"],
            template=payload["template"],
            member_id=payload.get("member_id"),
            store_id=payload.get("store_id"),
            manager_id=payload.get("manager_id"),
            params=payload.get("params", {}),
            status="pending",
            attempts=0,
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(Delivery.id)
    ).scalar()
    if inserted is None:
        return None
    delivery = session.get(Delivery, inserted)
    assert delivery is not None
    delivery.attempts += 1
    try:
        delivery.body = render(delivery.template, delivery.params)
        channel = channel_for(
            delivery.channel,
            settings=get_settings(),
            openid_of=LocalMembersClient(session).openid,
        )
        channel.send(
            channels.Message(
                template=delivery.template,
                dedupe_key=delivery.dedupe_key,
                member_id=delivery.member_id,
                store_id=delivery.store_id,
                body=delivery.body,
                params=delivery.params,
                manager_id=delivery.manager_id,
            )
        )
    except channels.Skipped as exc:
        delivery.status = "skipped"
        delivery.error = str(exc)
        return delivery
    except Exception as exc:  # recorded; the log shows what never went out and why
        delivery.status = "failed"
        delivery.error = repr(exc)[:2000]
        return delivery
    delivery.status = "sent"
    delivery.sent_at = utcnow()
    return delivery


def deliveries_for_member(session: Session, *, member_id: int, limit: int = 50) -> list[Delivery]:
    """The member's notifications, newest first."""
    return list(
        session.scalars(
            select(Delivery)
            .where(Delivery.member_id == member_id)
            .order_by(Delivery.id.desc())
            .limit(limit)
        )
    )


def manager_inbox(
    session: Session, *, manager_id: int, offset: int, limit: int
) -> tuple[list[Delivery], int]:
    """The manager's inbox, newest first, and how many it holds."""
    where = (Delivery.manager_id == manager_id, Delivery.channel == "manager_inbox")
    total = session.scalar(select(func.count()).select_from(Delivery).where(*where)) or 0
    rows = session.scalars(
        select(Delivery).where(*where).order_by(Delivery.id.desc()).offset(offset).limit(limit)
    )
    return list(rows), total


def channel_for(
    name: str,
    *,
    settings: Settings,
    openid_of: Callable[[int], str | None],
    transport: httpx.BaseTransport | None = None,
) -> channels.Channel:
    """The channel that delivers ``name`` messages; production never gets the logging one."""
    if name == "tablet":
        return channels.TabletChannel()
    if name == "manager_inbox":
        return channels.ManagerInboxChannel()
    if name == "mini_program" and settings.notification_channel == "wechat":
        return WeChatSubscribeChannel(settings=settings, openid_of=openid_of, transport=transport)
    if settings.environment == "production":
        raise channels.Skipped(f"no {name} channel is set up in production")
    return channels.LoggingChannel(name)
