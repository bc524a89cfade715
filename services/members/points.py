"""The points ledger: balance never negative, each entry applied once per source.

Each entry locks the member's row and writes the entry (skipped if its source
already exists or the balance would go negative) and the balance it leaves, in
one statement. The unique
(member, source) key and the CHECK constraints back both rules up in the
database.
"""

from __future__ import annotations

from sqlalchemy import DateTime, Integer, String, literal, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.members.models import Member, PointsEntry
from services.members.schemas import PointsEntryRead
from services.platform.db import utcnow
from services.platform.errors import Conflict, InvalidInput, NotFound

_COLUMNS = (
    PointsEntry.id,
    PointsEntry.member_id,
    PointsEntry.delta,
    PointsEntry.source,
    PointsEntry.reason,
    PointsEntry.balance_after,
    PointsEntry.created_at,
)


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
    # One statement in the common case: lock the member's row, add the entry
    # unless its source exists or the balance would go negative, store the new
    # balance. A concurrent entry for the same member waits on the row lock and
    # then sees the committed balance (FOR UPDATE re-reads the newest row) and
    # the committed source (ON CONFLICT checks the index, not the snapshot).
    locked = (
        select(Member.id, Member.points)
        .where(Member.id == member_id)
        .with_for_update()
        .cte("locked")
    )
    entry = (
        insert(PointsEntry)
        .from_select(
            ["member_id", "delta", "source", "reason", "balance_after", "created_at"],
            select(
                locked.c.id,
                literal(delta, Integer),
                literal(source, String),
                literal(reason, String),
                locked.c.points + delta,
                literal(utcnow(), DateTime(timezone=True)),
            ).where(locked.c.points + delta >= 0),
        )
        .on_conflict_do_nothing(index_elements=["member_id", "source"])
        .returning(*_COLUMNS)
        .cte("entry")
    )
    row = session.execute(
        update(Member)
        .where(Member.id == entry.c.member_id)
        .values(points=entry.c.balance_after)
        .returning(*(entry.c[c.key] for c in _COLUMNS)),
        execution_options={"synchronize_session": False},
    ).first()
    if row is not None:
        return PointsEntryRead.model_validate(row._mapping)
    # Nothing written: a replay, too few points, or no such member.
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
    balance = session.scalar(select(Member.points).where(Member.id == member_id))
    if balance is None:
        raise NotFound(f"member {member_id} does not exist", code="member_not_found")
    raise Conflict(
        "not enough points",
        code="points_insufficient",
        details={"balance": balance, "needed": -delta},
    )


def history(*, session: Session, member_id: int, limit: int = 50) -> list[PointsEntryRead]:
    """The member's ledger, newest first."""
    rows = session.scalars(
        select(PointsEntry)
        .where(PointsEntry.member_id == member_id)
        .order_by(PointsEntry.id.desc())
        .limit(limit)
    )
    return [PointsEntryRead.model_validate(r) for r in rows]
