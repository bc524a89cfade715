"""The ASGI application: every front door behind one error shape, request ids and metrics."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
import structlog
from fastapi import APIRouter, FastAPI
from redis.asyncio import Redis as AsyncRedis

from manager_api.dashboard import install_dashboard
from manager_api.router import router as manager_router
from mini_program_api.journey_notes import flushing as journey_notes_flushing
from mini_program_api.recommendations import flushing as recommendations_shown_flushing
from mini_program_api.router import busiest as mini_program_busiest
from mini_program_api.router import busiest_public as mini_program_busiest_public
from mini_program_api.router import router as mini_program_router
from server import health
from server.openapi import DESCRIPTION, FRONT_DOORS, OPENAPI_FINISHERS
from server.wiring import wire
from services.payments.webhooks import MAX_BODY_BYTES as WEBHOOK_MAX_BODY_BYTES
from services.payments.webhooks import router as webhooks_router
from services.payments.wechatpay_webhooks import MAX_BODY_BYTES as WECHATPAY_MAX_BODY_BYTES
from services.payments.wechatpay_webhooks import router as wechatpay_router
from services.platform.adb import close_pool, make_pool
from services.platform.db import get_sessionmaker
from services.platform.logs import configure_logging
from services.platform.runtime import resolve_database_url, resolve_redis_url
from services.platform.settings import get_settings
from services.platform.uow import relay_kicks_sent
from services.platform.web.body_limit import BodyLimitMiddleware
from services.platform.web.deprecation import install_deprecations
from services.platform.web.docs import install_docs
from services.platform.web.errors import install_error_handlers
from services.platform.web.middleware import RequestContextMiddleware, StorableInputMiddleware
from services.platform.web.replica_deps import ReadYourWritesMiddleware
from stores import staff_auth
from tablet_api.router import router as tablet_router

_SHUTDOWN_GRACE_SECONDS = 10.0


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Fewer threads than waiting requests: a lock holder is not starved of the GIL
    # by dozens of threads that would only queue for a connection anyway.
    anyio.to_thread.current_default_thread_limiter().total_tokens = get_settings().web_threads
    get_sessionmaker()  # build the engine once, before the first burst of requests
    settings = get_settings()
    # The event-loop hot paths' pool and Redis client: one each per worker, on its loop.
    app.state.db_pool = await make_pool(resolve_database_url(settings), settings)
    app.state.redis = AsyncRedis.from_url(resolve_redis_url(settings), decode_responses=True)
    # Staff tokens are checked against the session versions stores keeps (revocation).
    app.state.staff_session_version = staff_auth.session_version
    try:
        # Product views etc., batched to Redis; suggestions shown, batched to the database.
        async with journey_notes_flushing(app), recommendations_shown_flushing(app):
            yield
    finally:
        # Bounded: shutdown never waits on a stuck kick or a connection still out.
        with anyio.move_on_after(_SHUTDOWN_GRACE_SECONDS):
            await relay_kicks_sent()
        await close_pool(app.state.db_pool, grace_seconds=_SHUTDOWN_GRACE_SECONDS)
        await app.state.redis.aclose()


#: Each front door's routers (server/roles.py DOORS names the doors and their prefixes).
DOOR_ROUTERS: dict[str, tuple[APIRouter, ...]] = {
    "mp": (mini_program_busiest, mini_program_busiest_public, mini_program_router),
    "tablet": (tablet_router,),
    "manager": (manager_router,),
    "webhooks": (webhooks_router, wechatpay_router),
}


def create_app(door: str = "all") -> FastAPI:
    """Build the app; settings are validated here so a bad config fails at start-up.

    ``door``: serve one front door only (its own process in the split layout, so a flood
    on one door cannot take another's workers), or ``all`` (``o2o up``, the tests).
    """
    if door != "all" and door not in DOOR_ROUTERS:
        raise ValueError(f"unknown front door {door!r}: one of {', '.join(DOOR_ROUTERS)} or all")
    wire()  # first: the settings join every service's section
    settings = get_settings()
    configure_logging(
        settings.log_level, json=settings.log_json, cache=settings.environment != "test"
    )
    for warning in settings.start_warnings():
        structlog.get_logger("o2o.settings").warning("unsafe_configuration", problem=warning)
    app = FastAPI(
        title="O2O omnichannel retail",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=_lifespan,
        # FastAPI's own pages load Swagger UI from a CDN; ours are served from a package.
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    install_error_handlers(app)
    app.add_middleware(StorableInputMiddleware)
    # Inside the request-context middleware, so a refused body still has its request id,
    # access log line and metrics.
    app.add_middleware(
        BodyLimitMiddleware,
        limit=settings.max_body_bytes,
        path_limits={
            "/webhooks/stripe": WEBHOOK_MAX_BODY_BYTES,
            "/webhooks/wechatpay": WECHATPAY_MAX_BODY_BYTES,
        },
    )
    if settings.database_replica_url:
        # Only with a replica: remembering writes costs a Redis SET per write otherwise spent.
        app.add_middleware(ReadYourWritesMiddleware, seconds=settings.read_your_writes_seconds)
    app.add_middleware(RequestContextMiddleware)  # outermost: ids and metrics for every answer
    served = list(DOOR_ROUTERS) if door == "all" else [door]
    # In order, the mini-program's busiest read first (mini_program_api/router.py); health
    # last: no door's path overlaps it, and its probes are few.
    for name in served:
        for router in DOOR_ROUTERS[name]:
            app.include_router(router)
    app.include_router(health.router)
    install_docs(
        app,
        doors=[d for d in FRONT_DOORS if d.slug in served or door == "all"],
        finishers=OPENAPI_FINISHERS,
    )
    if "manager" in served:
        install_dashboard(app)
    install_deprecations(app)
    return app
