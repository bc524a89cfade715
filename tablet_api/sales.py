"""Assisted sales on the tablet: ring up an order for a member, take the money or send a link."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from orders import assisted, checkout, limits, queries
from orders.sale_schemas import AssistedSaleCreate, AssistedSaleRead, CounterPaymentCreate, PayLink
from orders.schemas import OrderRead
from orders.states import AWAITING_PAYMENT
from services.platform import adb
from services.platform.db import utcnow
from services.platform.errors import Conflict, NotFound
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentGuide
from services.platform.web.client_ip import ClientIp
from services.platform.web.deps import AsyncRedisDep, PoolDep, UowDep

router = APIRouter(tags=["assisted sales"])


def _store(guide: CurrentGuide) -> int:
    assert guide.store_id is not None
    return guide.store_id


@router.post("/sales", status_code=201, response_model=AssistedSaleRead)
@answers(
    "member_not_found",
    "sku_not_found",
    "store_has_no_stock",
    "out_of_stock",
    "pickup_unavailable",
    "quantity_too_large",
    "purchase_limit_exceeded",
    "too_many_open_orders",
    "order_rate_limited",
    "payment_unavailable",
)
async def ring_up(
    body: AssistedSaleCreate,
    guide: CurrentGuide,
    pool: PoolDep,
    redis: AsyncRedisDep,
    client_ip: ClientIp,
    idempotency_key: Annotated[str | None, Header()] = None,
) -> Response:
    """Ring up a sale for a member at this store, credited to you (`store_assisted`).

    The order holds the stock until it is paid: at the counter
    (`POST /sales/{number}/counter-payment`) or by the member through `pay_link`.
    """
    settings = get_settings()
    await limits.check_assisted_rate(
        redis, guide_id=guide.subject, member_id=body.member_id, settings=settings
    )
    replay = checkout.replay(scope=f"tablet:sales:{guide.subject}", key=idempotency_key, body=body)
    now = utcnow()
    order = await checkout.place_then_pay(
        pool,
        # The member pays in the mini-program (pay link): WeChat Pay's JSAPI names them.
        payer_member_id=body.member_id,
        place=lambda connection: assisted.ring_up(
            connection,
            guide_id=guide.subject,
            store_id=_store(guide),
            data=body,
            now=now,
            replay=replay,
        ),
    )
    link = assisted.pay_link(order["number"], body.member_id, now=now)
    return JSONResponse({**order, "pay_link": link.model_dump(mode="json")}, status_code=201)


def _store_read(uow: UnitOfWork, store_id: int, number: str) -> OrderRead:
    order = queries.for_store(session=uow.session, store_id=store_id, number=number)
    return queries.read(uow.session, order, shopper=False)


@router.post("/sales/{number}/counter-payment", response_model=OrderRead)
@answers(
    "order_not_found",
    "order_not_payable",
    "counter_amount_mismatch",
    "payment_not_started",
    "provider_already_paid",
    "payment_unavailable",
)
async def counter_payment(
    number: str, body: CounterPaymentCreate, guide: CurrentGuide, pool: PoolDep, uow: UowDep
) -> OrderRead:
    """Record that the member paid the whole amount here (cash, card terminal, POS QR).

    The member's open payment at the provider is closed first; if the provider already
    took the money, 409 ``provider_already_paid``: take no money, or hand it back.
    """
    async with adb.connection(pool, get_settings()) as connection:
        await assisted.take_at_counter(
            connection,
            store_id=_store(guide),
            guide_id=guide.subject,
            number=number,
            data=body,
            at=utcnow(),
        )
    return await run_in_threadpool(_store_read, uow, _store(guide), number)


@router.get("/sales/{number}/pay-link", response_model=PayLink)
@answers("order_not_found", "order_not_payable")
def fresh_pay_link(number: str, guide: CurrentGuide, uow: UowDep) -> PayLink:
    """A new payment link for the member (the first one expired or went astray)."""
    order = queries.for_store(session=uow.session, store_id=_store(guide), number=number)
    if order.channel != "store_assisted":
        raise NotFound(f"order {number} does not exist", code="order_not_found")
    if order.status not in AWAITING_PAYMENT:
        raise Conflict(
            "the order no longer awaits payment",
            code="order_not_payable",
            details={"status": order.status},
        )
    return assisted.pay_link(order.number, order.member_id, now=utcnow())
