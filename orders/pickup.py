"""In-store pickup: accept, mark ready (code + signed QR), hand over at the counter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog
from sqlalchemy.orm import Session

from inventory.client import LocalInventoryClient, Staff
from orders import member_points, notices, pickup_codes, queries
from orders.models import Order
from orders.schemas import Handover
from orders.states import move
from services.platform.errors import Conflict, Forbidden
from services.platform.settings import get_settings
from stores.client import LocalStoresClient

log = structlog.get_logger(__name__)


def accept(*, session: Session, store_id: int, number: str, now: datetime) -> Order:
    """The store starts preparing a paid order."""
    order = queries.for_store(session=session, store_id=store_id, number=number, lock=True)
    move(order, "preparing", now=now)
    return order


def _issue_code(session: Session, order: Order, store_id: int) -> None:
    order.pickup_code = pickup_codes.new_code()
    order.pickup_code_version += 1
    order.pickup_code_failures = 0
    store = LocalStoresClient(session).get_store(store_id)
    in_order = LocalInventoryClient(session).products_of([line.sku_id for line in order.lines])
    notices.ready_to_shopper(session, order, store_name=store.name, in_order=set(in_order.values()))


def mark_ready(*, session: Session, store_id: int, number: str, now: datetime) -> Order:
    """Ready at the counter: a pickup code and QR are issued and the shopper is told."""
    order = queries.for_store(session=session, store_id=store_id, number=number, lock=True)
    move(order, "ready_for_pickup", now=now)
    store = LocalStoresClient(session).get_store(store_id)
    order.ready_at = now
    order.collect_by = now + timedelta(days=store.pickup_hold_days)
    _issue_code(session, order, store_id)
    return order


def reissue_code(*, session: Session, store_id: int, number: str) -> Order:
    """A new code and QR (the old ones stop working); also lifts a lock after 5 wrong codes."""
    order = queries.for_store(session=session, store_id=store_id, number=number, lock=True)
    if order.status != "ready_for_pickup":
        raise Conflict(
            f"the order is {order.status}; only a ready order has a pickup code",
            code="invalid_transition",
            details={"status": order.status},
        )
    _issue_code(session, order, store_id)
    return order


@dataclass(frozen=True)
class HandoverResult:
    order: Order
    handed_over: bool
    attempts_left: int


def _complete(session: Session, order: Order, *, guide_id: int, now: datetime) -> None:
    move(order, "picked_up", now=now)
    assert order.reservation_id is not None
    LocalInventoryClient(session).fulfil(  # on-hand drops now
        order.reservation_id, staff=Staff("guide", guide_id)
    )
    order.handed_over_by = guide_id
    order.pickup_code = None
    member_points.earn_on_completion(session, order)


def hand_over(
    *,
    session: Session,
    store_id: int,
    number: str | None,
    proof: Handover,
    guide_id: int,
    now: datetime,
) -> HandoverResult:
    """Check the code or QR; a wrong code counts and must be committed (the caller does)."""
    if proof.qr is not None:
        settings = get_settings()
        keys = {k: v.get_secret_value() for k, v in settings.qr_signing_keys.items()}
        token = pickup_codes.verify(proof.qr, keys=keys)
        if token is None or (number is not None and token.number != number):
            log.warning("pickup_qr_refused", store_id=store_id, guide_id=guide_id)
            raise Forbidden("this pickup QR is not genuine", code="pickup_qr_invalid")
        order = queries.for_store(
            session=session, store_id=store_id, number=token.number, lock=True
        )
        _check_ready(order)
        if token.version != order.pickup_code_version:
            raise Forbidden("this pickup QR was replaced by a newer one", code="pickup_qr_stale")
        _complete(session, order, guide_id=guide_id, now=now)
        return HandoverResult(order, True, pickup_codes.MAX_FAILURES)
    assert proof.code is not None and number is not None
    order = queries.for_store(session=session, store_id=store_id, number=number, lock=True)
    _check_ready(order)
    if order.pickup_code_failures >= pickup_codes.MAX_FAILURES:
        raise Forbidden("too many wrong codes; re-issue the pickup code", code="pickup_code_locked")
    if not pickup_codes.code_matches(order.pickup_code, proof.code):
        order.pickup_code_failures += 1
        return HandoverResult(order, False, pickup_codes.MAX_FAILURES - order.pickup_code_failures)
    _complete(session, order, guide_id=guide_id, now=now)
    return HandoverResult(order, True, pickup_codes.MAX_FAILURES)


def _check_ready(order: Order) -> None:
    if order.status != "ready_for_pickup":
        raise Conflict(
            f"the order is {order.status}; it cannot become picked_up",
            code="invalid_transition",
            details={"status": order.status, "target": "picked_up"},
        )
