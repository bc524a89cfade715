"""The shopper's orders: place (idempotent), list, read, cancel, simulate payment (dev)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response
from fastapi.responses import JSONResponse
from pydantic import Field

from inventory.client import LocalInventoryClient
from orders import cancelling, checkout, limits, payment_events, placing, queries
from orders.schemas import OrderCreate, OrderRead
from services.platform import adb
from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentShopper
from services.platform.web.client_ip import ClientIp
from services.platform.web.deps import AsyncRedisDep, PoolDep, UowDep
from services.platform.web.pagination import Page, Pagination
from services.promotions import limits as coupon_limits
from services.recommendations import client as recommendations
from services.recommendations.schemas import Recommended

router = APIRouter(tags=["orders"])


class ShopperOrderRead(OrderRead):
    """The shopper's order, with a few things they may also like (at its pickup store)."""

    recommendations: list[Recommended] = Field(
        default_factory=list, description="two or three suggestions, each saying why"
    )


@router.post("/orders", status_code=201, response_model=OrderRead)
@answers(
    "sku_not_found",
    "store_has_no_stock",
    "out_of_stock",
    "pickup_unavailable",
    "quantity_too_large",
    "purchase_limit_exceeded",
    "order_rate_limited",
    "touchpoint_not_scanned",
    "guide_mismatch",
    "guide_not_found@422",
    "guide_not_at_store",
    "guide_unverified",
    "share_malformed",
    "share_forged",
    "payment_unavailable",
    "points_insufficient",
    "coupon_not_found",
    "coupon_unavailable",
    "coupon_not_applicable",
    "coupon_rate_limited",
)
async def place_order(
    body: OrderCreate,
    shopper: CurrentShopper,
    pool: PoolDep,
    redis: AsyncRedisDep,
    client_ip: ClientIp,
    idempotency_key: Annotated[str | None, Header()] = None,
) -> Response:
    # On the event loop (the flash-sale path): one async transaction, then the intent.
    await limits.check_placement_rate(
        redis, member_id=shopper.subject, client_ip=client_ip, settings=get_settings()
    )
    if body.coupon_id is not None:
        await coupon_limits.check_tries(redis, member_id=shopper.subject, settings=get_settings())
    replay = checkout.replay(scope=f"mp:orders:{shopper.subject}", key=idempotency_key, body=body)
    # After the last unit, a new request is refused from Redis (inventory.sold_out).
    order = await checkout.unless_sold_out(
        redis,
        body=body,
        replay=replay,
        place=lambda: checkout.place_then_pay(
            pool,
            payer_member_id=shopper.subject,
            place=lambda connection: placing.place(
                connection, member_id=shopper.subject, body=body, now=utcnow(), replay=replay
            ),
        ),
    )
    return JSONResponse(order, status_code=201)


@router.get("/orders", response_model=Page[OrderRead])
def my_orders(shopper: CurrentShopper, uow: UowDep, page: Pagination) -> Page[OrderRead]:
    items, total = queries.list_for_member(
        session=uow.session, member_id=shopper.subject, offset=page.offset, limit=page.limit
    )
    return page.page(items, total)


@router.get("/orders/{number}", response_model=ShopperOrderRead)
@answers("order_not_found")
def my_order(number: str, shopper: CurrentShopper, uow: UowDep) -> ShopperOrderRead:
    order = queries.member_order(
        session=uow.session, member_id=shopper.subject, number=number, with_payment=True
    )
    in_order = LocalInventoryClient(uow.session).products_of([line.sku_id for line in order.lines])
    suggested = recommendations.for_member(
        uow.session,
        member_id=shopper.subject,
        store_id=order.store_id,
        limit=recommendations.FEW,
        touchpoint="order_confirmation",
        excluded=set(in_order.values()),
        now=utcnow(),
        strict=False,
    )
    uow.commit()  # what was shown, for the wall
    return ShopperOrderRead(**order.model_dump(), recommendations=suggested.items)


@router.post("/orders/{number}/cancel", response_model=OrderRead)
@answers("order_not_found", "invalid_transition")
def cancel_order(number: str, shopper: CurrentShopper, uow: UowDep) -> OrderRead:
    order = cancelling.cancel(
        session=uow.session, member_id=shopper.subject, number=number, now=utcnow()
    )
    result = queries.read(uow.session, order, shopper=True)
    uow.commit()
    return result


@router.post("/orders/{number}/simulate-payment", response_model=OrderRead)
@answers("order_not_found", "payment_not_found", "simulation_disabled")
async def simulate_payment(number: str, shopper: CurrentShopper, pool: PoolDep) -> Response:
    """Development only: pay with the offline gateway through the webhook's confirmation path."""
    async with adb.connection(pool, get_settings()) as connection:
        order = await payment_events.simulate_payment(
            connection, member_id=shopper.subject, number=number, at=utcnow()
        )
    return Response(order.model_dump_json(), media_type="application/json")
