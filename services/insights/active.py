"""Active members, exact per day, ISO week and month, kept beside the rollups.

A member is active in a period with at least one paid order, check-in or scan in it. That
does not add up (a month's active members are not the sum of its days', a region's not the
sum of its stores'), so it cannot be a rollup column. The rules mark each activity with a
figure ``seen:<member id>`` (value 1) on its local day, region and store; the consumer's
difference for a row carries those like any figure (``reconcile.py``), and they land here:

- ``insights.members_seen``: per member, level and day, how many activities there are now;
  levels are the store (region, store), the region (region, -1) and everyone (-1, -1).
  Rows are added to with the signed difference, so a row removed or changed takes its
  activity away again; rows back at 0 are deleted.
- ``insights.active_members``: per grain (day, week, month), level and period, the members
  with a positive row in it (``members``) and the sum of its daily counts
  (``member_days``: additive, so an average of daily actives reads month rows and edge days
  like the rollups). A seen row going 0 -> n or n -> 0 moves the day's count by one; the
  week and month move only when it was the member's first (or last) active day in them.

Whatever the order messages are reconciled in, ``members_seen`` ends as the count of each
row's current activities and ``active_members`` as the count of its positive rows (the
equality test compares both with the rebuild). All writes for one member run under a
transaction advisory lock on it, taken in member order after the row's ``counted`` lock and
before any rollup row (reconcile.py's lock order), so two consumers never both count one
member's first day of a week.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import text
from sqlalchemy.orm import Session

from services.insights.handlers import Contribution
from services.insights.periods import next_month

Grain = Literal["day", "week", "month"]
GRAINS: tuple[Grain, ...] = ("day", "week", "month")
#: A figure naming the member it marks active (never a rollup column).
SEEN = "seen:"
#: ``region_id`` / ``store_id`` of a level that spans every region / every store.
ALL = -1
#: The advisory lock class of a member's active figures (the second key: its id mod 2^31).
_LOCK_CLASS = 0x1A5
_KEYS = 2**31 - 1


def is_seen(figure: str) -> bool:
    return figure.startswith(SEEN)


def period_start(day: date, grain: Grain) -> date:
    if grain == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1) if grain == "month" else day


def period_end(first: date, grain: Grain) -> date:
    if grain == "month":
        return next_month(first)
    return first + timedelta(days=7 if grain == "week" else 1)


def whole(first: date, grain: Grain, start: date, end: date, today: date) -> bool:
    """Whether [start, end) holds the period beginning ``first`` wholly, or all of it up
    to today (the rest is still to come, so the kept count is the period's so far)."""
    last = period_end(first, grain)
    return first >= start and (last <= end or today < end)


def kept_period(start: date, end: date, today: date) -> Grain | None:
    """The grain whose one period [start, end) is (``whole``), if any: its count is exact."""
    span = (start, end, today)
    for grain in GRAINS:
        first = period_start(start, grain)
        if first == start and end <= period_end(first, grain) and whole(first, grain, *span):
            return grain
    return None


_LOCK = """
    SELECT pg_advisory_xact_lock(:cls, k.key)
    FROM (SELECT key FROM unnest(CAST(:keys AS int[])) AS key ORDER BY key) AS k
"""
_LEVELS = """
    SELECT x.member_id, l.region_id, l.store_id, x.day, sum(x.delta)::int AS delta
    FROM jsonb_to_recordset(CAST(:rows AS jsonb))
        AS x(member_id bigint, region_id int, store_id int, day date, delta int)
    CROSS JOIN LATERAL (VALUES (x.region_id, x.store_id), (x.region_id, -1), (-1, -1))
        AS l(region_id, store_id)
    GROUP BY 1, 2, 3, 4
    HAVING sum(x.delta) <> 0
"""
_SEEN = f"""
    WITH d AS ({_LEVELS}),
    up AS (
        INSERT INTO insights.members_seen AS s (member_id, region_id, store_id, day, n)
        SELECT member_id, region_id, store_id, day, delta FROM d ORDER BY 1, 2, 3, 4
        ON CONFLICT (member_id, region_id, store_id, day) DO UPDATE SET n = s.n + EXCLUDED.n
        RETURNING s.member_id, s.region_id, s.store_id, s.day, s.n
    )
    SELECT up.member_id, up.region_id, up.store_id, up.day,
           (up.n > 0)::int - (up.n - d.delta > 0)::int AS moved
    FROM up JOIN d USING (member_id, region_id, store_id, day)
"""
_GONE = """
    DELETE FROM insights.members_seen
    WHERE member_id = ANY(CAST(:members AS bigint[])) AND n = 0
"""
# Per period, level and member: positive days now, and the moves this change made in it,
# so whether the member was active there before is (days - moved > 0).
_COUNTS = """
    WITH t AS (
        SELECT * FROM jsonb_to_recordset(CAST(:moves AS jsonb))
            AS x(member_id bigint, region_id int, store_id int, day date, moved int)
    ),
    p AS (
        SELECT g.grain, g.first, g.last, t.member_id, t.region_id, t.store_id,
               sum(t.moved) AS moved
        FROM t CROSS JOIN LATERAL (VALUES
            ('day', t.day, t.day + 1),
            ('week', date_trunc('week', t.day)::date, date_trunc('week', t.day)::date + 7),
            ('month', date_trunc('month', t.day)::date,
             (date_trunc('month', t.day) + interval '1 month')::date)
        ) AS g(grain, first, last)
        GROUP BY 1, 2, 3, 4, 5, 6
    ),
    c AS (
        SELECT p.*, (
            SELECT count(*) FROM insights.members_seen s
            WHERE s.member_id = p.member_id AND s.region_id = p.region_id
              AND s.store_id = p.store_id AND s.day >= p.first AND s.day < p.last AND s.n > 0
        ) AS days
        FROM p
    )
    INSERT INTO insights.active_members AS a
        (grain, region_id, store_id, day, members, member_days)
    SELECT grain, region_id, store_id, first,
           sum((days > 0)::int - (days - moved > 0)::int), sum(moved)
    FROM c GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (grain, region_id, store_id, day) DO UPDATE
    SET members = a.members + EXCLUDED.members,
        member_days = a.member_days + EXCLUDED.member_days
"""


def add(session: Session, contributions: Iterable[Contribution]) -> set[int]:
    """Add signed activities (``seen:`` figures); the members whose store visits changed
    (their home store, ``member_figures.sql``, may have moved)."""
    rows: list[dict[str, Any]] = [
        {
            "member_id": int(c.figure.removeprefix(SEEN)),
            "region_id": c.region_id,
            "store_id": c.store_id,
            "day": c.day.isoformat(),
            "delta": c.value,
        }
        for c in contributions
    ]
    if not rows:
        return set()
    keys = sorted({int(r["member_id"]) % _KEYS for r in rows})
    session.execute(text(_LOCK), {"cls": _LOCK_CLASS, "keys": keys})
    found = session.execute(text(_SEEN), {"rows": json.dumps(rows)}).mappings().all()
    moves = [{**m, "day": m["day"].isoformat()} for m in found if m["moved"]]
    if not moves:
        return set()
    members = sorted({int(m["member_id"]) for m in moves})
    session.execute(text(_GONE), {"members": members})
    session.execute(text(_COUNTS), {"moves": json.dumps(moves)})
    return {int(m["member_id"]) for m in moves if m["store_id"] > 0}


#: The rebuild: every grain's counts from ``members_seen`` as the sources filled it.
REBUILD_COUNTS = (
    "INSERT INTO insights.active_members (grain, region_id, store_id, day, members,"
    " member_days) SELECT 'day', region_id, store_id, day, count(*), count(*)"
    " FROM insights.members_seen WHERE n > 0 GROUP BY region_id, store_id, day",
    *(
        "INSERT INTO insights.active_members (grain, region_id, store_id, day, members,"
        f" member_days) SELECT '{g}', region_id, store_id, date_trunc('{g}', day)::date,"
        " count(DISTINCT member_id), count(*) FROM insights.members_seen WHERE n > 0"
        " GROUP BY region_id, store_id, 4"
        for g in ("week", "month")
    ),
)
