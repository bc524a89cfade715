"""Who is credited with an order: only what the server can vouch for.

Evidence is the member's own recorded scan (the last touch in the window, or a
touchpoint the shopper names that they did scan) and a guide's signed share
link. A guide the shopper names without a link must be on duty where the
order is collected: at the pickup store or in its region. Anything else is
refused (422), so a shopper cannot credit an arbitrary guide (commission
fraud) or override their real last touch. The channel follows the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from orders.schemas import Channel
from services.platform.adb import Connection
from services.platform.errors import InvalidInput
from services.touchpoints.client import last_touch_async, shared_by
from services.touchpoints.schemas import Attribution
from stores.client import guide_post_async, open_store_async
from stores.schemas import GuidePost


@dataclass(frozen=True)
class Credit:
    touchpoint_id: int | None
    guide_id: int | None
    channel: Channel


class Evidence(Protocol):
    """What a placement (or its checkout preview) says about who to credit."""

    @property
    def store_id(self) -> int | None: ...
    @property
    def touchpoint_id(self) -> int | None: ...
    @property
    def guide_id(self) -> int | None: ...
    @property
    def share(self) -> str | None: ...


_REFUSALS = {
    "touchpoint_not_scanned": "you have not scanned that touchpoint recently",
    "guide_mismatch": "the share link is from another guide",
    "guide_not_found": "that guide does not exist or no longer works here",
    "guide_not_at_store": "that guide works neither at the pickup store nor in its region",
    "guide_unverified": "a guide can be named only for a pickup order (or via their link)",
}


def named_guide_refusal(
    post: GuidePost | None, *, store_id: int | None, region_id: int | None
) -> str | None:
    """Why a guide the shopper names (with no other evidence) cannot be credited (pure)."""
    if post is None or not post.active:
        return "guide_not_found"
    if store_id is None:
        return "guide_unverified"
    if post.store_id != store_id and post.region_id != region_id:
        return "guide_not_at_store"
    return None


def channel_for(*, shared: bool, assisted: bool, touch_kind: str | None) -> Channel:
    """The order's channel from the evidence behind it (pure)."""
    if shared:
        return "guide_share"
    if assisted:
        return "store_assisted"
    if touch_kind is None:
        return "mini_program"
    return "campaign" if touch_kind == "campaign" else "qr"


def _refuse(code: str) -> InvalidInput:
    return InvalidInput(_REFUSALS[code], code=code)


async def credit(
    connection: Connection,
    *,
    member_id: int,
    body: Evidence,
    now: datetime,
    assisted_by: int | None = None,
) -> Credit:
    """The touchpoint, guide and channel to store on the order (reads only).

    ``assisted_by`` is the guide ringing the sale up on their tablet: their signed-in
    session at that store is the evidence, so the sale is theirs (``store_assisted``);
    the member's last touch is still recorded for the touchpoint report.
    """
    touch = await last_touch_async(connection, member_id, now, touchpoint_id=body.touchpoint_id)
    if assisted_by is not None:
        return Credit(
            touchpoint_id=touch.touchpoint_id if touch else None,
            guide_id=assisted_by,
            channel=channel_for(shared=False, assisted=True, touch_kind=None),
        )
    if body.touchpoint_id is not None and touch is None:
        raise _refuse("touchpoint_not_scanned")
    shared = shared_by(body.share, now=now) if body.share is not None else None
    if shared is not None and body.guide_id not in (None, shared):
        raise _refuse("guide_mismatch")
    guide_id, assisted = await _guide(connection, body, shared, touch)
    return Credit(
        touchpoint_id=touch.touchpoint_id if touch else None,
        guide_id=guide_id,
        channel=channel_for(
            shared=guide_id is not None and guide_id == shared,
            assisted=assisted,
            touch_kind=touch.kind if touch else None,
        ),
    )


async def _guide(
    connection: Connection, body: Evidence, shared: int | None, touch: Attribution | None
) -> tuple[int | None, bool]:
    """The guide credited, and whether the shopper named them in store (store assisted)."""
    touch_guide = touch.guide_id if touch else None
    if shared is not None:
        post = await guide_post_async(connection, shared)
        # A guide who has left earns nothing from old links; the order still goes through.
        return (shared, False) if post is not None and post.active else (touch_guide, False)
    if body.guide_id is None or body.guide_id == touch_guide:
        return touch_guide, False
    post = await guide_post_async(connection, body.guide_id)
    store = await open_store_async(body.store_id) if body.store_id is not None else None
    refusal = named_guide_refusal(
        post,
        store_id=store.id if store else None,
        region_id=store.region_id if store else None,
    )
    if refusal is not None:
        raise _refuse(refusal)
    return body.guide_id, True
