"""Stable error ``code``s: what integrators may branch on, with each status.

A code is raised where its rule lives (``Conflict(..., code="out_of_stock")``) and is
*documented* by the service that owns it: its HTTP status and one line for the API docs,
in ``<service>/error_codes.py``, named by its manifest. This module holds the platform's
own codes (the error handlers', tokens', idempotency keys') and the catalog the
composition root assembles from every manifest at start (``server.manifests``). Operations
declare the codes they answer with ``answers(...)`` (``services.platform.web.answers``);
the test suite records every error it meets and fails when an operation answered a code
it does not document (``tests/conftest.py``), so this list and the docs stay complete.
Adding a code is backwards compatible; renaming or removing one is a breaking change.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple


class ErrorCode(NamedTuple):
    status: int
    summary: str
    #: Other statuses the same code is answered with in some operations (declare it there
    #: as ``"code@status"``).
    also: tuple[int, ...] = ()


PLATFORM_CODES: dict[str, ErrorCode] = {
    # Generic answers of the error handlers (any operation).
    "bad_request": ErrorCode(400, "The request could not be understood."),
    "unauthorized": ErrorCode(401, "Authentication is required."),
    "forbidden": ErrorCode(403, "This caller may not do this."),
    "not_found": ErrorCode(404, "No such resource (or not yours to see)."),
    "method_not_allowed": ErrorCode(405, "This path does not take this method."),
    "conflict": ErrorCode(409, "The resource is not in a state that allows this."),
    "payload_too_large": ErrorCode(413, "The request body is larger than the server accepts."),
    "unsupported_media_type": ErrorCode(415, "Send the body as application/json."),
    "invalid_input": ErrorCode(
        422, "A field is missing or invalid; `details` lists each problem with its `loc`."
    ),
    "rate_limited": ErrorCode(429, "Too many requests; wait for `Retry-After` seconds."),
    "internal_error": ErrorCode(500, "Our fault; the request id is in `X-Request-ID`."),
    "unavailable": ErrorCode(503, "A dependency is busy or down; retry after `Retry-After`."),
    "not_ready": ErrorCode(503, "The database or Redis is not reachable (readiness probe)."),
    # Tokens and logins.
    "token_missing": ErrorCode(401, "No `Authorization: Bearer <token>` header was sent."),
    "token_invalid": ErrorCode(401, "The token is malformed, forged or for another role."),
    "token_expired": ErrorCode(401, "The token has expired; log in again."),
    "token_wrong_audience": ErrorCode(401, "The token belongs to another front door."),
    "guide_without_store": ErrorCode(403, "The guide token is not bound to a store."),
    "session_ended": ErrorCode(401, "The staff session ended (logout, revocation); log in again."),
    "login_locked": ErrorCode(429, "Too many failed logins for this name or address; wait."),
    "login_busy": ErrorCode(503, "Logins are busy; retry shortly."),
    # Idempotent creates.
    "idempotency_key_required": ErrorCode(422, "This create needs an `Idempotency-Key` header."),
    "idempotency_key_invalid": ErrorCode(
        422, "`Idempotency-Key` is missing, or not 1-128 visible ASCII characters."
    ),
    "idempotency_key_reused": ErrorCode(409, "This key was used before with a different body."),
    "idempotency_key_in_progress": ErrorCode(
        409, "A request with this key is still running; retry shortly."
    ),
    # Lists.
    "page_too_large": ErrorCode(422, "`limit` is larger than the largest page size."),
    # Shared by many services' operations.
    "null_field": ErrorCode(422, "These fields cannot be set to null."),
    "region_forbidden": ErrorCode(403, "The region is outside your scope."),
    "bad_period": ErrorCode(422, "The report period must be positive and at most a year."),
}

_catalog: dict[str, ErrorCode] = dict(PLATFORM_CODES)


def code_status(code: str) -> tuple[str, int]:
    """``(code, status)`` of a declaration, ``"code"`` or ``"code@422"`` (KeyError when the
    code or that status is not catalogued)."""
    name, _, status = code.partition("@")
    try:
        entry = _catalog[name]
    except KeyError:
        raise KeyError(f"{name} is in no service's error_codes.py") from None
    answered = int(status) if status else entry.status
    if answered not in (entry.status, *entry.also):
        raise KeyError(f"{name} is not catalogued with status {answered}")
    return name, answered


def catalog() -> Mapping[str, ErrorCode]:
    """Every code this process documents (the platform's until the services' are bound)."""
    return MappingProxyType(_catalog)


def use_catalog(codes: Mapping[str, ErrorCode]) -> None:
    """Bind the whole catalog (the composition root, at start); it must keep the platform's."""
    missing = PLATFORM_CODES.keys() - codes.keys()
    if missing:
        raise ValueError(f"the catalog lacks the platform's codes: {sorted(missing)}")
    _catalog.clear()
    _catalog.update(codes)
