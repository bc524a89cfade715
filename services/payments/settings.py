"""Payments' settings: its section of the process's settings (``O2O_<FIELD>``)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr

from services.platform.settings import Section

GatewayName = Literal["offline", "stripe", "wechatpay"]
#: Where a shopper pays: inside the WeChat mini-program (JSAPI) or on the web.
PayChannel = Literal["mini_program", "web"]
PAY_CHANNELS: tuple[PayChannel, ...] = ("mini_program", "web")


class PaymentSettings(Section):
    """Payments: the gateway per channel and each gateway's credentials."""

    payment_gateway: GatewayName = Field(
        default="offline", description="the gateway of every channel not named in PAYMENT_GATEWAYS"
    )
    payment_gateways: dict[PayChannel, GatewayName] = Field(
        default_factory=dict,
        description='per channel, e.g. {"mini_program": "wechatpay", "web": "stripe"} (JSON)',
    )
    stripe_secret_key: SecretStr = SecretStr("")
    stripe_webhook_secret: SecretStr = SecretStr("")
    stripe_payment_method_types: list[str] = Field(default_factory=lambda: ["card"])
    stripe_api_base: str | None = None
    wechatpay_merchant_id: str = Field(default="", description="WeChat Pay mchid")
    wechatpay_app_id: str = Field(
        default="", description="the appid paying (the mini-program's); empty: O2O_WECHAT_APP_ID"
    )
    wechatpay_serial_no: str = Field(default="", description="the merchant API certificate serial")
    wechatpay_private_key_path: Path | None = Field(
        default=None, description="PEM file of the merchant API private key (apiclient_key.pem)"
    )
    wechatpay_api_v3_key: SecretStr = Field(
        default=SecretStr(""), description="APIv3 key (32 bytes): decrypts notifications"
    )
    wechatpay_public_key_path: Path | None = Field(
        default=None, description="PEM of the WeChat Pay public key (with its id), or ..."
    )
    wechatpay_public_key_id: str = ""
    wechatpay_platform_cert_dir: Path | None = Field(
        default=None, description="... a folder of WeChat Pay platform certificates (*.pem)"
    )
    wechatpay_notify_url: str = Field(
        default="", description="https URL of POST /webhooks/wechatpay as WeChat Pay reaches it"
    )
    wechatpay_cert_reload_seconds: float = Field(
        default=300, ge=1, description="how often a process re-reads the certificate folder"
    )
    wechatpay_webhook_per_ip_per_minute: int = Field(
        default=300, ge=1, description="POST /webhooks/wechatpay calls per client address"
    )

    def production_problems(self) -> list[str]:
        problems = []
        gateways = set(self.gateways_in_use())
        if "offline" in gateways:
            problems.append("the offline payment gateway is for development only")
        if "stripe" in gateways and not (
            self.stripe_secret_key.get_secret_value()
            and self.stripe_webhook_secret.get_secret_value()
        ):
            problems.append("the Stripe gateway needs O2O_STRIPE_SECRET_KEY and _WEBHOOK_SECRET")
        if "wechatpay" in gateways:
            problems.extend(self._wechatpay_problems())
        return problems

    def gateway_for(self, channel: PayChannel) -> GatewayName:
        """The gateway a shopper paying in ``channel`` uses."""
        return self.payment_gateways.get(channel, self.payment_gateway)

    def gateways_in_use(self) -> list[GatewayName]:
        return sorted({self.gateway_for(channel) for channel in PAY_CHANNELS})

    def _wechatpay_problems(self) -> list[str]:
        missing = [
            name
            for name, value in (
                ("O2O_WECHATPAY_MERCHANT_ID", self.wechatpay_merchant_id),
                ("O2O_WECHATPAY_APP_ID (or O2O_WECHAT_APP_ID)", self.wechatpay_app),
                ("O2O_WECHATPAY_SERIAL_NO", self.wechatpay_serial_no),
                ("O2O_WECHATPAY_PRIVATE_KEY_PATH", self.wechatpay_private_key_path),
                ("O2O_WECHATPAY_API_V3_KEY", self.wechatpay_api_v3_key.get_secret_value()),
                ("O2O_WECHATPAY_NOTIFY_URL", self.wechatpay_notify_url),
            )
            if not value
        ]
        problems = [f"WeChat Pay needs {', '.join(missing)}"] if missing else []
        for name, path in (
            ("O2O_WECHATPAY_PRIVATE_KEY_PATH", self.wechatpay_private_key_path),
            ("O2O_WECHATPAY_PUBLIC_KEY_PATH", self.wechatpay_public_key_path),
        ):
            if path is not None and not path.is_file():
                problems.append(f"{name} names no file: {path}")
        if len(self.wechatpay_api_v3_key.get_secret_value().encode()) not in (0, 32):
            problems.append("O2O_WECHATPAY_API_V3_KEY must be 32 bytes (AES-256)")
        public_key = bool(self.wechatpay_public_key_path and self.wechatpay_public_key_id)
        if not public_key and not self.wechatpay_platform_cert_dir:
            problems.append(
                "WeChat Pay needs the platform's key to verify it: O2O_WECHATPAY_PUBLIC_KEY_PATH"
                " with _PUBLIC_KEY_ID, or O2O_WECHATPAY_PLATFORM_CERT_DIR"
            )
        if self.wechatpay_notify_url and not self.wechatpay_notify_url.startswith("https://"):
            problems.append("O2O_WECHATPAY_NOTIFY_URL must be https (WeChat Pay refuses others)")
        return problems

    @property
    def wechatpay_app(self) -> str:
        """The appid WeChat Pay charges for: its own setting, else the mini-program's."""
        return self.wechatpay_app_id or self.wechat_app_id
