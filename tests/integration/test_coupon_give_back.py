"""An order that expires or is cancelled gives back the coupon it redeemed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from orders import cancelling, expiry, pickup
from orders.models import Order
from services.platform.db import utcnow
from services.platform.uow import UnitOfWork
from services.promotions.client import LocalPromotionsClient
from services.promotions.models import MemberCoupon
from tests import factories
from tests.shop import Shop, open_shop, payment_succeeded, place_order


def _with_coupon(shop: Shop) -> tuple[str, int]:
    """An order of the shop's shopper placed with a coupon of their wallet (10 yuan off)."""
    entry = factories.wallet_coupon(factories.coupon().id, shop.member_id)
    number = place_order(shop, coupon_id=entry)
    assert _state(entry) == ("redeemed", number)
    with UnitOfWork() as uow:
        order = uow.session.scalars(select(Order).where(Order.number == number)).one()
        assert (order.coupon_id, order.coupon_discount_fen) == (entry, 1000)
    return number, entry


def _state(entry: int) -> tuple[str, str | None]:
    with UnitOfWork() as uow:
        held = uow.session.get_one(MemberCoupon, entry)
        return held.status, held.order_ref


def test_cancelling_gives_the_coupon_back(db) -> None:
    shop = open_shop()
    number, entry = _with_coupon(shop)
    with UnitOfWork() as uow:
        cancelling.cancel(
            session=uow.session, member_id=shop.member_id, number=number, now=utcnow()
        )
        uow.commit()
    assert _state(entry) == ("available", None)


def test_cancelling_after_payment_gives_it_back_too(db) -> None:
    shop = open_shop()
    number, entry = _with_coupon(shop)
    payment_succeeded(number)
    with UnitOfWork() as uow:
        cancelling.cancel(
            session=uow.session, member_id=shop.member_id, number=number, now=utcnow()
        )
        uow.commit()
    assert _state(entry) == ("available", None)


def test_an_unpaid_order_expiring_gives_it_back_and_leaves_paid_ones(db) -> None:
    shop = open_shop()
    number, entry = _with_coupon(shop)
    paid, kept = _with_coupon(shop)
    payment_succeeded(paid)
    with UnitOfWork() as uow:  # not yet due
        assert expiry.expire_unpaid(session=uow.session, now=utcnow()) == 0
        uow.commit()
    assert _state(entry) == ("redeemed", number)
    with UnitOfWork() as uow:
        assert expiry.expire_unpaid(session=uow.session, now=utcnow() + timedelta(hours=1)) == 1
        uow.commit()
    assert _state(entry) == ("available", None)
    assert _state(kept) == ("redeemed", paid)


def test_an_uncollected_order_expiring_gives_it_back(db) -> None:
    shop = open_shop()
    number, entry = _with_coupon(shop)
    payment_succeeded(number)
    now = utcnow()
    with UnitOfWork() as uow:
        pickup.accept(session=uow.session, store_id=shop.store_id, number=number, now=now)
        pickup.mark_ready(session=uow.session, store_id=shop.store_id, number=number, now=now)
        uow.commit()
    with UnitOfWork() as uow:
        assert expiry.expire_uncollected(session=uow.session, now=now + timedelta(days=8)) == 1
        uow.commit()
    assert _state(entry) == ("available", None)


def _expire(number: str) -> None:
    with UnitOfWork() as uow:
        assert expiry.expire_unpaid(session=uow.session, now=utcnow() + timedelta(hours=1)) >= 1
        uow.commit()


def _status(number: str) -> str:
    with UnitOfWork() as uow:
        return uow.session.scalars(select(Order.status).where(Order.number == number)).one()


def test_a_late_payment_takes_the_coupon_again(db) -> None:
    shop = open_shop()
    number, entry = _with_coupon(shop)
    _expire(number)
    assert _state(entry) == ("available", None)
    assert payment_succeeded(number) == "applied"
    assert _status(number) == "paid"
    assert _state(entry) == ("redeemed", number)


def test_a_late_payment_is_refunded_when_the_coupon_went_to_another_order(db) -> None:
    shop = open_shop()
    number, entry = _with_coupon(shop)
    _expire(number)
    with UnitOfWork() as uow:  # another order redeems the coupon given back
        LocalPromotionsClient(uow.session).redeem(
            member_id=shop.member_id, member_coupon_id=entry, order_ref="O-rival"
        )
        uow.commit()
    assert payment_succeeded(number) == "applied"
    assert _status(number) == "refunded"
    assert _state(entry) == ("redeemed", "O-rival")
