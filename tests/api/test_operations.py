"""Health, readiness and metrics."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "redis": "ok"}


def test_readiness_fails_when_redis_is_unreachable(client: TestClient, monkeypatch) -> None:
    from services.platform import cache

    cache.get_redis.cache_clear()
    monkeypatch.setenv("O2O_REDIS_URL", "redis://127.0.0.1:1/0")
    from services.platform.settings import get_settings

    get_settings.cache_clear()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "not_ready"
    assert response.json()["error"]["details"]["database"] == "ok"
    cache.get_redis.cache_clear()
    get_settings.cache_clear()


def test_metrics_count_requests_by_route(client: TestClient) -> None:
    client.get("/mp/v1/stores", params={"lat": 31.2, "lon": 121.4})
    text = client.get("/metrics").text
    assert 'o2o_http_requests_total{method="GET",route="/mp/v1/stores",status="200"}' in text
    assert "o2o_http_request_duration_seconds_bucket" in text


def test_an_unreachable_dependency_is_a_503_not_a_500(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from services.platform.db import reset_engine
    from services.platform.settings import get_settings

    monkeypatch.setenv("O2O_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    get_settings.cache_clear()
    reset_engine()
    try:
        response = client.get("/mp/v1/products")
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "unavailable"
        assert response.headers["retry-after"] == "1"
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
        reset_engine()
