"""Managers keep the guide roster of stores in their regions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response

from services.platform.db import utcnow
from services.platform.inputs import Id
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentManager
from services.platform.web.creates import create_once
from services.platform.web.deps import UowDep
from stores import roster
from stores.schemas import GuideHire, GuideRead, PasswordReset

router = APIRouter(tags=["guides"])


@router.post("/stores/{store_id}/guides", response_model=GuideRead, status_code=201)
@answers("store_not_found", "username_taken", "password_too_short")
def hire_guide(
    manager: CurrentManager,
    uow: UowDep,
    store_id: Id,
    body: GuideHire,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> Response:
    return create_once(
        uow,
        scope=f"manager:{manager.subject}:guides",
        header=idempotency_key,
        # The key's stored fingerprint is an unsalted hash: keep the password out of it.
        body={"store_id": store_id, **body.model_dump(mode="json", exclude={"password"})},
        make=lambda: roster.hire(
            session=uow.session,
            store_id=store_id,
            username=body.username,
            name=body.name,
            password=body.password,
            region_ids=manager.regions,
        ),
    )


@router.get("/stores/{store_id}/guides", response_model=list[GuideRead])
@answers("store_not_found")
def store_guides(manager: CurrentManager, uow: UowDep, store_id: Id) -> list[GuideRead]:
    return roster.roster(session=uow.session, store_id=store_id, region_ids=manager.regions)


@router.post("/guides/{guide_id}/password", status_code=204)
@answers("guide_not_found", "password_too_short")
def reset_password(
    manager: CurrentManager, uow: UowDep, guide_id: Id, body: PasswordReset
) -> Response:
    """Set a new password; the guide's sessions end at once."""
    roster.reset_password(
        session=uow.session, guide_id=guide_id, password=body.password, region_ids=manager.regions
    )
    uow.commit()
    return Response(status_code=204)


@router.post("/guides/{guide_id}/deactivate", response_model=GuideRead)
@answers("guide_not_found")
def deactivate_guide(manager: CurrentManager, uow: UowDep, guide_id: Id) -> GuideRead:
    """The guide leaves: no more logins, sessions end, upcoming bookings cancelled."""
    done = roster.deactivate(
        session=uow.session, guide_id=guide_id, region_ids=manager.regions, now=utcnow()
    )
    uow.commit()
    return done
