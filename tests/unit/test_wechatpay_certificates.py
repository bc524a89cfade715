"""Certificate mode: a notification's serial never makes the gateway fetch certificates.

The SDK's HTTP goes to the fake WeChat Pay (tests/wechatpay), so any certificate
download shows up in ``fake.calls``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from server.manifests import Settings
from services.payments.wechatpay_gateway import WeChatPayGateway
from tests.wechatpay import FakeWeChatPay, install

RESOURCE = {"out_trade_no": "order-OAbc123def456-attempt-1", "amount": {"total": 100}}


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeWeChatPay:
    return install(FakeWeChatPay(tmp_path / "wxpay", mode="certificate"), monkeypatch)


def gateway_for(
    fake: FakeWeChatPay, monkeypatch: pytest.MonkeyPatch, **env: str
) -> WeChatPayGateway:
    for name in list(os.environ):
        if name.startswith("O2O_"):
            monkeypatch.delenv(name)
    for name, value in {**fake.env(), **env}.items():
        monkeypatch.setenv(name, value)
    return WeChatPayGateway.from_settings(Settings(_env_file=None))


def genuine(fake: FakeWeChatPay) -> tuple[dict[str, str], bytes]:
    headers, body = fake.notification("TRANSACTION.SUCCESS", RESOURCE)
    return {k.lower(): v for k, v in headers.items()}, body


def junk(serial: str = "ABCDEF0123") -> dict[str, str]:
    return {
        "wechatpay-timestamp": "1700000000",
        "wechatpay-nonce": "n",
        "wechatpay-serial": serial,
        "wechatpay-signature-type": "WECHATPAY2-SHA256-RSA2048",
        "wechatpay-signature": "Z2FyYmFnZQ==",
    }


def test_an_unknown_serial_fetches_nothing_and_genuine_notifications_still_verify(
    fake: FakeWeChatPay, monkeypatch: pytest.MonkeyPatch
) -> None:
    gateway = gateway_for(fake, monkeypatch)
    for serial in ("ABCDEF0123", "0", "not-hex", "F" * 80):
        assert gateway.open_notification(junk(serial), b'{"id": "x"}') is None
    assert fake.calls == []  # no signed call to WeChat's certificate API
    opened = gateway.open_notification(*genuine(fake))
    assert opened is not None and opened["resource"] == RESOURCE


def test_a_rotated_certificate_verifies_after_the_scheduled_refresh_only(
    fake: FakeWeChatPay, monkeypatch: pytest.MonkeyPatch
) -> None:
    gateway = gateway_for(fake, monkeypatch)
    other_process = gateway_for(fake, monkeypatch, O2O_WECHATPAY_CERT_RELOAD_SECONDS="1")
    fake.rotate()
    assert gateway.open_notification(*genuine(fake)) is None
    assert fake.calls == []
    assert gateway.refresh_certificates() == 2
    assert [(m, p) for m, p, _ in fake.calls] == [("GET", "/v3/certificates")]
    assert gateway.open_notification(*genuine(fake)) is not None
    folder = Path(fake.env()["O2O_WECHATPAY_PLATFORM_CERT_DIR"])
    assert (folder / f"{fake.cert_serial}.pem").exists()  # what other processes read
    other_process._certificates._loaded_at -= 2  # type: ignore[union-attr]  # time passed
    assert other_process.open_notification(*genuine(fake)) is not None
    assert len(fake.calls) == 1  # read from the folder, not fetched


def test_a_failed_refresh_keeps_the_certificates_held(
    fake: FakeWeChatPay, monkeypatch: pytest.MonkeyPatch
) -> None:
    gateway = gateway_for(fake, monkeypatch)
    fake.certificates_status = 500
    assert gateway.refresh_certificates() == 1
    assert gateway.open_notification(*genuine(fake)) is not None


def test_public_key_mode_accepts_only_its_key_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = install(FakeWeChatPay(tmp_path / "pk", mode="public_key"), monkeypatch)
    gateway = gateway_for(fake, monkeypatch)
    assert gateway.open_notification(junk(), b"{}") is None
    assert gateway.refresh_certificates() == 0 and fake.calls == []
    assert gateway.open_notification(*genuine(fake)) is not None
