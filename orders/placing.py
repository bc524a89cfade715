"""Place an order on the event loop: snapshot lines, write it pending payment, reserve last.

Three round trips (this is the flash-sale path): two reads outside any
transaction (the cart's SKUs, location and stock, advisory: a sold-out cart
fails there without writing, unless it is a replay; and the attribution
evidence, the member's last touch: ``orders.attribution``, one more read only
when a guide is named), then one statement, ``orders.place_order``, that
writes everything in a transaction of its own and takes the stock last, so
the hot stock row is locked only from there to its commit, within that round
trip.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import asyncpg

from inventory.client import checkout as stock
from inventory.client import merge_lines
from inventory.schemas import SkuSnapshot
from orders import attribution, coupons, limits, member_points, pricing, stock_notes
from orders.pricing import Priced
from orders.schemas import OrderCreate, OrderLineRead, OrderRead
from orders.states import AWAITING_PAYMENT
from services.members.client import points_balance_async
from services.payments.client import intake
from services.payments.schemas import PaymentRead
from services.platform import idempotency
from services.platform.adb import Connection, fetch_one, raised
from services.platform.errors import Conflict, DomainError
from services.platform.idempotency import Replay
from services.platform.settings import get_settings
from services.promotions.client import redeem_refusal
from stores.client import open_store_async

# Named arguments; the function's source is orders/sql/place_order.sql.
_PLACE = """
    SELECT NOT replayed AS claimed, request_hash, status_code, response, payment
    FROM orders.place_order(
        p_order => %(order)s, p_member_id => %(member_id)s, p_location_id => %(location_id)s,
        p_skus => %(skus)s, p_quantities => %(qtys)s, p_gateway => %(gateway)s,
        p_payment_status => %(payment_status)s, p_intent_id => %(intent_id)s,
        p_client_secret => %(client_secret)s, p_scope => %(scope)s, p_key => %(key)s,
        p_request_hash => %(request_hash)s, p_open_limit => %(open_limit)s,
        p_open_statuses => %(open_statuses)s)
"""


def new_number() -> str:
    """An unguessable order number (about 72 random bits)."""
    return "O" + secrets.token_urlsafe(9).replace("-", "x").replace("_", "y")


@dataclass(frozen=True)
class Placed:
    """The order as its shopper reads it (JSON-ready) and its new payment attempt.

    ``payment`` is None when this was a replay of an earlier identical request.
    """

    order: dict[str, Any]
    payment: PaymentRead | None


async def place(
    connection: Connection,
    *,
    member_id: int,
    body: OrderCreate,
    now: datetime,
    replay: Replay | None = None,
    assisted_by: int | None = None,
) -> Placed:
    """Place the order on ``connection`` (NotFound, Conflict ``out_of_stock``...).

    Reads first, no transaction: the cart (advisory stock check) and the
    attribution; the order and its answer are then known. One statement writes,
    in its own transaction: the idempotency key with that answer (a duplicate
    waits there, then replays), the hold, the order, the payment attempt, and
    the stock last. ``connection`` must have no transaction open. ``assisted_by``: the
    guide placing it for the member at the counter (``attribution.credit``).
    """
    wanted = merge_lines(body.lines)
    try:
        location_id, snapshots = await _cart(connection, body, wanted)
    except DomainError as exc:
        # Sold out now, say; but a replay of a request that succeeded gets its answer.
        stored = replay and await idempotency.stored_async(
            connection, scope=replay.scope, key=replay.key, request_hash=replay.fingerprint
        )
        if stored:
            return Placed(order=dict(stored.body), payment=None)
        raise await _named(connection, exc, member_id=member_id, body=body, wanted=wanted) from exc
    settings = get_settings()
    limits.check_purchase_limits(wanted, snapshots, settings)
    credited = await attribution.credit(
        connection, member_id=member_id, body=body, now=now, assisted_by=assisted_by
    )
    coupon = await coupons.for_price(
        connection,
        member_id=member_id,
        coupon_id=body.coupon_id,
        wanted=wanted,
        snapshots=snapshots,
        store_id=body.store_id,
        channel=credited.channel,
        now=now,
    )
    points = body.points
    if points:  # "at most": never more than the balance (the write still checks, race-safe)
        balance = await points_balance_async(connection, member_id=member_id)
        points = member_points.usable(asked=points, balance=balance)
    priced = pricing.price_cart(wanted, snapshots, points=points, coupon=coupon, settings=settings)
    order = _order(body, priced, snapshots, credited, now)
    response = order.model_dump(mode="json")
    params = {
        "order": response,
        "member_id": member_id,
        "location_id": location_id,
        **stock.cart_arrays(wanted),
        **intake.new_attempt(
            order_ref=order.number, amount_fen=order.total_fen, currency=order.currency
        ),
        "scope": replay.scope if replay else None,
        "key": replay.key if replay else None,
        "request_hash": replay.fingerprint if replay else None,
        # Hoarding: the shopper's unpaid orders are capped inside the write (race-safe).
        "open_limit": get_settings().open_orders_per_member,
        "open_statuses": sorted(AWAITING_PAYMENT),
    }
    try:
        row = await fetch_one(connection, _PLACE, params)
    except asyncpg.RaiseError as exc:
        short = stock.stock_refusal(exc, location_id)
        if short is not None:
            raise await _named(
                connection, short, member_id=member_id, body=body, wanted=wanted
            ) from exc
        raise (
            limits.open_orders_refusal(exc) or points_refusal(exc) or redeem_refusal(exc) or exc
        ) from exc
    assert row is not None
    stored = replay and idempotency.answered(row, replay.fingerprint)
    if stored:  # an earlier request with this key placed it (or is placing it: Conflict)
        return Placed(order=dict(stored.body), payment=None)
    return Placed(order=response, payment=PaymentRead.model_validate(row["payment"]))


async def _named(
    connection: Connection,
    error: DomainError,
    *,
    member_id: int,
    body: OrderCreate,
    wanted: dict[int, int],
) -> DomainError:
    """A pickup's ``out_of_stock`` names the store and why (``orders.stock_notes``)."""
    if not isinstance(error, Conflict) or error.code != "out_of_stock" or body.store_id is None:
        return error
    return await stock_notes.explain(
        connection, error, member_id=member_id, store_id=body.store_id, wanted=wanted
    )


async def _cart(
    connection: Connection, body: OrderCreate, wanted: dict[int, int]
) -> tuple[int, dict[int, SkuSnapshot]]:
    """Where the cart comes from and what its lines cost: advisory reads, no transaction."""
    if body.fulfilment == "delivery":
        snapshots = await stock.snapshots(connection, list(wanted))
        return await stock.delivery_location(connection, wanted), snapshots
    assert body.store_id is not None
    store = await open_store_async(body.store_id)
    if store is None or not store.pickup_enabled:
        raise Conflict(
            f"store {body.store_id} does not take pickup orders now", code="pickup_unavailable"
        )
    return await stock.pickup_cart(connection, store.id, wanted)


def points_refusal(error: BaseException) -> Conflict | None:
    """Conflict ``points_insufficient`` (409) when ``orders.place_order`` could not spend them."""
    message, detail = raised(error) or ("", None)
    if message != "points_insufficient":
        return None
    return Conflict(
        "not enough points", code="points_insufficient", details={"needed": int(detail or 0)}
    )


def _order(
    body: OrderCreate,
    priced: Priced,
    snapshots: dict[int, SkuSnapshot],
    credited: attribution.Credit,
    now: datetime,
) -> OrderRead:
    """The new order as its shopper will read it: lines snapshot name, price and discounts.

    The one place a new order's values are decided (status, nothing refunded, the
    SKUs' currency, the price from ``orders.pricing``): ``orders.place_order``
    writes this object as the row.
    """
    lines = [
        OrderLineRead(
            sku_id=line.sku_id,
            product_name=snapshots[line.sku_id].product_name,
            variant=snapshots[line.sku_id].variant,
            unit_price_fen=line.unit_price_fen,
            quantity=line.quantity,
            coupon_discount_fen=line.coupon_discount_fen,
            points_discount_fen=line.points_discount_fen,
        )
        for line in priced.lines
    ]
    return OrderRead(
        number=new_number(),
        status="pending_payment",
        fulfilment=body.fulfilment,
        store_id=body.store_id,
        delivery_address=body.delivery_address,
        lines=lines,
        total_fen=priced.to_pay_fen,
        refunded_fen=0,
        subtotal_fen=priced.subtotal_fen,
        coupon_discount_fen=priced.coupon_discount_fen,
        points_spent=priced.points_spent,
        points_discount_fen=priced.points_discount_fen,
        points_earned=0,
        points_returned=0,
        coupon_id=body.coupon_id,
        currency=snapshots[lines[0].sku_id].currency,  # inventory prices in one currency
        channel=credited.channel,
        touchpoint_id=credited.touchpoint_id,
        guide_id=credited.guide_id,
        hold_until=now + timedelta(minutes=get_settings().reservation_hold_minutes),
        collect_by=None,
        created_at=now,
        paid_at=None,
        ready_at=None,
        closed_at=None,
    )
