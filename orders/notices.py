"""What shoppers and stores are told about an order (via the notifications outbox)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from orders.models import Order
from services.notifications.client import LocalNotificationsClient


def _yuan(fen: int) -> str:
    return f"{fen / 100:.2f}"


def paid_to_store(session: Session, order: Order) -> None:
    if order.store_id is None:
        return
    LocalNotificationsClient(session).notify(
        template="order_paid_store",
        dedupe_key=f"order-paid-{order.number}",
        channel="tablet",
        store_id=order.store_id,
        params={"order_number": order.number},
    )


def ready_to_shopper(session: Session, order: Order, *, store_name: str) -> None:
    LocalNotificationsClient(session).notify(
        template="order_ready_for_pickup",
        dedupe_key=f"order-ready-{order.number}-{order.pickup_code_version}",
        member_id=order.member_id,
        params={
            "order_number": order.number,
            "store_name": store_name,
            "pickup_code": order.pickup_code,
            "collect_by": order.collect_by.isoformat() if order.collect_by else "",
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
