"""The shopper's data rights: consents per purpose, a download of their data, deletion."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from services.members import consents, rights
from services.members.consent_schemas import ConsentsRead, ConsentsUpdate
from services.platform.db import utcnow
from services.platform.inputs import InputModel
from services.platform.settings import get_settings
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentShopper
from services.platform.web.deps import UowDep

router = APIRouter(tags=["members"])


class MemberDataExport(BaseModel):
    """Everything held about the member: one section per service (more may be added)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "member_id": 4211,
                    "exported_at": "2026-12-07T08:00:00+00:00",
                    "profile": {"id": 4211, "name": "Chen Jing", "phone": "+8613800138000"},
                    "consents": {"home_location": True, "marketing": True, "care": True},
                    "points_ledger": [{"delta": 120, "source": "order:K7Q2:earn"}],
                    "coupons": [],
                    "orders": {"orders": [], "service_cases": []},
                    "appointments": [],
                    "check_ins": [],
                    "scans": [],
                    "feedback": {"journey_events": [], "invitations": [], "answers": []},
                }
            ]
        },
    )

    member_id: int
    exported_at: str


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


@router.get("/me/export", response_model=MemberDataExport)
@answers("member_not_found")
def export_my_data(shopper: CurrentShopper, uow: UowDep) -> MemberDataExport:
    """Everything held about you, one section per service (JSON)."""
    data = rights.export(session=uow.session, member_id=shopper.subject, now=utcnow())
    return MemberDataExport(**data)


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
