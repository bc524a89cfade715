"""Signed-in shoppers' product views, read in bulk for recommendations (implicit feedback)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.feedback.models import JourneyEvent


def product_views(
    session: Session, *, since: datetime | None, until: datetime
) -> list[tuple[int, int, datetime]]:
    """``(member_id, product_id, occurred_at)`` of members' product views in [since, until)."""
    query = select(JourneyEvent.member_id, JourneyEvent.product_id, JourneyEvent.occurred_at).where(
        JourneyEvent.kind == "product_viewed",
        JourneyEvent.member_id.is_not(None),
        JourneyEvent.product_id.is_not(None),
        JourneyEvent.occurred_at < until,
    )
    if since is not None:
        query = query.where(JourneyEvent.occurred_at >= since)
    return [
        (int(m), int(p), at)
        for m, p, at in session.execute(query)
        if m is not None and p is not None
    ]
