"""Which members a campaign or a coupon issue reaches: ids that exist, or a segment."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import extract, select
from sqlalchemy.orm import Session

from services.members.models import Member


def existing(*, session: Session, member_ids: Sequence[int]) -> list[int]:
    """The ``member_ids`` that are members, in id order (unknown ids dropped)."""
    if not member_ids:
        return []
    rows = session.scalars(
        select(Member.id).where(Member.id.in_(set(member_ids))).order_by(Member.id)
    )
    return list(rows)


def segment(
    *,
    session: Session,
    home_city: str | None = None,
    joined_since: datetime | None = None,
    birthday_month: int | None = None,
    limit: int,
) -> list[int]:
    """Members matching every given filter (none: all members), in id order, at most ``limit``.

    Deleted accounts are never in a segment."""
    query = select(Member.id).where(Member.erased_at.is_(None)).order_by(Member.id).limit(limit)
    if home_city is not None:
        query = query.where(Member.home_city == home_city)
    if joined_since is not None:
        query = query.where(Member.joined_at >= joined_since)
    if birthday_month is not None:
        query = query.where(extract("month", Member.birthday) == birthday_month)
    return list(session.scalars(query))
