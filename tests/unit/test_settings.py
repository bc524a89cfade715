"""Settings: O2O_ prefix, and production refuses placeholders and dev-only parts."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from server.manifests import Settings


@pytest.fixture(autouse=True)
def _no_o2o_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("O2O_"):
            monkeypatch.delenv(name)


PRODUCTION: dict[str, Any] = {
    "environment": "production",
    "jwt_secret": "a-long-random-production-secret-with-48-chars!!",
    "qr_signing_keys": {"k1": "another-long-random-qr-signing-key-of-40ch"},
    "payment_gateway": "stripe",
    "stripe_secret_key": "sk_live_example",
    "stripe_webhook_secret": "whsec_example",
    "wechat_provider": "wechat",
    "wechat_app_id": "wx5f1c0d2e3a4b6c7d",
    "wechat_app_secret": "app-secret",
    "notification_channel": "wechat",
    "wechat_subscribe_templates": {
        "order_ready_for_pickup": {"template_id": "tpl-1", "data": {"thing1": "store_name"}}
    },
    "database_url": "postgresql://db/o2o",
    "redis_url": "redis://redis:6379/0",
}


def test_defaults_suit_development() -> None:
    settings = Settings(_env_file=None)
    assert settings.environment == "dev"
    assert settings.port == 8000
    assert str(settings.data_dir) == ".o2o"
    assert settings.database_url is None


def test_reads_prefixed_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("O2O_PORT", "9001")
    monkeypatch.setenv("O2O_DATA_DIR", "/tmp/elsewhere")
    settings = Settings(_env_file=None)
    assert settings.port == 9001
    assert str(settings.data_dir) == "/tmp/elsewhere"


def test_production_accepts_a_real_configuration() -> None:
    assert Settings(_env_file=None, **PRODUCTION).environment == "production"


@pytest.mark.parametrize(
    ("field", "value", "complaint"),
    [
        ("jwt_secret", "dev-only-jwt-secret-change-me-in-production", "O2O_JWT_SECRET"),
        ("jwt_secret", "short-but-not-a-placeholder", "at least 32 characters"),
        ("jwt_secret", "", "O2O_JWT_SECRET"),
        ("qr_signing_keys", {"k1": "dev-only-qr-signing-key-change-me"}, "O2O_QR_SIGNING_KEYS"),
        ("qr_signing_keys", {"k1": "dev-only-qr-signing-key-change-me-in-production"}, "O2O_QR"),
        ("qr_signing_keys", {"k1": "changeme"}, "O2O_QR_SIGNING_KEYS holds a placeholder"),
        ("qr_signing_keys", {"k1": "x" * 31}, "at least 32 characters"),
        ("qr_signing_keys", {"k1": "x" * 40, "k0": "short-old-key"}, "at least 32 characters"),
        ("qr_active_key_id", "k9", "O2O_QR_ACTIVE_KEY_ID names no key"),
        ("payment_gateway", "offline", "offline payment gateway"),
        ("stripe_webhook_secret", "", "Stripe gateway needs"),
        ("stripe_secret_key", "", "Stripe gateway needs"),
        ("wechat_provider", "dev", "dev WeChat login"),
        ("database_url", None, "O2O_DATABASE_URL"),
        ("notification_channel", "log", "logging notification channel"),
        ("wechat_app_secret", "", "WeChat subscribe messages need"),
        ("wechat_subscribe_templates", {}, "names no template"),
    ],
)
def test_production_refuses_placeholders(field: str, value: object, complaint: str) -> None:
    with pytest.raises(ValidationError, match=complaint):
        Settings(_env_file=None, **{**PRODUCTION, field: value})


def test_port_out_of_range_is_refused() -> None:
    with pytest.raises(ValidationError):
        Settings(_env_file=None, port=70000)


def test_a_qr_key_of_32_characters_is_enough_in_production() -> None:
    keys = {"k1": "y" * 32}
    assert Settings(_env_file=None, **{**PRODUCTION, "qr_signing_keys": keys}).environment


EXTERNAL: dict[str, Any] = {
    "database_url": "postgresql://db.internal/o2o",
    "redis_url": "redis://cache:6379/0",
}


def test_dev_mode_with_external_servers_and_dev_secrets_warns() -> None:
    settings = Settings(_env_file=None, **EXTERNAL)
    (warning,) = settings.start_warnings()
    assert "O2O_ENVIRONMENT=production" in warning
    assert "O2O_DATABASE_URL and O2O_REDIS_URL" in warning
    assert "O2O_JWT_SECRET and O2O_QR_SIGNING_KEYS" in warning


@pytest.mark.parametrize(
    "overrides",
    [
        {},  # make up: embedded servers, nothing set
        {"jwt_secret": "z" * 48, "qr_signing_keys": {"k1": "q" * 40}},  # real secrets
    ],
    ids=["embedded", "real-secrets"],
)
def test_no_warning_for_the_embedded_dev_flow_or_real_secrets(overrides: dict[str, Any]) -> None:
    external = EXTERNAL if overrides else {}
    assert Settings(_env_file=None, **external, **overrides).start_warnings() == []


def test_urls_of_the_embedded_servers_are_not_external(tmp_path: Any) -> None:
    """What ``o2o up`` exports to its children: sockets inside the data folder."""
    settings = Settings(
        _env_file=None,
        data_dir=tmp_path,
        database_url=f"postgresql+psycopg://postgres:@/o2o?host={tmp_path.resolve()}/pg",
        redis_url=f"unix://{tmp_path.resolve()}/redis/redis.sock",
    )
    assert settings.start_warnings() == []
    assert Settings(_env_file=None, **PRODUCTION).start_warnings() == []


def _wechatpay(tmp_path: Any) -> dict[str, Any]:
    key = tmp_path / "apiclient_key.pem"
    key.write_text("-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n")
    public_key = tmp_path / "pub_key.pem"
    public_key.write_text("-----BEGIN PUBLIC KEY-----\n...\n-----END PUBLIC KEY-----\n")
    return {
        **PRODUCTION,
        "payment_gateways": {"mini_program": "wechatpay", "web": "stripe"},
        "wechatpay_merchant_id": "1900000109",
        "wechatpay_serial_no": "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
        "wechatpay_private_key_path": str(key),
        "wechatpay_api_v3_key": "x" * 32,
        "wechatpay_public_key_path": str(public_key),
        "wechatpay_public_key_id": "PUB_KEY_ID_0119000001092025112900000000000001",
        "wechatpay_notify_url": "https://api.yunshan.example/webhooks/wechatpay",
    }


def test_production_accepts_wechat_pay_in_the_mini_program_and_stripe_on_the_web(
    tmp_path: Any,
) -> None:
    settings = Settings(_env_file=None, **_wechatpay(tmp_path))
    assert settings.gateway_for("mini_program") == "wechatpay"
    assert settings.gateway_for("web") == "stripe"
    assert settings.wechatpay_app == PRODUCTION["wechat_app_id"]  # the mini-program's appid
    with_cert_dir = {
        **_wechatpay(tmp_path),
        "wechatpay_public_key_path": None,
        "wechatpay_public_key_id": "",
        "wechatpay_platform_cert_dir": str(tmp_path),
    }
    assert Settings(_env_file=None, **with_cert_dir).environment == "production"


@pytest.mark.parametrize(
    ("field", "value", "complaint"),
    [
        ("wechatpay_merchant_id", "", "O2O_WECHATPAY_MERCHANT_ID"),
        ("wechatpay_serial_no", "", "O2O_WECHATPAY_SERIAL_NO"),
        ("wechatpay_private_key_path", None, "O2O_WECHATPAY_PRIVATE_KEY_PATH"),
        ("wechatpay_private_key_path", "/nowhere/key.pem", "names no file"),
        ("wechatpay_api_v3_key", "", "O2O_WECHATPAY_API_V3_KEY"),
        ("wechatpay_api_v3_key", "too-short", "must be 32 bytes"),
        ("wechatpay_notify_url", "", "O2O_WECHATPAY_NOTIFY_URL"),
        ("wechatpay_notify_url", "http://plain.example/hook", "must be https"),
        ("wechatpay_public_key_id", "", "platform's key"),
        ("wechat_app_id", "", "O2O_WECHATPAY_APP_ID"),
        ("payment_gateways", {"mini_program": "wechatpay", "web": "offline"}, "offline"),
        ("payment_gateways", {"mini_program": "wechatpay"}, "Stripe gateway needs"),
    ],
)
def test_production_refuses_wechat_pay_with_anything_missing(
    tmp_path: Any, field: str, value: object, complaint: str
) -> None:
    values = _wechatpay(tmp_path)
    if complaint == "Stripe gateway needs":
        values.update(stripe_secret_key="")  # web falls back to the default gateway: stripe
    with pytest.raises(ValidationError, match=complaint):
        Settings(_env_file=None, **{**values, field: value})


def test_the_dev_default_is_offline_everywhere() -> None:
    settings = Settings(_env_file=None)
    assert [settings.gateway_for(c) for c in ("mini_program", "web")] == ["offline", "offline"]
