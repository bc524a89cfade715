"""Orders in the manager's scope: read, ship and deliver (delivery), refund part or all."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Response
from fastapi.responses import JSONResponse

from orders import after_sales, queries
from orders.schemas import OrderRead, RefundCreate, Shipment
from orders.states import Status
from services.platform import idempotency
from services.platform.db import utcnow
from services.platform.inputs import Id
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentManager
from services.platform.web.deps import UowDep
from services.platform.web.pagination import Page, Pagination

router = APIRouter(tags=["orders"])


@router.get("/orders", response_model=Page[OrderRead])
def list_orders(
    manager: CurrentManager,
    uow: UowDep,
    page: Pagination,
    status: Annotated[Status | None, Query()] = None,
    fulfilment: Annotated[Literal["pickup", "delivery"] | None, Query()] = None,
    store_id: Annotated[Id | None, Query()] = None,
) -> Page[OrderRead]:
    """Say ``?status=paid&fulfilment=delivery`` for the orders waiting to ship."""
    items, total = queries.list_for_manager(
        session=uow.session,
        region_ids=manager.regions,
        status=status,
        fulfilment=fulfilment,
        store_id=store_id,
        offset=page.offset,
        limit=page.limit,
    )
    return page.page(items, total)


@router.get("/orders/{number}", response_model=OrderRead)
@answers("order_not_found")
def get_order(number: str, manager: CurrentManager, uow: UowDep) -> OrderRead:
    order = queries.for_manager(session=uow.session, region_ids=manager.regions, number=number)
    return queries.read(uow.session, order, shopper=False)


@router.post("/orders/{number}/ship", response_model=OrderRead)
@answers("order_not_found", "invalid_transition")
def ship(number: str, body: Shipment, manager: CurrentManager, uow: UowDep) -> OrderRead:
    order = after_sales.ship(
        session=uow.session,
        region_ids=manager.regions,
        number=number,
        shipment=body,
        now=utcnow(),
        manager_id=manager.subject,
    )
    result = queries.read(uow.session, order, shopper=False)
    uow.commit()
    return result


@router.post("/orders/{number}/deliver", response_model=OrderRead)
@answers("order_not_found", "invalid_transition")
def deliver(number: str, manager: CurrentManager, uow: UowDep) -> OrderRead:
    order = after_sales.deliver(
        session=uow.session, region_ids=manager.regions, number=number, now=utcnow()
    )
    result = queries.read(uow.session, order, shopper=False)
    uow.commit()
    return result


@router.post("/orders/{number}/refunds", response_model=OrderRead, status_code=201)
@answers(
    "order_not_found",
    "invalid_transition",
    "not_refundable",
    "refund_too_large",
    "nothing_to_refund",
    "payment_not_found",
    "not_returnable",
    "return_exceeds_sold",
    "repeated_sku",
)
def refund(
    number: str,
    body: RefundCreate,
    manager: CurrentManager,
    uow: UowDep,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> Response:
    """A refund is money leaving: the same Idempotency-Key never refunds twice."""
    claimed = idempotency.claim_request(
        uow.session,
        scope=f"manager:{manager.subject}:refunds",
        header=idempotency_key,
        body={"order": number, **body.model_dump()},
    )
    if claimed.replay is not None:
        return JSONResponse(claimed.replay.body, status_code=claimed.replay.status_code)
    order = after_sales.refund(
        session=uow.session,
        region_ids=manager.regions,
        number=number,
        refund=body,
        now=utcnow(),
        manager_id=manager.subject,
    )
    payload = queries.read(uow.session, order, shopper=False).model_dump(mode="json")
    claimed.record(uow.session, status_code=201, body=payload)
    uow.commit()
    return JSONResponse(payload, status_code=201)
