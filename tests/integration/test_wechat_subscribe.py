"""WeChat subscribe messages through httpx's own seam (MockTransport), token kept in Redis."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from server.manifests import Settings
from services.notifications.channels import LoggingChannel, Message, Skipped
from services.notifications.service import channel_for
from services.notifications.settings import SubscribeTemplate
from services.notifications.wechat_subscribe import WeChatError, WeChatSubscribeChannel

READY = SubscribeTemplate(
    template_id="Xq1jF7bE-ready-for-pickup-9kLm",
    page="pages/orders/detail",
    data={
        "character_string1": "order_number",
        "thing2": "store_name",
        "character_string3": "pickup_code",
        "time4": "collect_by",
    },
)


def _settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "notification_channel": "wechat",
        "wechat_api_base": "https://wechat.test",
        "wechat_app_id": "wx5f1c0d2e3a4b6c7d",
        "wechat_app_secret": SecretStr("app-secret"),
        "wechat_subscribe_templates": {"order_ready_for_pickup": READY},
    }
    return Settings(_env_file=None, **{**values, **overrides})


def _answer(body: dict[str, Any]) -> httpx.Response:
    # WeChat serves its JSON as text/plain.
    return httpx.Response(200, text=json.dumps(body), headers={"content-type": "text/plain"})


def _ready(member_id: int | None = 42) -> Message:
    params = {
        "order_number": "P20261129000123",
        "store_name": "Yunshan Jing'an Kerry Centre flagship store",
        "pickup_code": "402917",
        "collect_by": "2026-12-01 21:00",
    }
    return Message(
        template="order_ready_for_pickup",
        dedupe_key="order_ready:P20261129000123",
        member_id=member_id,
        store_id=7,
        body="Your order ... Pickup code 402917",
        params=params,
    )


class FakeWeChat:
    """The two endpoints; ``send_answers`` are given out in order, then ``ok`` forever."""

    def __init__(self, *send_answers: dict[str, Any]) -> None:
        self.tokens_issued = 0
        self.sent: list[httpx.Request] = []
        self.send_answers = list(send_answers)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/cgi-bin/token":
            assert request.method == "GET"
            assert request.url.params["grant_type"] == "client_credential"
            assert request.url.params["appid"] == "wx5f1c0d2e3a4b6c7d"
            assert request.url.params["secret"] == "app-secret"
            self.tokens_issued += 1
            return _answer(
                {"access_token": f"ACCESS_TOKEN_{self.tokens_issued}", "expires_in": 7200}
            )
        assert request.url.path == "/cgi-bin/message/subscribe/send"
        assert request.method == "POST"
        self.sent.append(request)
        if self.send_answers:
            return _answer(self.send_answers.pop(0))
        return _answer({"errcode": 0, "errmsg": "ok", "msgid": 3250476316471001089})


def _channel(
    wechat: FakeWeChat,
    openid_of: Callable[[int], str | None] = lambda _: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
) -> WeChatSubscribeChannel:
    return WeChatSubscribeChannel(
        settings=_settings(), openid_of=openid_of, transport=httpx.MockTransport(wechat)
    )


def test_a_ready_order_goes_out_as_a_subscribe_message(db: dict[str, str]) -> None:
    wechat = FakeWeChat()
    _channel(wechat).send(_ready())
    [request] = wechat.sent
    assert request.url.params["access_token"] == "ACCESS_TOKEN_1"
    payload = json.loads(request.content)
    assert payload["touser"] == "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
    assert payload["template_id"] == READY.template_id
    assert payload["page"] == "pages/orders/detail"
    assert payload["miniprogram_state"] == "formal"
    assert payload["data"] == {
        "character_string1": {"value": "P20261129000123"},
        "thing2": {"value": "Yunshan Jing'an Kerr"},  # WeChat's 20-character limit
        "character_string3": {"value": "402917"},
        "time4": {"value": "2026-12-01 21:00"},
    }


def test_the_access_token_is_fetched_once_and_shared(db: dict[str, str]) -> None:
    wechat = FakeWeChat()
    _channel(wechat).send(_ready())
    _channel(wechat).send(_ready())  # another channel (another worker): same Redis
    assert wechat.tokens_issued == 1
    assert [r.url.params["access_token"] for r in wechat.sent] == ["ACCESS_TOKEN_1"] * 2


def test_an_expired_token_is_refreshed_and_the_message_sent_again(db: dict[str, str]) -> None:
    wechat = FakeWeChat(
        {
            "errcode": 40001,
            "errmsg": "invalid credential, access_token is invalid or not latest rid: 6565e1b2",
        }
    )
    _channel(wechat).send(_ready())
    assert wechat.tokens_issued == 2
    assert [r.url.params["access_token"] for r in wechat.sent] == [
        "ACCESS_TOKEN_1",
        "ACCESS_TOKEN_2",
    ]


def test_a_member_who_did_not_subscribe_is_skipped(db: dict[str, str]) -> None:
    wechat = FakeWeChat({"errcode": 43101, "errmsg": "user refuse to accept the msg rid: 65"})
    with pytest.raises(Skipped):
        _channel(wechat).send(_ready())


def test_other_refusals_fail_the_delivery(db: dict[str, str]) -> None:
    wechat = FakeWeChat({"errcode": 47003, "errmsg": "argument invalid! data.thing2.value"})
    with pytest.raises(WeChatError, match="47003"):
        _channel(wechat).send(_ready())


def test_no_template_or_no_openid_sends_nothing(db: dict[str, str]) -> None:
    wechat = FakeWeChat()
    other = Message(
        template="order_expired",
        dedupe_key="expired:1",
        member_id=42,
        store_id=None,
        body="",
        params={"order_number": "P1"},
    )
    with pytest.raises(Skipped, match="no WeChat template"):
        _channel(wechat).send(other)
    with pytest.raises(Skipped, match="openid"):
        _channel(wechat, openid_of=lambda _: None).send(_ready())
    assert wechat.sent == [] and wechat.tokens_issued == 0


def test_production_never_gets_the_logging_channel() -> None:
    def no_openid(_: int) -> str | None:
        return None

    dev = Settings(_env_file=None)
    assert isinstance(
        channel_for("mini_program", settings=dev, openid_of=no_openid), LoggingChannel
    )
    assert isinstance(
        channel_for("mini_program", settings=_settings(), openid_of=no_openid),
        WeChatSubscribeChannel,
    )
    production = Settings.model_construct(**{**dev.__dict__, "environment": "production"})
    with pytest.raises(Skipped):
        channel_for("sms", settings=production, openid_of=no_openid)
