"""Manager login."""

from __future__ import annotations

from fastapi import APIRouter

from services.platform.auth import issue_token
from services.platform.settings import get_settings
from services.platform.web.deps import UowDep
from services.platform.web.staff import StaffLogin, TokenRead
from stores import service as stores

router = APIRouter(tags=["auth"])


@router.post("/auth/login", response_model=TokenRead)
def login(body: StaffLogin, uow: UowDep) -> TokenRead:
    principal = stores.authenticate_manager(
        session=uow.session, username=body.username, password=body.password
    )
    settings = get_settings()
    return TokenRead(
        access_token=issue_token(principal, settings), expires_in=settings.jwt_ttl_minutes * 60
    )
