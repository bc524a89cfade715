"""What the wall asks: sums of rollup rows over a period, scoped to regions.

Each query reads the smallest grain holding the dimensions it filters and groups by
(``_grain``), months from its month rows and the rest from its day rows (``pieces``),
so a year's store ranking sums a few thousand wide rows, never orders.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import text
from sqlalchemy.orm import Session

from services.insights import active_queries, journey_queries
from services.insights.figures import STORED, derive
from services.insights.periods import Piece, Scope, local_today, pieces
from services.insights.rollups import GRAINS
from services.platform.db import utcnow

__all__ = ["By", "Interval", "Piece", "Scope", "pieces"]

By = Literal["channel", "store", "guide", "touchpoint", "region"]
Interval = Literal["day", "week", "month"]
_KEY = {
    "channel": "channel",
    "store": "store_id",
    "guide": "guide_id",
    "touchpoint": "touchpoint_id",
    "region": "region_id",
}


def _grain(scope: Scope, by: str | None) -> str:
    if by in ("guide", "touchpoint") or (by == "channel" and scope.store_id is not None):
        return "figures_full"
    if by == "store" or scope.store_id is not None:
        return "figures_store"
    if by == "channel":
        return "figures_channel"
    return "figures_region"


def _rows(
    grain: str, scope: Scope, start: date, end: date, *, months: bool = True
) -> tuple[str, dict[str, Any]]:
    """The grain's rows covering [start, end) (``pieces``); rows to take away come negated.
    Without ``months``, day rows only (a week bucket may straddle two months)."""
    clauses, params = scope.filters()
    scoped = "".join(f" AND {c}" for c in clauses)
    parts = pieces(start, end) if months else [Piece(False, start, end, 1)]
    dims = ", ".join(GRAINS[grain])
    selects: list[str] = []
    for monthly, sign in ((True, 1), (False, 1), (False, -1)):
        ranges = []
        for p in parts:
            if (p.monthly, p.sign) == (monthly, sign):
                n = len(params)
                params[f"p{n}"], params[f"p{n + 1}"] = p.first, p.last
                ranges.append(f"day >= :p{n} AND day < :p{n + 1}")
        if not ranges:
            continue
        table = f"{grain}_month" if monthly else grain
        # Named, never *: UNION ALL matches by position, and a column added by a later
        # migration sits last in the table, wherever it stands in STORED.
        negated = "" if sign > 0 else "-"
        columns = f"day, {dims}, " + ", ".join(f"{negated}{f}" for f in STORED)
        where = " OR ".join(ranges)
        selects.append(f"SELECT {columns} FROM insights.{table} WHERE ({where}){scoped}")
    if not selects:  # an empty period
        selects.append(f"SELECT * FROM insights.{grain} WHERE false")
    return " UNION ALL ".join(selects), params


_SUMS = ", ".join(f"sum({f})::bigint" for f in STORED)


def _figures(values: Sequence[Any]) -> dict[str, int]:
    return {f: int(v) for f, v in zip(STORED, values, strict=True) if v}


def sums(session: Session, scope: Scope, start: date, end: date) -> dict[str, int]:
    """Every figure summed over [start, end)."""
    rows, params = _rows(_grain(scope, None), scope, start, end)
    found = session.execute(text(f"SELECT {_SUMS} FROM ({rows}) AS r"), params).one()
    return _figures(tuple(found))


def summary(
    session: Session, scope: Scope, start: date, end: date, *, today: date | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The period's figures and the same-length period just before it."""
    today = today or local_today(utcnow())
    length = end - start
    now = derive(sums(session, scope, start, end))
    before = derive(sums(session, scope, start - length, start))
    for figures, (first, last) in ((now, (start, end)), (before, (start - length, start))):
        figures.update(active_queries.period_figures(session, scope, first, last, today)[""])
        figures["scan_to_order"] = journey_queries.scan_to_order(session, scope, first, last).get(
            ""
        )
    return now, before


def series(
    session: Session,
    scope: Scope,
    start: date,
    end: date,
    interval: Interval,
    *,
    today: date | None = None,
) -> list[tuple[date, dict[str, Any]]]:
    """Figures per day, ISO week (Monday) or month, oldest first."""
    # A week can straddle two months: only month buckets may read month rows.
    rows, params = _rows(_grain(scope, None), scope, start, end, months=interval == "month")
    bucket = "day" if interval == "day" else f"date_trunc('{interval}', day)::date"
    found = session.execute(
        text(f"SELECT {bucket} AS at, {_SUMS} FROM ({rows}) AS r GROUP BY 1 ORDER BY 1"),
        params,
    )
    points = [(at, derive(_figures(values))) for at, *values in found]
    today = today or local_today(utcnow())
    actives = active_queries.series_figures(session, scope, start, end, today, interval)
    shares = journey_queries.scan_to_order_by_bucket(session, scope, start, end, bucket)
    for at, figures in points:
        figures.update(actives.get(at, {}))
        figures["scan_to_order"] = shares.get(at)
    return points


def breakdown(
    session: Session,
    scope: Scope,
    start: date,
    end: date,
    by: By,
    *,
    today: date | None = None,
) -> list[tuple[str, dict[str, Any]]]:
    """Figures per channel, store, guide, touchpoint or region; highest GMV first."""
    rows, params = _rows(_grain(scope, by), scope, start, end)
    found = session.execute(
        text(f"SELECT {_KEY[by]}::text, {_SUMS} FROM ({rows}) AS r GROUP BY 1"), params
    )
    out = [(k, derive(_figures(values))) for k, *values in found]
    if by in ("region", "store"):  # active members are kept per region and store only
        today = today or local_today(utcnow())
        keys = [key for key, _ in out]
        actives = active_queries.period_figures(session, scope, start, end, today, by=by, keys=keys)
        for key, figures in out:
            figures.update(actives[key])
    if by != "channel":  # a scan has no channel
        shares = journey_queries.scan_to_order(session, scope, start, end, key=_KEY[by])
        for key, figures in out:
            figures["scan_to_order"] = shares.get(key)
    out.sort(key=lambda item: (-(item[1]["gmv_fen"] or 0), item[0]))
    return out


def funnel(
    session: Session, scope: Scope, start: date, end: date
) -> list[tuple[int, int, list[tuple[str, int]]]]:
    """Per (touchpoint, store): distinct members at each journey step (journey_queries)."""
    return journey_queries.funnel(session, scope, start, end)


def previous_start(start: date, end: date) -> date:
    return start - (end - start)


def default_period(today: date, days: int) -> tuple[date, date]:
    return today - timedelta(days=days - 1), today + timedelta(days=1)
