"""Opening a case, once per ``source_key`` (a detractor's answer, a shopper's request)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from orders.cases import history
from orders.cases.due import due_at
from orders.cases.models import ServiceCase
from orders.cases.states import KINDS
from services.platform.db import utcnow
from services.platform.settings import get_settings


def open_case(
    session: Session,
    *,
    kind: str,
    member_id: int,
    store_id: int | None,
    order_id: int | None = None,
    source_key: str,
    summary: str,
    lines: list[dict[str, Any]] | None = None,
    photo_urls: list[str] | None = None,
    actor_role: str = "system",
    now: datetime | None = None,
) -> int:
    """The case's id; a second call with the same ``source_key`` returns the first case.

    The insert claims the key (``ON CONFLICT DO NOTHING``), so concurrent callers
    for one source open exactly one case; only the winner writes the first step.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown case kind {kind!r}")
    opened = now or utcnow()
    case_id = session.scalar(
        insert(ServiceCase)
        .values(
            kind=kind,
            status="open",
            member_id=member_id,
            store_id=store_id,
            order_id=order_id,
            source_key=source_key,
            summary=summary,
            lines=lines or [],
            photo_urls=photo_urls or [],
            due_at=due_at(kind, opened, get_settings()),
            created_at=opened,
        )
        .on_conflict_do_nothing(index_elements=["source_key"])
        .returning(ServiceCase.id)
    )
    if case_id is None:
        existing = session.scalar(
            select(ServiceCase.id).where(ServiceCase.source_key == source_key)
        )
        assert existing is not None  # the conflicting row is committed or ours
        return existing
    case = session.get_one(ServiceCase, case_id)
    history.record(session, case, action="open", actor_role=actor_role, note=summary[:500])
    return case_id
