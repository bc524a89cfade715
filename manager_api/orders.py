"""Orders in the manager's scope: read, ship and deliver (delivery), refund part or all."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response
from fastapi.responses import JSONResponse

from orders import after_sales, queries
from orders.schemas import OrderRead, RefundCreate, Shipment
from services.platform import idempotency
from services.platform.db import utcnow
from services.platform.web.auth import CurrentManager
from services.platform.web.deps import UowDep

router = APIRouter(tags=["orders"])


@router.get("/orders/{number}", response_model=OrderRead)
def get_order(number: str, manager: CurrentManager, uow: UowDep) -> OrderRead:
    order = queries.for_manager(session=uow.session, region_ids=manager.regions, number=number)
    return queries.read(uow.session, order, shopper=False)


@router.post("/orders/{number}/ship", response_model=OrderRead)
def ship(number: str, body: Shipment, manager: CurrentManager, uow: UowDep) -> OrderRead:
    order = after_sales.ship(
        session=uow.session, region_ids=manager.regions, number=number, shipment=body, now=utcnow()
    )
    result = queries.read(uow.session, order, shopper=False)
    uow.commit()
    return result


@router.post("/orders/{number}/deliver", response_model=OrderRead)
def deliver(number: str, manager: CurrentManager, uow: UowDep) -> OrderRead:
    order = after_sales.deliver(
        session=uow.session, region_ids=manager.regions, number=number, now=utcnow()
    )
    result = queries.read(uow.session, order, shopper=False)
    uow.commit()
    return result


@router.post("/orders/{number}/refunds", response_model=OrderRead, status_code=201)
def refund(
    number: str,
    body: RefundCreate,
    manager: CurrentManager,
    uow: UowDep,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> Response:
    """A refund is money leaving: the same Idempotency-Key never refunds twice."""
    key = idempotency.check_key(idempotency_key)
    scope = f"manager:{manager.subject}:refunds"
    fingerprint = idempotency.request_fingerprint({"order": number, **body.model_dump()})
    replay = idempotency.claim(uow.session, scope=scope, key=key, request_hash=fingerprint)
    if replay is not None:
        return JSONResponse(replay.body, status_code=replay.status_code)
    order = after_sales.refund(
        session=uow.session, region_ids=manager.regions, number=number, refund=body, now=utcnow()
    )
    payload = queries.read(uow.session, order, shopper=False).model_dump(mode="json")
    idempotency.record(uow.session, scope=scope, key=key, status_code=201, body=payload)
    uow.commit()
    return JSONResponse(payload, status_code=201)
