"""Liveness, readiness (database and Redis) and Prometheus metrics."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy import text

from services.platform.cache import get_redis
from services.platform.db import get_engine
from services.platform.replica import read_target, replica
from services.platform.settings import get_settings
from services.platform.web import client_ip
from services.platform.web import metrics as exposition
from services.platform.web.answers import answers
from services.platform.web.errors import error_response

router = APIRouter(tags=["operations"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


def _check() -> dict[str, str]:
    checks: dict[str, str] = {}
    try:
        with get_engine().connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"error: {type(exc).__name__}"
    try:
        get_redis().ping()
        checks["redis"] = "ok"
    except Exception as exc:
        checks["redis"] = f"error: {type(exc).__name__}"
    return checks


def _replica() -> dict[str, Any] | None:
    """Where stale-ok reads go now and why; a lagging replica never makes a process unready
    (those reads fall back to the primary)."""
    settings = get_settings()
    if not settings.database_replica_url:
        return None
    lag = replica(settings.database_replica_url)[1].measure()
    target = read_target(
        replica=True,
        lag_seconds=lag.seconds,
        max_lag=settings.replica_max_lag_seconds,
        wrote_recently=False,
    )
    return {
        "reads": target,
        "lag_seconds": None if lag.seconds is None else round(lag.seconds, 3),
        "max_lag_seconds": settings.replica_max_lag_seconds,
        "error": lag.error,
    }


@router.get("/readyz")
@answers("not_ready")
async def readyz() -> Response:
    checks = await run_in_threadpool(_check)
    if all(v == "ok" for v in checks.values()):
        body: dict[str, Any] = {"status": "ready", "checks": checks}
        if (standby := await run_in_threadpool(_replica)) is not None:
            body["replica"] = standby
        return JSONResponse(body)
    return error_response(503, "not_ready", "a dependency is not reachable", checks)


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    verdict = exposition.access(
        get_settings(),
        client_ip=client_ip.of_request(request),  # the one client-IP rule (trusted proxies)
        authorization=request.headers.get("authorization"),
    )
    if verdict == "off":
        return error_response(404, "not_found", "metrics are switched off")
    if verdict == "address_refused":
        return error_response(403, "metrics_forbidden", "metrics are not served to this address")
    if verdict == "token_missing":
        return error_response(
            401,
            "metrics_unauthorized",
            "metrics need the scrape token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    body, content_type = await run_in_threadpool(exposition.exposition)  # reads every worker's file
    return Response(body, media_type=content_type)
