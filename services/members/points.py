"""The points ledger: balance never negative, each entry applied once per source.

Each entry locks the member's row, then looks for the source, checks the
balance and writes the entry and the new balance together. The unique
(member, source) key and the CHECK constraints back both rules up in the
database.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from services.members.models import Member, PointsEntry
from services.members.schemas import PointsEntryRead
from services.platform.errors import Conflict, InvalidInput, NotFound


def earn(
    *, session: Session, member_id: int, points: int, source: str, reason: str = ""
) -> PointsEntryRead:
    """Add ``points`` for ``source`` (once)."""
    if points <= 0:
        raise InvalidInput("earned points must be positive", code="points_not_positive")
    return _apply(session, member_id=member_id, delta=points, source=source, reason=reason)


def spend(
    *, session: Session, member_id: int, points: int, source: str, reason: str = ""
) -> PointsEntryRead:
    """Take ``points`` for ``source`` (once); Conflict when the balance is too small."""
    if points <= 0:
        raise InvalidInput("spent points must be positive", code="points_not_positive")
    return _apply(session, member_id=member_id, delta=-points, source=source, reason=reason)


def _apply(
    session: Session, *, member_id: int, delta: int, source: str, reason: str
) -> PointsEntryRead:
    if not source or len(source) > 120:
        raise InvalidInput("a points source is 1-120 characters", code="points_source_invalid")
    # Every entry of a member goes through the member's row lock, so the replay
    # check, the balance check and the write cannot interleave.
    balance = session.scalar(select(Member.points).where(Member.id == member_id).with_for_update())
    if balance is None:
        raise NotFound(f"member {member_id} does not exist", code="member_not_found")
    existing = session.scalar(
        select(PointsEntry).where(PointsEntry.member_id == member_id, PointsEntry.source == source)
    )
    if existing is not None:
        if existing.delta != delta:
            raise Conflict(
                "this points source was already used for a different amount",
                code="points_source_reused",
            )
        return PointsEntryRead.model_validate(existing).model_copy(update={"replayed": True})
    if balance + delta < 0:
        raise Conflict(
            "not enough points",
            code="points_insufficient",
            details={"balance": balance, "needed": -delta},
        )
    entry = PointsEntry(
        member_id=member_id,
        delta=delta,
        source=source,
        reason=reason,
        balance_after=balance + delta,
    )
    session.add(entry)
    session.execute(update(Member).where(Member.id == member_id).values(points=balance + delta))
    session.flush()
    return PointsEntryRead.model_validate(entry)


def history(*, session: Session, member_id: int, limit: int = 50) -> list[PointsEntryRead]:
    """The member's ledger, newest first."""
    rows = session.scalars(
        select(PointsEntry)
        .where(PointsEntry.member_id == member_id)
        .order_by(PointsEntry.id.desc())
        .limit(limit)
    )
    return [PointsEntryRead.model_validate(r) for r in rows]
