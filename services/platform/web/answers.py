"""Every operation documents its error answers: the one error shape and the codes it can send.

An endpoint, or a dependency it uses, declares its codes with ``@answers("out_of_stock")``;
rules add what follows from the route itself (a token dependency: the token codes; any
parameter: ``invalid_input``; a body: ``payload_too_large``; an ``Idempotency-Key`` header:
the key codes; every route: ``unavailable``). ``document_errors`` then writes one response
per status into the OpenAPI document, with the shared ``ErrorBody`` schema and an example
per code, replacing FastAPI's own 422 shape (which this API never sends).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from fastapi.dependencies.models import Dependant
from fastapi.routing import RouteContext
from pydantic import BaseModel, ConfigDict, Field

from services.platform.error_codes import catalog, code_status

F = TypeVar("F", bound=Callable[..., Any])
_ATTRIBUTE = "__error_codes__"

TOKEN_CODES = ("token_missing", "token_invalid", "token_expired", "token_wrong_audience")
IDEMPOTENCY_CODES = (
    "idempotency_key_required",
    "idempotency_key_invalid",
    "idempotency_key_reused",
    "idempotency_key_in_progress",
)


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code; branch on this, not on text.")
    message: str = Field(description="Human-readable; may change, never parse it.")
    details: Any = Field(default=None, description="Structured context (fields, SKUs, limits).")


class ErrorBody(BaseModel):
    """Every 4xx and 5xx answer of this API has this shape."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "error": {
                        "code": "out_of_stock",
                        "message": "some SKUs are short at this store",
                        "details": {"sku_ids": [10231]},
                    }
                }
            ]
        }
    )

    error: ErrorDetail


def answers(*codes: str) -> Callable[[F], F]:
    """Declare the error codes an endpoint or dependency can answer.

    Each must be in a manifest's catalog; that is checked when the documents are built
    (``document_errors``), since the catalog is assembled at start, after routes import.
    """

    def mark(function: F) -> F:
        setattr(function, _ATTRIBUTE, (*getattr(function, _ATTRIBUTE, ()), *codes))
        return function

    return mark


def anonymous_allowed(function: F) -> F:
    """Mark an auth dependency whose token is optional (OpenAPI then lists ``{}`` too)."""
    setattr(function, "__anonymous_allowed__", True)  # noqa: B010
    return function


def _walk(dependant: Dependant) -> Iterable[Dependant]:
    yield dependant
    for sub in dependant.dependencies:
        yield from _walk(sub)


def codes_for(route: RouteContext) -> list[str]:
    """Every code ``route`` documents: declared on it or its dependencies, plus the rules."""
    found: list[str] = []
    has_params = False
    for dependant in _walk(route.dependant):
        found.extend(getattr(dependant.call, _ATTRIBUTE, ()))
        if dependant.path_params or dependant.query_params or dependant.body_params:
            has_params = True
        if dependant.header_params or dependant.cookie_params:
            has_params = True
        if any(p.alias.lower() == "idempotency-key" for p in dependant.header_params):
            found.extend(IDEMPOTENCY_CODES)
    if has_params:
        found.append("invalid_input")
    if route.body_field is not None:
        found.append("payload_too_large")
    if route.dependant.path_params and not any(code_status(c)[1] == 404 for c in found):
        found.append("not_found")
    found.append("unavailable")
    return list(dict.fromkeys(found))


def _example(code: str) -> dict[str, Any]:
    return {
        "summary": code,
        "value": {"error": {"code": code, "message": catalog()[code].summary, "details": None}},
    }


def _response(codes: Sequence[str]) -> dict[str, Any]:
    listing = "\n".join(f"- `{code}`: {catalog()[code].summary}" for code in codes)
    return {
        "description": f"Error codes:\n\n{listing}",
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/ErrorBody"},
                "examples": {code: {"$ref": f"#/components/examples/{code}"} for code in codes},
            }
        },
        "x-error-codes": list(codes),
    }


def document_errors(document: dict[str, Any], routes: Sequence[RouteContext]) -> None:
    """Write each operation's error answers into ``document`` (an OpenAPI finisher)."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in (
        ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
        .pop("$defs", {})
        .items()
    ):
        schemas[name] = schema
    schemas["ErrorBody"] = {
        k: v for k, v in ErrorBody.model_json_schema().items() if k != "$defs"
    } | {"properties": {"error": {"$ref": "#/components/schemas/ErrorDetail"}}}
    used: set[str] = set()
    for route in routes:
        if not route.include_in_schema:
            continue
        by_status: dict[int, list[str]] = {}
        for declared in codes_for(route):
            code, status = code_status(declared)
            used.add(code)
            by_status.setdefault(status, []).append(code)
        anonymous = any(
            getattr(d.call, "__anonymous_allowed__", False) for d in _walk(route.dependant)
        )
        operations = document.get("paths", {}).get(route.path_format, {})
        for method in route.methods or ():
            operation = operations.get(method.lower())
            if operation is None:
                continue
            if anonymous and {} not in operation.get("security", [{}]):
                operation["security"].append({})  # a token is optional here
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)  # FastAPI's default shape; ours replaces it below
            for status, codes in sorted(by_status.items()):
                responses[str(status)] = _response(codes)
    examples = document["components"].setdefault("examples", {})
    for code in sorted(used):
        examples[code] = _example(code)
    text = json.dumps(document["paths"])
    for unused in ("HTTPValidationError", "ValidationError"):
        if f"#/components/schemas/{unused}" not in text:
            schemas.pop(unused, None)
    if not schemas:
        document["components"].pop("schemas")


def documented_codes(document: dict[str, Any], path: str, method: str) -> set[tuple[int, str]]:
    """``(status, code)`` pairs an operation of ``document`` documents (for checks)."""
    operation = document.get("paths", {}).get(path, {}).get(method.lower(), {})
    return {
        (int(status), code)
        for status, response in operation.get("responses", {}).items()
        for code in response.get("x-error-codes", ())
    }
