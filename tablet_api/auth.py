"""Guide login and logout."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from services.platform.settings import get_settings
from services.platform.web.auth import CurrentGuide
from services.platform.web.deps import AsyncRedisDep, PoolDep, UowDep
from services.platform.web.staff import StaffLogin, TokenRead, client_ip, token_for
from stores import staff_auth

router = APIRouter(tags=["auth"])
#: Needs a guide: included under the tablet's guarded router.
session_router = APIRouter(tags=["auth"])


@router.post("/auth/login", response_model=TokenRead)
async def login(
    body: StaffLogin, request: Request, pool: PoolDep, redis: AsyncRedisDep
) -> TokenRead:
    principal = await staff_auth.log_in(
        pool=pool,
        redis=redis,
        settings=get_settings(),
        role="guide",
        username=body.username,
        password=body.password,
        client_ip=client_ip(request),
    )
    return token_for(principal)


@session_router.post("/auth/logout", status_code=204)
def logout(guide: CurrentGuide, uow: UowDep) -> Response:
    """End this guide's sessions (every device: the tablet is shared, the token is not)."""
    staff_auth.end_sessions(session=uow.session, role="guide", staff_id=guide.subject)
    uow.commit()
    return Response(status_code=204)
