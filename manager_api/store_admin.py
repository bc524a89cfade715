"""Managers create and update stores in their regions (status planned -> open -> closed)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response

from services.platform.db import utcnow
from services.platform.inputs import Id
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentManager
from services.platform.web.creates import create_once
from services.platform.web.deps import UowDep
from stores import store_admin
from stores.schemas import StoreCreate, StoreRead, StoreUpdate

router = APIRouter(tags=["stores"])


@router.post("/stores", response_model=StoreRead, status_code=201)
@answers("region_not_found@404", "store_code_taken", "store_outside_region", "region_area_unset")
def create_store(
    manager: CurrentManager,
    uow: UowDep,
    body: StoreCreate,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> Response:
    return create_once(
        uow,
        scope=f"manager:{manager.subject}:stores",
        header=idempotency_key,
        body=body.model_dump(mode="json"),
        make=lambda: store_admin.create_store(
            session=uow.session, data=body, region_ids=manager.regions
        ),
    )


@router.patch("/stores/{store_id}", response_model=StoreRead)
@answers(
    "store_not_found",
    "null_field",
    "region_not_found@404",
    "store_status",
    "store_outside_region",
    "region_area_unset",
)
def update_store(
    manager: CurrentManager,
    uow: UowDep,
    store_id: Id,
    body: StoreUpdate,
) -> StoreRead:
    """Change details, hours (the whole week) or status; closing cancels upcoming
    appointments and tells their shoppers."""
    updated = store_admin.update_store(
        session=uow.session,
        store_id=store_id,
        changes=body,
        region_ids=manager.regions,
        now=utcnow(),
    )
    uow.commit()
    return updated
