"""Check-ins: a member's entrance scan opens a visit; repeats inside the window join it.

Twenty phones scanning the same door at once must yield one visit. One
statement upserts the (member, store) row in ``store_visits`` only when the
last visit began before the window, and inserts the check-in from what it
returned. A concurrent scan waits on that row's lock, then finds the visit just
opened (ON CONFLICT re-checks its WHERE against the newest row version), so
it inserts nothing and reads the open check-in instead.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.platform.adb import Connection
from services.platform.adb import fetch as afetch
from services.platform.db import fetch
from stores.appointments.arrival import ARRIVAL_WINDOW
from stores.models import CheckIn
from stores.schemas import CheckInRead, CheckInResult

_COLUMNS = "id, store_id, member_id, touchpoint_id, scan_id, checked_in_at"
# Plain SQL, shared by platform.db.fetch and platform.adb.fetch: the scan hot path.
# The same statement marks the member's booked appointment at this store that starts
# within the arrival window as checked in (on every scan: one may come before the visit).
_OPEN_VISIT = f"""
    WITH arrived AS (
        UPDATE stores.appointments
        SET status = 'checked_in', checked_in_at = CAST(%(at)s AS timestamptz), updated_at = now()
        WHERE member_id = CAST(%(member_id)s AS bigint) AND store_id = CAST(%(store_id)s AS integer)
          AND status = 'booked'
          AND starts_at BETWEEN CAST(%(at)s AS timestamptz) - CAST(%(arrival)s AS interval)
                            AND CAST(%(at)s AS timestamptz) + CAST(%(arrival)s AS interval)
    ), visit AS (
        INSERT INTO stores.store_visits AS v (member_id, store_id, started_at)
        VALUES (CAST(%(member_id)s AS bigint), CAST(%(store_id)s AS integer),
                CAST(%(at)s AS timestamptz))
        ON CONFLICT (member_id, store_id) DO UPDATE SET started_at = EXCLUDED.started_at
        WHERE v.started_at <= CAST(%(since)s AS timestamptz)
        RETURNING member_id, store_id, started_at
    )
    INSERT INTO stores.check_ins (store_id, member_id, touchpoint_id, scan_id, checked_in_at)
    SELECT store_id, member_id, CAST(%(touchpoint_id)s AS integer), CAST(%(scan_id)s AS bigint),
           started_at
    FROM visit
    RETURNING {_COLUMNS}
"""
_FIND_OPEN = f"""
    SELECT {_COLUMNS} FROM stores.check_ins
    WHERE member_id = CAST(%(member_id)s AS bigint) AND store_id = CAST(%(store_id)s AS integer)
      AND checked_in_at > CAST(%(since)s AS timestamptz)
    ORDER BY checked_in_at DESC LIMIT 1
"""


def _visit_params(
    store_id: int,
    member_id: int,
    at: datetime,
    window: timedelta,
    touchpoint_id: int | None,
    scan_id: int | None,
) -> dict[str, object]:
    return {
        "store_id": store_id,
        "member_id": member_id,
        "touchpoint_id": touchpoint_id,
        "scan_id": scan_id,
        "at": at,
        "since": at - window,
        "arrival": ARRIVAL_WINDOW,
    }


def _result(opened: list[dict[str, object]], existing: list[dict[str, object]]) -> CheckInResult:
    if opened:
        return CheckInResult(check_in=CheckInRead.model_validate(opened[0]), created=True)
    return CheckInResult(check_in=CheckInRead.model_validate(existing[0]), created=False)


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
    params = _visit_params(store_id, member_id, at, window, touchpoint_id, scan_id)
    opened = fetch(session, _OPEN_VISIT, params)
    return _result(opened, [] if opened else fetch(session, _FIND_OPEN, params))


async def check_in_async(
    *,
    connection: Connection,
    store_id: int,
    member_id: int,
    at: datetime,
    window: timedelta,
    touchpoint_id: int | None = None,
    scan_id: int | None = None,
) -> CheckInResult:
    """``check_in`` on the event loop, in the caller's transaction (the scan hot path)."""
    params = _visit_params(store_id, member_id, at, window, touchpoint_id, scan_id)
    opened = await afetch(connection, _OPEN_VISIT, params)
    return _result(opened, [] if opened else await afetch(connection, _FIND_OPEN, params))


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
