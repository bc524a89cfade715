"""Whose figures and which days: a manager's scope, and a period as month and day rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from services.platform.errors import Forbidden
from services.platform.settings import get_settings


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

    def filters(self, prefix: str = "") -> tuple[list[str], dict[str, Any]]:
        """SQL conditions on ``region_id`` / ``store_id`` for this scope, and their
        parameters (named after ``prefix``, so two readers' conditions can share a query)."""
        clauses: list[str] = []
        params: dict[str, Any] = {}
        if self.regions is not None:
            clauses.append(f"region_id = ANY(:{prefix}regions)")
            params[f"{prefix}regions"] = list(self.regions)
        if self.region_id is not None:
            clauses.append(f"region_id = :{prefix}region_id")
            params[f"{prefix}region_id"] = self.region_id
        if self.store_id is not None:
            clauses.append(f"store_id = :{prefix}store_id")
            params[f"{prefix}store_id"] = self.store_id
        return clauses, params


@dataclass(frozen=True)
class Piece:
    """Rows of [first, last) to add (sign 1) or take away (-1), from month or day rows."""

    monthly: bool
    first: date
    last: date
    sign: int


def pieces(start: date, end: date) -> list[Piece]:
    """[start, end) as month rows and day rows, reading as few rows as possible.

    A month the period covers wholly is its month row; one covered for more than half
    its days is its month row less the days outside (for the current month those are
    days still to come, so usually no rows); otherwise the covered days themselves.
    Each day of the period is counted exactly once (tests/unit/test_insights_periods.py).
    """
    out: list[Piece] = []
    month = start.replace(day=1)
    while month < end:
        following = next_month(month)
        first, last = max(start, month), min(end, following)
        if (last - first).days * 2 > (following - month).days:
            out.append(Piece(True, month, following, 1))
            out += [Piece(False, a, b, -1) for a, b in ((month, first), (last, following)) if a < b]
        else:
            out.append(Piece(False, first, last, 1))
        month = following
    return out


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def local_today(now: datetime, zone: str | None = None) -> date:
    """Today as the wall counts days: the date in ``zone`` (the store's time zone when one
    store is asked about, else the brand's, ``brand_timezone``), as the rollups' days are
    the stores' local days. The one place the wall's "today" comes from."""
    return now.astimezone(ZoneInfo(zone or get_settings().brand_timezone)).date()
