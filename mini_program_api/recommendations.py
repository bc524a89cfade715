"""The shopper's "you may also like", and their right to refuse personal suggestions."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Request, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from services.platform import adb, background, sessions
from services.platform.auth import verify_token
from services.platform.db import utcnow
from services.platform.inputs import INT4_MAX, Id
from services.platform.settings import get_settings
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentShopper
from services.platform.web.deps import UowDep
from services.recommendations import client as recommendations
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
    showcase (popular lists, stores' offers: ``services.recommendations.showcase``)."""
    queue = ShownQueue()
    app.state.recommendations_shown = queue
    app.state.recommendations_showcase = Showcase(
        stock_seconds=get_settings().recommendations_stock_seconds
    )
    stop = asyncio.Event()
    task = asyncio.create_task(
        queue.run(app.state.db_pool, get_settings(), every=FLUSH_EVERY_S, stop=stop)
    )
    try:
        yield
    finally:
        await background.stop_task(task, stop, grace=STOP_GRACE_S)  # its last flush included


@router.get(ROUTE_PATH, response_model=RecommendationList)
@answers("store_not_found")
async def my_recommendations(
    request: Request,
    shopper: CurrentShopper,
    store_id: Annotated[
        Id | None, Query(description="Only what this open store can hand over today.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=30)] = DEFAULT_LIMIT,
) -> Response:
    """Suggestions for the shopper, each saying why (``bought_together``,
    ``similar_members``, ``popular_nearby``); never what they already bought (unless it is
    a consumable), nothing off sale, and with ``store_id`` nothing out of stock there."""
    # On the event loop, no thread hop; one statement per request, the member's (the
    # rest from the worker's showcase: bench/recommendations.py).
    state = request.app.state
    async with adb.connection(state.db_pool, get_settings()) as connection:
        found = await recommendations.for_member_async(
            connection,
            member_id=shopper.subject,
            store_id=store_id,
            limit=limit,
            touchpoint="mini_program",
            now=utcnow(),
            shown=state.recommendations_shown,
            showcase=state.recommendations_showcase,
        )
    return Response(found.model_dump_json(), media_type="application/json")


@router.get("/me/recommendations/settings", response_model=RecommendationSettings)
def my_recommendation_settings(shopper: CurrentShopper, uow: UowDep) -> RecommendationSettings:
    return RecommendationSettings(
        personalised=recommendations.personalised(uow.session, shopper.subject)
    )


@router.put("/me/recommendations/settings", response_model=RecommendationSettings)
def set_recommendation_settings(
    body: RecommendationSettings, shopper: CurrentShopper, uow: UowDep
) -> RecommendationSettings:
    """``personalised: false`` turns personal suggestions off (PIPL Art. 24): from the next
    answer every touchpoint shows only what is popular nearby."""
    value = recommendations.set_personalised(
        uow.session, member_id=shopper.subject, value=body.personalised, now=utcnow()
    )
    uow.commit()
    return RecommendationSettings(personalised=value)


#: The shopper's list, answered before FastAPI's routing (``ShopperListShortcut``).
SHORTCUT_PATH = "/mp/v1/me/recommendations"
_PARAMS = {b"store_id": INT4_MAX, b"limit": 30}
_JSON_HEADERS = [(b"content-type", b"application/json")]


def _plain_query(query: bytes) -> dict[bytes, int] | None:
    """``store_id``/``limit`` as plain in-range integers, each at most once; None for
    anything else (FastAPI then answers, its 422 included)."""
    found: dict[bytes, int] = {}
    for part in query.split(b"&") if query else ():
        name, _, value = part.partition(b"=")
        top = _PARAMS.get(name)
        if top is None or name in found or not value.isdigit() or len(value) > 10:
            return None
        number = int(value)
        if not 1 <= number <= top:
            return None
        found[name] = number
    return found


def _bearer(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token if scheme.lower() == "bearer" and token else None
    return None


class ShopperListShortcut:
    """``GET /mp/v1/me/recommendations`` without FastAPI's per-request machinery (route
    matching across every door, dependency solving, parameter models): the busiest
    shopper read spent most of its time there, not on its answer (bench/recommendations.py).

    Only the plain, valid request is answered here, by the same steps as the route (the
    token checked by ``verify_token``, the deleted-account check, ``for_member_async``);
    anything else (no or a bad token, an ended account, an odd query, a store not open, an
    error on the way) goes on to FastAPI, so every error answer is still the route's own.
    Innermost of the app's middleware: request id, access log, metrics (labelled with the
    route, set in the scope as routing would) and the input rules run as for any route.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.route = next(r for r in router.routes if getattr(r, "path", "") == ROUTE_PATH)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == SHORTCUT_PATH and scope["method"] == "GET":
            body = await self._answer(scope)
            if body is not None:
                scope["route"] = self.route
                headers = [*_JSON_HEADERS, (b"content-length", str(len(body)).encode())]
                await send({"type": "http.response.start", "status": 200, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)

    async def _answer(self, scope: Scope) -> bytes | None:
        query = _plain_query(scope["query_string"])
        token = _bearer(scope)
        if query is None or token is None:
            return None
        state = scope["app"].state  # set by Starlette before any middleware runs
        settings = get_settings()
        try:
            shopper = verify_token(token, "shopper", settings)
            if await sessions.shopper_ended(state.redis, shopper.subject):
                return None
            async with adb.connection(state.db_pool, settings) as connection:
                found = await recommendations.for_member_async(
                    connection,
                    member_id=shopper.subject,
                    store_id=query.get(b"store_id"),
                    limit=query.get(b"limit", DEFAULT_LIMIT),
                    touchpoint="mini_program",
                    now=utcnow(),
                    shown=state.recommendations_shown,
                    showcase=state.recommendations_showcase,
                )
        except Exception:  # the route answers it, its errors and all
            return None
        return found.model_dump_json().encode()
