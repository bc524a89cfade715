"""The store's care tasks: members at risk of leaving to call, message or invite."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from orders.cases import care_tasks
from orders.cases.care_schemas import CareTaskClose, CareTaskRead
from services.platform.db import utcnow
from services.platform.inputs import BigId
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentGuide
from services.platform.web.deps import UowDep
from services.platform.web.pagination import Page, Pagination

router = APIRouter(tags=["care tasks"])


@router.get("/care-tasks", response_model=Page[CareTaskRead])
def store_care_tasks(
    guide: CurrentGuide,
    uow: UowDep,
    page: Pagination,
    open_only: Annotated[bool, Query(alias="open")] = True,
) -> Page[CareTaskRead]:
    """Regulars gone quiet and detractors whose usual store is this one."""
    assert guide.store_id is not None
    items, total = care_tasks.for_store(
        session=uow.session,
        store_id=guide.store_id,
        open_only=open_only,
        offset=page.offset,
        limit=page.limit,
    )
    return page.page(items, total)


@router.post("/care-tasks/{task_id}/close", response_model=CareTaskRead)
@answers("care_task_not_found", "care_task_closed")
def close_care_task(
    guide: CurrentGuide, uow: UowDep, task_id: BigId, body: CareTaskClose
) -> CareTaskRead:
    """Close the task with what was done (once)."""
    assert guide.store_id is not None
    done = care_tasks.close(
        session=uow.session,
        store_id=guide.store_id,
        guide_id=guide.subject,
        task_id=task_id,
        body=body,
        now=utcnow(),
    )
    uow.commit()
    return done
