"""The store's pickup queue and the counter: accept, mark ready, re-issue code, hand over."""

from __future__ import annotations

from fastapi import APIRouter

from orders import pickup, queries
from orders.schemas import Handover, OrderRead
from services.platform.db import utcnow
from services.platform.errors import Forbidden, InvalidInput
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentGuide
from services.platform.web.deps import UowDep
from services.platform.web.pagination import Page, Pagination

router = APIRouter(tags=["pickup"])


def _store(guide: CurrentGuide) -> int:
    assert guide.store_id is not None
    return guide.store_id


@router.get("/orders", response_model=Page[OrderRead])
def pickup_queue(guide: CurrentGuide, uow: UowDep, page: Pagination) -> Page[OrderRead]:
    items, total = queries.store_queue(
        session=uow.session, store_id=_store(guide), offset=page.offset, limit=page.limit
    )
    return page.page(items, total)


@router.get("/orders/{number}", response_model=OrderRead)
@answers("order_not_found")
def store_order(number: str, guide: CurrentGuide, uow: UowDep) -> OrderRead:
    order = queries.for_store(session=uow.session, store_id=_store(guide), number=number)
    return queries.read(uow.session, order, shopper=False)


@router.post("/orders/{number}/accept", response_model=OrderRead)
@answers("order_not_found", "invalid_transition")
def accept(number: str, guide: CurrentGuide, uow: UowDep) -> OrderRead:
    order = pickup.accept(session=uow.session, store_id=_store(guide), number=number, now=utcnow())
    result = queries.read(uow.session, order, shopper=False)
    uow.commit()
    return result


@router.post("/orders/{number}/ready", response_model=OrderRead)
@answers("order_not_found", "invalid_transition")
def mark_ready(number: str, guide: CurrentGuide, uow: UowDep) -> OrderRead:
    order = pickup.mark_ready(
        session=uow.session, store_id=_store(guide), number=number, now=utcnow()
    )
    result = queries.read(uow.session, order, shopper=False)
    uow.commit()
    return result


@router.post("/orders/{number}/reissue-code", response_model=OrderRead)
@answers("order_not_found", "invalid_transition")
def reissue_code(number: str, guide: CurrentGuide, uow: UowDep) -> OrderRead:
    order = pickup.reissue_code(session=uow.session, store_id=_store(guide), number=number)
    result = queries.read(uow.session, order, shopper=False)
    uow.commit()
    return result


def _hand_over(number: str | None, body: Handover, guide: CurrentGuide, uow: UowDep) -> OrderRead:
    result = pickup.hand_over(
        session=uow.session,
        store_id=_store(guide),
        number=number,
        proof=body,
        guide_id=guide.subject,
        now=utcnow(),
    )
    read = queries.read(uow.session, result.order, shopper=False)
    uow.commit()  # a wrong code is counted even though the answer is an error
    if not result.handed_over:
        raise Forbidden(
            "the pickup code is wrong",
            code="pickup_code_wrong",
            details={"attempts_left": result.attempts_left},
        )
    return read


@router.post("/orders/{number}/handover", response_model=OrderRead)
@answers(
    "order_not_found",
    "invalid_transition",
    "pickup_code_wrong",
    "pickup_code_locked",
    "pickup_qr_invalid",
    "pickup_qr_stale",
)
def hand_over(number: str, body: Handover, guide: CurrentGuide, uow: UowDep) -> OrderRead:
    """Hand over by typed code (or by QR, which must name this order)."""
    return _hand_over(number, body, guide, uow)


@router.post("/handover", response_model=OrderRead)
@answers(
    "qr_required", "pickup_qr_invalid", "pickup_qr_stale", "order_not_found", "invalid_transition"
)
def hand_over_by_qr(body: Handover, guide: CurrentGuide, uow: UowDep) -> OrderRead:
    """Hand over by scanning the shopper's pickup QR (it names the order)."""
    if body.qr is None:
        raise InvalidInput("scan the pickup QR, or use the order's handover", code="qr_required")
    return _hand_over(None, body, guide, uow)
