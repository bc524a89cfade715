"""The guide's own figures for today and this month (store-local): nobody else's."""

from __future__ import annotations

from datetime import date, datetime

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from orders.client import LocalOrdersClient
from services.platform.db import utcnow
from services.platform.examples import examples
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentGuide
from services.platform.web.deps import UowDep
from stores.appointments import agenda, figures
from stores.client import LocalStoresClient

router = APIRouter(tags=["guide"])


class PeriodFigures(BaseModel):
    """Sales credited to the guide (paid in the period) and their appointments in it."""

    starts_at: datetime
    ends_at: datetime
    orders: int
    gmv_fen: int
    refunded_fen: int
    assisted_orders: int
    appointments_held: int
    no_shows: int


_TODAY = {
    "starts_at": "2026-11-28T16:00:00Z",
    "ends_at": "2026-11-29T16:00:00Z",
    "orders": 3,
    "gmv_fen": 258700,
    "refunded_fen": 0,
    "assisted_orders": 2,
    "appointments_held": 4,
    "no_shows": 1,
}


class GuideFigures(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "guide_id": 7,
                "store_id": 1,
                "timezone": "Asia/Shanghai",
                "today": "2026-11-29",
                "day": _TODAY,
                "month": {
                    **_TODAY,
                    "starts_at": "2026-10-31T16:00:00Z",
                    "ends_at": "2026-11-30T16:00:00Z",
                    "orders": 41,
                    "gmv_fen": 3867400,
                    "refunded_fen": 29900,
                    "assisted_orders": 25,
                    "appointments_held": 52,
                    "no_shows": 6,
                },
            }
        )
    )

    guide_id: int
    store_id: int
    timezone: str
    today: date
    day: PeriodFigures
    month: PeriodFigures


def _period(uow: UowDep, guide_id: int, bounds: tuple[datetime, datetime]) -> PeriodFigures:
    start, end = bounds
    sales = LocalOrdersClient(uow.session).guide_sales(guide_id, start, end)
    held, no_shows = figures.guide_counts(
        session=uow.session, guide_id=guide_id, start=start, end=end
    )
    return PeriodFigures(
        starts_at=start,
        ends_at=end,
        **sales.model_dump(),
        appointments_held=held,
        no_shows=no_shows,
    )


@router.get("/me/figures", response_model=GuideFigures)
@answers("store_not_found")
def my_figures(guide: CurrentGuide, uow: UowDep) -> GuideFigures:
    """Your sales credited (orders paid, their value, refunds since), appointments held and
    no-shows, today and this month on the store's calendar."""
    assert guide.store_id is not None
    store = LocalStoresClient(uow.session).get_store(guide.store_id)
    today = agenda.local_today(store.timezone, utcnow())
    return GuideFigures(
        guide_id=guide.subject,
        store_id=store.id,
        timezone=store.timezone,
        today=today,
        day=_period(uow, guide.subject, agenda.store_day_bounds(store.timezone, today)),
        month=_period(uow, guide.subject, figures.month_bounds(store.timezone, today)),
    )
