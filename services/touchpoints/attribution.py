"""Attribution: which touchpoint gets the credit for an order or a visit (last touch).

A member's action at time ``at`` is credited to their latest scan in
``(at - window, at]``. Store-entrance scans are the visit itself, so visits
are credited only to the touches that brought the member in (every other kind).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from services.platform.adb import Connection, fetch_one
from services.platform.db import fetch
from services.platform.errors import InvalidInput
from services.touchpoints.models import Scan, Touchpoint
from services.touchpoints.schemas import Attribution, ScanRead, TouchEvent, TouchpointPerformance

ENTRANCE = "store_entrance"


# The last-touch rule, once: for each (member, at) event, the member's latest
# scan in (at - window, at] of a kind not excluded. Plain SQL: it runs on every
# order placed (one event, async on the event loop); the report runs it for a
# batch of events and counts the hits per touchpoint. With a touchpoint id: that
# touchpoint's latest scan instead (evidence for a touchpoint a shopper names).
_TOUCHES = """
    SELECT hit.*
    FROM unnest(CAST(%(members)s AS bigint[]), CAST(%(ats)s AS timestamptz[]))
         AS event(member_id, at)
    CROSS JOIN LATERAL (
        SELECT s.id AS scan_id, s.touchpoint_id, s.scanned_at, t.kind, t.store_id, t.guide_id
        FROM touchpoints.scans s JOIN touchpoints.touchpoints t ON t.id = s.touchpoint_id
        WHERE s.member_id = event.member_id AND s.scanned_at <= event.at
          AND s.scanned_at > event.at - CAST(%(window)s AS interval)
          AND t.kind <> ALL(CAST(%(excluded)s AS varchar[]))
          AND (CAST(%(touchpoint_id)s AS integer) IS NULL
               OR (s.touchpoint_id = CAST(%(touchpoint_id)s AS integer) AND t.active))
        ORDER BY s.scanned_at DESC, s.id DESC
        LIMIT 1
    ) AS hit
"""
_CREDIT = f"""
    SELECT touchpoint_id, count(*) AS credited FROM ({_TOUCHES}) AS hits GROUP BY touchpoint_id
"""


def _touch_params(
    members: list[int],
    ats: list[datetime],
    window: timedelta,
    exclude_kinds: Sequence[str],
    touchpoint_id: int | None = None,
) -> dict[str, object]:
    return {
        "members": members,
        "ats": ats,
        "window": window,
        "excluded": list(exclude_kinds),
        "touchpoint_id": touchpoint_id,
    }


def last_touch(
    *,
    session: Session,
    member_id: int,
    at: datetime,
    window: timedelta,
    exclude_kinds: Sequence[str] = (),
) -> Attribution | None:
    """The member's latest scan within ``window`` before ``at``, or None."""
    rows = fetch(session, _TOUCHES, _touch_params([member_id], [at], window, exclude_kinds))
    return Attribution.model_validate(rows[0]) if rows else None


async def last_touch_async(
    connection: Connection,
    *,
    member_id: int,
    at: datetime,
    window: timedelta,
    exclude_kinds: Sequence[str] = (),
    touchpoint_id: int | None = None,
) -> Attribution | None:
    """``last_touch`` in the caller's async transaction.

    With ``touchpoint_id``: the member's latest scan of that (active) touchpoint in the
    window, or None: the evidence for a touchpoint the shopper names.
    """
    params = _touch_params([member_id], [at], window, exclude_kinds, touchpoint_id)
    row = await fetch_one(connection, _TOUCHES, params)
    return Attribution.model_validate(row) if row else None


def credited(
    *,
    session: Session,
    events: Sequence[TouchEvent],
    window: timedelta,
    exclude_kinds: Sequence[str] = (),
) -> Counter[int]:
    """How many of ``events`` each touchpoint is credited with (one query for the batch)."""
    if not events:
        return Counter()
    params = _touch_params(
        [e.member_id for e in events], [e.at for e in events], window, exclude_kinds
    )
    rows = fetch(session, _CREDIT, params)
    return Counter({int(row["touchpoint_id"]): int(row["credited"]) for row in rows})


#: The performance report covers the last 30 days unless asked, and at most a year.
REPORT_DAYS = 30
REPORT_MAX = timedelta(days=366)


def report_period(
    *, start: datetime | None, end: datetime | None, now: datetime
) -> tuple[datetime, datetime]:
    """The report's [start, end), zone-less times as UTC; InvalidInput ``bad_period`` otherwise.

    Refused: an empty or backwards period, or one longer than a year.
    """
    end = _aware(end) if end else now
    start = _aware(start) if start else end - timedelta(days=REPORT_DAYS)
    if start >= end or end - start > REPORT_MAX:
        raise InvalidInput("the period must be positive and at most a year", code="bad_period")
    return start, end


def _aware(moment: datetime) -> datetime:
    """Times without a zone are taken as UTC (the only kind the database stores)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def performance(
    *,
    session: Session,
    start: datetime,
    end: datetime,
    window: timedelta,
    check_ins: Sequence[TouchEvent],
    orders: Sequence[TouchEvent],
    region_ids: Sequence[int] | None = None,
) -> list[TouchpointPerformance]:
    """Scans, scanning members and credited visits and orders per touchpoint in [start, end)."""
    scans = select(
        Scan.touchpoint_id,
        func.count().label("scans"),
        func.count(func.distinct(Scan.member_id)).label("members"),
    ).where(Scan.scanned_at >= start, Scan.scanned_at < end)
    scan_counts = {
        row.touchpoint_id: (int(row.scans), int(row.members))
        for row in session.execute(scans.group_by(Scan.touchpoint_id))
    }
    visits = credited(session=session, events=check_ins, window=window, exclude_kinds=(ENTRANCE,))
    sales = credited(session=session, events=orders, window=window)
    ids = set(scan_counts) | set(visits) | set(sales)
    if not ids:
        return []
    query = select(Touchpoint).where(Touchpoint.id.in_(ids)).order_by(Touchpoint.id)
    if region_ids is not None:
        query = query.where(Touchpoint.region_id.in_(region_ids))
    return [
        TouchpointPerformance(
            touchpoint_id=t.id,
            kind=t.kind,
            name=t.name,
            store_id=t.store_id,
            scans=scan_counts.get(t.id, (0, 0))[0],
            scanning_members=scan_counts.get(t.id, (0, 0))[1],
            check_ins=visits[t.id],
            orders=sales[t.id],
        )
        for t in session.scalars(query)
    ]


def join_device_scans(*, session: Session, member_id: int, device_id: str, since: datetime) -> int:
    """Give the member the anonymous scans made on their device since ``since``."""
    result = session.execute(
        update(Scan)
        .where(Scan.device_id == device_id, Scan.member_id.is_(None), Scan.scanned_at >= since)
        .values(member_id=member_id)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def member_scans(*, session: Session, member_id: int, limit: int = 50) -> list[ScanRead]:
    """The member's scans, newest first."""
    rows = session.scalars(
        select(Scan)
        .where(Scan.member_id == member_id)
        .order_by(Scan.scanned_at.desc(), Scan.id.desc())
        .limit(limit)
    )
    return [ScanRead.model_validate(r) for r in rows]


def scanned_at_store(*, session: Session, member_id: int, store_id: int) -> bool:
    """Whether the member has scanned one of the store's codes (entrance, guide card, shelf)."""
    found = session.scalar(
        select(Scan.id)
        .join(Touchpoint, Touchpoint.id == Scan.touchpoint_id)
        .where(Scan.member_id == member_id, Touchpoint.store_id == store_id)
        .limit(1)
    )
    return found is not None
