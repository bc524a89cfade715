"""Check-ins: a member's entrance scan opens a visit; repeats inside the window join it.

Twenty phones scanning the same door at once must yield one visit: the rule is the
database function ``stores.check_in`` (``stores/sql/check_in.sql``), which upserts the
(member, store) row in ``store_visits`` only when the last visit began before the window
and inserts the check-in from what it returned. A concurrent scan waits on that row's
lock, then finds the visit just opened, inserts nothing and reads the open check-in.
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

# The rule is the database function stores/sql/check_in.sql (touchpoints.record_scan calls
# it too); sync and async callers share this statement.
_CHECK_IN = """
    SELECT id, store_id, member_id, touchpoint_id, scan_id, checked_in_at, created
    FROM stores.check_in(
        p_store_id => %(store_id)s, p_member_id => %(member_id)s, p_at => %(at)s,
        p_since => %(since)s, p_arrival => %(arrival)s,
        p_touchpoint_id => %(touchpoint_id)s, p_scan_id => %(scan_id)s)
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


def _result(rows: list[dict[str, object]]) -> CheckInResult:
    row = rows[0]
    return CheckInResult(check_in=CheckInRead.model_validate(row), created=bool(row["created"]))


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
    return _result(fetch(session, _CHECK_IN, params))


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
    """``check_in`` on the event loop, in the caller's transaction."""
    params = _visit_params(store_id, member_id, at, window, touchpoint_id, scan_id)
    return _result(await afetch(connection, _CHECK_IN, params))


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
