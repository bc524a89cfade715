"""Docs pages load only the app's own assets; deprecated operations announce their sunset."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi import FastAPI, Response
from fastapi.testclient import TestClient

from services.platform.errors import NotFound
from services.platform.web.deprecation import (
    deprecated,
    document_deprecations,
    install_deprecations,
)
from services.platform.web.docs import FrontDoor, install_docs
from services.platform.web.errors import install_error_handlers


@pytest.fixture(scope="module")
def app_client() -> TestClient:
    from server.app import create_app

    return TestClient(create_app())  # no lifespan: the docs need no database


@pytest.mark.parametrize("page", ["/docs", "/redoc", "/mp/docs", "/tablet/redoc", "/manager/docs"])
def test_docs_pages_load_only_local_assets(app_client: TestClient, page: str) -> None:
    response = app_client.get(page)
    assert response.status_code == 200
    assert "default-src 'self'" in response.headers["content-security-policy"]
    sources = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    assert sources and all(s.startswith("/") for s in sources), sources
    for source in sources:
        assert app_client.get(source).status_code == 200, source


def test_door_openapi_documents_are_served(app_client: TestClient) -> None:
    for slug, prefix in (("mp", "/mp/v1"), ("tablet", "/tablet/v1"), ("manager", "/manager/v1")):
        document = app_client.get(f"/{slug}/openapi.json").json()
        assert document["paths"] and all(p.startswith(prefix) for p in document["paths"])
    assert "/webhooks/stripe" in app_client.get("/openapi.json").json()["paths"]


def test_redoc_is_served_without_its_remote_logo(app_client: TestClient) -> None:
    script = app_client.get("/docs-assets/redoc-offline.js")
    assert script.status_code == 200 and len(script.content) > 100_000
    assert b"https://cdn." not in script.content


def test_login_answers_authorize_the_docs_page(app_client: TestClient) -> None:
    page = app_client.get("/docs").text
    assert '"/mp/v1/auth/login": "ShopperToken"' in page
    assert '"/tablet/v1/auth/login": "GuideToken"' in page
    assert "preauthorizeApiKey" in page


def _legacy_app() -> FastAPI:
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    install_error_handlers(app)
    sunset = deprecated(since=date(2026, 12, 1), sunset=date(2027, 6, 1), successor="/v2/stock")

    @app.get("/v1/stock")
    @sunset
    def stock() -> dict[str, int]:
        return {"on_hand": 7}

    @app.get("/v1/stock/raw")
    @sunset
    async def stock_raw() -> Response:
        return Response(b'{"on_hand": 7}', media_type="application/json")

    @app.get("/v1/stock/{sku_id}")
    @sunset
    def one(sku_id: int) -> dict[str, int]:
        raise NotFound("no such SKU", code="sku_not_found")

    @app.get("/v1/stores")
    def stores() -> list[str]:
        return []

    door = FrontDoor(
        slug="v1", title="t", prefix="/v1", description="d", login_path="/x", scheme="S"
    )
    install_docs(app, doors=[door], finishers=[document_deprecations])
    install_deprecations(app)
    return app


def test_deprecated_operations_send_deprecation_and_sunset_headers() -> None:
    client = TestClient(_legacy_app())
    for path in ("/v1/stock", "/v1/stock/raw", "/v1/stock/12"):
        response = client.get(path)
        assert response.headers["Deprecation"] == "@1796083200", path  # 2026-12-01 00:00 UTC
        assert response.headers["Sunset"] == "Tue, 01 Jun 2027 00:00:00 GMT"
        assert response.headers["Link"] == '</v2/stock>; rel="successor-version"'
    assert client.get("/v1/stock/12").status_code == 404
    assert "Deprecation" not in client.get("/v1/stores").headers


def test_deprecated_operations_are_marked_in_openapi() -> None:
    document = TestClient(_legacy_app()).get("/openapi.json").json()
    operation = document["paths"]["/v1/stock"]["get"]
    assert operation["deprecated"] is True
    assert operation["x-sunset"] == "2027-06-01"
    assert "removed after 2027-06-01" in operation["description"]
    assert "deprecated" not in document["paths"]["/v1/stores"]["get"]


def test_a_sunset_must_follow_the_deprecation() -> None:
    with pytest.raises(ValueError, match="sunset"):
        deprecated(since=date(2027, 1, 1), sunset=date(2026, 1, 1))


def test_the_header_middleware_is_left_out_while_nothing_is_deprecated() -> None:
    from services.platform.web.deprecation import DeprecationMiddleware

    assert any(m.cls is DeprecationMiddleware for m in _legacy_app().user_middleware)
    plain = FastAPI()
    plain.get("/v1/stores")(lambda: [])
    install_deprecations(plain)
    assert plain.user_middleware == []
