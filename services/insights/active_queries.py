"""Active members for the wall's questions, read from ``insights.active_members``.

A scope reads one level: a store (its rows), a region, or everyone (HQ); a manager of
several regions without a region filter has no level of their own, so their answers
count distinct members across their regions' rows of ``members_seen`` (exact, and bounded
by those regions' activity). ``active_members`` is given for a kept period only (a day, an
ISO week, a month: ``active.whole``); ``active_daily_avg``, the average over the period's
days of that day's active members, for any period.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from services.insights import active
from services.insights.active import Grain
from services.insights.periods import Scope, pieces


@dataclass(frozen=True)
class Level:
    where: str
    params: dict[str, Any]
    #: Several regions: distinct members from ``members_seen``, not kept counts.
    distinct: bool = False


def level(scope: Scope, *, by: str | None = None) -> Level:
    """Which rows answer for ``scope`` (grouped ``by`` region or store: their own rows)."""
    clauses, params = scope.filters("a_")
    if scope.store_id is not None:  # a store's own rows
        return Level(" AND ".join(clauses), params)
    if by == "store":
        clauses.append("store_id >= 0")
    else:
        clauses.append(f"store_id = {active.ALL}")
        if by == "region":
            clauses.append("region_id >= 0")
        elif scope.region_id is None and scope.regions is None:
            clauses.append(f"region_id = {active.ALL}")
        elif scope.region_id is None and scope.regions is not None and len(scope.regions) > 1:
            return Level(" AND ".join(clauses), params, distinct=True)
    return Level(" AND ".join(clauses), params)


def day_counts(session: Session, scope: Scope, start: date, end: date) -> dict[date, int]:
    """Active members per day of [start, end) (days with none left out)."""
    at = level(scope)
    params = {**at.params, "a_start": start, "a_end": end}
    if at.distinct:
        sql = (
            "SELECT day, count(DISTINCT member_id) FROM insights.members_seen"
            f" WHERE {at.where} AND n > 0 AND day >= :a_start AND day < :a_end GROUP BY day"
        )
    else:
        sql = (
            "SELECT day, sum(members) FROM insights.active_members WHERE grain = 'day'"
            f" AND {at.where} AND day >= :a_start AND day < :a_end GROUP BY day"
        )
    return {day: int(n) for day, n in session.execute(text(sql), params) if n}


def period_counts(
    session: Session, scope: Scope, grain: Grain, firsts: Iterable[date], *, by: str | None = None
) -> dict[tuple[date, str], int]:
    """Active members of each period beginning at ``firsts``, per key (``by``'s id, or '')."""
    firsts = sorted(set(firsts))
    if not firsts:
        return {}
    at = level(scope, by=by)
    key = {"region": "region_id::text", "store": "store_id::text"}.get(by or "", "''")
    params: dict[str, Any] = {**at.params, "a_grain": grain, "a_firsts": firsts}
    if at.distinct:
        trunc = "day" if grain == "day" else f"date_trunc('{grain}', day)::date"
        params["a_start"] = firsts[0]
        params["a_end"] = active.period_end(firsts[-1], grain)
        sql = (
            f"SELECT {trunc} AS first, '' AS k, count(DISTINCT member_id)"
            f" FROM insights.members_seen WHERE {at.where} AND n > 0"
            " AND day >= :a_start AND day < :a_end GROUP BY 1"
        )
    else:
        sql = (
            f"SELECT day, {key}, sum(members) FROM insights.active_members"
            f" WHERE grain = :a_grain AND {at.where} AND day = ANY(:a_firsts) GROUP BY 1, 2"
        )
    return {
        (first, k): int(n)
        for first, k, n in session.execute(text(sql), params)
        if first in firsts and n
    }


def member_days(
    session: Session, scope: Scope, start: date, end: date, *, by: str | None = None
) -> dict[str, int]:
    """The sum over [start, end)'s days of each day's active members, per key."""
    at = level(scope, by=by)
    params: dict[str, Any] = {**at.params, "a_start": start, "a_end": end}
    if at.distinct:
        sql = (
            "SELECT '' AS k, count(*) FROM (SELECT DISTINCT member_id, day"
            f" FROM insights.members_seen WHERE {at.where} AND n > 0"
            " AND day >= :a_start AND day < :a_end) AS d"
        )
        return {k: int(n) for k, n in session.execute(text(sql), params) if n}
    key = {"region": "region_id::text", "store": "store_id::text"}.get(by or "", "''")
    selects: list[str] = []
    for n, piece in enumerate(pieces(start, end)):  # month rows and edge days, as the rollups
        params[f"a_f{n}"], params[f"a_l{n}"] = piece.first, piece.last
        selects.append(
            f"SELECT {key} AS k, {piece.sign} * member_days AS v FROM insights.active_members"
            f" WHERE grain = '{'month' if piece.monthly else 'day'}' AND {at.where}"
            f" AND day >= :a_f{n} AND day < :a_l{n}"
        )
    if not selects:
        return {}
    sql = f"SELECT k, sum(v) FROM ({' UNION ALL '.join(selects)}) AS r GROUP BY k"
    return {k: int(n) for k, n in session.execute(text(sql), params) if n}


def average(total: int, start: date, end: date) -> float | None:
    """Average daily active members over [start, end) from their sum over its days."""
    days = (end - start).days
    return None if days <= 0 else round(total / days, 1)


def period_figures(
    session: Session,
    scope: Scope,
    start: date,
    end: date,
    today: date,
    *,
    by: str | None = None,
    keys: Iterable[str] = ("",),
) -> dict[str, dict[str, Any]]:
    """Per key ('' without ``by``): active members (kept periods only) and the daily average."""
    totals = member_days(session, scope, start, end, by=by)
    grain = active.kept_period(start, end, today)
    counts = period_counts(session, scope, grain, [start], by=by) if grain else {}
    return {
        k: {
            "active_members": counts.get((start, k), 0) if grain else None,
            "active_daily_avg": average(totals.get(k, 0), start, end),
        }
        for k in keys
    }


def series_figures(
    session: Session, scope: Scope, start: date, end: date, today: date, grain: Grain
) -> dict[date, dict[str, Any]]:
    """Per bucket of a series: its active members (whole buckets) and daily average."""
    days = day_counts(session, scope, start, end)
    firsts = sorted({active.period_start(d, grain) for d in days})
    whole = [f for f in firsts if active.whole(f, grain, start, end, today)]
    counts = period_counts(session, scope, grain, whole)
    out: dict[date, dict[str, Any]] = {}
    for first in firsts:
        lo, hi = max(first, start), min(active.period_end(first, grain), end)
        total = sum(days.get(lo + timedelta(days=n), 0) for n in range((hi - lo).days))
        out[first] = {
            "active_members": counts.get((first, ""), 0) if first in whole else None,
            "active_daily_avg": average(total, lo, hi),
        }
    return out
