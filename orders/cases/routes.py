"""The case routes both staff front doors serve, built once around their own scope.

The tablet and the manager API differ only in *who* acts and so which cases they see
(a guide's store, a manager's regions): each passes a dependency answering that as a
``CaseStaff``, and the words of its own docs. The rules are in ``queue`` and ``acting``.
"""

# No ``from __future__ import annotations``: FastAPI must see ``Who``, a local alias, as a
# type, not as a string it would look up in the module.
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from orders.cases import acting, queue, views
from orders.cases.acting import CaseStaff
from orders.cases.schemas import CaseRead, CaseStepCreate
from services.platform.db import utcnow
from services.platform.inputs import BigId
from services.platform.web.answers import answers
from services.platform.web.deps import UowDep
from services.platform.web.pagination import Page, Pagination

#: What acting on a case may answer besides success (the approval's stock and money paths).
STEP_ANSWERS = (
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
    "exchange_not_same_product",
    "exchange_price_differs",
)


@dataclass(frozen=True)
class CaseDocs:
    """One front door's names and words for the three routes (its OpenAPI operations)."""

    list_name: str
    list_doc: str
    read_name: str
    act_doc: str
    read_doc: str | None = None


def case_router(who: Callable[..., CaseStaff], docs: CaseDocs) -> APIRouter:
    """List, read and act on the cases ``who`` may see."""
    router = APIRouter(tags=["cases"])
    Who = Annotated[CaseStaff, Depends(who)]

    @router.get(
        "/cases", response_model=Page[CaseRead], name=docs.list_name, description=docs.list_doc
    )
    def list_cases(
        staff: Who,
        uow: UowDep,
        page: Pagination,
        open_only: Annotated[bool, Query(alias="open")] = True,
    ) -> Page[CaseRead]:
        items, total = queue.for_staff(
            session=uow.session,
            staff=staff,
            open_only=open_only,
            now=utcnow(),
            offset=page.offset,
            limit=page.limit,
        )
        return page.page(items, total)

    @router.get(
        "/cases/{case_id}",
        response_model=CaseRead,
        name=docs.read_name,
        description=docs.read_doc,
    )
    @answers("case_not_found")
    def read_case(staff: Who, uow: UowDep, case_id: BigId) -> CaseRead:
        case = acting.load(uow.session, case_id=case_id, staff=staff)
        return views.read(uow.session, case, now=utcnow())

    @router.post("/cases/{case_id}/steps", response_model=CaseRead, description=docs.act_doc)
    @answers(*STEP_ANSWERS)
    def act_on_case(staff: Who, uow: UowDep, case_id: BigId, body: CaseStepCreate) -> CaseRead:
        done = acting.act(
            session=uow.session, case_id=case_id, staff=staff, body=body, now=utcnow()
        )
        uow.commit()
        return done

    return router
