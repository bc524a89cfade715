"""Delivery channels. Development logs who was told what kind of message (never its text:
it carries pickup codes); the tablet channel publishes on Redis for a store's tablets; a
manager's messages stay in their inbox (the delivery log); in production mini-program
messages go out as WeChat subscribe messages."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Protocol

import structlog

from services.platform.cache import get_redis

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Message:
    """One rendered notification on its way to one recipient."""

    template: str
    dedupe_key: str
    member_id: int | None
    store_id: int | None
    body: str
    manager_id: int | None = None
    params: dict[str, Any] = field(default_factory=dict)


class Skipped(Exception):
    """Not sent, and retrying would not help (no template set up, the member said no)."""


class Channel(Protocol):
    def send(self, message: Message) -> None: ...


class LoggingChannel:
    """Development only: a log line naming the template and the recipient, not the text."""

    def __init__(self, name: str) -> None:
        self.name = name

    def send(self, message: Message) -> None:
        log.info(
            "notification_sent",
            channel=self.name,
            template=message.template,
            member_id=message.member_id,
            store_id=message.store_id,
            dedupe_key=message.dedupe_key,
        )


class ManagerInboxChannel:
    """Managers have no push channel: the delivery row itself is their in-app inbox
    (``GET /manager/v1/notifications``), so sending only checks there is a recipient."""

    def send(self, message: Message) -> None:
        if message.manager_id is None:
            raise ValueError("an inbox notification needs a manager")


class TabletChannel:
    """Pushes to ``tablet:store:<id>`` on Redis, where the store's tablets listen."""

    def send(self, message: Message) -> None:
        if message.store_id is None:
            raise ValueError("a tablet notification needs a store")
        get_redis().publish(f"tablet:store:{message.store_id}", json.dumps({"body": message.body}))
