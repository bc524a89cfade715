"""``/manager/v1/insights/recommendations``: suggestions shown, and bought within 7 days,
per touchpoint (the wall's "recommended -> bought")."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from services.platform.db import utcnow
from services.platform.errors import InvalidInput
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentManager
from services.platform.web.replica_deps import StaleOkUowDep
from services.recommendations import wall
from services.recommendations.schemas import RecommendationFigures
from stores.client import LocalStoresClient

router = APIRouter(prefix="/insights", tags=["insights"])
MAX_DAYS = 366


@router.get("/recommendations", response_model=RecommendationFigures)
@answers("bad_period")
def recommended_then_bought(
    manager: CurrentManager,
    uow: StaleOkUowDep,
    start: Annotated[date | None, Query(description="First day (default: 30 days ago).")] = None,
    end: Annotated[
        date | None, Query(description="Day after the last (default: tomorrow).")
    ] = None,
) -> RecommendationFigures:
    """Per touchpoint (mini-program list, order confirmation, pickup notice, member 360):
    suggestions shown in the period and how many that member bought within 7 days. A
    regional manager counts what was shown for their stores' answers; HQ everything."""
    end = end or utcnow().date() + timedelta(days=1)
    start = start or end - timedelta(days=30)
    if not 0 < (end - start).days <= MAX_DAYS:
        raise InvalidInput("the period must be positive and at most a year", code="bad_period")
    stores = LocalStoresClient(uow.session)
    store_ids = None if manager.hq else stores.store_ids_in(manager.region_ids)
    return wall.figures(uow.session, start=start, end=end, store_ids=store_ids)
