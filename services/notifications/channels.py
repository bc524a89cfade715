"""Delivery channels. The dev channel only logs (the delivery log is the record);
the tablet channel also publishes on Redis for a store's tablets."""

from __future__ import annotations

import json
from typing import Protocol

import structlog

from services.platform.cache import get_redis

log = structlog.get_logger(__name__)


class Channel(Protocol):
    def send(self, *, member_id: int | None, store_id: int | None, body: str) -> None: ...


class LoggingChannel:
    """Mini-program subscribe messages and SMS in development: written to the log."""

    def __init__(self, name: str) -> None:
        self.name = name

    def send(self, *, member_id: int | None, store_id: int | None, body: str) -> None:
        log.info("notification_sent", channel=self.name, member_id=member_id, body=body)


class TabletChannel:
    """Pushes to ``tablet:store:<id>`` on Redis, where the store's tablets listen."""

    def send(self, *, member_id: int | None, store_id: int | None, body: str) -> None:
        if store_id is None:
            raise ValueError("a tablet notification needs a store")
        get_redis().publish(f"tablet:store:{store_id}", json.dumps({"body": body}))


def channel_for(name: str) -> Channel:
    if name == "tablet":
        return TabletChannel()
    return LoggingChannel(name)
