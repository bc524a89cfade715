"""A pickup that is short names the store and why; the preview warns before placing."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests import factories
from tests.api.test_appointment_purchases import stocked_salon
from tests.api.test_try_on import book, hold_at_booking  # noqa: F401 (autouse: held at booking)
from tests.shop import idem


def test_your_own_try_on_hold_is_named_by_the_preview_and_the_refusal(
    client: TestClient,
) -> None:
    shop, service = stocked_salon(units=1)
    sku = shop.sku_ids[0]
    assert book(client, shop, service, 11, [{"sku_id": sku, "quantity": 1}]).status_code == 201
    line = [{"sku_id": sku, "quantity": 1}]
    preview = client.post(
        "/mp/v1/checkout/preview",
        json={"lines": line, "store_id": shop.store_id},
        headers=shop.shopper(),
    )
    assert preview.status_code == 200, preview.text
    (warning,) = preview.json()["warnings"]
    refused = client.post(
        "/mp/v1/orders", json=shop.order_body(1), headers={**shop.shopper(), **idem()}
    )
    assert refused.status_code == 409, refused.text
    error = refused.json()["error"]
    assert warning == {k: error[k] for k in ("code", "message", "details")}
    assert error["code"] == "out_of_stock"
    assert error["details"]["reason"] == "held_by_your_try_on"
    assert error["details"]["store_id"] == shop.store_id
    assert error["details"]["store_name"] and error["details"]["store_name"] in error["message"]
    assert "location_id" not in error["details"]


def test_someone_elses_hold_is_plain_short_stock(client: TestClient) -> None:
    shop, service = stocked_salon(units=1)
    sku = shop.sku_ids[0]
    assert book(client, shop, service, 11, [{"sku_id": sku, "quantity": 1}]).status_code == 201
    other = factories.member().id
    refused = client.post(
        "/mp/v1/orders",
        json=shop.order_body(1),
        headers={**factories.shopper_headers(other), **idem()},
    )
    assert refused.status_code == 409
    details = refused.json()["error"]["details"]
    assert details["reason"] == "not_enough_stock" and details["store_id"] == shop.store_id


def test_a_cart_the_store_covers_has_no_warning(client: TestClient) -> None:
    shop, _ = stocked_salon(units=2)
    answer = client.post(
        "/mp/v1/checkout/preview",
        json={"lines": [{"sku_id": shop.sku_ids[0], "quantity": 2}], "store_id": shop.store_id},
        headers=shop.shopper(),
    )
    assert answer.status_code == 200 and answer.json()["warnings"] == []
