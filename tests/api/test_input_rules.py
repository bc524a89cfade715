"""The input rules hold for every route, including routes added later.

Bodies are ``InputModel``s (text anywhere in them must be storable) and every integer a
caller sends has bounds in the OpenAPI document (so it fits its column).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from services.platform.inputs import INT8_MAX, InputModel, first_unstorable, storable


def _routes(router: Any) -> Iterator[APIRoute]:
    for route in getattr(router, "routes", None) or []:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):  # an included router
            yield from _routes(route.original_router)


def _bodies(dependant: Any) -> Iterator[Any]:
    yield from dependant.body_params
    for sub in dependant.dependencies:
        yield from _bodies(sub)


def _app(migrated: dict[str, str]) -> FastAPI:
    from server.app import create_app

    return create_app()


def test_every_request_body_is_an_input_model(migrated: dict[str, str]) -> None:
    seen = []
    for route in _routes(_app(migrated)):
        for body in _bodies(route.dependant):
            model = body.field_info.annotation
            seen.append(model)
            assert isinstance(model, type) and issubclass(model, InputModel), (
                f"{route.path}: the body {model} must subclass services.platform.inputs.InputModel"
            )
    assert len(seen) >= 10


def _integers(schema: Any, components: dict[str, Any], where: str) -> Iterator[tuple[str, Any]]:
    if isinstance(schema, dict):
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            yield from _integers(components[name], components, f"{where}->{name}")
            return
        if schema.get("type") == "integer":
            yield where, schema
        for key, value in schema.items():
            if key != "examples":
                yield from _integers(value, components, f"{where}.{key}")
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            yield from _integers(value, components, f"{where}[{index}]")


def test_every_integer_a_caller_sends_is_bounded(migrated: dict[str, str]) -> None:
    document = _app(migrated).openapi()
    components = document["components"]["schemas"]
    found = 0
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            inputs = [p["schema"] for p in operation.get("parameters", [])]
            for media in operation.get("requestBody", {}).get("content", {}).values():
                inputs.append(media["schema"])
            for schema in inputs:
                for where, integer in _integers(schema, components, f"{method} {path}"):
                    found += 1
                    assert "minimum" in integer or "exclusiveMinimum" in integer, where
                    assert "maximum" in integer or "exclusiveMaximum" in integer, where
                    assert integer.get("maximum", 0) <= INT8_MAX, where
    assert found >= 15


def test_the_text_rule() -> None:
    assert storable("Nanjing Road 南京路 🛍")
    for bad in ("a\x00b", "\x00", "x\ud800", "\udfffy"):
        assert not storable(bad)
    body = {"lines": [{"sku": 1, "note": "ok"}, {"note": "b\x00d"}]}
    assert first_unstorable(body) == ("lines", 1, "note")
    assert first_unstorable({"\x00": 1}) == ("<key>",)
    assert first_unstorable(["fine", {"deep": ["fine"]}, 3, None]) is None
