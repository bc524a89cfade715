"""Every error has one JSON shape; bad input is a 4xx, never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def assert_error_shape(body: dict[str, object]) -> None:
    assert set(body) == {"error"}
    error = body["error"]
    assert isinstance(error, dict)
    assert set(error) == {"code", "message", "details"}
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "code"),
    [
        ("GET", "/no/such/path", {}, 404, "not_found"),
        ("DELETE", "/mp/v1/stores", {}, 405, "method_not_allowed"),
        ("GET", "/mp/v1/stores?lat=x&lon=1", {}, 422, "invalid_input"),
        ("GET", "/mp/v1/products?limit=5000", {}, 422, "page_too_large"),
        ("GET", "/mp/v1/products?offset=-1", {}, 422, "invalid_input"),
        ("GET", "/mp/v1/products/999999", {}, 404, "product_not_found"),
        ("GET", "/mp/v1/products/not-a-number", {}, 422, "invalid_input"),
        ("POST", "/tablet/v1/auth/login", {"content": b"{not json"}, 422, "invalid_input"),
        ("POST", "/tablet/v1/auth/login", {"json": {"username": ""}}, 422, "invalid_input"),
        ("POST", "/tablet/v1/auth/login", {"json": [1, 2, 3]}, 422, "invalid_input"),
        ("GET", "/mp/v1/availability?items=abc&lat=1&lon=1", {}, 422, "invalid_items"),
        ("GET", "/mp/v1/availability?items=1:0&lat=1&lon=1", {}, 422, "invalid_items"),
        (
            "POST",
            "/mp/v1/availability",
            {"json": {"lines": [], "lat": 1, "lon": 1}},
            422,
            "invalid_input",
        ),
        ("GET", "/mp/v1/me", {}, 401, "token_missing"),
    ],
)
def test_error_shape(
    client: TestClient, method: str, path: str, kwargs: dict[str, object], status: int, code: str
) -> None:
    response = client.request(method, path, **kwargs)  # type: ignore[arg-type]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert_error_shape(body)
    assert body["error"]["code"] == code


def test_validation_errors_name_the_field(client: TestClient) -> None:
    body = client.get("/mp/v1/stores", params={"lat": 91, "lon": 1}).json()
    assert body["error"]["details"][0]["loc"] == ["query", "lat"]


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "%00",
        "lat=1e999&lon=1",
        "lat=nan&lon=nan",
        "lat=1&lon=1&radius_km=inf",
        "lat=" + "9" * 500,
    ],
)
def test_junk_queries_never_500(client: TestClient, junk: str) -> None:
    response = client.get(f"/mp/v1/stores?{junk}")
    assert 400 <= response.status_code < 500, (junk, response.status_code)
    assert_error_shape(response.json())


def test_request_id_is_echoed_or_made(client: TestClient) -> None:
    echoed = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["x-request-id"] == "abc-123"
    made = client.get("/healthz")
    assert len(made.headers["x-request-id"]) == 32
