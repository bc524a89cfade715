"""WeChat code2session through httpx's own seam (MockTransport), errors mapped to 4xx."""

from __future__ import annotations

import json

import httpx
import pytest
from pydantic import SecretStr, ValidationError

from server.manifests import Settings
from services.members.wechat import DevWeChatProvider, HttpWeChatProvider, provider_for
from services.platform.errors import DomainError

API_BASE = "https://wechat.test"


def _provider(handler) -> HttpWeChatProvider:
    return HttpWeChatProvider(
        api_base=API_BASE,
        app_id="wx-app-id",
        app_secret="app-secret",
        transport=httpx.MockTransport(handler),
    )


def _answer(body: dict, status: int = 200) -> httpx.Response:
    # WeChat serves its JSON as text/plain.
    return httpx.Response(status, text=json.dumps(body), headers={"content-type": "text/plain"})


def test_a_valid_code_gives_openid_and_unionid() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return _answer({"openid": "oUser123", "session_key": "sk==", "unionid": "uUnion9"})

    session = _provider(handler).code2session("081abcDEF")
    assert (session.openid, session.unionid) == ("oUser123", "uUnion9")
    (request,) = seen
    assert request.url.path == "/sns/jscode2session"
    assert dict(request.url.params) == {
        "appid": "wx-app-id",
        "secret": "app-secret",
        "js_code": "081abcDEF",
        "grant_type": "authorization_code",
    }


@pytest.mark.parametrize(
    ("errcode", "errmsg", "status", "code"),
    [
        (40029, "invalid code, rid: 6543", 401, "wechat_code_invalid"),
        (45011, "api minute-quota reach limit", 429, "wechat_rate_limited"),
        (40226, "high risk user", 403, "wechat_user_blocked"),
        (-1, "system error", 503, "wechat_unavailable"),
    ],
)
def test_wechat_errors_map_to_clear_codes(
    errcode: int, errmsg: str, status: int, code: str
) -> None:
    provider = _provider(lambda request: _answer({"errcode": errcode, "errmsg": errmsg}))
    with pytest.raises(DomainError) as refused:
        provider.code2session("bad-code")
    assert (refused.value.status_code, refused.value.code) == (status, code)


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(502, text="bad gateway"),
        httpx.Response(200, text="<html>not json</html>"),
        httpx.Response(200, text="[]"),
        httpx.Response(200, text='{"errcode": 0, "session_key": "x"}'),
    ],
)
def test_broken_answers_are_unavailable_not_500(response: httpx.Response) -> None:
    with pytest.raises(DomainError) as refused:
        _provider(lambda request: response).code2session("code")
    assert refused.value.status_code == 503


def test_network_failure_is_unavailable() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("timed out", request=request)

    with pytest.raises(DomainError) as refused:
        _provider(handler).code2session("code")
    assert refused.value.code == "wechat_unavailable"


def test_the_dev_provider_is_stable_and_never_used_in_production() -> None:
    dev = DevWeChatProvider()
    assert dev.code2session("abc").openid == dev.code2session("abc").openid
    assert dev.code2session("abc").openid != dev.code2session("abd").openid
    with pytest.raises(ValidationError, match="dev WeChat login provider"):
        Settings(environment="production", wechat_provider="dev")
    sneaked = Settings.model_construct(
        environment="production", wechat_provider="dev", wechat_app_secret=SecretStr("")
    )
    with pytest.raises(RuntimeError):
        provider_for(sneaked)


def test_the_wechat_provider_uses_configured_base_and_credentials() -> None:
    settings = Settings(
        wechat_provider="wechat",
        wechat_api_base=API_BASE,
        wechat_app_id="wx-configured",
        wechat_app_secret=SecretStr("configured-secret"),
    )
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return _answer({"openid": "o1", "session_key": "s"})

    provider_for(settings, transport=httpx.MockTransport(handler)).code2session("c")
    assert seen[0].url.host == "wechat.test"
    assert seen[0].url.params["appid"] == "wx-configured"
    assert seen[0].url.params["secret"] == "configured-secret"
