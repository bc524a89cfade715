"""A member's orders and service cases: their export, and what erasure leaves of them.

Orders stay for accounting (totals, payments, refunds, stock movements name them). Their
``member_id`` points at the member's pseudonymised row after erasure, so nothing links them
to a person; the personal text they carry (delivery address, pickup code, case texts and
photos) is erased.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from orders.cases.models import ServiceCase
from orders.models import Order, OrderLine
from services.platform.member_data import dump

_SECRETS = ("pickup_code", "pickup_code_version", "pickup_code_failures")
ERASED_ADDRESS = {"erased": True}


def export_member(session: Session, member_id: int) -> dict[str, Any]:
    orders = dump(session, Order, Order.member_id == member_id, exclude=_SECRETS)
    ids = [o["id"] for o in orders]
    lines = dump(session, OrderLine, OrderLine.order_id.in_(ids)) if ids else []
    for order in orders:
        order["lines"] = [line for line in lines if line["order_id"] == order["id"]]
    cases = dump(session, ServiceCase, ServiceCase.member_id == member_id)
    return {"orders": orders, "service_cases": cases}


def forget_member(session: Session, member_id: int, now: datetime) -> None:
    del now
    session.execute(
        update(Order)
        .where(Order.member_id == member_id, Order.delivery_address.is_not(None))
        .values(delivery_address=ERASED_ADDRESS)
    )
    session.execute(
        update(Order)
        .where(Order.member_id == member_id, Order.pickup_code.is_not(None))
        .values(pickup_code=None)
    )
    session.execute(
        update(ServiceCase)
        .where(ServiceCase.member_id == member_id)
        .values(summary="(erased)", photo_urls=[])
    )
