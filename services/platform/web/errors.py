"""One JSON error shape for every 4xx and 5xx: ``{"error": {code, message, details}}``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import asyncpg
import asyncpg.exceptions._base
import psycopg
import redis
import sqlalchemy.exc
import structlog
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.platform.errors import DomainError

log = structlog.get_logger(__name__)

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "rate_limited",
}


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details}}


class ErrorResponse(JSONResponse):
    """JSON that survives a caller's unpaired surrogate echoed in a message or location."""

    def render(self, content: Any) -> bytes:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        # An unpaired surrogate becomes the JSON escape ``\udxxx``, still valid JSON.
        return text.encode("utf-8", errors="backslashreplace")


def error_response(
    status: int,
    code: str,
    message: str,
    details: Any = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    return ErrorResponse(
        error_body(code, message, jsonable_encoder(details)),
        status_code=status,
        headers=dict(headers) if headers else None,
    )


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else {}
    if isinstance(exc.details, dict) and "retry_after_seconds" in exc.details:
        headers["Retry-After"] = str(exc.details["retry_after_seconds"])
    return error_response(exc.status_code, exc.code, exc.message, exc.details, headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
        for e in exc.errors()
    ]
    return error_response(422, "invalid_input", "the request is not valid", details)


async def _model_error(request: Request, exc: Exception) -> JSONResponse:
    """A pydantic model built inside a route from caller input: still the caller's mistake."""
    assert isinstance(exc, ValidationError)
    details = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
        for e in exc.errors()
    ]
    return error_response(422, "invalid_input", "the request is not valid", details)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    return error_response(exc.status_code, code, message, headers=exc.headers)


async def _dependency_down(request: Request, exc: Exception) -> JSONResponse:
    """Pool exhausted, database or Redis unreachable: our trouble, and worth a retry."""
    log.warning("dependency_unavailable", path=request.url.path, error=type(exc).__name__)
    return error_response(
        503,
        "unavailable",
        "the service is busy or a dependency is down; retry shortly",
        headers={"Retry-After": "1"},
    )


# SQLSTATE class 22 raised by the server, and the drivers' own refusals of a parameter
# (psycopg: NUL in text; asyncpg: a Python int beyond the column's type).
_DATA_ERRORS = (
    sqlalchemy.exc.DataError,
    psycopg.DataError,
    asyncpg.exceptions.DataError,
    asyncpg.exceptions._base.DataError,
)
_OUR_DATA_ERRORS = {"22012"}  # division by zero: a bug in our SQL, not the caller's value


async def _data_error(request: Request, exc: Exception) -> JSONResponse:
    """Backstop: the database refused a value validation let through (out of range, NUL).

    The caller's input, so a 422; logged, because it means a bound is missing upstream.
    Integrity and serialization errors are not data errors and stay ours.
    """
    cause = exc.orig if isinstance(exc, sqlalchemy.exc.DBAPIError) else exc
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate in _OUR_DATA_ERRORS:
        return await _unexpected(request, exc)
    log.warning(
        "database_refused_input",
        path=request.url.path,
        error=type(cause).__name__,
        sqlstate=sqlstate,
    )
    return error_response(
        422,
        "invalid_input",
        "a value is out of range or holds characters that cannot be stored",
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled_error", path=request.url.path)
    return error_response(500, "internal_error", "something went wrong on our side")


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that give every error the same JSON shape."""
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(ValidationError, _model_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    for data_error in _DATA_ERRORS:
        app.add_exception_handler(data_error, _data_error)
    for dependency_error in (
        sqlalchemy.exc.TimeoutError,
        sqlalchemy.exc.OperationalError,
        asyncpg.PostgresConnectionError,
        asyncpg.exceptions.TooManyConnectionsError,
        asyncpg.exceptions.ConnectionDoesNotExistError,
        ConnectionError,
        TimeoutError,  # no pooled connection within O2O_DB_POOL_TIMEOUT
        redis.exceptions.ConnectionError,
        redis.exceptions.TimeoutError,
    ):
        app.add_exception_handler(dependency_error, _dependency_down)
    app.add_exception_handler(Exception, _unexpected)
