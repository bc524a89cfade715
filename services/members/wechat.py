"""WeChat ``code2session``: the real provider over httpx and a dev provider (pure mapping).

WeChat answers HTTP 200 with ``errcode`` in the JSON body (often served as
text/plain), so the body decides. The codes a caller can cause become clear
4xx errors; anything else is WeChat being unavailable (503, retry later).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
import structlog

from services.platform.errors import (
    DomainError,
    Forbidden,
    RateLimited,
    Unauthorized,
    Unavailable,
)
from services.platform.settings import Settings

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class WeChatSession:
    openid: str
    unionid: str | None
    session_key: str


class WeChatProvider(Protocol):
    def code2session(self, code: str) -> WeChatSession: ...


def error_for(errcode: int, errmsg: str) -> DomainError:
    """The domain error for a WeChat ``errcode``."""
    if errcode == 40029:
        return Unauthorized("the login code is invalid or expired", code="wechat_code_invalid")
    if errcode == 40163:
        return Unauthorized("the login code was already used", code="wechat_code_used")
    if errcode == 45011:
        return RateLimited("too many login attempts; try again shortly", code="wechat_rate_limited")
    if errcode == 40226:
        return Forbidden("this WeChat user is blocked", code="wechat_user_blocked")
    return Unavailable(
        "WeChat login is unavailable; try again",
        code="wechat_unavailable",
        details={"errcode": errcode},
    )


def parse_session(body: dict[str, Any]) -> WeChatSession:
    """A session from a ``jscode2session`` answer, or the matching domain error."""
    errcode = int(body.get("errcode") or 0)
    if errcode != 0:
        log.warning("wechat_login_refused", errcode=errcode, errmsg=body.get("errmsg"))
        raise error_for(errcode, str(body.get("errmsg", "")))
    openid = body.get("openid")
    if not isinstance(openid, str) or not openid:
        raise Unavailable("WeChat answered without an openid", code="wechat_unavailable")
    unionid = body.get("unionid")
    return WeChatSession(
        openid=openid,
        unionid=unionid if isinstance(unionid, str) and unionid else None,
        session_key=str(body.get("session_key", "")),
    )


class HttpWeChatProvider:
    """Calls ``GET {api_base}/sns/jscode2session`` with the app's credentials."""

    def __init__(
        self,
        *,
        api_base: str,
        app_id: str,
        app_secret: str,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 5.0,
    ) -> None:
        self._client = httpx.Client(base_url=api_base, transport=transport, timeout=timeout)
        self._app_id = app_id
        self._app_secret = app_secret

    def code2session(self, code: str) -> WeChatSession:
        params = {
            "appid": self._app_id,
            "secret": self._app_secret,
            "js_code": code,
            "grant_type": "authorization_code",
        }
        try:
            response = self._client.get("/sns/jscode2session", params=params)
        except httpx.HTTPError as exc:
            log.warning("wechat_unreachable", error=repr(exc))
            raise Unavailable("WeChat login is unreachable", code="wechat_unavailable") from exc
        if response.status_code != 200:
            raise Unavailable("WeChat login failed", code="wechat_unavailable")
        try:
            body = json.loads(response.text)
        except ValueError as exc:
            raise Unavailable("WeChat answered garbage", code="wechat_unavailable") from exc
        if not isinstance(body, dict):
            raise Unavailable("WeChat answered garbage", code="wechat_unavailable")
        return parse_session(body)


class DevWeChatProvider:
    """Development only: the same code always gives the same openid, no network.

    Codes ``dev-error-<errcode>`` simulate WeChat refusing, to try the error paths.
    """

    def code2session(self, code: str) -> WeChatSession:
        if code.startswith("dev-error-") and code[10:].isdigit():
            raise error_for(int(code[10:]), "simulated")
        digest = hashlib.sha256(code.encode()).hexdigest()
        return WeChatSession(openid=f"dev-{digest[:28]}", unionid=None, session_key="dev")


def provider_for(
    settings: Settings, *, transport: httpx.BaseTransport | None = None
) -> WeChatProvider:
    """The provider chosen in settings; the dev one is refused in production."""
    if settings.wechat_provider == "dev":
        if settings.environment == "production":
            raise RuntimeError("the dev WeChat login provider is refused in production")
        return DevWeChatProvider()
    return HttpWeChatProvider(
        api_base=settings.wechat_api_base,
        app_id=settings.wechat_app_id,
        app_secret=settings.wechat_app_secret.get_secret_value(),
        transport=transport,
    )
