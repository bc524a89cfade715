"""The shopper's "you may also like", and their right to refuse personal suggestions."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Request, Response

from services.platform import adb, background
from services.platform.db import utcnow
from services.platform.inputs import Id
from services.platform.settings import get_settings
from services.platform.web.answers import answers
from services.platform.web.auth import SHOPPER_SECURITY, ShopperInOne
from services.platform.web.deps import UowDep
from services.recommendations import client as recommendations
from services.recommendations.members import MemberCopies
from services.recommendations.schemas import RecommendationList, RecommendationSettings
from services.recommendations.showcase import Showcase
from services.recommendations.shown import ShownQueue

router = APIRouter(tags=["recommendations"])
ROUTE_PATH = "/me/recommendations"
DEFAULT_LIMIT = 10
#: How often a worker writes what its shoppers' lists showed (the wall's figures).
#: How long shutdown waits for the flusher's last flush.
STOP_GRACE_S = 5.0
FLUSH_EVERY_S = 1.0


@asynccontextmanager
async def flushing(app: FastAPI) -> AsyncIterator[None]:
    """The worker's queue of showings and its flusher, for the app's lifespan; what is
    still queued at shutdown is written before the pool closes. And the worker's
    showcase (popular lists, stores' offers: ``services.recommendations.showcase``) and
    copy of members' rows (``services.recommendations.members``)."""
    queue = ShownQueue()
    app.state.recommendations_shown = queue
    app.state.recommendations_showcase = Showcase(
        stock_seconds=get_settings().recommendations_stock_seconds
    )
    app.state.recommendations_members = MemberCopies(
        seconds=get_settings().recommendations_member_seconds
    )
    stop = asyncio.Event()
    task = asyncio.create_task(
        queue.run(app.state.db_pool, get_settings(), every=FLUSH_EVERY_S, stop=stop)
    )
    try:
        yield
    finally:
        await background.stop_task(task, stop, grace=STOP_GRACE_S)  # its last flush included


# Its shopper in one dependency node (``ShopperInOne``, the scheme declared by
# ``SHOPPER_SECURITY``), as the router's guard is: FastAPI's per-node cost was a tenth of
# the list's (bench/recommendations.py).
@router.get(ROUTE_PATH, response_model=RecommendationList, openapi_extra=SHOPPER_SECURITY)
@answers("store_not_found")
async def my_recommendations(
    request: Request,
    shopper: ShopperInOne,
    store_id: Annotated[
        Id | None, Query(description="Only what this open store can hand over today.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=30)] = DEFAULT_LIMIT,
) -> Response:
    """Suggestions for the shopper, each saying why (``bought_together``,
    ``similar_members``, ``popular_nearby``); never what they already bought (unless it is
    a consumable), nothing off sale, and with ``store_id`` nothing out of stock there."""
    # On the event loop, no thread hop; at most one statement, the member's, and none while
    # the worker's copy of their row is fresh (the rest from the worker's showcase:
    # bench/recommendations.py); a connection is taken only when one is read.
    state = request.app.state
    async with adb.when_needed(state.db_pool, get_settings()) as connect:
        found = await recommendations.for_member_async(
            connect,
            member_id=shopper.subject,
            store_id=store_id,
            limit=limit,
            touchpoint="mini_program",
            now=utcnow(),
            shown=state.recommendations_shown,
            showcase=state.recommendations_showcase,
            members=state.recommendations_members,
        )
    return Response(found.model_dump_json(), media_type="application/json")


@router.get(
    "/me/recommendations/settings",
    response_model=RecommendationSettings,
    openapi_extra=SHOPPER_SECURITY,
)
def my_recommendation_settings(shopper: ShopperInOne, uow: UowDep) -> RecommendationSettings:
    return RecommendationSettings(
        personalised=recommendations.personalised(uow.session, shopper.subject)
    )


@router.put(
    "/me/recommendations/settings",
    response_model=RecommendationSettings,
    openapi_extra=SHOPPER_SECURITY,
)
def set_recommendation_settings(
    request: Request, body: RecommendationSettings, shopper: ShopperInOne, uow: UowDep
) -> RecommendationSettings:
    """``personalised: false`` turns personal suggestions off (PIPL Art. 24): from the next
    answer every touchpoint shows only what is popular nearby."""
    # The list's copy of the member's row (services/recommendations/members.py) is dropped
    # here at once; another worker process's copy within O2O_RECOMMENDATIONS_MEMBER_SECONDS.
    value = recommendations.set_personalised(
        uow.session, member_id=shopper.subject, value=body.personalised, now=utcnow()
    )
    uow.commit()
    request.app.state.recommendations_members.forget(shopper.subject)  # this worker: at once
    return RecommendationSettings(personalised=value)
