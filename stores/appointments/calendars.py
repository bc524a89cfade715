"""Read what the slots engine needs from the database (one loader for listing and booking).

One statement, one round trip: the store's hours and limits, the service, the guides
offering it and each guide's week, dated exceptions and bookings around the range. It
answers with parallel arrays (bookings as epoch seconds), so neither driver builds a
row object or a datetime per booking. The same text runs on asyncpg (the slot search,
on the event loop) and on psycopg (a booking's re-check, inside its transaction, after
the guides are locked), and both feed ``calendar_of``: one reading for both paths.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.platform import adb, db
from services.platform.errors import InvalidInput, NotFound
from services.platform.settings import get_settings
from stores.appointments.models import LIVE_STATUSES, AppointmentService, GuideService
from stores.appointments.slots import (
    BusyTimes,
    GuideCalendar,
    LocalHours,
    ServiceRule,
    StoreCalendar,
)
from stores.models import Guide, Store

MAX_RANGE_DAYS = 31

# Dates are widened by a day each side (buffers reach over midnight). Bookings are read
# from the local midnight before that to the one after; ``blocked_from > lo - 1 day``
# is implied (a booking blocks at most 16 h: duration <= 8 h, buffers <= 4 h each, see
# the table's checks) and keeps the (guide_id, blocked_from) index scan to the range
# instead of the guide's whole history. The last "any guide" assignment per guide uses
# the partial index on (guide_id, created_at) WHERE any_guide.
# What a slot answer was read from, as one number (stores/sql/calendar_changed.sql): the
# store's own counter and those of the guides it lists (their week and leave on (0, guide),
# their appointments on (-1, guide)). Every counter only grows, so the
# sum moves exactly when one of them does.
_VERSION_OF = """
SELECT coalesce(sum(c.version), 0)::bigint AS version FROM stores.calendar_versions c
WHERE (c.store_id = {store} AND c.guide_id = 0)
   OR (c.store_id IN (0, -1) AND c.guide_id = ANY({guides}))
"""
VERSION_SQL = _VERSION_OF.format(store="%(store_id)s", guides="%(guide_ids)s::int[]")

CALENDAR_SQL = f"""
SELECT s.timezone, s.status, s.name AS store_name, v.name AS service_name,
       p.min_notice_minutes, p.booking_window_days,
       v.id AS service_id, v.duration_minutes, v.interval_minutes,
       v.buffer_before_minutes, v.buffer_after_minutes,
       guide.ids AS guide_ids, ({_VERSION_OF.format(store="s.id", guides="guide.ids")}) AS version,
       (SELECT coalesce(max(c.version), 0)::bigint FROM stores.calendar_versions c
        WHERE c.store_id = s.id AND c.guide_id = 0) AS store_version,
       ARRAY(SELECT coalesce(c.version, 0)::bigint
             FROM unnest(guide.ids) WITH ORDINALITY AS u(id, n)
             LEFT JOIN stores.calendar_versions c ON c.store_id = 0 AND c.guide_id = u.id
             ORDER BY u.n) AS guide_versions,
       o.*, x.*, w.*, e.*, b.*, l.*
FROM stores.stores s
CROSS JOIN LATERAL (
    SELECT ARRAY(
        SELECT g.id
        FROM stores.guide_services gs
        JOIN stores.guides g ON g.id = gs.guide_id
        WHERE gs.service_id = %(service_id)s AND g.active
          AND (%(guide_ids)s::int[] IS NULL OR g.id = ANY(%(guide_ids)s::int[]))
        ORDER BY g.id
    ) AS ids
) guide
CROSS JOIN LATERAL (
    SELECT ((%(first)s::date - 2)::timestamp AT TIME ZONE s.timezone) AS lo,
           ((%(last)s::date + 3)::timestamp AT TIME ZONE s.timezone) AS hi
) around
LEFT JOIN stores.booking_policies p ON p.store_id = s.id
LEFT JOIN stores.appointment_services v
       ON v.id = %(service_id)s AND v.store_id = s.id AND v.active
CROSS JOIN LATERAL (
    SELECT array_agg(weekday) AS open_weekday, array_agg(opens_at) AS open_from,
           array_agg(closes_at) AS open_until
    FROM stores.opening_hours WHERE store_id = s.id
) o
CROSS JOIN LATERAL (
    SELECT array_agg(on_date) AS special_on, array_agg(opens_at) AS special_from,
           array_agg(closes_at) AS special_until
    FROM stores.special_hours
    WHERE store_id = s.id AND on_date BETWEEN %(first)s::date - 1 AND %(last)s::date + 1
) x
CROSS JOIN LATERAL (
    SELECT array_agg(guide_id) AS work_guide, array_agg(weekday) AS work_weekday,
           array_agg(starts_at) AS work_from, array_agg(ends_at) AS work_until
    FROM stores.working_hours WHERE guide_id = ANY(guide.ids)
) w
CROSS JOIN LATERAL (
    SELECT array_agg(guide_id) AS off_guide, array_agg(on_date) AS off_on,
           array_agg(kind) AS off_kind, array_agg(starts_at) AS off_from,
           array_agg(ends_at) AS off_until
    FROM stores.schedule_exceptions
    WHERE guide_id = ANY(guide.ids)
      AND on_date BETWEEN %(first)s::date - 1 AND %(last)s::date + 1
) e
CROSS JOIN LATERAL (
    SELECT array_agg(guide_id) AS busy_guide,
           array_agg(floor(date_part('epoch', starts_at))::bigint) AS busy_start,
           array_agg(floor(date_part('epoch', blocked_from))::bigint) AS busy_from,
           array_agg(ceil(date_part('epoch', blocked_until))::bigint) AS busy_until
    FROM stores.appointments
    WHERE guide_id = ANY(guide.ids)
      AND status = ANY(%(live)s::text[])
      AND blocked_from < around.hi AND blocked_until > around.lo
      AND blocked_from > around.lo - interval '1 day'
      AND id IS DISTINCT FROM %(ignore)s::bigint
) b
CROSS JOIN LATERAL (
    SELECT array_agg(g.id) AS assigned_guide, array_agg(t.at) AS assigned_at
    FROM unnest(guide.ids) AS g(id)
    CROSS JOIN LATERAL (
        SELECT a.created_at AS at FROM stores.appointments a
        WHERE a.guide_id = g.id AND a.any_guide
        ORDER BY a.created_at DESC LIMIT 1
    ) t
) l
WHERE s.id = %(store_id)s
"""


@dataclass(frozen=True)
class Booking:
    """Everything one slot search or booking decides on."""

    store: StoreCalendar
    guides: list[GuideCalendar]
    rule: ServiceRule
    #: The calendars' version when read (``VERSION_SQL``; 0 where no row carries one).
    version: int = 0
    #: Parts of it: the store's counter and each guide's week and leave (not appointments:
    #: a booking checks these and reads the appointments themselves, book_appointment.sql).
    store_version: int = 0
    guide_versions: Mapping[int, int] = field(default_factory=dict)
    #: What a booking's answer and notice call the store and the service.
    store_name: str = ""
    service_name: str = ""


def rule_of(service: AppointmentService) -> ServiceRule:
    return ServiceRule(
        duration=timedelta(minutes=service.duration_minutes),
        interval=timedelta(minutes=service.interval_minutes),
        buffer_before=timedelta(minutes=service.buffer_before_minutes),
        buffer_after=timedelta(minutes=service.buffer_after_minutes),
    )


def bookable_service(session: Session, *, store_id: int, service_id: int) -> AppointmentService:
    """An active service of an open store, or "not found"."""
    service = session.get(AppointmentService, service_id)
    store = session.get(Store, store_id)
    if store is None or store.status != "open":
        raise NotFound(f"store {store_id} does not exist", code="store_not_found")
    if service is None or service.store_id != store_id or not service.active:
        raise NotFound(f"service {service_id} does not exist", code="service_not_found")
    return service


def check_range(first: date, last: date) -> None:
    if last < first or (last - first).days >= MAX_RANGE_DAYS:
        raise InvalidInput(
            f"the range must run forwards and cover at most {MAX_RANGE_DAYS} days",
            code="bad_range",
            details={"max_days": MAX_RANGE_DAYS},
        )


def offering_guides(session: Session, *, service_id: int, guide_id: int | None) -> list[int]:
    """Active guides offering the service (just ``guide_id`` when one is named)."""
    query = (
        select(Guide.id)
        .join(GuideService, GuideService.guide_id == Guide.id)
        .where(GuideService.service_id == service_id, Guide.active)
        .order_by(Guide.id)
    )
    if guide_id is not None:
        query = query.where(Guide.id == guide_id)
    ids = list(session.scalars(query))
    if guide_id is not None and not ids:
        raise NotFound(f"guide {guide_id} does not offer this service", code="guide_not_found")
    return ids


def params(
    *,
    store_id: int,
    service_id: int,
    guide_ids: Sequence[int] | None,
    first: date,
    last: date,
    ignore: int | None = None,
) -> dict[str, Any]:
    """``CALENDAR_SQL``'s parameters for local dates ``first``..``last`` (``guide_ids``:
    only these of the offering guides, None for all; ``ignore``: an appointment being
    moved, whose own time is free to it)."""
    return {
        "store_id": store_id,
        "service_id": service_id,
        "guide_ids": list(guide_ids) if guide_ids is not None else None,
        "first": first,
        "last": last,
        "ignore": ignore,
        "live": list(LIVE_STATUSES),
    }


def _grouped(
    keys: Sequence[Any] | None, *columns: Sequence[Any] | None
) -> dict[Any, list[tuple[Any, ...]]]:
    grouped: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
    for key, *values in zip(keys or (), *(c or () for c in columns), strict=True):
        grouped[key].append(tuple(values))
    return grouped


def _hours(rows: Sequence[tuple[time | None, time | None]]) -> list[LocalHours]:
    return [LocalHours(a, b) for a, b in rows if a is not None and b is not None]


def _store(
    row: Mapping[str, Any], timezone: str, min_notice: int, window_days: int
) -> StoreCalendar:
    weekly = _grouped(row["open_weekday"], row["open_from"], row["open_until"])
    special = _grouped(row["special_on"], row["special_from"], row["special_until"])
    return StoreCalendar(
        timezone=timezone,
        weekly={d: _hours(h) for d, h in weekly.items()},
        special={d: _hours(h) for d, h in special.items()},  # no times: closed that day
        min_notice=timedelta(minutes=min_notice),
        booking_window=timedelta(days=window_days),
    )


def _guides(row: Mapping[str, Any]) -> list[GuideCalendar]:
    guide_ids: list[int] = row["guide_ids"]
    weekly: dict[int, dict[int, list[LocalHours]]] = defaultdict(lambda: defaultdict(list))
    for guide_id, weekday, starts, ends in zip(
        *(row[k] or () for k in ("work_guide", "work_weekday", "work_from", "work_until")),
        strict=True,
    ):
        weekly[guide_id][weekday].append(LocalHours(starts, ends))
    extra: dict[int, dict[date, list[LocalHours]]] = defaultdict(lambda: defaultdict(list))
    leave: dict[int, dict[date, list[LocalHours]]] = defaultdict(lambda: defaultdict(list))
    whole_days: set[tuple[int, date]] = set()
    for guide_id, on, kind, starts, ends in zip(
        *(row[k] or () for k in ("off_guide", "off_on", "off_kind", "off_from", "off_until")),
        strict=True,
    ):
        if kind == "leave" and starts is None:
            whole_days.add((guide_id, on))
        target = extra if kind == "shift" else leave
        target[guide_id][on].extend(_hours([(starts, ends)]))
    for guide_id, on in whole_days:  # whole-day leave wins over partial leave that day
        leave[guide_id][on] = []
    owners = np.asarray(row["busy_guide"] or (), dtype=np.int64)
    busy_columns = [
        np.asarray(row[k] or (), dtype=np.int64) for k in ("busy_start", "busy_from", "busy_until")
    ]
    last_assigned: dict[int, datetime] = dict(
        zip(row["assigned_guide"] or (), row["assigned_at"] or (), strict=True)
    )
    calendars = []
    for guide_id in guide_ids:
        mine = owners == guide_id
        starts, froms, untils = (c[mine] for c in busy_columns)
        calendars.append(
            GuideCalendar(
                guide_id=guide_id,
                weekly=dict(weekly[guide_id]),
                extra=dict(extra[guide_id]),
                leave=dict(leave[guide_id]),
                busy=BusyTimes(starts=starts, blocked_from=froms, blocked_until=untils),
                last_assigned_at=last_assigned.get(guide_id),
            )
        )
    return calendars


def calendar_of(row: Mapping[str, Any] | None, *, store_id: int, service_id: int) -> Booking:
    """``CALENDAR_SQL``'s answer as the engine's input; a closed or unknown store or an
    inactive service of another store is "not found"."""
    if row is None or row["status"] != "open":
        raise NotFound(f"store {store_id} does not exist", code="store_not_found")
    if row["service_id"] is None:
        raise NotFound(f"service {service_id} does not exist", code="service_not_found")
    settings = get_settings()
    min_notice = row["min_notice_minutes"]
    window_days = row["booking_window_days"]
    store = _store(
        row,
        row["timezone"],
        settings.appointment_min_notice_minutes if min_notice is None else min_notice,
        settings.appointment_booking_window_days if window_days is None else window_days,
    )
    rule = ServiceRule(
        duration=timedelta(minutes=row["duration_minutes"]),
        interval=timedelta(minutes=row["interval_minutes"]),
        buffer_before=timedelta(minutes=row["buffer_before_minutes"]),
        buffer_after=timedelta(minutes=row["buffer_after_minutes"]),
    )
    return Booking(
        store=store,
        guides=_guides(row),
        rule=rule,
        version=row["version"],
        store_version=row["store_version"],
        guide_versions=dict(zip(row["guide_ids"], row["guide_versions"], strict=True)),
        store_name=row["store_name"],
        service_name=row["service_name"],
    )


def load(
    session: Session,
    *,
    store_id: int,
    service_id: int,
    guide_ids: Sequence[int] | None,
    first: date,
    last: date,
    ignore: int | None = None,
) -> Booking:
    """The calendars for local dates ``first``..``last``, in the session's transaction."""
    values = params(
        store_id=store_id,
        service_id=service_id,
        guide_ids=guide_ids,
        first=first,
        last=last,
        ignore=ignore,
    )
    rows = db.fetch(session, CALENDAR_SQL, values)
    return calendar_of(rows[0] if rows else None, store_id=store_id, service_id=service_id)


async def load_async(
    connection: adb.Connection,
    *,
    store_id: int,
    service_id: int,
    guide_ids: Sequence[int] | None,
    first: date,
    last: date,
) -> Booking:
    """The same read on the event loop (the slot search)."""
    values = params(
        store_id=store_id, service_id=service_id, guide_ids=guide_ids, first=first, last=last
    )
    row = await adb.fetch_one(connection, CALENDAR_SQL, values)
    return calendar_of(row, store_id=store_id, service_id=service_id)


async def version_async(
    connection: adb.Connection, *, store_id: int, guide_ids: Sequence[int]
) -> int:
    """The version of the store's calendar and these guides' now (what ``load_async`` read
    it at, if nothing has changed since)."""
    row = await adb.fetch_one(
        connection, VERSION_SQL, {"store_id": store_id, "guide_ids": list(guide_ids)}
    )
    assert row is not None
    return int(row["version"])
