"""Manager login."""

from __future__ import annotations

from fastapi import APIRouter

from services.platform.web.deps import UowDep
from services.platform.web.staff import StaffLogin, TokenRead, token_for
from stores import service as stores

router = APIRouter(tags=["auth"])


@router.post("/auth/login", response_model=TokenRead)
def login(body: StaffLogin, uow: UowDep) -> TokenRead:
    return token_for(
        stores.authenticate_manager(
            session=uow.session, username=body.username, password=body.password
        )
    )
