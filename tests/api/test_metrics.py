"""``/metrics``: restricted by settings, and one answer for every API worker (issue 9.10)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from server.manifests import Settings
from services.platform.web.metrics import access
from tests.live import serving


def _settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)


@pytest.mark.parametrize(
    ("values", "client_ip", "authorization", "verdict"),
    [
        ({}, "203.0.113.9", None, "ok"),
        ({"metrics_enabled": False}, "127.0.0.1", None, "off"),
        ({"metrics_allow_ips": ["10.0.0.0/8", "127.0.0.1"]}, "10.2.3.4", None, "ok"),
        ({"metrics_allow_ips": ["10.0.0.0/8", "127.0.0.1"]}, "127.0.0.1", None, "ok"),
        ({"metrics_allow_ips": ["10.0.0.0/8"]}, "192.168.1.9", None, "address_refused"),
        ({"metrics_allow_ips": ["10.0.0.0/8"]}, "testclient", None, "address_refused"),
        ({"metrics_allow_ips": ["10.0.0.0/8"]}, None, None, "address_refused"),
        ({"metrics_token": SecretStr("s3cret-scrape")}, "1.2.3.4", None, "token_missing"),
        ({"metrics_token": SecretStr("s3cret-scrape")}, "1.2.3.4", "Bearer nope", "token_missing"),
        ({"metrics_token": SecretStr("s3cret-scrape")}, "1.2.3.4", "Bearer ü", "token_missing"),
        ({"metrics_token": SecretStr("s3cret-scrape")}, "1.2.3.4", "Bearer s3cret-scrape", "ok"),
        (
            {"metrics_allow_ips": ["10.0.0.0/8"], "metrics_token": SecretStr("t")},
            "10.0.0.1",
            "Basic t",
            "token_missing",
        ),
    ],
)
def test_who_may_read_the_metrics(
    values: dict[str, Any], client_ip: str | None, authorization: str | None, verdict: str
) -> None:
    assert access(_settings(**values), client_ip=client_ip, authorization=authorization) == verdict


def test_a_bad_allow_list_entry_fails_at_start() -> None:
    with pytest.raises(ValueError, match="metrics_allow_ips"):
        _settings(metrics_allow_ips=["10.0.0.0/33"])


@pytest.fixture
def restricted(db: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from services.platform.settings import get_settings

    monkeypatch.setenv("O2O_METRICS_ALLOW_IPS", '["10.0.0.0/8"]')
    monkeypatch.setenv("O2O_METRICS_TOKEN", "s3cret-scrape")
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


def test_the_route_refuses_by_address_then_token(restricted: None) -> None:
    from server.app import create_app

    app = create_app()
    with TestClient(app, client=("192.168.1.9", 5000)) as outsider:
        refused = outsider.get("/metrics", headers={"Authorization": "Bearer s3cret-scrape"})
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "metrics_forbidden"
    with TestClient(app, client=("10.1.1.1", 5000)) as scraper:
        anonymous = scraper.get("/metrics")
        assert anonymous.status_code == 401
        assert anonymous.json()["error"]["code"] == "metrics_unauthorized"
        allowed = scraper.get("/metrics", headers={"Authorization": "Bearer s3cret-scrape"})
        assert allowed.status_code == 200
        assert "o2o_http_requests_total" in allowed.text


def test_switched_off_metrics_are_not_found(db: dict[str, str], monkeypatch) -> None:
    from server.app import create_app
    from services.platform.settings import get_settings

    monkeypatch.setenv("O2O_METRICS_ENABLED", "false")
    get_settings.cache_clear()
    try:
        with TestClient(create_app()) as client:
            assert client.get("/metrics").status_code == 404
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


#: What the test counts: not /healthz, which ``serving`` polls while the workers start (a
#: poll that timed out on a busy machine may still be answered, and counted, afterwards).
COUNTED = "/readyz"


def _counted(port: int) -> float:
    # A fresh connection each time: SO_REUSEPORT spreads them over the workers.
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        text = client.get("/metrics").text
    found = re.search(
        r'^o2o_http_requests_total\{method="GET",route="/readyz",status="200"\} (\S+)$',
        text,
        re.MULTILINE,
    )
    return float(found.group(1)) if found else 0.0


def _hit(port: int, times: int) -> None:
    for _ in range(times):
        with httpx.Client() as client:  # new connection: lands on either worker
            assert client.get(f"http://127.0.0.1:{port}{COUNTED}").status_code == 200


@pytest.mark.slow
def test_every_worker_answers_for_all_and_a_restart_starts_from_zero(
    db: dict[str, str], tmp_path: Path
) -> None:
    directory = tmp_path / "metrics"
    env = {"PROMETHEUS_MULTIPROC_DIR": str(directory)}
    with serving(workers=2, env=env) as (_, port):
        _hit(port, 5)
    last_run = {path.name for path in directory.glob("*.db")}
    assert len(last_run) >= 2  # a file per worker and kind of metric, named by pid
    with serving(workers=2, env=env) as (_, port):
        # Emptied at start: the last run's counts are not added to this one's.
        assert last_run.isdisjoint(path.name for path in directory.glob("*.db"))
        before = _counted(port)
        _hit(port, 24)
        # Whichever worker answers, it counts the requests both workers served.
        assert {_counted(port) - before for _ in range(8)} == {24.0}
