"""The signed-in guide and their store."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from services.platform.web.auth import CurrentGuide
from services.platform.web.deps import UowDep
from stores import service as stores
from stores.schemas import GuideRead, StoreRead

router = APIRouter(tags=["guide"])


class GuideMe(BaseModel):
    guide: GuideRead
    store: StoreRead


@router.get("/me", response_model=GuideMe)
def me(guide: CurrentGuide, uow: UowDep) -> GuideMe:
    assert guide.store_id is not None
    return GuideMe(
        guide=stores.get_guide(session=uow.session, guide_id=guide.subject),
        store=stores.get_store(session=uow.session, store_id=guide.store_id),
    )
