"""Deadlines: lapsed holds, uncollected orders, and a payment that arrives too late."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from inventory import reservations
from orders import expiry, pickup
from orders.models import Order
from services.payments.models import Refund
from services.platform.db import utcnow
from services.platform.uow import UnitOfWork
from tests.shop import live_reserved, open_shop, payment_succeeded, place_order, stock_of


def _status(number: str) -> Order:
    with UnitOfWork() as uow:
        order = uow.session.scalars(select(Order).where(Order.number == number)).one()
        uow.session.expunge(order)
        return order


def test_sweeper_releases_lapsed_holds_and_expires_unpaid_orders(db: dict[str, str]) -> None:
    shop = open_shop(units=4)
    number = place_order(shop, 3)
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (4, 3)
    with UnitOfWork() as uow:  # not yet due: nothing happens
        assert reservations.release_expired(session=uow.session) == 0
        uow.commit()
    later = utcnow() + timedelta(minutes=16)
    with UnitOfWork() as uow:
        assert reservations.release_expired(session=uow.session, now=later) == 1
        uow.commit()
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (4, 0)
    with UnitOfWork() as uow:
        assert expiry.expire_unpaid(session=uow.session, now=later) == 1
        uow.commit()
    assert _status(number).status == "expired"
    assert live_reserved(shop.location_id, shop.sku_ids[0]) == 0


def test_payment_after_expiry_re_reserves_when_stock_allows(db: dict[str, str]) -> None:
    shop = open_shop(units=2)
    number = place_order(shop)
    with UnitOfWork() as uow:
        expiry.expire_unpaid(session=uow.session, now=utcnow() + timedelta(hours=1))
        uow.commit()
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (2, 0)
    assert _status(number).closed_at is not None
    assert payment_succeeded(number) == "applied"
    order = _status(number)
    assert order.status == "paid" and order.paid_at is not None
    assert order.closed_at is None  # reopened by ``move``
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (2, 1)
    assert live_reserved(shop.location_id, shop.sku_ids[0]) == 1


def test_payment_after_expiry_is_refunded_when_the_stock_is_gone(db: dict[str, str]) -> None:
    shop = open_shop(units=1)
    number = place_order(shop)
    with UnitOfWork() as uow:
        expiry.expire_unpaid(session=uow.session, now=utcnow() + timedelta(hours=1))
        uow.commit()
    rival = place_order(shop)  # someone else takes the last unit meanwhile
    assert payment_succeeded(number) == "applied"
    order = _status(number)
    assert order.status == "refunded" and order.refunded_fen == order.total_fen
    assert _status(rival).status == "pending_payment"
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (1, 1)
    with UnitOfWork() as uow:
        [refund] = uow.session.scalars(select(Refund)).all()
        assert refund.status == "succeeded"


def test_payment_while_the_hold_lapsed_but_was_not_swept_confirms(db: dict[str, str]) -> None:
    shop = open_shop(units=1)
    number = place_order(shop)
    with UnitOfWork() as uow:  # the inventory sweeper ran, the order sweeper not yet
        reservations.release_expired(session=uow.session, now=utcnow() + timedelta(hours=1))
        uow.commit()
    assert payment_succeeded(number) == "applied"
    assert _status(number).status == "paid"
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (1, 1)


def test_uncollected_orders_expire_with_refund_release_and_notice(db: dict[str, str]) -> None:
    shop = open_shop(units=2)
    number = place_order(shop)
    payment_succeeded(number)
    now = utcnow()
    with UnitOfWork() as uow:
        pickup.accept(session=uow.session, store_id=shop.store_id, number=number, now=now)
        pickup.mark_ready(session=uow.session, store_id=shop.store_id, number=number, now=now)
        uow.commit()
    with UnitOfWork() as uow:
        assert expiry.expire_uncollected(session=uow.session, now=now + timedelta(days=1)) == 0
        assert expiry.expire_uncollected(session=uow.session, now=now + timedelta(days=8)) == 1
        uow.commit()
    order = _status(number)
    assert order.status == "expired" and order.refunded_fen == order.total_fen
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (2, 0)


def test_reconciliation_reports_and_fixes_drift(db: dict[str, str]) -> None:
    from sqlalchemy import update

    from inventory.models import Stock

    shop = open_shop(units=5)
    place_order(shop, 2)
    with UnitOfWork() as uow:
        uow.session.execute(update(Stock).values(reserved=4))
        uow.commit()
    with UnitOfWork() as uow:
        [drift] = reservations.reconcile(session=uow.session)
        uow.commit()
    assert (drift.counter, drift.actual) == (4, 2)
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (5, 2)
    with UnitOfWork() as uow:
        assert reservations.reconcile(session=uow.session) == []


def test_reconciliation_locks_only_the_rows_it_fixes(db: dict[str, str]) -> None:
    from sqlalchemy import text, update

    from inventory.models import Stock
    from services.platform.db import get_engine

    busy, drifted = open_shop(units=5), open_shop(units=5)
    place_order(busy, 1)
    place_order(drifted, 2)
    with UnitOfWork() as uow:
        uow.session.execute(
            update(Stock).where(Stock.location_id == drifted.location_id).values(reserved=0)
        )
        uow.commit()
    with get_engine().connect() as checkout:  # a checkout holds the busy store's row
        checkout.execute(
            text("SELECT 1 FROM inventory.stock WHERE location_id = :l FOR UPDATE"),
            {"l": busy.location_id},
        )
        with UnitOfWork() as uow:
            uow.session.execute(text("SET LOCAL lock_timeout = '2s'"))
            [drift] = reservations.reconcile(session=uow.session)  # no wait on that row
            uow.commit()
        checkout.rollback()
    assert (drift.location_id, drift.counter, drift.actual) == (drifted.location_id, 0, 2)
    assert stock_of(drifted.location_id, drifted.sku_ids[0]) == (5, 2)
    assert stock_of(busy.location_id, busy.sku_ids[0]) == (5, 1)


def test_beat_tasks_run_the_sweepers(db: dict[str, str]) -> None:
    from sqlalchemy import update

    from inventory.models import Reservation
    from inventory.tasks import reconcile_reserved, release_expired_holds
    from orders.tasks import expire_unpaid

    shop = open_shop(units=2)
    number = place_order(shop)
    with UnitOfWork() as uow:  # the hold lapsed a minute ago
        past = utcnow() - timedelta(minutes=1)
        uow.session.execute(update(Reservation).values(reserved_until=past))
        uow.session.execute(update(Order).values(hold_until=past))
        uow.commit()
    assert release_expired_holds.apply().get() == 1
    assert expire_unpaid.apply().get() == 1
    assert reconcile_reserved.apply().get() == 0
    assert _status(number).status == "expired"
    assert stock_of(shop.location_id, shop.sku_ids[0]) == (2, 0)
