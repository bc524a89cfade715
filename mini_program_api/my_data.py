"""The shopper's data rights: consents per purpose, a download of their data, deletion."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import ConfigDict, Field

from services.members import consents, rights
from services.members.consent_schemas import ConsentsRead, ConsentsUpdate
from services.platform.db import utcnow
from services.platform.inputs import InputModel
from services.platform.settings import get_settings
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentShopper
from services.platform.web.deps import UowDep

router = APIRouter(tags=["members"])


class AccountDeletion(InputModel):
    """The typed confirmation that deletes the account."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"confirm": rights.CONFIRMATION}]}
    )

    confirm: str = Field(max_length=40)


@router.get("/me/consents", response_model=ConsentsRead)
@answers("member_not_found")
def my_consents(shopper: CurrentShopper, uow: UowDep) -> ConsentsRead:
    return consents.read(session=uow.session, member_id=shopper.subject)


@router.put("/me/consents", response_model=ConsentsRead)
@answers("member_not_found", "consent_needs_location")
def change_consents(shopper: CurrentShopper, uow: UowDep, body: ConsentsUpdate) -> ConsentsRead:
    """Withdrawal takes effect at once: the next siting job, campaign or care run skips you."""
    result = consents.change(session=uow.session, member_id=shopper.subject, changes=body)
    uow.commit()
    return result


@router.get("/me/export")
@answers("member_not_found")
def export_my_data(shopper: CurrentShopper, uow: UowDep) -> dict[str, Any]:
    """Everything held about you, one section per service (JSON)."""
    return rights.export(session=uow.session, member_id=shopper.subject, now=utcnow())


@router.delete("/me", status_code=204, response_class=Response)
@answers("member_not_found", "deletion_not_confirmed")
def delete_my_account(shopper: CurrentShopper, uow: UowDep, body: AccountDeletion) -> Response:
    """Erase your personal data everywhere; orders stay for accounting, unlinked from you."""
    rights.delete_account(
        session=uow.session,
        member_id=shopper.subject,
        confirm=body.confirm,
        now=utcnow(),
        settings=get_settings(),
    )
    uow.commit()
    return Response(status_code=204)
