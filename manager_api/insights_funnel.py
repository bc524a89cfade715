"""``/manager/v1/insights/funnel``: the journey as distinct members, each step a subset of
the one before (services/insights/journey_queries.py says how each step is counted)."""

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
from services.insights import journey_queries
from services.insights.journeys import STEPS
from services.insights.schemas import FunnelRow, FunnelStep
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentManager
from services.platform.web.replica_deps import StaleOkUowDep

router = APIRouter(prefix="/insights", tags=["insights"])


def _steps(counts: list[tuple[str, int]]) -> list[FunnelStep]:
    steps: list[FunnelStep] = []
    before: int | None = None
    for step, count in counts:
        drop: float | None = None if not before else round((before - count) * 100 / before, 1)
        steps.append(FunnelStep(step=step, count=count, drop_pct=drop))
        before = count
    return steps


@router.get("/funnel", response_model=list[FunnelRow], responses={200: CSV})
@answers("bad_period", "region_forbidden")
def funnel(
    manager: CurrentManager,
    uow: StaleOkUowDep,
    start: Start = None,
    end: End = None,
    region_id: RegionFilter = None,
    store_id: StoreFilter = None,
    format: Format = "json",
    days: Days = 30,
) -> Any:
    """Members per journey step, per touchpoint and store, most discovering first:
    discover (scanned the touchpoint), then of those, consider (checked in at its store),
    buy (and paid an order there), fulfil (and had one collected or delivered), retain (and
    ordered again within 90 days of an earlier order). Every step is a subset of the one
    before; a touchpoint with no store takes the later steps anywhere in scope."""
    today = today_for(uow, store_id)
    start, end = period(start, end, today, days)
    rows = journey_queries.funnel(uow.session, scope(manager, region_id, store_id), start, end)
    points = names(uow.session, "touchpoint", [str(tp) for tp, _, _ in rows])
    stores = names(uow.session, "store", [str(s) for _, s, _ in rows])
    if format == "csv":
        header = ["touchpoint_id", "touchpoint", "store_id", "store", *STEPS]
        body = [
            [tp, points[str(tp)], s, stores[str(s)], *(c for _, c in counts)]
            for tp, s, counts in rows
        ]
        return csv_response(header, body, "funnel")
    return [
        FunnelRow(
            touchpoint_id=tp,
            touchpoint_name=points[str(tp)],
            store_id=s,
            store_name=stores[str(s)],
            steps=_steps(c),
        )
        for tp, s, c in rows
    ]


@router.get("/funnel/overall", response_model=list[FunnelStep])
@answers("bad_period", "region_forbidden")
def overall(
    manager: CurrentManager,
    uow: StaleOkUowDep,
    start: Start = None,
    end: End = None,
    region_id: RegionFilter = None,
    store_id: StoreFilter = None,
    days: Days = 30,
) -> list[FunnelStep]:
    """Members per journey step across the whole scope, each member once: discover
    (scanned any touchpoint), consider (and checked in), buy (and paid an order), fulfil,
    retain; each step a subset of the one before."""
    today = today_for(uow, store_id)
    start, end = period(start, end, today, days)
    asked = scope(manager, region_id, store_id)
    return _steps(journey_queries.overall(uow.session, asked, start, end))
