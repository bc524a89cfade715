"""The signed-in guide and their store."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from services.platform.db import utcnow
from services.platform.examples import example_of, examples
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentGuide
from services.platform.web.deps import UowDep
from services.touchpoints.client import share_link
from services.touchpoints.schemas import ShareLink
from stores import service as stores
from stores.schemas import GuideRead, StoreRead

router = APIRouter(tags=["guide"])


class GuideMe(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples({"guide": example_of(GuideRead), "store": example_of(StoreRead)})
    )

    guide: GuideRead
    store: StoreRead


@router.get("/me", response_model=GuideMe)
@answers("guide_not_found")
def me(guide: CurrentGuide, uow: UowDep) -> GuideMe:
    assert guide.store_id is not None
    return GuideMe(
        guide=stores.get_guide(session=uow.session, guide_id=guide.subject),
        store=stores.get_store(session=uow.session, store_id=guide.store_id),
    )


@router.get("/me/share-link", response_model=ShareLink)
def my_share_link(guide: CurrentGuide) -> ShareLink:
    """A signed link to send shoppers: orders placed through it credit this guide."""
    return share_link(guide_id=guide.subject, now=utcnow())
