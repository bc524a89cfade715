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


def test_what_the_caller_names_wins_and_no_scan_credits_nothing(client: TestClient) -> None:
    shop = open_shop(units=5)
    assert _order(client, shop)["touchpoint_id"] is None  # no scan yet
    _scan_card(client, shop)
    poster = factories.touchpoint("poster", region_id=shop.region_id)
    named = _order(client, shop, touchpoint_id=poster.id)
    assert named["touchpoint_id"] == poster.id
    assert named["guide_id"] is None


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
