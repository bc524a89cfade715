"""WeChat Pay's API v3 as the ``wechatpayv3`` SDK meets it over HTTP, with keys made here.

Installed under the SDK at the ``requests`` transport (``HTTPAdapter.send``), so
the production gateway runs whole: the SDK signs each request with the merchant
key (checked here with the merchant's public key), and each answer is signed
here with the platform key (checked by the SDK). Notifications are built as
WeChat Pay builds them: resource encrypted with AES-256-GCM under the APIv3
key, the body signed with the platform key. Nothing leaves the process.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509.oid import NameOID
from requests.structures import CaseInsensitiveDict

Mode = Literal["public_key", "certificate"]
MERCHANT_ID = "1900000109"
APP_ID = "wx5f1c0d2e3a4b6c7d"
MERCHANT_SERIAL = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
PUBLIC_KEY_ID = "PUB_KEY_ID_0119000001092025112900000000000001"
NOTIFY_URL = "https://shop.example/webhooks/wechatpay"
_AUTH = re.compile(r'(\w+)="([^"]*)"')


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def pem_private(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def pem_public(key: rsa.RSAPrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def rsa_sign(key: rsa.RSAPrivateKey, message: str) -> str:
    signature = key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode()


def rsa_verifies(public_key: Any, message: str, signature: str) -> bool:
    try:
        public_key.verify(
            base64.b64decode(signature), message.encode(), padding.PKCS1v15(), hashes.SHA256()
        )
    except Exception:
        return False
    return True


def _certificate(key: rsa.RSAPrivateKey) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Tenpay.com Root CA test")])
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .sign(key, hashes.SHA256())
    )


@dataclass
class FakeWeChatPay:
    """One merchant at WeChat Pay: its transactions and refunds, and what we sent it."""

    folder: Path
    mode: Mode = "public_key"
    merchant_key: rsa.RSAPrivateKey = field(default_factory=new_key)
    platform_key: rsa.RSAPrivateKey = field(default_factory=new_key)
    api_v3_key: str = field(default_factory=lambda: secrets.token_hex(16))  # 32 bytes
    transactions: dict[str, dict[str, Any]] = field(default_factory=dict)
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    refused_signatures: int = 0
    #: Called with the ``out_refund_no`` while WeChat Pay answers a refund call (races).
    during_refund: Callable[[str], None] | None = None
    #: The status ``GET /v3/certificates`` answers with (an outage: 500).
    certificates_status: int = 200

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "apiclient_key.pem").write_text(pem_private(self.merchant_key))
        (self.folder / "pub_key.pem").write_text(pem_public(self.platform_key))
        certificate = _certificate(self.platform_key)
        self.cert_serial = format(certificate.serial_number, "X")
        self.issued = [certificate]
        certs = self.folder / "platform_certs"
        certs.mkdir(exist_ok=True)
        pem = certificate.public_bytes(serialization.Encoding.PEM).decode()
        (certs / f"{self.cert_serial}.pem").write_text(pem)

    def rotate(self) -> None:
        """WeChat Pay signs under a new platform certificate, not yet in the merchant's folder."""
        self.platform_key = new_key()
        certificate = _certificate(self.platform_key)
        self.cert_serial = format(certificate.serial_number, "X")
        self.issued.append(certificate)

    @property
    def serial(self) -> str:
        """The ``Wechatpay-Serial`` WeChat Pay signs under in this mode."""
        return PUBLIC_KEY_ID if self.mode == "public_key" else self.cert_serial

    def env(self) -> dict[str, str]:
        """The O2O_ settings a merchant would set (mini-program paying by WeChat Pay)."""
        values = {
            "O2O_PAYMENT_GATEWAYS": json.dumps({"mini_program": "wechatpay"}),
            "O2O_WECHATPAY_MERCHANT_ID": MERCHANT_ID,
            "O2O_WECHATPAY_APP_ID": APP_ID,
            "O2O_WECHATPAY_SERIAL_NO": MERCHANT_SERIAL,
            "O2O_WECHATPAY_PRIVATE_KEY_PATH": str(self.folder / "apiclient_key.pem"),
            "O2O_WECHATPAY_API_V3_KEY": self.api_v3_key,
            "O2O_WECHATPAY_NOTIFY_URL": NOTIFY_URL,
        }
        if self.mode == "public_key":
            values["O2O_WECHATPAY_PUBLIC_KEY_PATH"] = str(self.folder / "pub_key.pem")
            values["O2O_WECHATPAY_PUBLIC_KEY_ID"] = PUBLIC_KEY_ID
        else:
            values["O2O_WECHATPAY_PLATFORM_CERT_DIR"] = str(self.folder / "platform_certs")
        return values

    # -- the HTTP side -------------------------------------------------------------------

    def send(self, request: requests.PreparedRequest) -> requests.Response:
        url = urlsplit(str(request.url))
        assert url.hostname == "api.mch.weixin.qq.com", f"no network: {request.url}"
        raw = request.body or b""
        body = raw.decode() if isinstance(raw, bytes) else str(raw)
        path = url.path + (f"?{url.query}" if url.query else "")
        if not self._signed_by_merchant(str(request.method), path, body, request.headers):
            self.refused_signatures += 1
            return self._answer(request, 401, {"code": "SIGN_ERROR", "message": "bad signature"})
        data = json.loads(body) if body else {}
        self.calls.append((str(request.method), url.path, data))
        status, answer = self._route(str(request.method), url.path, data)
        return self._answer(request, status, answer)

    def _signed_by_merchant(self, method: str, path: str, body: str, headers: Any) -> bool:
        scheme, _, params = str(headers.get("Authorization", "")).partition(" ")
        fields = dict(_AUTH.findall(params))
        if scheme != "WECHATPAY2-SHA256-RSA2048" or fields.get("mchid") != MERCHANT_ID:
            return False
        if fields.get("serial_no") != MERCHANT_SERIAL:
            return False
        message = (
            f"{method}\n{path}\n{fields.get('timestamp')}\n{fields.get('nonce_str')}\n{body}\n"
        )
        return rsa_verifies(self.merchant_key.public_key(), message, fields.get("signature", ""))

    def _route(self, method: str, path: str, data: dict[str, Any]) -> tuple[int, Any]:
        if method == "POST" and path == "/v3/pay/transactions/jsapi":
            return self._prepay(data)
        closing = re.fullmatch(r"/v3/pay/transactions/out-trade-no/([^/]+)/close", path)
        if method == "POST" and closing:
            return self._close(closing.group(1))
        if method == "POST" and path == "/v3/refund/domestic/refunds":
            return self._refund(data)
        if method == "GET" and path == "/v3/certificates":
            return self._certificates()
        return 404, {"code": "NOT_FOUND", "message": path}

    def _prepay(self, data: dict[str, Any]) -> tuple[int, Any]:
        if data.get("appid") != APP_ID or data.get("mchid") != MERCHANT_ID:
            return 400, {"code": "PARAM_ERROR", "message": "appid/mchid"}
        if not data.get("payer", {}).get("openid") or data.get("notify_url") != NOTIFY_URL:
            return 400, {"code": "PARAM_ERROR", "message": "payer/notify_url"}
        trade = self.transactions.get(data["out_trade_no"])
        if trade is None:
            trade = {"request": data, "prepay_id": f"wx{secrets.token_hex(16)}", "state": "NOTPAY"}
            trade["transaction_id"] = f"42000{secrets.randbelow(10**23):023d}"
            self.transactions[data["out_trade_no"]] = trade
        elif trade["request"] != data:
            return 400, {"code": "OUT_TRADE_NO_USED", "message": "out_trade_no used"}
        return 200, {"prepay_id": trade["prepay_id"]}

    def _certificates(self) -> tuple[int, Any]:
        if self.certificates_status != 200:
            return self.certificates_status, {"code": "SYSTEM_ERROR", "message": "busy"}
        data = []
        for certificate in self.issued:
            nonce = secrets.token_hex(6)
            pem = certificate.public_bytes(serialization.Encoding.PEM)
            sealed = AESGCM(self.api_v3_key.encode()).encrypt(nonce.encode(), pem, b"certificate")
            data.append(
                {
                    "serial_no": format(certificate.serial_number, "X"),
                    "effective_time": certificate.not_valid_before_utc.isoformat(),
                    "expire_time": certificate.not_valid_after_utc.isoformat(),
                    "encrypt_certificate": {
                        "algorithm": "AEAD_AES_256_GCM",
                        "nonce": nonce,
                        "associated_data": "certificate",
                        "ciphertext": base64.b64encode(sealed).decode(),
                    },
                }
            )
        return 200, {"data": data}

    def _close(self, out_trade_no: str) -> tuple[int, Any]:
        trade = self.transactions.get(out_trade_no)
        if trade is None:
            return 404, {"code": "ORDER_NOT_EXIST", "message": "no such order"}
        if trade["state"] == "SUCCESS":
            return 400, {"code": "ORDERPAID", "message": "already paid"}
        trade["state"] = "CLOSED"
        return 204, None

    def _refund(self, data: dict[str, Any]) -> tuple[int, Any]:
        trade = self.transactions.get(data.get("out_trade_no", ""))
        if trade is None or trade["state"] not in ("SUCCESS", "REFUND"):
            return 400, {"code": "RESOURCE_NOT_EXISTS", "message": "not paid"}
        amount = data["amount"]
        if amount["total"] != trade["request"]["amount"]["total"]:
            return 400, {"code": "PARAM_ERROR", "message": "total differs"}
        existing = self.refunds.get(data["out_refund_no"])
        if existing is None:
            given = sum(
                r["amount"]["refund"]
                for r in self.refunds.values()
                if r["out_trade_no"] == data["out_trade_no"]
            )
            if given + amount["refund"] > amount["total"]:
                return 403, {"code": "NOT_ENOUGH", "message": "refund exceeds"}
            existing = {
                "refund_id": f"50000{secrets.randbelow(10**25):025d}",
                "out_refund_no": data["out_refund_no"],
                "out_trade_no": data["out_trade_no"],
                "transaction_id": trade["transaction_id"],
                "status": "PROCESSING",
                "amount": {**amount, "payer_total": amount["total"], "payer_refund": 0},
            }
            existing["amount"]["payer_refund"] = amount["refund"]
            self.refunds[data["out_refund_no"]] = existing
            trade["state"] = "REFUND"
        if self.during_refund is not None:
            self.during_refund(data["out_refund_no"])
        return 200, existing

    def _answer(
        self, request: requests.PreparedRequest, status: int, body: Any
    ) -> requests.Response:
        text = "" if body is None else json.dumps(body)
        stamp, nonce = str(int(time.time())), secrets.token_hex(16)
        response = requests.Response()
        response.status_code = status
        response._content = text.encode()
        response.encoding = "utf-8"
        response.headers = CaseInsensitiveDict(
            {
                "Content-Type": "application/json; charset=utf-8" if body is not None else "",
                "Wechatpay-Timestamp": stamp,
                "Wechatpay-Nonce": nonce,
                "Wechatpay-Serial": self.serial,
                "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048",
                "Wechatpay-Signature": rsa_sign(self.platform_key, f"{stamp}\n{nonce}\n{text}\n"),
            }
        )
        response.request = request
        response.url = str(request.url)
        return response

    # -- money moving and notifications -------------------------------------------------

    def pay(self, out_trade_no: str, *, total: int | None = None) -> dict[str, Any]:
        """The shopper pays in WeChat; the transaction resource WeChat Pay then notifies."""
        trade = self.transactions[out_trade_no]
        trade["state"] = "SUCCESS"
        request = trade["request"]
        paid = request["amount"]["total"] if total is None else total
        return {
            "appid": APP_ID,
            "mchid": MERCHANT_ID,
            "out_trade_no": out_trade_no,
            "transaction_id": trade["transaction_id"],
            "trade_type": "JSAPI",
            "trade_state": "SUCCESS",
            "trade_state_desc": "支付成功",
            "bank_type": "CMC",
            "attach": request.get("attach", ""),
            "success_time": datetime.now(UTC).isoformat(timespec="seconds"),
            "payer": {"openid": request["payer"]["openid"]},
            "amount": {
                "total": paid,
                "payer_total": paid,
                "currency": request["amount"]["currency"],
                "payer_currency": "CNY",
            },
        }

    def refund_done(self, out_refund_no: str, *, status: str = "SUCCESS") -> dict[str, Any]:
        """WeChat Pay finished a refund: the refund resource it notifies."""
        refund = self.refunds[out_refund_no]
        refund["status"] = status
        return {
            "mchid": MERCHANT_ID,
            "out_trade_no": refund["out_trade_no"],
            "transaction_id": refund["transaction_id"],
            "out_refund_no": out_refund_no,
            "refund_id": refund["refund_id"],
            "refund_status": status,
            "success_time": datetime.now(UTC).isoformat(timespec="seconds"),
            "user_received_account": "招商银行信用卡0403",
            "amount": {
                key: refund["amount"][key]
                for key in ("total", "refund", "payer_total", "payer_refund")
            },
        }

    def notification(
        self,
        event_type: str,
        resource: dict[str, Any],
        *,
        notification_id: str | None = None,
        at: int | None = None,
        signing_key: rsa.RSAPrivateKey | None = None,
        api_v3_key: str | None = None,
        serial: str | None = None,
    ) -> tuple[dict[str, str], bytes]:
        """Headers and raw body of one notification, signed and encrypted as WeChat Pay does."""
        original = "refund" if event_type.startswith("REFUND.") else "transaction"
        nonce, associated = secrets.token_hex(6), original
        key = (api_v3_key or self.api_v3_key).encode()
        sealed = AESGCM(key).encrypt(
            nonce.encode(), json.dumps(resource, ensure_ascii=False).encode(), associated.encode()
        )
        body = json.dumps(
            {
                "id": notification_id or f"EV-{secrets.token_hex(10)}",
                "create_time": datetime.now(UTC).isoformat(timespec="seconds"),
                "resource_type": "encrypt-resource",
                "event_type": event_type,
                "summary": "支付成功" if original == "transaction" else "退款成功",
                "resource": {
                    "original_type": original,
                    "algorithm": "AEAD_AES_256_GCM",
                    "ciphertext": base64.b64encode(sealed).decode(),
                    "associated_data": associated,
                    "nonce": nonce,
                },
            },
            ensure_ascii=False,
        )
        stamp, header_nonce = str(int(time.time()) if at is None else at), secrets.token_hex(16)
        message = f"{stamp}\n{header_nonce}\n{body}\n"
        headers = {
            "Wechatpay-Timestamp": stamp,
            "Wechatpay-Nonce": header_nonce,
            "Wechatpay-Serial": serial or self.serial,
            "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048",
            "Wechatpay-Signature": rsa_sign(signing_key or self.platform_key, message),
            "Content-Type": "application/json",
        }
        return headers, body.encode()


def install(fake: FakeWeChatPay, monkeypatch: Any) -> FakeWeChatPay:
    """Route every ``requests`` call (the SDK's HTTP) to ``fake``."""

    def send(adapter: Any, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        return fake.send(request)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
    return fake
