"""POST /mp/v1/auth/login through the real WeChat provider on httpx.MockTransport."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from mini_program_api.auth import wechat_provider
from services.members.wechat import HttpWeChatProvider
from tests import factories

Answer = Callable[[httpx.Request], httpx.Response]


@pytest.fixture
def wechat(client: TestClient) -> Iterator[Callable[[Answer], None]]:
    """Point login at a fake WeChat that answers with ``handler``."""

    def use(handler: Answer) -> None:
        provider = HttpWeChatProvider(
            api_base="https://wechat.test",
            app_id="wx-app",
            app_secret="secret",
            transport=httpx.MockTransport(handler),
        )
        client.app.dependency_overrides[wechat_provider] = lambda: provider  # type: ignore[attr-defined]

    yield use
    client.app.dependency_overrides.clear()  # type: ignore[attr-defined]


def _session(openid: str, unionid: str | None = None) -> Answer:
    body = {"openid": openid, "session_key": "sk"} | ({"unionid": unionid} if unionid else {})
    return lambda request: httpx.Response(200, text=json.dumps(body))


def test_first_login_creates_the_member_and_the_token_works(client: TestClient, wechat) -> None:
    wechat(_session("oNew1"))
    response = client.post("/mp/v1/auth/login", json={"code": "081code"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["created"] is True
    me = client.get("/mp/v1/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    assert me.json()["id"] == body["member"]["id"]

    again = client.post("/mp/v1/auth/login", json={"code": "082code"}).json()
    assert again["created"] is False
    assert again["member"]["id"] == body["member"]["id"]


def test_a_known_unionid_links_a_new_openid_to_the_same_member(client: TestClient, wechat) -> None:
    existing = factories.member(openid="oOfficialAccount", unionid="uSame")
    wechat(_session("oMiniProgram", "uSame"))
    body = client.post("/mp/v1/auth/login", json={"code": "c"}).json()
    assert body["member"]["id"] == existing.id
    assert body["created"] is False


def test_unionid_is_recorded_on_a_member_who_lacked_it(client: TestClient, wechat) -> None:
    from services.members.models import Member
    from services.platform.uow import UnitOfWork

    member = factories.member(openid="oKnown")
    wechat(_session("oKnown", "uLater"))
    client.post("/mp/v1/auth/login", json={"code": "c"})
    with UnitOfWork() as uow:
        row = uow.session.get(Member, member.id)
        assert row is not None and row.unionid == "uLater"


@pytest.mark.parametrize(
    ("errcode", "status", "code"),
    [
        (40029, 401, "wechat_code_invalid"),
        (45011, 429, "wechat_rate_limited"),
        (40226, 403, "wechat_user_blocked"),
    ],
)
def test_wechat_refusals_are_clear_4xx(
    client: TestClient, wechat, errcode: int, status: int, code: str
) -> None:
    wechat(
        lambda request: httpx.Response(200, text=json.dumps({"errcode": errcode, "errmsg": "x"}))
    )
    response = client.post("/mp/v1/auth/login", json={"code": "bad"})
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_the_dev_provider_logs_in_without_network(client: TestClient) -> None:
    response = client.post("/mp/v1/auth/login", json={"code": "any-dev-code"})
    assert response.status_code == 200
    assert client.post("/mp/v1/auth/login", json={"code": "dev-error-40029"}).status_code == 401


def test_login_refuses_junk(client: TestClient) -> None:
    for body in ({}, {"code": ""}, {"code": "x" * 500}, {"code": "c", "openid": "o"}):
        assert client.post("/mp/v1/auth/login", json=body).status_code == 422
