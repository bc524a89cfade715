"""Orders are credited to the member's last touch; they join history and touchpoint reports."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests import factories
from tests.shop import Shop, idem, open_shop


def _scan_card(client: TestClient, shop: Shop) -> int:
    card = factories.touchpoint(
        "guide_card", region_id=shop.region_id, store_id=shop.store_id, guide_id=shop.guide_id
    )
    scanned = client.post(
        "/mp/v1/scans",
        json={"token": factories.qr_token(card.id), "device_id": "dev-attr-1"},
        headers=shop.shopper(),
    )
    assert scanned.status_code == 201, scanned.text
    return card.id


def _order(client: TestClient, shop: Shop, **extra: Any) -> dict[str, Any]:
    placed = client.post(
        "/mp/v1/orders", json=shop.order_body(**extra), headers={**shop.shopper(), **idem()}
    )
    assert placed.status_code == 201, placed.text
    return placed.json()


def test_an_order_after_a_guide_card_scan_credits_the_card_and_its_guide(
    client: TestClient,
) -> None:
    shop = open_shop(units=5)
    card_id = _scan_card(client, shop)
    order = _order(client, shop)
    assert order["touchpoint_id"] == card_id
    assert order["guide_id"] == shop.guide_id


def test_a_named_touchpoint_counts_only_if_this_shopper_scanned_it(client: TestClient) -> None:
    shop = open_shop(units=5)
    assert _order(client, shop)["touchpoint_id"] is None  # no scan yet
    poster = factories.touchpoint("poster", region_id=shop.region_id)
    # Naming a touchpoint never scanned (a forged id) is refused, not stored.
    forged = client.post(
        "/mp/v1/orders",
        json=shop.order_body(touchpoint_id=poster.id),
        headers={**shop.shopper(), **idem()},
    )
    assert forged.status_code == 422, forged.text
    assert forged.json()["error"]["code"] == "touchpoint_not_scanned"
    scanned = client.post(
        "/mp/v1/scans",
        json={"token": factories.qr_token(poster.id), "device_id": "dev-attr-2"},
        headers=shop.shopper(),
    )
    assert scanned.status_code == 201, scanned.text
    card_id = _scan_card(client, shop)  # the last touch now
    named = _order(client, shop, touchpoint_id=poster.id)
    assert (named["touchpoint_id"], named["guide_id"], named["channel"]) == (
        poster.id,
        None,
        "qr",
    )
    last = _order(client, shop, channel="guide_share")  # a channel claim proves nothing
    assert (last["touchpoint_id"], last["guide_id"], last["channel"]) == (
        card_id,
        shop.guide_id,
        "qr",
    )


def _refused(client: TestClient, shop: Shop, body: dict[str, Any]) -> str:
    answer = client.post("/mp/v1/orders", json=body, headers={**shop.shopper(), **idem()})
    assert answer.status_code == 422, answer.text
    return str(answer.json()["error"]["code"])


def test_a_named_guide_must_work_at_the_pickup_store_or_in_its_region(
    client: TestClient,
) -> None:
    shop = open_shop(units=10)
    elsewhere = open_shop(units=1)  # another region
    far_guide = factories.guide(elsewhere.store_id)
    gone = factories.guide(shop.store_id, active=False)
    assert _refused(client, shop, shop.order_body(guide_id=far_guide.id)) == ("guide_not_at_store")
    assert _refused(client, shop, shop.order_body(guide_id=gone.id)) == "guide_not_found"
    assert _refused(client, shop, shop.order_body(guide_id=2_000_000_000)) == "guide_not_found"
    warehouse = factories.location(code=f"WH-{shop.store_id}")
    factories.stock(warehouse.id, shop.sku_ids[0], 5)
    delivery = {
        "fulfilment": "delivery",
        "delivery_address": {"name": "Li", "phone": "13800138000", "city": "SH", "address": "1"},
        "lines": [{"sku_id": shop.sku_ids[0], "quantity": 1}],
        "guide_id": shop.guide_id,
    }
    assert _refused(client, shop, delivery) == "guide_unverified"

    here = _order(client, shop, guide_id=shop.guide_id)
    assert (here["guide_id"], here["channel"]) == (shop.guide_id, "store_assisted")
    region_store = factories.store(shop.region_id)
    colleague = factories.guide(region_store.id)  # same region, another store
    assert _order(client, shop, guide_id=colleague.id)["guide_id"] == colleague.id


def test_a_guides_signed_share_link_credits_the_guide(client: TestClient) -> None:
    shop = open_shop(units=10)
    elsewhere = open_shop(units=1)
    sharer = factories.guide(elsewhere.store_id)  # a link works wherever the shopper collects
    link = client.get(
        "/tablet/v1/me/share-link", headers=factories.guide_headers(sharer.id, elsewhere.store_id)
    )
    assert link.status_code == 200, link.text
    token = link.json()["token"]
    assert link.json()["guide_id"] == sharer.id and token in link.json()["path"]

    order = _order(client, shop, share=token)
    assert (order["guide_id"], order["channel"]) == (sharer.id, "guide_share")

    # Tampered: another guide's id under this signature.
    _, kid, _, expires, mac = token.split(".")
    forged = f"g1.{kid}.{shop.guide_id}.{expires}.{mac}"
    assert _refused(client, shop, shop.order_body(share=forged)) == "share_forged"
    assert _refused(client, shop, shop.order_body(share="nonsense")) == "share_malformed"
    # A touchpoint code is not a share link, even though the same keys sign both.
    card = factories.touchpoint("guide_card", region_id=shop.region_id, guide_id=shop.guide_id)
    qr = factories.qr_token(card.id)
    assert _refused(client, shop, shop.order_body(share=qr)) == "share_malformed"
    assert _refused(client, shop, shop.order_body(share=token, guide_id=shop.guide_id)) == (
        "guide_mismatch"
    )


def test_orders_join_history_and_the_touchpoint_report(client: TestClient) -> None:
    shop = open_shop(units=5)
    card_id = _scan_card(client, shop)
    order = _order(client, shop)

    history = client.get("/mp/v1/me/history", headers=shop.shopper()).json()
    kinds = (
        [item["kind"] for item in history["items"]]
        if isinstance(history, dict)
        else [item["kind"] for item in history]
    )
    assert "order" in kinds and "scan" in kinds
    items = history["items"] if isinstance(history, dict) else history
    entry = next(i for i in items if i["kind"] == "order")
    assert entry["details"]["number"] == order["number"]
    assert entry["touchpoint_id"] == card_id

    hq = factories.manager([], hq=True)
    report = client.get(
        "/manager/v1/touchpoints/performance", headers=factories.manager_headers(hq.id, hq=True)
    )
    assert report.status_code == 200, report.text
    card = next(row for row in report.json() if row["touchpoint_id"] == card_id)
    assert card["orders"] == 1
