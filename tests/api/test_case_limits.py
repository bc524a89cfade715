"""Returns and exchanges are held to what is left when opened, and exchanges to the price
paid; the tablet's case answer shows the guide both prices."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import update

from inventory.models import Sku
from services.platform.uow import UnitOfWork
from tests import factories
from tests.api.test_service_case_flows import _collected, _movements, _open, _refunds
from tests.shop import Shop, idem, open_shop, stock_of

PAID = 71_800


def _price(sku_id: int, price_fen: int) -> None:
    with UnitOfWork() as uow:
        uow.session.execute(update(Sku).where(Sku.id == sku_id).values(price_fen=price_fen))
        uow.commit()


def _opening(client: TestClient, shop: Shop, number: str, body: dict[str, object]):
    return client.post(
        f"/mp/v1/orders/{number}/cases", json=body, headers={**shop.shopper(), **idem()}
    )


def _exchange(small: int, large: int) -> dict[str, object]:
    return {
        "kind": "exchange",
        "reason": "one size up",
        "lines": [{"sku_id": small, "quantity": 1, "exchange_sku_id": large}],
    }


def _return(sku_id: int) -> dict[str, object]:
    return {"kind": "return", "reason": "no", "lines": [{"sku_id": sku_id, "quantity": 1}]}


def _manager_refund(client: TestClient, shop: Shop, number: str, body: dict) -> None:
    headers = {**factories.new_manager_headers((shop.region_id,)), **idem()}
    done = client.post(f"/manager/v1/orders/{number}/refunds", json=body, headers=headers)
    assert done.status_code == 201, done.text


def test_an_exchange_for_a_variant_priced_otherwise_is_refused_when_opened(
    client: TestClient,
) -> None:
    shop = open_shop(units=3, skus=2, price_fen=PAID)
    small, large = shop.sku_ids
    number = _collected(client, shop, [{"sku_id": small, "quantity": 1}])
    _price(large, 999_900)
    refused = _opening(client, shop, number, _exchange(small, large))
    assert refused.status_code == 409, refused.text
    error = refused.json()["error"]
    assert error["code"] == "exchange_price_differs"
    assert error["details"]["lines"] == [
        {"sku_id": small, "exchange_sku_id": large, "paid_unit_fen": PAID,
         "exchange_price_fen": 999_900}
    ]  # fmt: skip
    assert "return" in error["message"]


def test_the_guide_sees_both_prices_and_a_repricing_before_approval_swaps_nothing(
    client: TestClient,
) -> None:
    shop = open_shop(units=3, skus=2, price_fen=PAID)
    small, large = shop.sku_ids
    number = _collected(client, shop, [{"sku_id": small, "quantity": 1}])
    case = _open(client, shop, number, _exchange(small, large))
    read = client.get(f"/tablet/v1/cases/{case['id']}", headers=shop.guide()).json()
    assert read["lines"] == [
        {"sku_id": small, "quantity": 1, "exchange_sku_id": large, "paid_unit_fen": PAID,
         "exchange_price_fen": PAID}
    ]  # fmt: skip
    _price(large, 999_900)
    refused = client.post(
        f"/tablet/v1/cases/{case['id']}/steps", json={"action": "approve"}, headers=shop.guide()
    )
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "exchange_price_differs"
    assert stock_of(shop.location_id, large) == (3, 0)  # nothing handed out
    assert _refunds(number) == []


def test_a_return_of_a_line_already_brought_back_is_refused_when_opened(
    client: TestClient,
) -> None:
    shop = open_shop(units=3, skus=2, price_fen=PAID)
    small, large = shop.sku_ids
    number = _collected(client, shop, [{"sku_id": s, "quantity": 1} for s in (small, large)])
    returned = [{"sku_id": small, "quantity": 1}]
    _manager_refund(
        client, shop, number, {"amount_fen": PAID, "reason": "back", "returned": returned}
    )
    refused = _opening(client, shop, number, _return(small))
    assert refused.status_code == 409, refused.text
    assert refused.json()["error"]["code"] == "return_exceeds_sold"
    assert refused.json()["error"]["details"] == {"sku_id": small, "returnable": 0}
    assert _movements(shop.location_id, small, "return_restocked") == [1]  # the manager's only


def test_a_return_of_a_line_whose_money_went_back_is_refused_when_opened(
    client: TestClient,
) -> None:
    shop = open_shop(units=3, skus=2, price_fen=PAID)
    small, large = shop.sku_ids
    number = _collected(client, shop, [{"sku_id": s, "quantity": 1} for s in (small, large)])
    _manager_refund(client, shop, number, {"amount_fen": PAID + 100, "reason": "goodwill"})
    for body in (_return(small), _exchange(small, large)):
        refused = _opening(client, shop, number, body)
        assert refused.status_code == 409, refused.text
        assert refused.json()["error"]["code"] == "refund_too_large"
        assert refused.json()["error"]["details"] == {"refundable_fen": PAID - 100}
