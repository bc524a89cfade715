"""Coupons at checkout: the preview prices what the order gets, one order per coupon even
when several are placed at once, refusals with a reason, and the coupon back on cancel."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from orders import placing
from orders.schemas import OrderCreate
from services.platform import ratelimit
from services.platform.db import utcnow
from services.platform.errors import Conflict
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.promotions.models import MemberCoupon
from tests import aio, factories
from tests.shop import Shop, idem, live_reserved, open_shop


def _wallet(client: TestClient, shop: Shop) -> dict[int, dict[str, Any]]:
    answer = client.get("/mp/v1/coupons", headers=shop.shopper())
    return {w["id"]: w for w in answer.json()}


def _body(shop: Shop, coupon_id: int | None, quantity: int = 1, **extra: Any) -> dict[str, Any]:
    return {**shop.order_body(quantity), "coupon_id": coupon_id, **extra}


def _asked(shop: Shop, coupon_id: int) -> dict[str, Any]:
    """The preview's body for ``_body``'s order."""
    return {"store_id": shop.store_id, "lines": shop.order_body()["lines"], "coupon_id": coupon_id}


def _place(client: TestClient, shop: Shop, coupon_id: int) -> Any:
    return client.post(
        "/mp/v1/orders", json=_body(shop, coupon_id), headers={**shop.shopper(), **idem()}
    )


@pytest.fixture
def many_open_orders(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from tests.conftest import _clear_caches

    monkeypatch.setenv("O2O_OPEN_ORDERS_PER_MEMBER", "1000")
    monkeypatch.setenv("O2O_ORDER_LIMIT_PER_MEMBER", "1000")
    monkeypatch.setenv("O2O_DB_POOL_SIZE", "20")
    _clear_caches()
    yield
    _clear_caches()


def test_the_preview_is_what_the_order_gets_and_the_wallet_shows_it_redeemed(
    client: TestClient,
) -> None:
    shop = open_shop(price_fen=33333, skus=2)
    coupon = factories.coupon(
        kind="percent_off", amount_off_fen=None, percent_off=15, max_off_fen=100_000
    )
    entry = factories.wallet_coupon(coupon.id, shop.member_id)
    lines = [{"sku_id": shop.sku_ids[0], "quantity": 2}, {"sku_id": shop.sku_ids[1], "quantity": 1}]
    asked = {"store_id": shop.store_id, "lines": lines, "coupon_id": entry}
    body = {"fulfilment": "pickup", **asked}
    preview = client.post("/mp/v1/checkout/preview", json=asked, headers=shop.shopper())
    assert preview.status_code == 200, preview.json()
    priced = preview.json()
    assert priced["subtotal_fen"] == 99999
    assert priced["coupon_discount_fen"] == 14999  # 15 % of 999.99 yuan, rounded down
    placed = client.post("/mp/v1/orders", json=body, headers={**shop.shopper(), **idem()})
    assert placed.status_code == 201, placed.json()
    order = placed.json()
    for field in ("subtotal_fen", "coupon_discount_fen", "total_fen"):
        assert order[field] == priced[field], field
    assert [(x["sku_id"], x["coupon_discount_fen"]) for x in order["lines"]] == [
        (x["sku_id"], x["coupon_discount_fen"]) for x in priced["lines"]
    ]
    assert sum(x["coupon_discount_fen"] for x in order["lines"]) == 14999
    assert order["coupon_id"] == entry
    held = _wallet(client, shop)[entry]
    assert (held["state"], held["order_number"]) == ("redeemed", order["number"])

    again = client.post("/mp/v1/orders", json=body, headers={**shop.shopper(), **idem()})
    assert again.status_code == 409 and again.json()["error"]["code"] == "coupon_unavailable"
    refused_preview = client.post("/mp/v1/checkout/preview", json=asked, headers=shop.shopper())
    assert refused_preview.json()["error"]["code"] == "coupon_unavailable"


def test_refusals_name_their_reason(client: TestClient) -> None:
    shop = open_shop(price_fen=19900)
    other_store = factories.store(shop.region_id)
    mine = factories.wallet_coupon(factories.coupon(store_ids=[other_store.id]).id, shop.member_id)
    headers = shop.shopper()
    wrong_store = client.post("/mp/v1/checkout/preview", json=_asked(shop, mine), headers=headers)
    assert wrong_store.status_code == 409
    assert wrong_store.json()["error"]["code"] == "coupon_not_applicable"
    assert wrong_store.json()["error"]["details"]["reason"] == "store"
    placed = _place(client, shop, mine)
    assert placed.json()["error"]["details"]["reason"] == "store"

    minimum = factories.wallet_coupon(factories.coupon(min_spend_fen=20000).id, shop.member_id)
    short = client.post("/mp/v1/checkout/preview", json=_asked(shop, minimum), headers=headers)
    assert short.status_code == 409
    assert short.json()["error"]["details"]["reason"] == "min_spend"

    someone_elses = factories.wallet_coupon(factories.coupon().id, factories.member().id)
    stolen = client.post(
        "/mp/v1/orders", json=_body(shop, someone_elses), headers={**headers, **idem()}
    )
    assert stolen.status_code == 404 and stolen.json()["error"]["code"] == "coupon_not_found"


def test_cancelling_gives_the_coupon_back_for_the_next_order(client: TestClient) -> None:
    shop = open_shop(price_fen=19900)
    entry = factories.wallet_coupon(factories.coupon().id, shop.member_id)
    first = client.post(
        "/mp/v1/orders", json=_body(shop, entry), headers={**shop.shopper(), **idem()}
    )
    assert first.json()["coupon_discount_fen"] == 1000
    number = first.json()["number"]
    cancelled = client.post(f"/mp/v1/orders/{number}/cancel", headers=shop.shopper())
    assert cancelled.status_code == 200
    assert _wallet(client, shop)[entry]["state"] == "usable"
    second = client.post(
        "/mp/v1/orders", json=_body(shop, entry), headers={**shop.shopper(), **idem()}
    )
    assert second.status_code == 201 and second.json()["coupon_discount_fen"] == 1000


@pytest.mark.parametrize("round_", range(10))
def test_orders_placed_at_once_with_one_coupon_exactly_one_gets_it(
    db, many_open_orders, round_: int
) -> None:
    shop = open_shop(units=100, price_fen=19900)
    entry = factories.wallet_coupon(factories.coupon().id, shop.member_id)
    body = OrderCreate.model_validate(_body(shop, entry))

    async def attempt(_i: int, connection, _redis) -> Any:
        return await placing.place(connection, member_id=shop.member_id, body=body, now=utcnow())

    results = aio.together(8, attempt)
    placed = [r for r in results if isinstance(r, placing.Placed)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(placed) == 1, results
    assert len(refused) == 7 and all(r.code == "coupon_unavailable" for r in refused), results
    assert placed[0].order["coupon_discount_fen"] == 1000
    # The losers' writes rolled back whole: one unit held, the coupon on the winner.
    assert live_reserved(shop.location_id, shop.sku_ids[0]) == 1
    with UnitOfWork() as uow:
        held = uow.session.get_one(MemberCoupon, entry)
        assert held.order_ref == placed[0].order["number"]


def test_a_store_coupon_does_not_apply_to_delivery(client: TestClient) -> None:
    shop = open_shop(price_fen=19900)
    entry = factories.wallet_coupon(
        factories.coupon(region_ids=[shop.region_id]).id, shop.member_id
    )
    asked = {"lines": shop.order_body()["lines"], "coupon_id": entry}  # no store: delivery
    refused = client.post("/mp/v1/checkout/preview", json=asked, headers=shop.shopper())
    assert refused.status_code == 409
    assert refused.json()["error"]["details"]["reason"] == "region"
    priced = client.post(
        "/mp/v1/checkout/preview", json=_asked(shop, entry), headers=shop.shopper()
    )
    assert priced.status_code == 200 and priced.json()["coupon_discount_fen"] == 1000


def test_checkouts_naming_a_coupon_are_limited_per_shopper(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("O2O_COUPON_TRIES_PER_MEMBER", "3")
    get_settings.cache_clear()
    monkeypatch.setattr(ratelimit, "clock", lambda: 1_800_000_000.0)
    shop = open_shop(price_fen=19900)
    guess = 2_000_000  # not theirs: refused, and counted
    answers = [
        client.post("/mp/v1/checkout/preview", json=_asked(shop, guess), headers=shop.shopper())
        for _ in range(3)
    ]
    assert [a.json()["error"]["code"] for a in answers] == ["coupon_not_found"] * 3
    limited = _place(client, shop, guess)
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "coupon_rate_limited"
    without = client.post(
        "/mp/v1/checkout/preview",
        json={"store_id": shop.store_id, "lines": shop.order_body()["lines"]},
        headers=shop.shopper(),
    )
    assert without.status_code == 200  # only checkouts naming a coupon count
    get_settings.cache_clear()
