"""A guide's care tasks: members to call, message or invite; closed with an outcome."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from orders.cases.care_schemas import CareTaskClose, CareTaskRead
from orders.cases.models import CareTask
from services.platform.errors import Conflict, NotFound


def for_store(
    *, session: Session, store_id: int, open_only: bool, offset: int = 0, limit: int = 50
) -> tuple[list[CareTaskRead], int]:
    query = select(CareTask).where(CareTask.store_id == store_id)
    if open_only:
        query = query.where(CareTask.closed_at.is_(None))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(CareTask.id).offset(offset).limit(limit))
    return [read(t) for t in rows], total


def close(
    *,
    session: Session,
    store_id: int,
    guide_id: int,
    task_id: int,
    body: CareTaskClose,
    now: datetime,
) -> CareTaskRead:
    """Record what the guide did; 404 for another store's task, 409 ``care_task_closed``."""
    task = session.scalars(
        select(CareTask)
        .where(CareTask.id == task_id, CareTask.store_id == store_id)
        .with_for_update()
    ).first()
    if task is None:
        raise NotFound(f"care task {task_id} not found", code="care_task_not_found")
    if task.closed_at is not None:
        raise Conflict(
            "this care task is already closed",
            code="care_task_closed",
            details={"outcome": task.outcome},
        )
    task.outcome = body.outcome
    task.note = body.note
    task.closed_by = guide_id
    task.closed_at = now
    session.flush()
    return read(task)


def read(task: CareTask) -> CareTaskRead:
    return CareTaskRead(
        id=task.id,
        member_id=task.member_id,
        store_id=task.store_id,
        reason=task.reason,
        suggested=task.suggested,
        period_start=task.period_start,
        last_visit_at=task.last_visit_at,
        outcome=task.outcome,
        note=task.note,
        closed_at=task.closed_at,
        created_at=task.created_at,
        member_url=f"/tablet/v1/members/{task.member_id}",
    )


def open_counts(*, session: Session, store_ids: list[int] | None) -> dict[int, int]:
    """Open care tasks per store (``None``: every store) — the managers' churn-risk count."""
    query = select(CareTask.store_id, func.count()).where(CareTask.closed_at.is_(None))
    if store_ids is not None:
        query = query.where(CareTask.store_id.in_(store_ids))
    return {s: n for s, n in session.execute(query.group_by(CareTask.store_id))}
