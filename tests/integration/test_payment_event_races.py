"""The same provider event delivered many times at once is applied exactly once."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from orders.models import Order
from services.payments.models import WebhookEvent
from services.platform.uow import UnitOfWork
from tests.shop import open_shop, payment_succeeded, place_order, stock_of


@pytest.mark.parametrize("lanes", [("fast",), ("full",), ("fast", "full")])
def test_concurrent_duplicate_deliveries_apply_once(db: dict[str, str], lanes: tuple[str]) -> None:
    """Twelve deliveries at once, through the fast lane, the full intake, or both mixed.

    Mixed, they found a deadlock once (the two lanes locked payment and event in
    opposite orders); five rounds each.
    """
    shop = open_shop(units=5)
    for round_ in range(5):
        number = place_order(shop)
        barrier = threading.Barrier(12)
        outcomes: list[str] = []

        def deliver(
            i: int,
            number: str = number,
            barrier: threading.Barrier = barrier,
            outcomes: list[str] = outcomes,
        ) -> None:
            barrier.wait()
            lane = lanes[i % len(lanes)]
            outcomes.append(payment_succeeded(number, event_id=f"evt_{number}", lane=lane))

        threads = [threading.Thread(target=deliver, args=(i,)) for i in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert sorted(outcomes) == ["applied"] + ["duplicate"] * 11, round_
        with UnitOfWork() as uow:
            order = uow.session.scalars(select(Order).where(Order.number == number)).one()
            assert order.status == "paid"
        assert stock_of(shop.location_id, shop.sku_ids[0]) == (5, round_ + 1)
    with UnitOfWork() as uow:
        assert uow.session.scalar(select(func.count()).select_from(WebhookEvent)) == 5
