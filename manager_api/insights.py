"""``/manager/v1/insights``: the wall's figures for the manager's regions (HQ: all).

Every answer sums daily rollups (services/insights); tables also come as CSV
(``?format=csv``). A guide's token is not a manager's: 401 here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response

from services.insights import queries
from services.insights.figures import FUNNEL, payment_mix
from services.insights.queries import By, Interval, Scope
from services.insights.schemas import (
    BreakdownRow,
    Figures,
    FunnelRow,
    FunnelStep,
    PaymentMethodRow,
    SeriesPoint,
    Summary,
)
from services.platform import csv_export
from services.platform.auth import Principal
from services.platform.db import utcnow
from services.platform.errors import InvalidInput
from services.platform.inputs import Id
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentManager
from services.platform.web.deps import UowDep

router = APIRouter(prefix="/insights", tags=["insights"])
Format = Literal["json", "csv"]
#: The longest period one question may cover (a year and a leap day).
MAX_DAYS = 366
_CSV = {"content": {"text/csv": {"schema": {"type": "string"}, "example": "key,orders\n1,12\n"}}}


def _period(start: date | None, end: date | None) -> tuple[date, date]:
    """[start, end) in local days; default the last 30 days including today."""
    today = utcnow().date()
    end = end or today + timedelta(days=1)
    start = start or end - timedelta(days=30)
    if not 0 < (end - start).days <= MAX_DAYS:
        raise InvalidInput("the period must be positive and at most a year", code="bad_period")
    return start, end


def _scope(manager: Principal, region_id: int | None, store_id: int | None) -> Scope:
    return Scope(regions=manager.regions, region_id=region_id, store_id=store_id).checked()


def _csv(header: Sequence[str], rows: Sequence[Sequence[Any]], name: str) -> Response:
    return Response(
        csv_export.encode(header, rows),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


_FIELDS = tuple(Figures.model_fields)
Start = Annotated[date | None, Query(description="First local day (default: 30 days ago).")]
End = Annotated[date | None, Query(description="Day after the last (default: tomorrow).")]
RegionFilter = Annotated[Id | None, Query(description="One of your regions.")]
StoreFilter = Annotated[Id | None, Query(description="One store (of your regions).")]


@router.get("/summary", response_model=Summary)
@answers("bad_period", "region_forbidden")
def summary(
    manager: CurrentManager,
    uow: UowDep,
    start: Start = None,
    end: End = None,
    region_id: RegionFilter = None,
    store_id: StoreFilter = None,
) -> Summary:
    """The tiles: every figure for the period and the change against the period before."""
    start, end = _period(start, end)
    scope = _scope(manager, region_id, store_id)
    now, before = queries.summary(uow.session, scope, start, end, today=utcnow().date())
    change: dict[str, float | None] = {}
    for name in _FIELDS:
        a, b = now[name], before[name]
        change[name] = None if a is None or not b else round((a - b) * 100 / b, 1)
    return Summary(
        start=start,
        end=end,
        previous_start=queries.previous_start(start, end),
        figures=Figures(**now),
        previous=Figures(**before),
        change_pct=change,
    )


@router.get("/series", response_model=list[SeriesPoint], responses={200: _CSV})
@answers("bad_period", "region_forbidden")
def series(
    manager: CurrentManager,
    uow: UowDep,
    start: Start = None,
    end: End = None,
    region_id: RegionFilter = None,
    store_id: StoreFilter = None,
    interval: Interval = "day",
    format: Format = "json",
) -> Any:
    """Figures per day, week (from Monday) or month; days without activity are left out."""
    start, end = _period(start, end)
    scope = _scope(manager, region_id, store_id)
    points = queries.series(uow.session, scope, start, end, interval, today=utcnow().date())
    if format == "csv":
        rows = [[at.isoformat(), *(f[n] for n in _FIELDS)] for at, f in points]
        return _csv(["at", *_FIELDS], rows, f"insights-{interval}")
    return [SeriesPoint(at=at, figures=Figures(**f)) for at, f in points]


@router.get("/breakdown", response_model=list[BreakdownRow], responses={200: _CSV})
@answers("bad_period", "region_forbidden")
def breakdown(
    manager: CurrentManager,
    uow: UowDep,
    by: By,
    start: Start = None,
    end: End = None,
    region_id: RegionFilter = None,
    store_id: StoreFilter = None,
    format: Format = "json",
) -> Any:
    """Figures per channel, store, guide, touchpoint or region, highest GMV first."""
    start, end = _period(start, end)
    scope = _scope(manager, region_id, store_id)
    rows = queries.breakdown(uow.session, scope, start, end, by, today=utcnow().date())
    if format == "csv":
        return _csv([by, *_FIELDS], [[k, *(f[n] for n in _FIELDS)] for k, f in rows], by)
    return [BreakdownRow(key=k, figures=Figures(**f)) for k, f in rows]


@router.get("/payment_methods", response_model=list[PaymentMethodRow], responses={200: _CSV})
@answers("bad_period", "region_forbidden")
def payment_methods(
    manager: CurrentManager,
    uow: UowDep,
    start: Start = None,
    end: End = None,
    region_id: RegionFilter = None,
    store_id: StoreFilter = None,
    format: Format = "json",
) -> Any:
    """Paid orders and GMV by payment method: each order once, by the succeeded payment
    that paid it (wechatpay, card: Stripe, counter: cash, card or POS QR taken by staff,
    other: the dev gateway or no payment recorded)."""
    start, end = _period(start, end)
    scope = _scope(manager, region_id, store_id)
    rows = payment_mix(queries.sums(uow.session, scope, start, end))
    if format == "csv":
        header = ["method", "orders", "gmv_fen", "order_share", "gmv_share"]
        return _csv(header, [[r[h] for h in header] for r in rows], "payment_methods")
    return [PaymentMethodRow.model_validate(r) for r in rows]


def _steps(counts: list[tuple[str, int]]) -> list[FunnelStep]:
    steps: list[FunnelStep] = []
    before: int | None = None
    for step, count in counts:
        drop: float | None = None if not before else round((before - count) * 100 / before, 1)
        steps.append(FunnelStep(step=step, count=count, drop_pct=drop))
        before = count
    return steps


@router.get("/funnel", response_model=list[FunnelRow], responses={200: _CSV})
@answers("bad_period", "region_forbidden")
def funnel(
    manager: CurrentManager,
    uow: UowDep,
    start: Start = None,
    end: End = None,
    region_id: RegionFilter = None,
    store_id: StoreFilter = None,
    format: Format = "json",
) -> Any:
    """The journey per touchpoint and store: discover (scans), consider (check-ins), buy
    (paid orders), fulfil (collected or delivered), retain (repeat purchase in 90 days)."""
    start, end = _period(start, end)
    scope = _scope(manager, region_id, store_id)
    rows = queries.funnel(uow.session, scope, start, end)
    if format == "csv":
        header = ["touchpoint_id", "store_id", *(step for step, _ in FUNNEL)]
        return _csv(header, [[tp, s, *(c for _, c in counts)] for tp, s, counts in rows], "funnel")
    return [FunnelRow(touchpoint_id=tp, store_id=s, steps=_steps(c)) for tp, s, c in rows]
