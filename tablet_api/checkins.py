"""The store's check-in queue: members who just walked in (this guide's store only)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import ConfigDict

from services.members.client import LocalMembersClient
from services.platform.db import utcnow
from services.platform.examples import example_of, examples
from services.platform.web.auth import CurrentGuide
from services.platform.web.deps import UowDep
from services.platform.web.pagination import Page, Pagination
from stores import checkins
from stores.schemas import CheckInRead

router = APIRouter(tags=["check-ins"])


class QueuedCheckIn(CheckInRead):
    model_config = ConfigDict(
        json_schema_extra=examples(example_of(CheckInRead, member_name="Chen Jing"))
    )

    member_name: str | None


@router.get("/checkins", response_model=Page[QueuedCheckIn])
def store_checkins(
    guide: CurrentGuide,
    uow: UowDep,
    page: Pagination,
    since: Annotated[datetime | None, Query(description="default: the last 12 hours")] = None,
) -> Page[QueuedCheckIn]:
    assert guide.store_id is not None
    items, total = checkins.for_store(
        session=uow.session,
        store_id=guide.store_id,
        since=since or utcnow() - timedelta(hours=12),
        offset=page.offset,
        limit=page.limit,
    )
    names = LocalMembersClient(uow.session).names([c.member_id for c in items])
    queued = [QueuedCheckIn(**c.model_dump(), member_name=names.get(c.member_id)) for c in items]
    return page.page(queued, total)
