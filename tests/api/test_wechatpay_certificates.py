"""POST /webhooks/wechatpay in certificate mode: junk cannot unseat the platform certificate,
and the route is rate-limited per client address."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from services.platform import ratelimit
from tests.api.test_wechatpay_journey import notify, place, read
from tests.shop import open_shop
from tests.wechatpay import FakeWeChatPay, install


@pytest.fixture
def wxpay_certs(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FakeWeChatPay]:
    from services.platform.settings import get_settings

    fake = install(FakeWeChatPay(tmp_path / "wxpay", mode="certificate"), monkeypatch)
    for name, value in fake.env().items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield fake
    get_settings.cache_clear()


def junk() -> dict[str, str]:
    return {
        "Wechatpay-Timestamp": str(int(time.time())),
        "Wechatpay-Nonce": "abc",
        "Wechatpay-Serial": "ABCDEF0123",
        "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048",
        "Wechatpay-Signature": "Z2FyYmFnZQ==",
        "Content-Type": "application/json",
    }


def test_a_junk_serial_leaves_genuine_notifications_verifying(
    client: TestClient, wxpay_certs: FakeWeChatPay
) -> None:
    shop = open_shop()
    number = place(client, shop)["number"]
    for _ in range(3):
        refused = notify(client, junk(), b'{"id": "EV-junk", "resource": {}}')
        assert refused.status_code == 401
        assert refused.json()["error"]["code"] == "webhook_signature_invalid"
    resource = wxpay_certs.pay(f"order-{number}-attempt-1")
    answer = notify(client, *wxpay_certs.notification("TRANSACTION.SUCCESS", resource))
    assert answer.status_code == 200 and answer.json()["outcome"] == "applied"
    assert read(client, shop, number)["status"] == "paid"
    assert not [c for c in wxpay_certs.calls if c[1] == "/v3/certificates"]


def test_the_webhook_is_rate_limited_per_address(
    client: TestClient, wxpay_certs: FakeWeChatPay, monkeypatch: pytest.MonkeyPatch
) -> None:
    from services.platform.settings import get_settings

    monkeypatch.setattr(ratelimit, "clock", lambda: 1_800_000_000.0)
    monkeypatch.setenv("O2O_WECHATPAY_WEBHOOK_PER_IP_PER_MINUTE", "3")
    get_settings.cache_clear()
    for _ in range(3):
        assert notify(client, junk(), b"{}").status_code == 401
    limited = notify(client, junk(), b"{}")
    assert limited.status_code == 429 and limited.json()["code"] == "FAIL"
    assert limited.json()["error"]["code"] == "webhook_rate_limited"
    assert wxpay_certs.calls == []
