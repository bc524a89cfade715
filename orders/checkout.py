"""Checkout, the one sequence every front door uses: place in one transaction, then open
the payment with the provider outside it.

The provider is called with no transaction open, after the stock commit, so a slow or
failing provider never holds a row lock; a replay finds the attempt the first request
stored (its intent may be missing if the provider was down then: it is opened now, with
the same provider key). The shopper's mini-program order and the guide's assisted sale
differ only in how they place, and in whose idempotency scope.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from asyncpg import Pool

from inventory.client import sold_out
from orders import queries
from orders.placing import Placed
from orders.schemas import OrderCreate
from services.members.client import openid_async
from services.payments.client import intake, needs_payer
from services.platform import adb, idempotency
from services.platform.adb import Connection
from services.platform.idempotency import Replay
from services.platform.settings import get_settings

Place = Callable[[Connection], Awaitable[Placed]]
T = TypeVar("T")


#: Where this request's answer is kept (one rule for every create: the platform's).
replay = idempotency.replay


async def place_then_pay(pool: Pool, *, payer_member_id: int, place: Place) -> dict[str, Any]:
    """The placed order (JSON-ready) with its ``payment`` as the shopper will pay it
    (intent opened; 503 ``payment_unavailable`` when the provider is down: the order
    stands, and a retry with the same key opens it)."""
    async with adb.connection(pool, get_settings()) as connection:
        placed = await place(connection)
        payment = placed.payment or await intake.current(connection, placed.order["number"])
        # WeChat Pay charges the member's own WeChat account: JSAPI needs their openid.
        payer = await openid_async(connection, payer_member_id) if needs_payer(payment) else None
    attached = await intake.open_intent(pool, payment, payer_openid=payer)
    info = queries.payment_info(attached, order_status=placed.order["status"])
    return {**placed.order, "payment": info.model_dump(mode="json")}


async def unless_sold_out(
    redis: Any, *, body: OrderCreate, replay: Replay, place: Callable[[], Awaitable[T]]
) -> T:
    """``place()``, unless a line is marked sold out at the pickup store: then the mark's
    ``out_of_stock``, from Redis, without the database (``inventory.sold_out``). A refusal
    the database makes because no unit is left marks the SKU for the next shoppers."""
    if body.fulfilment != "pickup" or body.store_id is None:
        return await place()
    seen = await sold_out.look(
        redis,
        store_id=body.store_id,
        sku_ids=[line.sku_id for line in body.lines],
        claim=f"{replay.scope}:{replay.key}",
        ttl_ms=get_settings().sold_out_mark_ms,
    )
    if seen.refusal is not None:
        raise seen.refusal
    try:
        return await place()
    except sold_out.SoldOut as refusal:
        await sold_out.remember(
            redis,
            seen,
            store_id=body.store_id,
            sku_id=int(refusal.details["sku_id"]),
            refusal=refusal,
            ttl_ms=get_settings().sold_out_mark_ms,
        )
        raise
