"""WeChat Pay (API v3) on the ``wechatpayv3`` SDK: JSAPI prepay, close, refunds, notifications.

The SDK signs every request with the merchant key, verifies every answer and
notification with the platform's key (a platform certificate or the WeChat Pay
public key) and decrypts notification resources with the APIv3 key; this module
maps our payments onto its calls and keeps its errors from leaking out. Our
``intent_id`` is the ``out_trade_no``: WeChat Pay takes one payment per number, so
a retried prepay can never charge twice.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import structlog
from wechatpayv3 import SignType, WeChatPay, WeChatPayType

from services.payments.gateway import GatewayError, Intent, IntentPaid, RefundResult
from services.payments.wechatpay_certs import PlatformCertificates
from services.platform.settings import Settings

log = structlog.get_logger(__name__)

#: What WeChat Pay allows in ``out_trade_no`` / ``out_refund_no`` (6-32 / 1-64 characters).
_TRADE_NO = re.compile(r"[0-9A-Za-z_\-|*]{6,32}")
_REFUND_NO = re.compile(r"[0-9A-Za-z_\-|*@]{1,64}")
#: WeChat Pay's refund states -> ours; PROCESSING waits for the refund notification.
REFUND_STATES = {
    "SUCCESS": "succeeded",
    "PROCESSING": "processing",
    "ABNORMAL": "failed",
    "CLOSED": "failed",
}


def trade_number(idempotency_key: str) -> str:
    """The ``out_trade_no`` of an attempt: its provider key (``order-<ref>-attempt-<n>``)."""
    if not _TRADE_NO.fullmatch(idempotency_key):
        raise GatewayError(f"{idempotency_key!r} cannot be a WeChat Pay out_trade_no")
    return idempotency_key


class WeChatPayGateway:
    """Mini-program (JSAPI) payments in CNY fen for one merchant and one appid."""

    name = "wechatpay"
    in_process = False

    def __init__(
        self,
        client: WeChatPay,
        *,
        app_id: str,
        public_key_id: str | None,
        cert_dir: Path | None = None,
        cert_reload_seconds: float = 300.0,
    ) -> None:
        self._client = client
        self._app_id = app_id
        self._public_key_id = public_key_id
        self._certificates = (
            None
            if public_key_id
            else PlatformCertificates(
                client._core, folder=cert_dir, reload_seconds=cert_reload_seconds
            )
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> WeChatPayGateway:
        """Keys read from the configured files; GatewayError names what is missing."""
        if not (
            settings.wechatpay_merchant_id
            and settings.wechatpay_app
            and settings.wechatpay_serial_no
            and settings.wechatpay_private_key_path
            and settings.wechatpay_api_v3_key.get_secret_value()
        ):
            raise GatewayError("WeChat Pay is not configured (O2O_WECHATPAY_*)")
        public_key = public_key_id = None
        if settings.wechatpay_public_key_path and settings.wechatpay_public_key_id:
            public_key = settings.wechatpay_public_key_path.read_text()
            public_key_id = settings.wechatpay_public_key_id
        cert_dir = settings.wechatpay_platform_cert_dir
        try:
            client = WeChatPay(
                wechatpay_type=WeChatPayType.MINIPROG,
                mchid=settings.wechatpay_merchant_id,
                private_key=settings.wechatpay_private_key_path.read_text(),
                cert_serial_no=settings.wechatpay_serial_no,
                appid=settings.wechatpay_app,
                apiv3_key=settings.wechatpay_api_v3_key.get_secret_value(),
                notify_url=settings.wechatpay_notify_url or None,
                cert_dir=str(cert_dir) if cert_dir and public_key is None else None,
                timeout=(5, 10),
                public_key=public_key,
                public_key_id=public_key_id,
            )
        except Exception as exc:  # the SDK raises bare Exceptions (no certificate, bad key)
            raise GatewayError(f"WeChat Pay could not start: {exc}") from exc
        return cls(
            client,
            app_id=settings.wechatpay_app,
            public_key_id=public_key_id,
            cert_dir=cert_dir,
            cert_reload_seconds=settings.wechatpay_cert_reload_seconds,
        )

    def refresh_certificates(self) -> int:
        """Download the platform certificates (certificate mode; the beat task); how many."""
        if self._certificates is None:
            return 0
        try:
            return self._certificates.refresh()
        except Exception as exc:  # the SDK's network and decryption errors
            raise GatewayError(f"WeChat Pay certificates not refreshed: {exc}") from exc

    def create_intent(
        self,
        *,
        order_ref: str,
        amount_fen: int,
        currency: str,
        idempotency_key: str,
        metadata: dict[str, str],
        payer_openid: str | None = None,
    ) -> Intent:
        """A JSAPI prepay; the same ``out_trade_no`` and body again gets the same prepay id."""
        if not payer_openid:
            raise GatewayError("a mini-program payment needs the shopper's openid")
        out_trade_no = trade_number(idempotency_key)
        body = self._call(
            self._client.pay,
            expected=(200,),
            description=f"Order {order_ref}",
            out_trade_no=out_trade_no,
            amount={"total": amount_fen, "currency": currency},
            payer={"openid": payer_openid},
            attach=order_ref,
        )
        prepay_id = body.get("prepay_id")
        if not isinstance(prepay_id, str) or not prepay_id:
            raise GatewayError("WeChat Pay answered without a prepay_id")
        return Intent(out_trade_no, prepay_id, "requires_payment", amount_fen, currency)

    def cancel_intent(self, *, intent_id: str, idempotency_key: str) -> Intent:
        """Close the unpaid transaction (closing a closed one is fine; a paid one: IntentPaid)."""
        try:
            self._call(self._client.close, expected=(204, 200), out_trade_no=intent_id)
        except GatewayError as exc:
            if "ORDERPAID" in str(exc):
                raise IntentPaid(f"WeChat Pay: {intent_id} is already paid") from exc
            if "ORDER_CLOSED" not in str(exc):
                raise
        return Intent(intent_id, None, "canceled", 0, "CNY")

    def refund(
        self,
        *,
        intent_id: str,
        amount_fen: int,
        idempotency_key: str,
        paid_fen: int | None = None,
    ) -> RefundResult:
        """A full or partial refund; ``out_refund_no`` is the refund's key, so a retry is one."""
        if paid_fen is None:
            raise GatewayError("a WeChat Pay refund states the amount paid")
        if not _REFUND_NO.fullmatch(idempotency_key):
            raise GatewayError(f"{idempotency_key!r} cannot be a WeChat Pay out_refund_no")
        body = self._call(
            self._client.refund,
            expected=(200,),
            out_refund_no=idempotency_key,
            out_trade_no=intent_id,
            amount={"refund": amount_fen, "total": paid_fen, "currency": "CNY"},
        )
        state = REFUND_STATES.get(str(body.get("status")), "processing")
        return RefundResult(id=str(body.get("refund_id", "")), status=state, amount_fen=amount_fen)

    def client_params(self, *, client_secret: str, now: int | None = None) -> dict[str, str]:
        """What the mini-program hands ``wx.requestPayment``, signed with the merchant key.

        ``client_secret`` is the prepay id (valid 2 hours, longer than any hold).
        """
        stamp = str(int(time.time() if now is None else now))
        nonce = secrets.token_hex(16)
        package = f"prepay_id={client_secret}"
        signature = self._client.sign([self._app_id, stamp, nonce, package], SignType.RSA_SHA256)
        return {
            "appId": self._app_id,
            "timeStamp": stamp,
            "nonceStr": nonce,
            "package": package,
            "signType": "RSA",
            "paySign": signature,
        }

    def open_notification(self, headers: Mapping[str, str], body: bytes) -> dict[str, Any] | None:
        """The notification with its resource decrypted, or None when it does not verify.

        Only a serial already held is accepted (the public key's id, or a platform
        certificate loaded): the SDK would otherwise download certificates for any
        serial a stranger sends (``wechatpay_certs``).
        """
        lowered = {name.lower(): value for name, value in headers.items()}
        serial = lowered.get("wechatpay-serial", "")
        try:
            if self._certificates is None:
                opened = (
                    self._client.callback(lowered, body) if serial == self._public_key_id else None
                )
            else:
                opened = self._certificates.verify(
                    serial, lambda: self._client.callback(lowered, body)
                )
        except Exception:  # unsupported algorithm, undecodable JSON
            return None
        return opened if isinstance(opened, dict) else None

    def _call(
        self, method: Callable[..., tuple[int, Any]], *, expected: tuple[int, ...], **kwargs: Any
    ) -> dict[str, Any]:
        try:
            code, text = method(**kwargs)
        except Exception as exc:  # network errors and answers whose signature does not verify
            raise GatewayError(f"WeChat Pay unreachable or unverified: {exc}") from exc
        try:
            body = json.loads(text) if text else {}
        except (TypeError, ValueError):
            body = {}
        if code not in expected:
            error = body.get("code", code) if isinstance(body, dict) else code
            log.warning("wechatpay_refused", status=code, code=error)
            raise GatewayError(f"WeChat Pay refused ({code} {error})")
        return body if isinstance(body, dict) else {}
