"""What shoppers and stores are told about an order (via the notifications outbox)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from orders.models import Order
from services.notifications.client import LocalNotificationsClient, notify_async
from services.platform.adb import Connection
from services.platform.db import utcnow
from services.recommendations import client as recommendations


def _yuan(fen: int) -> str:
    return f"{fen / 100:.2f}"


def _paid(number: str, store_id: int) -> dict[str, Any]:
    return {
        "template": "order_paid_store",
        "dedupe_key": f"order-paid-{number}",
        "channel": "tablet",
        "store_id": store_id,
        "params": {"order_number": number},
    }


def paid_to_store(session: Session, order: Order) -> None:
    if order.store_id is not None:
        LocalNotificationsClient(session).notify(**_paid(order.number, order.store_id))


async def paid_to_store_async(connection: Connection, number: str, store_id: int | None) -> None:
    """``paid_to_store`` in the caller's async transaction."""
    if store_id is not None:
        await notify_async(connection, **_paid(number, store_id))


def _also_like(session: Session, order: Order, in_order: set[int]) -> str:
    """A line of suggestions the store can hand over with the order ("" for none)."""
    names = recommendations.also_like(
        session,
        member_id=order.member_id,
        store_id=order.store_id,
        excluded=in_order,
        now=utcnow(),
    )
    return f" You may also like: {names}." if names else ""


def ready_to_shopper(
    session: Session, order: Order, *, store_name: str, in_order: set[int] | None = None
) -> None:
    """``in_order``: the order's products, never suggested with it."""
    LocalNotificationsClient(session).notify(
        template="order_ready_for_pickup",
        dedupe_key=f"order-ready-{order.number}-{order.pickup_code_version}",
        member_id=order.member_id,
        params={
            "order_number": order.number,
            "store_name": store_name,
            "pickup_code": order.pickup_code,
            "collect_by": order.collect_by.isoformat() if order.collect_by else "",
            "also_like": _also_like(session, order, in_order or set()),
        },
    )


def expired_to_shopper(session: Session, order: Order) -> None:
    LocalNotificationsClient(session).notify(
        template="order_expired",
        dedupe_key=f"order-expired-{order.number}",
        member_id=order.member_id,
        params={"order_number": order.number},
    )


def refunded_to_shopper(session: Session, order: Order, *, amount_fen: int) -> None:
    LocalNotificationsClient(session).notify(
        template="order_refunded",
        dedupe_key=f"order-refunded-{order.number}-{order.refunded_fen}",
        member_id=order.member_id,
        params={"order_number": order.number, "amount_yuan": _yuan(amount_fen)},
    )


def shipped_to_shopper(session: Session, order: Order) -> None:
    LocalNotificationsClient(session).notify(
        template="order_shipped",
        dedupe_key=f"order-shipped-{order.number}",
        member_id=order.member_id,
        params={
            "order_number": order.number,
            "carrier": order.carrier,
            "tracking_number": order.tracking_number,
        },
    )
