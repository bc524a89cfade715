"""Scheduled prices: reads follow the clock, beat applies once, orders keep their price."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, text

from inventory import catalog_admin, pricing
from inventory.audit import manager
from inventory.models import CatalogAudit, PriceChange, Sku
from inventory.schemas_catalog import PriceCreate
from inventory.service import get_product
from inventory.tasks import apply_due_prices
from orders.models import Order, OrderLine
from services.platform.db import utcnow
from services.platform.uow import UnitOfWork
from tests import aio, factories
from tests.shop import open_shop, place_order


def _schedule(sku_id: int, price_fen: int, *, minutes: int = 10) -> int:
    with UnitOfWork() as uow:
        change = catalog_admin.set_price(
            session=uow.session,
            sku_id=sku_id,
            data=PriceCreate(
                price_fen=price_fen, effective_at=utcnow() + timedelta(minutes=minutes)
            ),
            actor=manager(factories.manager([], hq=True).id),
            now=utcnow(),
        )
        uow.commit()
    return change.id


def _arrive(change_id: int) -> None:
    """Time passes: the change's moment is now behind us (beat has not run)."""
    with UnitOfWork() as uow:
        uow.session.execute(
            text(
                "UPDATE inventory.price_changes SET effective_at = now() - interval '1 second' "
                "WHERE id = :id"
            ),
            {"id": change_id},
        )
        uow.commit()


def _shown(product_id: int) -> int:
    with UnitOfWork() as uow:
        return get_product(session=uow.session, product_id=product_id).skus[0].price_fen


def _stored(sku_id: int) -> int:
    with UnitOfWork() as uow:
        return uow.session.get_one(Sku, sku_id).price_fen


def _applied_audits(sku_id: int) -> int:
    with UnitOfWork() as uow:
        return len(
            uow.session.scalars(
                select(CatalogAudit).where(
                    CatalogAudit.entity_id == sku_id, CatalogAudit.action == "price_applied"
                )
            ).all()
        )


def test_a_scheduled_price_applies_once_and_earlier_orders_keep_their_price(db: object) -> None:
    shop = open_shop(units=10, price_fen=19900)
    sku_id = shop.sku_ids[0]
    with UnitOfWork() as uow:
        product_id = uow.session.get_one(Sku, sku_id).product_id
    earlier = place_order(shop)
    change_id = _schedule(sku_id, 14900)
    assert _shown(product_id) == 19900  # not yet its moment

    _arrive(change_id)
    # Every read follows the clock before beat runs; the stored price has not moved yet.
    assert (_shown(product_id), _stored(sku_id)) == (14900, 19900)
    later = place_order(shop)

    # Beat runs twice (as Celery runs the task): the first applies, the second finds nothing.
    assert apply_due_prices.apply().get() == 1
    assert apply_due_prices.apply().get() == 0
    assert (_shown(product_id), _stored(sku_id)) == (14900, 14900)
    assert _applied_audits(sku_id) == 1
    with UnitOfWork() as uow:
        assert uow.session.get_one(PriceChange, change_id).status == "applied"
        prices = dict(
            uow.session.execute(
                select(Order.number, OrderLine.unit_price_fen).join(
                    OrderLine, OrderLine.order_id == Order.id
                )
            ).all()
        )
    assert prices == {earlier: 19900, later: 14900}


def test_beat_raced_applies_each_change_once(db: object) -> None:
    for _ in range(5):
        skus = [factories.sku(price_fen=10000) for _ in range(3)]
        changes = [_schedule(sku, 9000 + i) for i, sku in enumerate(skus)]
        for change in changes:
            _arrive(change)

        def beat(_: int) -> int:
            with UnitOfWork() as uow:
                applied = pricing.apply_due(session=uow.session)
                uow.commit()
            return len(applied)

        results = aio.threads_together(4, beat)
        assert sum(results) == 3, results
        assert [_stored(s) for s in skus] == [9000, 9001, 9002]
        assert [_applied_audits(s) for s in skus] == [1, 1, 1]


def test_the_newest_due_price_wins_and_a_later_immediate_price_is_not_overwritten(
    db: object,
) -> None:
    sku_id = factories.sku(price_fen=10000)
    older, newer = _schedule(sku_id, 9000, minutes=10), _schedule(sku_id, 8000, minutes=20)
    _arrive(older)
    _arrive(newer)
    with UnitOfWork() as uow:
        # Made before beat ran: it settles what was due, then sets its own price.
        catalog_admin.change_price_now(
            session=uow.session, sku_id=sku_id, price_fen=7000, actor=manager(1)
        )
        uow.commit()
    assert apply_due_prices() == 0
    assert _stored(sku_id) == 7000
    with UnitOfWork() as uow:
        statuses = uow.session.scalars(
            select(PriceChange.status).where(PriceChange.id.in_([older, newer]))
        ).all()
    assert statuses == ["applied", "applied"]
