"""Manager login and logout."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from services.platform.settings import get_settings
from services.platform.web.auth import CurrentManager
from services.platform.web.deps import AsyncRedisDep, PoolDep, UowDep
from services.platform.web.staff import StaffLogin, TokenRead, client_ip, token_for
from stores import staff_auth

router = APIRouter(tags=["auth"])
#: Needs a manager: included under the manager front door's guarded router.
session_router = APIRouter(tags=["auth"])


@router.post("/auth/login", response_model=TokenRead)
async def login(
    body: StaffLogin, request: Request, pool: PoolDep, redis: AsyncRedisDep
) -> TokenRead:
    principal = await staff_auth.log_in(
        pool=pool,
        redis=redis,
        settings=get_settings(),
        role="manager",
        username=body.username,
        password=body.password,
        client_ip=client_ip(request),
    )
    return token_for(principal)


@session_router.post("/auth/logout", status_code=204)
def logout(manager: CurrentManager, uow: UowDep) -> Response:
    """End this manager's sessions, on every device."""
    staff_auth.end_sessions(session=uow.session, role="manager", staff_id=manager.subject)
    uow.commit()
    return Response(status_code=204)
