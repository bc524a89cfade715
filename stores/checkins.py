"""Check-ins: a member's entrance scan opens a visit; repeats inside the window join it.

Twenty phones scanning the same door at once must yield one visit, so the
check for an open visit and the insert run under a transaction-scoped advisory
lock keyed by (store, member): the second scanner waits for the first to commit,
then sees its row (READ COMMITTED takes a fresh snapshot per statement).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from stores.models import CheckIn
from stores.schemas import CheckInRead, CheckInResult

_LOCK_NAMESPACE = 0x0C4E
_COLUMNS = "id, store_id, member_id, touchpoint_id, scan_id, checked_in_at"
# Prepared once as plain SQL: this is the scan hot path, and building the
# statements with the expression language on every call cost more than running them.
_LOCK = text("SELECT pg_advisory_xact_lock(CAST(:namespace AS integer), hashtext(:key))")
_OPEN_VISIT = """
    FROM stores.check_ins
    WHERE member_id = CAST(:member_id AS bigint) AND store_id = CAST(:store_id AS integer)
      AND checked_in_at > CAST(:since AS timestamptz)
"""
# Runs after the lock, so its snapshot includes any visit committed meanwhile.
_INSERT_UNLESS_OPEN = text(
    f"""
    INSERT INTO stores.check_ins (store_id, member_id, touchpoint_id, scan_id, checked_in_at)
    SELECT CAST(:store_id AS integer), CAST(:member_id AS bigint),
           CAST(:touchpoint_id AS integer), CAST(:scan_id AS bigint), CAST(:at AS timestamptz)
    WHERE NOT EXISTS (SELECT 1 {_OPEN_VISIT})
    RETURNING {_COLUMNS}
    """
)
_FIND_OPEN = text(f"SELECT {_COLUMNS} {_OPEN_VISIT} ORDER BY checked_in_at DESC LIMIT 1")


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
    session.execute(_LOCK, {"namespace": _LOCK_NAMESPACE, "key": f"{store_id}:{member_id}"})
    params = {
        "store_id": store_id,
        "member_id": member_id,
        "touchpoint_id": touchpoint_id,
        "scan_id": scan_id,
        "at": at,
        "since": at - window,
    }
    row = session.execute(_INSERT_UNLESS_OPEN, params).first()
    if row is not None:
        return CheckInResult(check_in=CheckInRead.model_validate(row._mapping), created=True)
    existing = session.execute(_FIND_OPEN, params).one()
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
