"""The shopper's orders: place (idempotent), list, read, cancel, simulate payment (dev)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse

from orders import cancelling, payment_start, placing, queries
from orders.schemas import OrderCreate, OrderRead, PaymentInfo
from services.payments.client import LocalPaymentsClient
from services.payments.schemas import PaymentRead
from services.platform import idempotency
from services.platform.db import utcnow
from services.platform.web.auth import CurrentShopper
from services.platform.web.deps import UowDep
from services.platform.web.pagination import Page, Pagination

router = APIRouter(tags=["orders"])


def _payment_info(payment: PaymentRead) -> dict[str, Any]:
    return PaymentInfo(
        gateway=payment.gateway,
        intent_id=payment.intent_id,
        client_secret=payment.client_secret,
        status=payment.status,
    ).model_dump(mode="json")


@router.post("/orders", status_code=201, response_model=OrderRead)
def place_order(
    body: OrderCreate,
    shopper: CurrentShopper,
    uow: UowDep,
    idempotency_key: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    key = idempotency.check_key(idempotency_key)
    scope = f"mp:orders:{shopper.subject}"
    fingerprint = idempotency.request_fingerprint(body.model_dump(mode="json"))
    stored = idempotency.claim(uow.session, scope=scope, key=key, request_hash=fingerprint)
    if stored is None:
        prepared = placing.prepare(
            session=uow.session, member_id=shopper.subject, body=body, now=utcnow()
        )
        response = queries.read(uow.session, prepared.order, shopper=True).model_dump(mode="json")
        idempotency.record(uow.session, scope=scope, key=key, status_code=201, body=response)
        placing.reserve(session=uow.session, order=prepared.order)  # hot row: last
        uow.commit()
        payment: PaymentRead | None = prepared.payment
    else:
        uow.session.rollback()
        response, payment = dict(stored.body), None

    # The provider is called with no transaction open, after the stock commit; a replay
    # finds the intent stored by the first request (or opens it with the same key).
    attached = payment_start.open_intent(order_ref=response["number"], payment=payment)
    response["payment"] = _payment_info(attached)
    return JSONResponse(response, status_code=201)


@router.get("/orders", response_model=Page[OrderRead])
def my_orders(shopper: CurrentShopper, uow: UowDep, page: Pagination) -> Page[OrderRead]:
    items, total = queries.list_for_member(
        session=uow.session, member_id=shopper.subject, offset=page.offset, limit=page.limit
    )
    return page.page(items, total)


@router.get("/orders/{number}", response_model=OrderRead)
def my_order(number: str, shopper: CurrentShopper, uow: UowDep) -> OrderRead:
    order = queries.for_member(session=uow.session, member_id=shopper.subject, number=number)
    return queries.read(uow.session, order, shopper=True, with_payment=True)


@router.post("/orders/{number}/cancel", response_model=OrderRead)
def cancel_order(number: str, shopper: CurrentShopper, uow: UowDep) -> OrderRead:
    order = cancelling.cancel(
        session=uow.session, member_id=shopper.subject, number=number, now=utcnow()
    )
    result = queries.read(uow.session, order, shopper=True)
    uow.commit()
    return result


@router.post("/orders/{number}/simulate-payment", response_model=OrderRead)
def simulate_payment(number: str, shopper: CurrentShopper, uow: UowDep) -> OrderRead:
    """Development only: pay with the offline gateway through the webhook's confirmation path."""
    order = queries.for_member(session=uow.session, member_id=shopper.subject, number=number)
    # The confirmation path locks and updates this same identity-mapped order.
    LocalPaymentsClient(uow.session).simulate_success(number)
    result = queries.read(uow.session, order, shopper=True)
    uow.commit()
    return result
