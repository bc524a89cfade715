"""A payment link from a guide: the member opens it and pays through the usual order page."""

from __future__ import annotations

from fastapi import APIRouter

from orders import assisted, queries
from orders.sale_schemas import PayLinkOpen
from orders.schemas import OrderRead
from services.platform.db import utcnow
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentShopper
from services.platform.web.deps import UowDep

router = APIRouter(tags=["orders"])


@router.post("/pay-links", response_model=OrderRead)
@answers("pay_link_invalid", "pay_link_expired", "order_not_found")
def open_pay_link(body: PayLinkOpen, shopper: CurrentShopper, uow: UowDep) -> OrderRead:
    """The order a guide's payment link names, with its payment, for the member it was
    made for only; pay it as any order (the intent's `client_secret`; in development
    `POST /orders/{number}/simulate-payment`)."""
    number = assisted.opened_link(body.link, member_id=shopper.subject, now=utcnow())
    return queries.member_order(
        session=uow.session, member_id=shopper.subject, number=number, with_payment=True
    )
