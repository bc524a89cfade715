"""Assisted sales: a guide rings up an order for a member in the store.

The order goes through the one placement (``placing.place``: the same stock
taking, limits, idempotency and payment attempt as the shopper's own orders),
collected at the guide's store and credited to the guide (``store_assisted``,
``attribution.credit``'s ``assisted_by``). It is paid either at the counter,
recorded by a guide of the store through the payments intake (the same success
as a provider's), or by the member on their phone through a signed payment link.
"""

from __future__ import annotations

from datetime import datetime

from orders import pay_links, placing
from orders.sale_schemas import AssistedSaleCreate, CounterPaymentCreate, PayLink
from orders.schemas import OrderCreate
from orders.states import AWAITING_PAYMENT
from services.members.client import member_exists_async
from services.payments.client import at_the_counter
from services.platform.adb import Connection, fetch_one
from services.platform.errors import Conflict, Forbidden, NotFound
from services.platform.idempotency import Replay
from services.platform.settings import get_settings

# An assisted sale of this store (another store's, or a shopper's own order, is "not found").
_AT_COUNTER = """
    SELECT number, member_id, status, total_fen FROM orders.orders
    WHERE number = %(number)s AND store_id = %(store_id)s AND channel = 'store_assisted'
"""


async def ring_up(
    connection: Connection,
    *,
    guide_id: int,
    store_id: int,
    data: AssistedSaleCreate,
    now: datetime,
    replay: Replay,
) -> placing.Placed:
    """Place the member's order at the guide's store, credited to the guide."""
    if not await member_exists_async(connection, data.member_id):
        raise NotFound(f"member {data.member_id} does not exist", code="member_not_found")
    body = OrderCreate(fulfilment="pickup", store_id=store_id, lines=data.lines)
    return await placing.place(
        connection,
        member_id=data.member_id,
        body=body,
        now=now,
        replay=replay,
        assisted_by=guide_id,
    )


def pay_link(number: str, member_id: int, *, now: datetime) -> PayLink:
    """A link for the member to pay the order in the mini-program, signed with the QR keys."""
    settings = get_settings()
    keys = {k: v.get_secret_value() for k, v in settings.qr_signing_keys.items()}
    expires = pay_links.expiry(now, settings.pay_link_hours)
    token = pay_links.sign(
        number, member_id, expires=expires, key_id=settings.qr_active_key_id, keys=keys
    )
    return PayLink(token=token, path=pay_links.PAY_PAGE + token, expires_at=expires)


def opened_link(token: str, *, member_id: int, now: datetime) -> str:
    """The order number a genuine, unexpired link of ``member_id``'s names (Forbidden else)."""
    settings = get_settings()
    keys = {k: v.get_secret_value() for k, v in settings.qr_signing_keys.items()}
    try:
        return pay_links.verify(token, member_id=member_id, now=now, keys=keys).number
    except pay_links.PayLinkRefused as refused:
        raise Forbidden(str(refused), code=refused.code) from refused


async def take_at_counter(
    connection: Connection,
    *,
    store_id: int,
    guide_id: int,
    number: str,
    data: CounterPaymentCreate,
    at: datetime,
) -> None:
    """Record the money a guide took for the store's assisted sale; the intake pays the order.

    Checked first (advisory, the intake decides under its locks): the order is this
    store's assisted sale, still awaiting payment, and the amount is its total, since a
    refused counter event could not be recorded again under the same event id.
    """
    order = await fetch_one(connection, _AT_COUNTER, {"number": number, "store_id": store_id})
    if order is None:
        raise NotFound(f"order {number} does not exist", code="order_not_found")
    if order["status"] not in AWAITING_PAYMENT:
        raise Conflict(
            "the order no longer awaits payment",
            code="order_not_payable",
            details={"status": order["status"]},
        )
    if data.amount_fen != order["total_fen"]:
        raise Conflict(
            "the amount taken is not what the order costs",
            code="counter_amount_mismatch",
            details={"total_fen": order["total_fen"]},
        )
    await at_the_counter.record_counter_payment(
        connection,
        number,
        amount_fen=data.amount_fen,
        method=data.method,
        recorded_by=f"guide:{guide_id}",
        at=at,
    )
