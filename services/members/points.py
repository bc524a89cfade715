"""The points ledger: balance never negative, each entry applied once per source.

Each entry locks the member's row and writes the entry (skipped if its source
already exists or the balance would go negative) and the balance it leaves, in
one call of ``members.apply_points`` (services/members/sql/apply_points.sql). The
unique (member, source) key and the CHECK constraints back both rules up in the
database.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.members.models import Member, PointsEntry
from services.members.schemas import PointsEntryRead
from services.platform.adb import Connection
from services.platform.adb import fetch as afetch
from services.platform.db import fetch, utcnow
from services.platform.errors import Conflict, InvalidInput, NotFound

_COLUMNS = "id, member_id, delta, source, reason, balance_after, created_at"
# The rule itself is the database function (services/members/sql/apply_points.sql), so
# orders.place_order spends points at checkout with the same text.
_APPLY = f"""
    SELECT {_COLUMNS} FROM members.apply_points(
        p_member_id => CAST(%(member_id)s AS bigint), p_delta => CAST(%(delta)s AS integer),
        p_source => CAST(%(source)s AS varchar), p_reason => CAST(%(reason)s AS varchar),
        p_at => CAST(%(at)s AS timestamptz))
"""


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


def take_back(
    *, session: Session, member_id: int, points: int, source: str, reason: str = ""
) -> int:
    """Take up to ``points`` back for ``source`` (once), never below zero; the points taken.

    Earned points taken back on a refund may already be spent: the member keeps
    what they spent (the balance never goes negative) and loses what is left.
    A repeat of ``source`` takes nothing more and answers what it took.
    """
    if points <= 0:
        return 0
    existing = session.scalar(
        select(PointsEntry.delta).where(
            PointsEntry.member_id == member_id, PointsEntry.source == source
        )
    )
    if existing is not None:
        return -existing
    balance = session.scalar(select(Member.points).where(Member.id == member_id).with_for_update())
    taken = min(points, balance or 0)
    if taken:
        _apply(session, member_id=member_id, delta=-taken, source=source, reason=reason)
    return taken


async def balance_async(connection: Connection, *, member_id: int) -> int:
    """The member's points now (0 for an unknown member)."""
    rows = await afetch(connection, _BALANCE, {"member_id": member_id})
    return int(rows[0]["points"]) if rows else 0


_BALANCE = "SELECT points FROM members.members WHERE id = CAST(%(member_id)s AS bigint)"


def _entry(member_id: int, delta: int, source: str, reason: str) -> dict[str, object]:
    if not source or len(source) > 120:
        raise InvalidInput("a points source is 1-120 characters", code="points_source_invalid")
    return {
        "member_id": member_id,
        "delta": delta,
        "source": source,
        "reason": reason[:200],
        "at": utcnow(),
    }


async def earn_once_async(
    *, connection: Connection, member_id: int, points: int, source: str, reason: str = ""
) -> PointsEntryRead | None:
    """``earn`` in the caller's async transaction; None when ``source`` was already used.

    For the scan hot path, where a repeat simply earns nothing (no replay read).
    """
    if points <= 0:
        raise InvalidInput("earned points must be positive", code="points_not_positive")
    rows = await afetch(connection, _APPLY, _entry(member_id, points, source, reason))
    return PointsEntryRead.model_validate(rows[0]) if rows else None


def _apply(
    session: Session, *, member_id: int, delta: int, source: str, reason: str
) -> PointsEntryRead:
    rows = fetch(session, _APPLY, _entry(member_id, delta, source, reason))
    if rows:
        return PointsEntryRead.model_validate(rows[0])
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
