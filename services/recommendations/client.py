"""Public interface of the recommendations service for front doors and other services.

It imports nothing from orders: orders calls ``also_like`` for its ready-for-pickup notice.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from services.platform.settings import get_settings
from services.recommendations import preferences, serving
from services.recommendations.members import MemberCopies
from services.recommendations.models import Home, Impression, MemberPick, Preference
from services.recommendations.schemas import RecommendationList, Recommended
from services.recommendations.showcase import Connect, Showcase
from services.recommendations.shown import ShownQueue

#: Items in the answers that carry a few suggestions (order, notice, product page).
FEW = 3


def for_member(
    session: Session,
    *,
    member_id: int,
    store_id: int | None,
    limit: int,
    touchpoint: str | None,
    now: datetime,
    excluded: Collection[int] = (),
    strict: bool = True,
) -> RecommendationList:
    """The member's suggestions (NotFound ``store_not_found`` for a store not open, unless
    not ``strict``: then the store is ignored)."""
    return serving.recommend(
        session,
        member_id=member_id,
        store_id=store_id,
        limit=limit,
        settings=get_settings(),
        touchpoint=touchpoint,
        excluded=excluded,
        now=now,
        strict=strict,
    )


async def for_member_async(
    connect: Connect,
    *,
    member_id: int,
    store_id: int | None,
    limit: int,
    touchpoint: str,
    now: datetime,
    shown: ShownQueue,
    showcase: Showcase,
    members: MemberCopies,
) -> RecommendationList:
    """``for_member`` on the event loop; what was shown joins the worker's ``shown`` queue;
    what is the same for every shopper comes from the worker's ``showcase``, the member's
    row from its ``members`` copy (``connect``: a connection when memory cannot answer)."""
    return await serving.recommend_async(
        connect,
        member_id=member_id,
        store_id=store_id,
        limit=limit,
        settings=get_settings(),
        touchpoint=touchpoint,
        now=now,
        shown=shown,
        showcase=showcase,
        members=members,
    )


def bought_together(session: Session, *, product_id: int, limit: int = FEW) -> list[Recommended]:
    """What the product's buyers also bought, on sale now."""
    return serving.bought_together(
        session, product_id=product_id, limit=limit, settings=get_settings()
    )


def also_like(
    session: Session,
    *,
    member_id: int,
    store_id: int | None,
    excluded: Collection[int],
    now: datetime,
) -> str:
    """A few suggestions' names for a message ("" for none): what ``store_id`` can hand over."""
    found = serving.recommend(
        session,
        member_id=member_id,
        store_id=store_id,
        limit=FEW,
        settings=get_settings(),
        touchpoint="pickup_notice",
        excluded=excluded,
        now=now,
        strict=False,
    )
    return ", ".join(item.name for item in found.items)


def personalised(session: Session, member_id: int) -> bool:
    return preferences.personalised(session, member_id)


def set_personalised(session: Session, *, member_id: int, value: bool, now: datetime) -> bool:
    """The member's choice (PIPL Art. 24), stored in the caller's transaction."""
    return preferences.set_personalised(session, member_id=member_id, value=value, now=now)


def export_member(session: Session, member_id: int) -> dict[str, Any]:
    """Everything this service keeps about the member (the personal data export)."""
    choice = session.get(Preference, member_id)
    home = session.get(Home, member_id)
    picks = session.execute(
        select(MemberPick.product_id, MemberPick.rank, MemberPick.why)
        .where(MemberPick.member_id == member_id)
        .order_by(MemberPick.rank)
    ).all()
    shown = session.execute(
        select(Impression.product_id, Impression.touchpoint, Impression.shown_at)
        .where(Impression.member_id == member_id)
        .order_by(Impression.shown_at)
    ).all()
    return {
        "personalised": True if choice is None else choice.personalised,
        "personalised_changed_at": choice.updated_at.isoformat() if choice else None,
        "home_store_id": home.store_id if home else None,
        "suggested": [{"product_id": p, "rank": r, "why": w} for p, r, w in picks],
        "shown": [
            {"product_id": p, "touchpoint": t, "shown_at": at.isoformat()} for p, t, at in shown
        ],
    }


def forget_member(session: Session, member_id: int, now: datetime) -> None:
    """Erasure: the member's picks, home store, choice and what they were shown go (the
    wall's past figures lose their rows: they are counts of members, not of money)."""
    del now
    for table in (MemberPick, Home, Impression, Preference):
        session.execute(delete(table).where(table.member_id == member_id))
