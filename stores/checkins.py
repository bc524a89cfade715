"""Check-ins: a member's entrance scan opens a visit; repeats inside the window join it.

Twenty phones scanning the same door at once must yield one visit, so the
check for an open visit and the insert run under a transaction-scoped advisory
lock keyed by (store, member): the second scanner waits for the first to commit,
then sees its row (READ COMMITTED takes a fresh snapshot per statement).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import BigInteger, DateTime, Integer, exists, func, insert, literal, select
from sqlalchemy.orm import Session

from stores.models import CheckIn
from stores.schemas import CheckInRead, CheckInResult

_LOCK_NAMESPACE = 0x0C4E
_COLUMNS = (
    CheckIn.id,
    CheckIn.store_id,
    CheckIn.member_id,
    CheckIn.touchpoint_id,
    CheckIn.scan_id,
    CheckIn.checked_in_at,
)


def check_in(
    *,
    session: Session,
    store_id: int,
    member_id: int,
    at: datetime,
    window: timedelta,
    touchpoint_id: int | None = None,
    scan_id: int | None = None,
) -> CheckInResult:
    """The member's open visit at the store, or a new one starting ``at``."""
    session.execute(
        select(
            func.pg_advisory_xact_lock(_LOCK_NAMESPACE, func.hashtext(f"{store_id}:{member_id}"))
        )
    )
    # Runs after the lock, so its snapshot includes any visit committed meanwhile.
    open_visit = exists().where(
        CheckIn.member_id == member_id,
        CheckIn.store_id == store_id,
        CheckIn.checked_in_at > at - window,
    )
    row = session.execute(
        insert(CheckIn)
        .from_select(
            ["store_id", "member_id", "touchpoint_id", "scan_id", "checked_in_at"],
            select(
                literal(store_id),
                literal(member_id, BigInteger),
                literal(touchpoint_id, Integer),
                literal(scan_id, BigInteger),
                literal(at, DateTime(timezone=True)),
            ).where(~open_visit),
        )
        .returning(*_COLUMNS)
    ).first()
    if row is not None:
        return CheckInResult(check_in=CheckInRead.model_validate(row._mapping), created=True)
    existing = session.execute(
        select(*_COLUMNS)
        .where(
            CheckIn.member_id == member_id,
            CheckIn.store_id == store_id,
            CheckIn.checked_in_at > at - window,
        )
        .order_by(CheckIn.checked_in_at.desc())
        .limit(1)
    ).one()
    return CheckInResult(check_in=CheckInRead.model_validate(existing._mapping), created=False)


def for_store(
    *, session: Session, store_id: int, since: datetime, offset: int = 0, limit: int = 50
) -> tuple[list[CheckInRead], int]:
    """The store's check-ins since ``since``, newest first."""
    query = select(CheckIn).where(CheckIn.store_id == store_id, CheckIn.checked_in_at >= since)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(CheckIn.checked_in_at.desc(), CheckIn.id.desc()).offset(offset).limit(limit)
    )
    return [CheckInRead.model_validate(r) for r in rows], total


def for_member(*, session: Session, member_id: int, limit: int = 50) -> list[CheckInRead]:
    """The member's check-ins, newest first."""
    rows = session.scalars(
        select(CheckIn)
        .where(CheckIn.member_id == member_id)
        .order_by(CheckIn.checked_in_at.desc())
        .limit(limit)
    )
    return [CheckInRead.model_validate(r) for r in rows]


def between(*, session: Session, start: datetime, end: datetime) -> list[CheckInRead]:
    """Every check-in in [start, end), oldest first (for attribution reports)."""
    rows = session.scalars(
        select(CheckIn)
        .where(CheckIn.checked_in_at >= start, CheckIn.checked_in_at < end)
        .order_by(CheckIn.checked_in_at)
    )
    return [CheckInRead.model_validate(r) for r in rows]
