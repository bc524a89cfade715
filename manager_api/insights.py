"""``/manager/v1/insights``: the wall's figures for the manager's regions (HQ: all).

Every answer sums daily rollups (services/insights); tables also come as CSV
(``?format=csv``). A guide's token is not a manager's: 401 here.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from manager_api.insights_params import (
    CSV,
    Days,
    End,
    Format,
    RegionFilter,
    Start,
    StoreFilter,
    csv_response,
    names,
    period,
    scope,
    today_for,
)
from services.insights import queries
from services.insights.figures import payment_mix
from services.insights.queries import By, Interval
from services.insights.schemas import (
    BreakdownRow,
    Figures,
    PaymentMethodRow,
    SeriesPoint,
    Summary,
)
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentManager
from services.platform.web.replica_deps import StaleOkUowDep

router = APIRouter(prefix="/insights", tags=["insights"])
_FIELDS = tuple(Figures.model_fields)


@router.get("/summary", response_model=Summary)
@answers("bad_period", "region_forbidden")
def summary(
    manager: CurrentManager,
    uow: StaleOkUowDep,
    start: Start = None,
    end: End = None,
    region_id: RegionFilter = None,
    store_id: StoreFilter = None,
    days: Days = 30,
) -> Summary:
    """The tiles: every figure for the period and the change against the period before."""
    today = today_for(uow, store_id)
    start, end = period(start, end, today, days)
    asked = scope(manager, region_id, store_id)
    now, before = queries.summary(uow.session, asked, start, end, today=today)
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


@router.get("/series", response_model=list[SeriesPoint], responses={200: CSV})
@answers("bad_period", "region_forbidden")
def series(
    manager: CurrentManager,
    uow: StaleOkUowDep,
    start: Start = None,
    end: End = None,
    region_id: RegionFilter = None,
    store_id: StoreFilter = None,
    interval: Interval = "day",
    format: Format = "json",
    days: Days = 30,
) -> Any:
    """Figures per day, week (from Monday) or month; days without activity are left out."""
    today = today_for(uow, store_id)
    start, end = period(start, end, today, days)
    asked = scope(manager, region_id, store_id)
    points = queries.series(uow.session, asked, start, end, interval, today=today)
    if format == "csv":
        rows = [[at.isoformat(), *(f[n] for n in _FIELDS)] for at, f in points]
        return csv_response(["at", *_FIELDS], rows, f"insights-{interval}")
    return [SeriesPoint(at=at, figures=Figures(**f)) for at, f in points]


@router.get("/breakdown", response_model=list[BreakdownRow], responses={200: CSV})
@answers("bad_period", "region_forbidden")
def breakdown(
    manager: CurrentManager,
    uow: StaleOkUowDep,
    by: By,
    start: Start = None,
    end: End = None,
    region_id: RegionFilter = None,
    store_id: StoreFilter = None,
    format: Format = "json",
    days: Days = 30,
) -> Any:
    """Figures per channel, store, guide, touchpoint or region, highest GMV first."""
    today = today_for(uow, store_id)
    start, end = period(start, end, today, days)
    asked = scope(manager, region_id, store_id)
    rows = queries.breakdown(uow.session, asked, start, end, by, today=today)
    named = names(uow.session, by, [k for k, _ in rows])
    if format == "csv":
        body = [[k, named[k], *(f[n] for n in _FIELDS)] for k, f in rows]
        return csv_response([by, "name", *_FIELDS], body, by)
    return [BreakdownRow(key=k, name=named[k], figures=Figures(**f)) for k, f in rows]


@router.get("/payment_methods", response_model=list[PaymentMethodRow], responses={200: CSV})
@answers("bad_period", "region_forbidden")
def payment_methods(
    manager: CurrentManager,
    uow: StaleOkUowDep,
    start: Start = None,
    end: End = None,
    region_id: RegionFilter = None,
    store_id: StoreFilter = None,
    format: Format = "json",
    days: Days = 30,
) -> Any:
    """Paid orders and GMV by payment method: each order once, by the succeeded payment
    that paid it (wechatpay, card: Stripe, counter: cash, card or POS QR taken by staff,
    other: the dev gateway or no payment recorded)."""
    today = today_for(uow, store_id)
    start, end = period(start, end, today, days)
    asked = scope(manager, region_id, store_id)
    rows = payment_mix(queries.sums(uow.session, asked, start, end))
    if format == "csv":
        header = ["method", "orders", "gmv_fen", "order_share", "gmv_share"]
        return csv_response(header, [[r[h] for h in header] for r in rows], "payment_methods")
    return [PaymentMethodRow.model_validate(r) for r in rows]
