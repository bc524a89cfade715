"""Suggestions over HTTP: the shopper's list, the opt-out, the order, the product page,
the pickup notice, the guide's member 360 and the manager's "recommended -> bought"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from inventory.models import Product
from server.seed.coupons import demo_shopper
from services.notifications.models import Delivery
from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.recommendations import training
from services.recommendations.models import MemberPick
from tests import factories
from tests.planted_history import Planted, paid_order, plant
from tests.waiting import eventually

WHYS = {"bought_together", "similar_members", "viewed", "popular_nearby"}


def _trained() -> Planted:
    planted = plant()
    with UnitOfWork() as uow:
        training.train(uow.session, settings=get_settings(), now=utcnow())
        uow.commit()
    return planted


def _mine(client: TestClient, member_id: int, **params: int) -> dict:
    answer = client.get(
        "/mp/v1/me/recommendations", params=params, headers=factories.shopper_headers(member_id)
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_shopper_gets_the_complement_first_and_never_what_they_bought(
    client: TestClient,
) -> None:
    planted = _trained()
    body = _mine(client, planted.tent_buyer, store_id=planted.store_id)
    ids = [item["product_id"] for item in body["items"]]
    assert body["personalised"] is True and body["store_id"] == planted.store_id
    assert ids[0] == planted.product["sleeping_bag"]
    assert body["items"][0]["why"] == "bought_together"
    assert body["items"][0]["sku_ids"] == [planted.sku["sleeping_bag"]]
    assert planted.product["tent"] not in ids
    # bought a moment ago, before any refresh: gone from the very next answer (by default
    # every answer reads the member's row)
    paid_order(planted.tent_buyer, planted.store_id, [planted.sku["sleeping_bag"]], at=utcnow())
    again = [i["product_id"] for i in _mine(client, planted.tent_buyer)["items"]]
    assert planted.product["sleeping_bag"] not in again and planted.product["tent"] not in again


def test_with_a_member_copy_a_purchase_shows_within_its_bound_and_no_longer(
    client: TestClient,
) -> None:
    """O2O_RECOMMENDATIONS_MEMBER_SECONDS > 0 trades promptness for CPU: a worker's copy of
    the member's row may still show what they just bought, for that long and no longer."""
    planted = _trained()
    copies = client.app.state.recommendations_members  # type: ignore[attr-defined]
    copies.seconds = 5.0
    first = [i["product_id"] for i in _mine(client, planted.tent_buyer)["items"]]
    assert planted.product["sleeping_bag"] in first  # the row is now kept
    paid_order(planted.tent_buyer, planted.store_id, [planted.sku["sleeping_bag"]], at=utcnow())
    stale = [i["product_id"] for i in _mine(client, planted.tent_buyer)["items"]]
    assert planted.product["sleeping_bag"] in stale  # within the bound: the copy answered
    started = copies.clock()
    copies.clock = lambda: started + 5.0
    again = [i["product_id"] for i in _mine(client, planted.tent_buyer)["items"]]
    assert planted.product["sleeping_bag"] not in again and planted.product["tent"] not in again


def test_a_store_shows_only_what_it_can_hand_over_today(client: TestClient) -> None:
    planted = _trained()
    other = factories.store(factories.region().id)
    there = factories.location(store_id=other.id)
    factories.stock(there.id, planted.sku["bottle"], 3)
    factories.stock(there.id, planted.sku["sleeping_bag"], 0)  # out of stock there
    body = _mine(client, planted.tent_buyer, store_id=other.id)
    assert [i["product_id"] for i in body["items"]] == [planted.product["bottle"]]
    missing = client.get(
        "/mp/v1/me/recommendations",
        params={"store_id": 999_999},
        headers=factories.shopper_headers(planted.tent_buyer),
    )
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "store_not_found"


def test_opting_out_leaves_only_what_is_popular_nearby(client: TestClient) -> None:
    planted = _trained()
    headers = factories.shopper_headers(planted.tent_buyer)
    assert client.get("/mp/v1/me/recommendations/settings", headers=headers).json() == {
        "personalised": True
    }
    before = _mine(client, planted.tent_buyer, store_id=planted.store_id)  # the row now kept
    assert before["personalised"] is True
    put = client.put(
        "/mp/v1/me/recommendations/settings", json={"personalised": False}, headers=headers
    )
    assert put.status_code == 200 and put.json() == {"personalised": False}
    # the very next answer of this process: the opt-out drops its copy of the member's row
    body = _mine(client, planted.tent_buyer, store_id=planted.store_id)
    assert body["personalised"] is False
    assert body["items"] and {i["why"] for i in body["items"]} == {"popular_nearby"}
    assert body["items"][0]["product_id"] == planted.product["bottle"]
    guide = factories.guide(planted.store_id)
    seen = client.get(
        f"/tablet/v1/members/{planted.tent_buyer}",
        headers=factories.guide_headers(guide.id, planted.store_id),
    ).json()
    assert {i["why"] for i in seen["next_best_products"]} == {"popular_nearby"}
    bad = client.put(
        "/mp/v1/me/recommendations/settings", json={"personalised": "maybe"}, headers=headers
    )
    assert bad.status_code == 422


def test_the_guide_sees_next_best_products_ready_to_ring_up(client: TestClient) -> None:
    planted = _trained()
    guide = factories.guide(planted.store_id)
    seen = client.get(
        f"/tablet/v1/members/{planted.tent_buyer}",
        headers=factories.guide_headers(guide.id, planted.store_id),
    )
    assert seen.status_code == 200, seen.text
    first = seen.json()["next_best_products"][0]
    assert first["product_id"] == planted.product["sleeping_bag"]
    assert first["sku_ids"] == [planted.sku["sleeping_bag"]]
    assert first["assisted_sale"] == "/tablet/v1/sales"


def test_the_order_the_product_page_and_the_pickup_notice_carry_suggestions(
    client: TestClient,
) -> None:
    planted = _trained()
    number = paid_order(
        planted.tent_buyer,
        planted.store_id,
        [planted.sku["bottle"]],
        at=utcnow(),
        status="preparing",
    )
    order = client.get(
        f"/mp/v1/orders/{number}", headers=factories.shopper_headers(planted.tent_buyer)
    )
    assert order.status_code == 200, order.text
    suggested = [i["product_id"] for i in order.json()["recommendations"]]
    assert 2 <= len(suggested) <= 3 and suggested[0] == planted.product["sleeping_bag"]
    assert planted.product["bottle"] not in suggested  # not what this order already holds
    page = client.get(f"/mp/v1/products/{planted.product['rain_jacket']}").json()
    assert [i["product_id"] for i in page["bought_together"]][:1] == [planted.product["beanie"]]
    guide = factories.guide(planted.store_id)
    ready = client.post(
        f"/tablet/v1/orders/{number}/ready",
        headers=factories.guide_headers(guide.id, planted.store_id),
    )
    assert ready.status_code == 200, ready.text

    def bodies() -> list[str]:
        with UnitOfWork() as uow:
            return list(
                uow.session.scalars(
                    select(Delivery.body).where(Delivery.template == "order_ready_for_pickup")
                )
            )

    eventually(lambda: len(bodies()) == 1)
    assert "You may also like: Sleeping Bag" in bodies()[0]


def test_inactive_products_are_never_suggested(client: TestClient) -> None:
    planted = _trained()
    with UnitOfWork() as uow:
        uow.session.get_one(Product, planted.product["sleeping_bag"]).active = False
        uow.commit()
    ids = [i["product_id"] for i in _mine(client, planted.tent_buyer)["items"]]
    assert ids and planted.product["sleeping_bag"] not in ids


def test_the_manager_sees_recommended_then_bought_per_touchpoint(client: TestClient) -> None:
    planted = _trained()
    _mine(client, planted.tent_buyer, store_id=planted.store_id)
    paid_order(
        planted.tent_buyer,
        planted.store_id,
        [planted.sku["sleeping_bag"]],
        at=utcnow() + timedelta(seconds=1),
    )
    hq = factories.new_manager_headers(hq=True)

    def figures() -> dict[str, dict]:
        answer = client.get("/manager/v1/insights/recommendations", headers=hq)
        assert answer.status_code == 200, answer.text
        return {r["touchpoint"]: r for r in answer.json()["touchpoints"]}

    # the list's showings are written by its worker's flusher, a second later at most
    eventually(lambda: figures()["mini_program"]["shown"] >= 1)
    rows = figures()
    assert rows["mini_program"]["shown"] >= 1 and rows["mini_program"]["bought"] == 1
    assert rows["member_360"]["shown"] == 0
    shopper = client.get(
        "/manager/v1/insights/recommendations",
        headers=factories.shopper_headers(planted.tent_buyer),
    )
    assert shopper.status_code == 401


@pytest.mark.demo
def test_the_demo_shows_suggestions_from_the_first_start(client: TestClient) -> None:
    """The seed trains once at its end: no beat run is needed before the first answer."""
    with UnitOfWork() as uow:
        shopper = demo_shopper(uow.session, utcnow())
        picks = uow.session.scalar(select(func.count()).select_from(MemberPick))
        uow.commit()
    assert picks and picks > 0
    body = _mine(client, shopper)
    assert body["items"] and all(i["why"] in WHYS for i in body["items"])
