"""The store's service cases: apologies, returns, exchanges, complaints to act on."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from orders.cases import acting, queue, views
from orders.cases.acting import CaseStaff
from orders.cases.schemas import CaseRead, CaseStepCreate
from services.platform.db import utcnow
from services.platform.inputs import BigId
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentGuide
from services.platform.web.deps import UowDep
from services.platform.web.pagination import Page, Pagination

router = APIRouter(tags=["cases"])


def _staff(guide: CurrentGuide) -> CaseStaff:
    return CaseStaff("guide", guide.subject, store_id=guide.store_id)


@router.get("/cases", response_model=Page[CaseRead])
def store_cases(
    guide: CurrentGuide,
    uow: UowDep,
    page: Pagination,
    open_only: Annotated[bool, Query(alias="open")] = True,
) -> Page[CaseRead]:
    """This store's cases, escalated first, then by deadline; each with its next steps."""
    items, total = queue.for_staff(
        session=uow.session,
        staff=_staff(guide),
        open_only=open_only,
        now=utcnow(),
        offset=page.offset,
        limit=page.limit,
    )
    return page.page(items, total)


@router.get("/cases/{case_id}", response_model=CaseRead)
@answers("case_not_found")
def store_case(guide: CurrentGuide, uow: UowDep, case_id: BigId) -> CaseRead:
    case = acting.load(uow.session, case_id=case_id, staff=_staff(guide))
    return views.read(uow.session, case, now=utcnow())


@router.post("/cases/{case_id}/steps", response_model=CaseRead)
@answers(
    "case_not_found",
    "case_closed",
    "invalid_case_step",
    "not_refundable",
    "refund_too_large",
    "not_returnable",
    "return_exceeds_sold",
    "reservation_not_fulfilled",
    "invalid_transition",
    "not_enough_on_hand",
    "below_reserved",
)
def act_on_case(guide: CurrentGuide, uow: UowDep, case_id: BigId, body: CaseStepCreate) -> CaseRead:
    """Contact the shopper, approve (a return: goods back on this store's shelf and the paid
    amount refunded; an exchange: swapped at no charge), decline with a reason, or resolve
    with an outcome. A closed case refuses further steps (409 ``case_closed``)."""
    done = acting.act(
        session=uow.session, case_id=case_id, staff=_staff(guide), body=body, now=utcnow()
    )
    uow.commit()
    return done
