"""Guides recording the same counter payment at once, or a guide and the provider's success
at once: the order is paid exactly once, and exactly one captured payment stays."""

from __future__ import annotations

from functools import partial

from sqlalchemy import func, select

from inventory.schemas import CartLine
from orders import assisted, placing
from orders.models import Order
from orders.sale_schemas import AssistedSaleCreate, CounterPaymentCreate
from services.payments.client import success
from services.payments.models import Payment, Refund, WebhookEvent
from services.platform import adb
from services.platform.db import utcnow
from services.platform.errors import Conflict
from services.platform.uow import UnitOfWork
from tests import aio, factories
from tests.shop import Shop, open_shop, stock_of

THREADS, ROUNDS = 10, 8


async def _ring_up(
    connection: adb.Connection, _redis: object, *, shop: Shop, member_id: int, round_: int
) -> placing.Placed:
    data = AssistedSaleCreate(
        member_id=member_id, lines=[CartLine(sku_id=shop.sku_ids[0], quantity=2)]
    )
    return await assisted.ring_up(
        connection,
        guide_id=shop.guide_id,
        store_id=shop.store_id,
        data=data,
        now=utcnow(),
        replay=placing.Replay("test:race", f"race-{round_}", "fingerprint"),
    )


def test_simultaneous_counter_payments_settle_the_sale_once(db: dict[str, str]) -> None:
    shop = open_shop(units=ROUNDS * 2)
    for round_ in range(ROUNDS):
        member_id = factories.member().id
        placed = aio.run(partial(_ring_up, shop=shop, member_id=member_id, round_=round_))
        number, total = placed.order["number"], placed.order["total_fen"]
        paying = CounterPaymentCreate(amount_fen=total, method="cash")

        async def pay(
            _i: int,
            connection: adb.Connection,
            _redis: object,
            number: str = number,
            paying: CounterPaymentCreate = paying,
        ) -> None:
            await assisted.take_at_counter(
                connection,
                store_id=shop.store_id,
                guide_id=shop.guide_id,
                number=number,
                data=paying,
                at=utcnow(),
            )

        results = aio.together(THREADS, pay)
        refused = [r for r in results if isinstance(r, Exception)]
        assert all(isinstance(r, Conflict) and r.code == "order_not_payable" for r in refused), (
            refused
        )
        with UnitOfWork() as uow:
            s = uow.session
            order = s.scalars(select(Order).where(Order.number == number)).one()
            assert (order.status, order.guide_id, order.channel) == (
                "paid",
                shop.guide_id,
                "store_assisted",
            )
            events = s.scalar(
                select(func.count())
                .select_from(WebhookEvent)
                .where(WebhookEvent.event_id.like("evt_counter_%"))
            )
            assert events == round_ + 1  # one recorded per sale, however many guides pressed
            payments = s.scalars(
                select(Payment).where(Payment.order_ref == number).order_by(Payment.attempt)
            ).all()
            assert [(p.gateway, p.status) for p in payments] == [
                ("offline", "canceled"),
                ("counter", "succeeded"),
            ]
        # Held, then allocated once: reserved counts this round's two units once.
        assert stock_of(shop.location_id, shop.sku_ids[0]) == (ROUNDS * 2, 2 * (round_ + 1))


def test_a_counter_payment_and_the_provider_success_at_once_leave_one_capture(
    db: dict[str, str],
) -> None:
    shop = open_shop(units=ROUNDS * 4)
    for round_ in range(ROUNDS * 2):
        member_id = factories.member().id
        placed = aio.run(partial(_ring_up, shop=shop, member_id=member_id, round_=100 + round_))
        number, total = placed.order["number"], placed.order["total_fen"]
        assert placed.payment is not None and placed.payment.intent_id is not None
        provider_success = {
            "id": placed.payment.intent_id,
            "amount": total,
            "amount_received": total,
            "currency": "cny",
        }

        async def race(
            i: int,
            connection: adb.Connection,
            _redis: object,
            number: str = number,
            total: int = total,
            obj: dict[str, object] = provider_success,
        ) -> object:
            if i == 0:
                await assisted.take_at_counter(
                    connection,
                    store_id=shop.store_id,
                    guide_id=shop.guide_id,
                    number=number,
                    data=CounterPaymentCreate(amount_fen=total, method="cash"),
                    at=utcnow(),
                )
                return None  # recorded: answered 200
            return await success.receive_succeeded(connection, event_id=f"evt_{number}", obj=obj)

        counter, provider = aio.together(2, race)
        assert not isinstance(provider, Exception), provider
        refused = {"provider_already_paid", "order_not_payable"}
        assert counter is None or (isinstance(counter, Conflict) and counter.code in refused), (
            counter
        )
        with UnitOfWork() as uow:
            s = uow.session
            order = s.scalars(select(Order).where(Order.number == number)).one()
            assert (order.status, order.refunded_fen) == ("paid", 0)
            succeeded = s.scalars(
                select(Payment).where(Payment.order_ref == number, Payment.status == "succeeded")
            ).all()
            given_back = {
                r.payment_id: r.amount_fen
                for r in s.scalars(
                    select(Refund).where(
                        Refund.payment_id.in_([p.id for p in succeeded]),
                        Refund.reason == "paid_twice",
                    )
                )
            }
            kept = [p for p in succeeded if p.id not in given_back]
            assert len(kept) == 1, [(p.gateway, p.status) for p in succeeded]
            assert all(given_back[p.id] == p.amount_fen for p in succeeded if p not in kept)
            # The guide is told which: a counter payment answered 200 is the one kept.
            assert (kept[0].gateway == "counter") == (counter is None)
