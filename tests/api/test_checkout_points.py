"""Points at checkout over HTTP: the preview is the order placed, points are held with it."""

from __future__ import annotations

import random

from fastapi.testclient import TestClient
from sqlalchemy import select

from services.members import points as ledger
from services.members.models import Member, PointsEntry
from services.platform.uow import UnitOfWork
from tests import factories
from tests.shop import idem, open_shop, stock_of


def _give(member_id: int, points: int, source: str = "welcome") -> None:
    with UnitOfWork() as uow:
        ledger.earn(session=uow.session, member_id=member_id, points=points, source=source)
        uow.commit()


def _balance(member_id: int) -> int:
    with UnitOfWork() as uow:
        return int(uow.session.scalar(select(Member.points).where(Member.id == member_id)) or 0)


def _entries(member_id: int) -> list[tuple[str, int]]:
    with UnitOfWork() as uow:
        rows = uow.session.execute(
            select(PointsEntry.source, PointsEntry.delta)
            .where(PointsEntry.member_id == member_id)
            .order_by(PointsEntry.id)
        )
        return [(source, delta) for source, delta in rows]


_ORDER_PRICE = (
    "subtotal_fen",
    "coupon_discount_fen",
    "points_spent",
    "points_discount_fen",
    "total_fen",
    "currency",
)


def test_the_preview_is_the_order_placed_on_random_carts(client: TestClient) -> None:
    rnd = random.Random(12)
    shop = open_shop(units=500)
    skus = [shop.sku_ids[0]]
    for _ in range(4):  # odd prices, so shares and floors are exercised
        sku_id = factories.sku(price_fen=rnd.randint(1, 99_999))
        factories.stock(shop.location_id, sku_id, 500)
        skus.append(sku_id)
    for round_ in range(12):
        member = factories.member()
        _give(member.id, rnd.randint(0, 60_000))
        lines = [
            {"sku_id": s, "quantity": rnd.randint(1, 3)}
            for s in rnd.sample(skus, rnd.randint(1, len(skus)))
        ]
        points = rnd.choice([0, rnd.randint(1, 500), rnd.randint(500, 100_000)])
        headers = shop.shopper(member.id)
        preview = client.post(
            "/mp/v1/checkout/preview", json={"lines": lines, "points": points}, headers=headers
        )
        # More points than the balance is no refusal: both use the balance.
        assert preview.status_code == 200, preview.text
        priced = preview.json()
        assert priced["points_spent"] <= min(points, priced["points_balance"])
        assert priced["points_clamped"] == (priced["points_spent"] < points)
        placed = client.post(
            "/mp/v1/orders",
            json={"store_id": shop.store_id, "lines": lines, "points": points},
            headers={**headers, **idem()},
        )
        assert placed.status_code == 201, (round_, placed.text)
        order = placed.json()
        assert {k: order[k] for k in _ORDER_PRICE} == {k: priced[k] for k in _ORDER_PRICE}
        assert [
            (line["sku_id"], line["coupon_discount_fen"], line["points_discount_fen"])
            for line in order["lines"]
        ] == [
            (line["sku_id"], line["coupon_discount_fen"], line["points_discount_fen"])
            for line in priced["lines"]
        ]
        # What the shopper is asked to pay is the order's total, and the points left match.
        read = client.get(f"/mp/v1/orders/{order['number']}", headers=headers).json()
        assert read["total_fen"] == order["total_fen"] == priced["total_fen"]
        assert _balance(member.id) == priced["points_balance"] - priced["points_spent"]
        client.post(f"/mp/v1/orders/{order['number']}/cancel", headers=headers)


def test_points_pay_part_of_the_order_and_are_taken_once(client: TestClient) -> None:
    shop = open_shop(units=5, price_fen=10001)
    _give(shop.member_id, 8000)
    preview = client.post(
        "/mp/v1/checkout/preview",
        json={"lines": [{"sku_id": shop.sku_ids[0], "quantity": 1}], "points": 8000},
        headers=shop.shopper(),
    ).json()
    # At most half of 100.01 yuan: 50.00 yuan, 5000 points at 100 a yuan.
    assert (preview["points_spent"], preview["points_discount_fen"]) == (5000, 5000)
    assert (preview["total_fen"], preview["points_max"]) == (5001, 5000)
    headers = {**shop.shopper(), **idem()}
    body = shop.order_body(points=8000)
    first = client.post("/mp/v1/orders", json=body, headers=headers)
    again = client.post("/mp/v1/orders", json=body, headers=headers)  # a replay spends nothing
    assert first.status_code == again.status_code == 201
    assert first.json()["number"] == again.json()["number"]
    assert _balance(shop.member_id) == 3000
    number = first.json()["number"]
    assert _entries(shop.member_id)[-1] == (f"order:{number}:spend", -5000)


def test_more_points_than_the_balance_use_the_balance_and_the_preview_says_so(
    client: TestClient,
) -> None:
    shop = open_shop(units=5, price_fen=10000)
    _give(shop.member_id, 999)
    line = [{"sku_id": shop.sku_ids[0], "quantity": 1}]
    preview = client.post(
        "/mp/v1/checkout/preview", json={"lines": line, "points": 1000}, headers=shop.shopper()
    )
    assert preview.status_code == 200, preview.text  # was 409 points_insufficient
    priced = preview.json()
    assert (priced["points_requested"], priced["points_spent"]) == (1000, 999)
    assert priced["points_clamped"] is True
    assert priced["points_note"] == "you have 999 points: 999 are used"
    placed = client.post(
        "/mp/v1/orders", json=shop.order_body(points=1000), headers={**shop.shopper(), **idem()}
    )
    assert placed.status_code == 201, placed.text  # "at most": the same rule as the preview
    assert placed.json()["points_spent"] == 999
    assert placed.json()["total_fen"] == priced["total_fen"] == 10000 - 999
    assert _balance(shop.member_id) == 0
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (5, 1)


def test_points_within_the_balance_and_the_carts_cap_are_not_clamped(client: TestClient) -> None:
    shop = open_shop(units=5, price_fen=10000)
    _give(shop.member_id, 8000)
    line = [{"sku_id": shop.sku_ids[0], "quantity": 1}]

    def priced(points: int) -> tuple[int, bool, str | None]:
        answer = client.post(
            "/mp/v1/checkout/preview",
            json={"lines": line, "points": points},
            headers=shop.shopper(),
        ).json()
        return answer["points_spent"], answer["points_clamped"], answer["points_note"]

    assert priced(800) == (800, False, None)
    assert priced(5000) == (5000, False, None)
    # Points pay at most half of the price: the cart's cap clamps too, and says why.
    assert priced(7000) == (5000, True, "this cart can use at most 5000 of your points")


def test_the_receipt_shows_the_method_discounts_and_points(client: TestClient) -> None:
    shop = open_shop(units=5, price_fen=12999)
    _give(shop.member_id, 3000)
    number = client.post(
        "/mp/v1/orders",
        json=shop.order_body(2, points=3000),
        headers={**shop.shopper(), **idem()},
    ).json()["number"]
    client.post(f"/mp/v1/orders/{number}/simulate-payment", headers=shop.shopper())
    client.post(f"/tablet/v1/orders/{number}/accept", headers=shop.guide())
    client.post(f"/tablet/v1/orders/{number}/ready", headers=shop.guide())
    code = client.get(f"/mp/v1/orders/{number}", headers=shop.shopper()).json()["pickup"]["code"]
    handed = client.post(
        f"/tablet/v1/orders/{number}/handover", json={"code": code}, headers=shop.guide()
    )
    assert handed.json()["status"] == "picked_up"
    receipt = client.get(f"/mp/v1/orders/{number}", headers=shop.shopper()).json()
    assert receipt["payment"]["gateway"] == "offline"
    assert receipt["payment"]["status"] == "succeeded"
    assert (receipt["subtotal_fen"], receipt["points_spent"], receipt["points_discount_fen"]) == (
        25998,
        3000,
        3000,
    )
    assert receipt["total_fen"] == 22998
    assert receipt["lines"][0]["points_discount_fen"] == 3000
    # 1 point per whole yuan paid in money: 229.98 yuan.
    assert receipt["points_earned"] == 229
    assert _balance(shop.member_id) == 229
