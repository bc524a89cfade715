"""A shopper's returns, exchanges and complaints on their own orders."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response

from orders.cases import requests
from orders.cases.schemas import CaseCreate, CaseMine
from services.platform.db import utcnow
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentShopper
from services.platform.web.creates import create_once
from services.platform.web.deps import UowDep

router = APIRouter(tags=["cases"])


@router.post("/orders/{number}/cases", response_model=CaseMine, status_code=201)
@answers(
    "order_not_found",
    "not_returnable",
    "return_exceeds_sold",
    "case_window_closed",
    "case_rate_limited",
    "exchange_not_same_product",
    "exchange_price_differs",
    "not_refundable",
    "refund_too_large",
)
def open_case(
    number: str,
    shopper: CurrentShopper,
    uow: UowDep,
    body: CaseCreate,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> Response:
    """Open a return, exchange or complaint within the window after the goods reached you.

    A return is approved when you bring the goods to the store (or HQ for a delivery):
    they go back on the shelf and what you paid for them is refunded. Each step is
    sent to you as a message and kept in the case's ``steps``. An exchange swaps for another
    size or colour of the same product at the price you paid (409 ``exchange_not_same_product``
    or ``exchange_price_differs`` otherwise: return it and buy the other instead); more
    than is left to bring back or refund is 409 when you open the case.
    """
    return create_once(
        uow,
        scope=f"mp:cases:{shopper.subject}",
        header=idempotency_key,
        body={"number": number, **body.model_dump(mode="json")},
        make=lambda: CaseMine.of(
            requests.open_for_order(
                session=uow.session,
                member_id=shopper.subject,
                number=number,
                body=body,
                now=utcnow(),
            )
        ),
    )


@router.get("/orders/{number}/cases", response_model=list[CaseMine])
@answers("order_not_found")
def my_cases(number: str, shopper: CurrentShopper, uow: UowDep) -> list[CaseMine]:
    """Your cases on this order with every step so far."""
    cases = requests.mine(
        session=uow.session, member_id=shopper.subject, number=number, now=utcnow()
    )
    return [CaseMine.of(case) for case in cases]
