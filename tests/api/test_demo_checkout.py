"""On the demo data, the demo shopper spends points and a coupon and pays (offline gateway)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from inventory.models import Location, Product, Sku, Stock
from services.platform.uow import UnitOfWork
from stores.models import Store
from tests.shop import idem


def _a_jacket_at_sha01() -> tuple[int, int]:
    """SHA-01 (East China) and a jacket it stocks: both demo coupons apply there."""
    with UnitOfWork() as uow:
        s = uow.session
        store = s.scalars(select(Store).where(Store.code == "SHA-01")).one()
        sku = s.scalars(
            select(Sku.id)
            .join(Product, Product.id == Sku.product_id)
            .join(Stock, Stock.sku_id == Sku.id)
            .join(Location, Location.id == Stock.location_id)
            .where(
                Location.store_id == store.id,
                Product.category == "jackets",
                Stock.on_hand - Stock.reserved > 0,
            )
            .order_by(Sku.id)
            .limit(1)
        ).one()
        return store.id, sku


@pytest.mark.demo
def test_the_demo_shopper_pays_with_points_and_a_coupon(client: TestClient) -> None:
    login = client.post("/mp/v1/auth/login", json={"code": "demo-shopper"})
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    wallet = client.get("/mp/v1/coupons", headers=headers).json()
    assert [w["state"] for w in wallet] == ["usable", "usable"]
    jackets = next(w for w in wallet if w["coupon"]["categories"] == ["jackets"])
    store_id, sku_id = _a_jacket_at_sha01()
    asked = {
        "store_id": store_id,
        "lines": [{"sku_id": sku_id, "quantity": 1}],
        "coupon_id": jackets["id"],
        "points": 5000,
    }
    priced = client.post("/mp/v1/checkout/preview", json=asked, headers=headers).json()
    assert priced["coupon_discount_fen"] > 0 and priced["points_spent"] == 5000

    placed = client.post(
        "/mp/v1/orders", json={"fulfilment": "pickup", **asked}, headers={**headers, **idem()}
    )
    assert placed.status_code == 201, placed.json()
    order = placed.json()
    assert (order["coupon_discount_fen"], order["total_fen"]) == (
        priced["coupon_discount_fen"],
        priced["total_fen"],
    )
    paid = client.post(f"/mp/v1/orders/{order['number']}/simulate-payment", headers=headers)
    assert paid.status_code == 200 and paid.json()["status"] == "paid"
    after = {w["id"]: w for w in client.get("/mp/v1/coupons", headers=headers).json()}
    assert after[jackets["id"]]["state"] == "redeemed"
    assert after[jackets["id"]]["order_number"] == order["number"]
