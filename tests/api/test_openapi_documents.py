"""The OpenAPI documents: committed copies match the app, each door holds only its own
operations, every operation documents its errors, and every body has a valid example."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from server.manifests import ERROR_CODES
from server.openapi import FRONT_DOORS, documents, render

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def served() -> dict[str, dict[str, Any]]:
    return documents()


def test_committed_documents_match_the_app(served: dict[str, dict[str, Any]]) -> None:
    stale = [
        name
        for name, document in served.items()
        if not (ROOT / "openapi" / name).exists()
        or (ROOT / "openapi" / name).read_text(encoding="utf-8") != render(document)
    ]
    assert not stale, (
        f"openapi/{', openapi/'.join(stale)} differ from the app: run `make openapi` "
        "(and `make clients` if /mp changed) and commit the result"
    )


def test_each_door_documents_only_its_own_operations(served: dict[str, dict[str, Any]]) -> None:
    whole = set(served["o2o.json"]["paths"])
    for door in FRONT_DOORS:
        paths = set(served[f"{door.slug}.json"]["paths"])
        assert paths and all(path.startswith(door.prefix) for path in paths)
        assert paths == {path for path in whole if path.startswith(door.prefix)}
        schemes = served[f"{door.slug}.json"]["components"]["securitySchemes"]
        assert door.scheme in schemes and schemes[door.scheme]["scheme"] == "bearer"


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    ]


def test_every_operation_documents_its_errors_in_the_one_shape(
    served: dict[str, dict[str, Any]],
) -> None:
    document = served["o2o.json"]
    for path, method, operation in _operations(document):
        errors = {s: r for s, r in operation["responses"].items() if int(s) >= 400}
        assert "503" in errors, (method, path)
        for status, response in errors.items():
            schema = response["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (method, path, status)
            for code in response["x-error-codes"]:
                assert int(status) in (ERROR_CODES[code].status, *ERROR_CODES[code].also)
                assert code in response["content"]["application/json"]["examples"]
        if operation.get("security") and {} not in operation["security"]:
            assert "token_missing" in errors["401"]["x-error-codes"], (method, path)
        if "requestBody" in operation:
            assert {"413", "422"} <= set(errors), (method, path)
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_the_order_operations_name_their_domain_codes(served: dict[str, dict[str, Any]]) -> None:
    place = served["mp.json"]["paths"]["/mp/v1/orders"]["post"]["responses"]
    assert {"out_of_stock", "idempotency_key_reused"} <= set(place["409"]["x-error-codes"])
    assert "idempotency_key_required" in place["422"]["x-error-codes"]
    read = served["mp.json"]["paths"]["/mp/v1/orders/{number}"]["get"]["responses"]
    assert read["404"]["x-error-codes"] == ["order_not_found"]


def _has_example(schema: dict[str, Any], components: dict[str, Any]) -> bool:
    if "examples" in schema or "example" in schema:
        return True
    if "$ref" in schema:
        return _has_example(components[schema["$ref"].rsplit("/", 1)[1]], components)
    if schema.get("type") == "array":
        return _has_example(schema.get("items", {}), components)
    if "items" in schema.get("properties", {}):  # a page: its items carry the example
        return _has_example(schema["properties"]["items"], components)
    return False


def test_every_json_body_and_answer_has_an_example(served: dict[str, dict[str, Any]]) -> None:
    missing = []
    for door in FRONT_DOORS:
        document = served[f"{door.slug}.json"]
        components = document["components"]["schemas"]
        for path, method, operation in _operations(document):
            bodies = [("request", operation.get("requestBody", {}))] + [
                (status, answer)
                for status, answer in operation["responses"].items()
                if status.startswith("2")
            ]
            for what, body in bodies:
                schema = body.get("content", {}).get("application/json", {}).get("schema")
                if schema and schema != {} and not _has_example(schema, components):
                    missing.append(f"{method.upper()} {path} {what}")
    assert not missing, f"add json_schema_extra examples to the models of: {missing}"


def _models_with_examples() -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []
    pending = list(BaseModel.__subclasses__())
    while pending:
        model = pending.pop()
        pending.extend(model.__subclasses__())
        extra = model.model_config.get("json_schema_extra")
        if isinstance(extra, dict) and extra.get("examples") and model not in seen:
            seen.append(model)
    return seen


def test_every_example_is_a_valid_instance_of_its_model(
    served: dict[str, dict[str, Any]],
) -> None:
    models = [m for m in _models_with_examples() if m.__module__.split(".")[0] != "clients"]
    assert len(models) >= 30
    for model in models:
        extra = model.model_config["json_schema_extra"]
        assert isinstance(extra, dict)
        for example in extra["examples"]:  # type: ignore[union-attr]
            model.model_validate(example)
