"""The signed-in shopper's own account."""

from __future__ import annotations

from fastapi import APIRouter

from services.members import service as members
from services.members.schemas import MemberRead
from services.platform.web.auth import CurrentShopper
from services.platform.web.deps import UowDep

router = APIRouter(tags=["members"])


@router.get("/me", response_model=MemberRead)
def me(shopper: CurrentShopper, uow: UowDep) -> MemberRead:
    return members.get_member(session=uow.session, member_id=shopper.subject)
