"""The same provider event delivered many times at once is applied exactly once."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from orders.models import Order
from services.payments.models import WebhookEvent
from services.platform.uow import UnitOfWork
from tests.shop import open_shop, payment_succeeded, place_order, stock_of


def test_concurrent_duplicate_deliveries_apply_once(db: dict[str, str]) -> None:
    shop = open_shop(units=3)
    number = place_order(shop)
    barrier = threading.Barrier(12)
    outcomes: list[str] = []

    def deliver() -> None:
        barrier.wait()
        outcomes.append(payment_succeeded(number, event_id="evt_same"))

    threads = [threading.Thread(target=deliver) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["applied"] + ["duplicate"] * 11
    with UnitOfWork() as uow:
        assert uow.session.scalar(select(func.count()).select_from(WebhookEvent)) == 1
        order = uow.session.scalars(select(Order).where(Order.number == number)).one()
        assert order.status == "paid"
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (3, 1)
