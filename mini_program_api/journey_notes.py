"""Noting consider and buy moments for the journey, after the answer is sent.

The routes that note stay public and keep their documented security: the shopper is read
from the bearer token only if one came and it verifies, in the background task, never
refusing the request (a stale token on a product page still gets the product).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import BackgroundTasks, Depends, Header, Request

from services.feedback import journey
from services.platform.auth import verify_token
from services.platform.errors import DomainError
from services.platform.settings import get_settings
from services.platform.web.deps import AsyncRedisDep

#: The mini-program's device id, sent by anonymous shoppers so a later login can claim
#: what they looked at (the same id the scans take).
DeviceId = Annotated[
    str | None,
    Header(alias="X-Device-Id", min_length=8, max_length=64, pattern=r"^[\w.-]+$"),
]


def _member_of(authorization: str | None) -> int | None:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    try:
        return verify_token(token, "shopper", get_settings()).subject
    except DomainError:
        return None


async def _note(
    redis: Any,
    authorization: str | None,
    kind: str,
    member_id: int | None,
    device_id: str | None,
    fields: dict[str, Any],
) -> None:
    entry = journey.buffered(
        kind,
        member_id=member_id if member_id is not None else _member_of(authorization),
        device_id=device_id,
        **fields,
    )
    await journey.note_async(redis, entry)


class JourneyNote:
    """Notes one moment once the answer is out (nothing when the setting switches it off)."""

    def __init__(
        self,
        request: Request,
        background: BackgroundTasks,
        redis: AsyncRedisDep,
        device_id: DeviceId = None,
    ) -> None:
        self._authorization = request.headers.get("authorization")
        self._background = background
        self._redis = redis
        self._device_id = device_id

    def __call__(
        self,
        kind: str,
        *,
        at: datetime,
        member_id: int | None = None,
        product_id: int | None = None,
        store_id: int | None = None,
        ref: str | None = None,
    ) -> None:
        if not get_settings().journey_views_recorded:
            return
        fields = {"at": at, "product_id": product_id, "store_id": store_id, "ref": ref}
        self._background.add_task(
            _note, self._redis, self._authorization, kind, member_id, self._device_id, fields
        )


Noted = Annotated[JourneyNote, Depends()]
