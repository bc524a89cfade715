"""What the wall asks: sums of daily rollup rows over a period, scoped to regions.

Each query reads the smallest grain holding the dimensions it filters and groups by
(``_grain``), so a year for HQ sums a few thousand region-day rows, never orders.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import text
from sqlalchemy.orm import Session

from services.insights.figures import FUNNEL, derive
from services.platform.errors import Forbidden

By = Literal["channel", "store", "guide", "touchpoint", "region"]
Interval = Literal["day", "week", "month"]
_KEY = {
    "channel": "channel",
    "store": "store_id",
    "guide": "guide_id",
    "touchpoint": "touchpoint_id",
    "region": "region_id",
}


@dataclass(frozen=True)
class Scope:
    """Whose figures: ``regions`` None is HQ (everything, also what has no region)."""

    regions: tuple[int, ...] | None
    region_id: int | None = None
    store_id: int | None = None

    def checked(self) -> Scope:
        regions, region_id = self.regions, self.region_id
        if regions is not None and region_id is not None and region_id not in regions:
            raise Forbidden("that region is not yours", code="region_forbidden")
        return self


def _grain(scope: Scope, by: str | None) -> str:
    if by in ("guide", "touchpoint") or (by == "channel" and scope.store_id is not None):
        return "figures_full"
    if by == "store" or scope.store_id is not None:
        return "figures_store"
    if by == "channel":
        return "figures_channel"
    return "figures_region"


def _where(scope: Scope, start: date, end: date) -> tuple[str, dict[str, Any]]:
    clauses = ["day >= :start", "day < :end"]
    params: dict[str, Any] = {"start": start, "end": end}
    if scope.regions is not None:
        clauses.append("region_id = ANY(:regions)")
        params["regions"] = list(scope.regions)
    if scope.region_id is not None:
        clauses.append("region_id = :region_id")
        params["region_id"] = scope.region_id
    if scope.store_id is not None:
        clauses.append("store_id = :store_id")
        params["store_id"] = scope.store_id
    return " AND ".join(clauses), params


def sums(session: Session, scope: Scope, start: date, end: date) -> dict[str, int]:
    """Every figure summed over [start, end)."""
    where, params = _where(scope, start, end)
    rows = session.execute(
        text(
            f"SELECT figure, sum(value) FROM insights.{_grain(scope, None)}"
            f" WHERE {where} GROUP BY figure"
        ),
        params,
    )
    return {figure: int(value) for figure, value in rows}


def summary(
    session: Session, scope: Scope, start: date, end: date
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The period's figures and the same-length period just before it."""
    length = end - start
    now = derive(sums(session, scope, start, end))
    before = derive(sums(session, scope, start - length, start))
    return now, before


def series(
    session: Session, scope: Scope, start: date, end: date, interval: Interval
) -> list[tuple[date, dict[str, Any]]]:
    """Figures per day, ISO week (Monday) or month, oldest first."""
    where, params = _where(scope, start, end)
    bucket = "day" if interval == "day" else f"date_trunc('{interval}', day)::date"
    rows = session.execute(
        text(
            f"SELECT {bucket} AS at, figure, sum(value) FROM insights.{_grain(scope, None)}"
            f" WHERE {where} GROUP BY 1, 2 ORDER BY 1"
        ),
        params,
    )
    grouped: dict[date, dict[str, int]] = defaultdict(dict)
    for at, figure, value in rows:
        grouped[at][figure] = int(value)
    return [(at, derive(values)) for at, values in sorted(grouped.items())]


def breakdown(
    session: Session, scope: Scope, start: date, end: date, by: By
) -> list[tuple[str, dict[str, Any]]]:
    """Figures per channel, store, guide, touchpoint or region; highest GMV first."""
    where, params = _where(scope, start, end)
    key = _KEY[by]
    rows = session.execute(
        text(
            f"SELECT {key}::text, figure, sum(value) FROM insights.{_grain(scope, by)}"
            f" WHERE {where} GROUP BY 1, 2"
        ),
        params,
    )
    grouped: dict[str, dict[str, int]] = defaultdict(dict)
    for k, figure, value in rows:
        grouped[k][figure] = int(value)
    out = [(k, derive(values)) for k, values in grouped.items()]
    out.sort(key=lambda item: (-(item[1]["gmv_fen"] or 0), item[0]))
    return out


def funnel(
    session: Session, scope: Scope, start: date, end: date
) -> list[tuple[int, int, list[tuple[str, int]]]]:
    """Per (touchpoint, store): each journey step's count (0 touchpoint: none recorded)."""
    where, params = _where(scope, start, end)
    params["figures"] = [figure for _, figure in FUNNEL]
    rows = session.execute(
        text(
            "SELECT touchpoint_id, store_id, figure, sum(value) FROM insights.figures_full"
            f" WHERE {where} AND figure = ANY(:figures) GROUP BY 1, 2, 3"
        ),
        params,
    )
    grouped: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for touchpoint, store, figure, value in rows:
        grouped[(touchpoint, store)][figure] = int(value)
    out = [
        (tp, store, [(step, values.get(figure, 0)) for step, figure in FUNNEL])
        for (tp, store), values in grouped.items()
    ]
    out.sort(key=lambda item: (-item[2][0][1], item[0], item[1]))
    return out


def previous_start(start: date, end: date) -> date:
    return start - (end - start)


def default_period(today: date, days: int) -> tuple[date, date]:
    return today - timedelta(days=days - 1), today + timedelta(days=1)
