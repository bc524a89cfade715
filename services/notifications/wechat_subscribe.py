"""Mini-program messages as WeChat subscribe messages (``/cgi-bin/message/subscribe/send``).

The access token comes from ``/cgi-bin/token`` and is kept in Redis until shortly
before it expires, shared by every worker: each fetch may end the previous token's
life, so workers fetching their own would invalidate each other's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from services.notifications.channels import Message, Skipped
from services.platform.cache import get_redis
from services.platform.settings import Settings

_TOKEN_EXPIRED = {40001, 40014, 42001}
_NOT_SUBSCRIBED = 43101  # the member did not accept (or used up) this template
_EARLY_SECONDS = 300


class WeChatError(Exception):
    """WeChat refused or could not be reached; the delivery is recorded as failed."""


class WeChatSubscribeChannel:
    """Sends one subscribe message per notification to the member's openid."""

    def __init__(
        self,
        *,
        settings: Settings,
        openid_of: Callable[[int], str | None],
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._settings = settings
        self._openid_of = openid_of
        self._client = httpx.Client(
            base_url=settings.wechat_api_base, transport=transport, timeout=5.0
        )
        self._token_key = f"wechat:access_token:{settings.wechat_app_id}"

    def send(self, message: Message) -> None:
        template = self._settings.wechat_subscribe_templates.get(message.template)
        if template is None:
            raise Skipped(f"no WeChat template is set up for {message.template}")
        openid = self._openid_of(message.member_id) if message.member_id is not None else None
        if not openid:
            raise Skipped("the recipient has no mini-program openid")
        payload = {
            "touser": openid,
            "template_id": template.template_id,
            "page": template.page,
            "miniprogram_state": self._settings.wechat_miniprogram_state,
            "lang": "zh_CN",
            "data": {
                keyword: {"value": _fit(keyword, message.params.get(param, ""))}
                for keyword, param in template.data.items()
            },
        }
        answer = self._post(payload, self._access_token())
        if int(answer.get("errcode") or 0) in _TOKEN_EXPIRED:
            get_redis().delete(self._token_key)
            answer = self._post(payload, self._access_token())
        errcode = int(answer.get("errcode") or 0)
        if errcode == _NOT_SUBSCRIBED:
            raise Skipped("the member has not accepted this subscribe message")
        if errcode != 0:
            raise WeChatError(f"subscribe message refused: errcode {errcode}")

    def _access_token(self) -> str:
        cached = get_redis().get(self._token_key)
        if cached:
            return str(cached)
        answer = self._call(
            "GET",
            "/cgi-bin/token",
            params={
                "grant_type": "client_credential",
                "appid": self._settings.wechat_app_id,
                "secret": self._settings.wechat_app_secret.get_secret_value(),
            },
        )
        token = answer.get("access_token")
        if not isinstance(token, str) or not token:
            raise WeChatError(f"no access token: errcode {answer.get('errcode')}")
        ttl = max(60, int(answer.get("expires_in") or 7200) - _EARLY_SECONDS)
        get_redis().set(self._token_key, token, ex=ttl)
        return token

    def _post(self, payload: dict[str, Any], token: str) -> dict[str, Any]:
        return self._call(
            "POST",
            "/cgi-bin/message/subscribe/send",
            params={"access_token": token},
            content=json.dumps(payload, ensure_ascii=False).encode(),
        )

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self._client.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise WeChatError(f"WeChat unreachable: {type(exc).__name__}") from None
        try:
            body = json.loads(response.text)
        except ValueError:
            body = None
        if response.status_code != 200 or not isinstance(body, dict):
            raise WeChatError(f"WeChat answered HTTP {response.status_code}")
        return body


def _fit(keyword: str, value: Any) -> str:
    """WeChat refuses a ``thing`` field over 20 characters, a ``character_string`` over 32."""
    text = str(value)
    if keyword.startswith("thing"):
        return text[:20]
    if keyword.startswith("character_string"):
        return text[:32]
    return text
