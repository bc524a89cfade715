"""Staff login request and token response, shared by the tablet and manager front doors."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from services.platform.auth import Principal, issue_token
from services.platform.examples import examples
from services.platform.inputs import InputModel
from services.platform.settings import get_settings
from services.platform.web import client_ip
from services.platform.web.answers import answers
from services.platform.web.auth import guide_principal, manager_principal
from services.platform.web.deps import AsyncRedisDep, PoolDep, UowDep


class StaffLogin(InputModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"username": "sha-01-g1", "password": "demo1234"}]}
    )

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)


class PasswordChange(InputModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"current_password": "demo1234", "new_password": "spring-tea-4721"}]
        }
    )

    current_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=200)


class StaffStore(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {"id": 1, "name": "Yunshan Shanghai 1", "timezone": "Asia/Shanghai"}
        )
    )

    id: int
    name: str
    timezone: str


class TokenRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI3In0.sig",
                    "token_type": "bearer",
                    "expires_in": 3600,
                }
            ]
        }
    )

    access_token: str
    token_type: str = "bearer"
    expires_in: int
    #: A guide's store (the tablet's paths take its id); none for managers.
    store: StaffStore | None = None


def token_for(principal: Principal, store: dict[str, Any] | None = None) -> TokenRead:
    """A bearer token response for a staff member who has just logged in."""
    settings = get_settings()
    return TokenRead(
        access_token=issue_token(principal, settings),
        expires_in=settings.jwt_ttl_minutes * 60,
        store=StaffStore.model_validate(store) if store else None,
    )


LogIn = Callable[..., Awaitable[Principal]]
#: The store a principal works at (a guide's: ``{id, name, timezone}``), read by the
#: service that owns stores.
StoreOf = Callable[[Any, Principal], Awaitable[dict[str, Any] | None]]
ChangePassword = Callable[..., Awaitable[Principal]]
EndSessions = Callable[..., int]


def auth_routers(
    role: Literal["guide", "manager"],
    *,
    log_in: LogIn,
    change_password: ChangePassword,
    end_sessions: EndSessions,
    store_of: StoreOf | None = None,
) -> tuple[APIRouter, APIRouter]:
    """A staff front door's ``/auth/login`` (public), ``/auth/password`` and
    ``/auth/logout`` (signed in).

    The use cases come from the service that owns staff (the platform imports none).
    """
    public, signed_in = APIRouter(tags=["auth"]), APIRouter(tags=["auth"])
    current = guide_principal if role == "guide" else manager_principal

    @public.post("/auth/login", response_model=TokenRead)
    @answers("invalid_credentials", "login_locked", "login_busy")
    async def login(
        body: StaffLogin, request: Request, pool: PoolDep, redis: AsyncRedisDep
    ) -> TokenRead:
        """A bearer token; failures are throttled per username and per client IP (429)."""
        principal = await log_in(
            pool=pool,
            redis=redis,
            settings=get_settings(),
            role=role,
            username=body.username,
            password=body.password,
            client_ip=client_ip.of_request(request),
        )
        return token_for(principal, await store_of(pool, principal) if store_of else None)

    @signed_in.post("/auth/password", response_model=TokenRead)
    @answers("wrong_password", "password_too_short", "login_locked")
    async def password(
        body: PasswordChange,
        request: Request,
        pool: PoolDep,
        redis: AsyncRedisDep,
        principal: Principal = Depends(current),
    ) -> TokenRead:
        """Change one's own password: every other session ends; this one gets a new token."""
        changed = await change_password(
            pool=pool,
            redis=redis,
            settings=get_settings(),
            principal=principal,
            current_password=body.current_password,
            new_password=body.new_password,
            client_ip=client_ip.of_request(request),
        )
        return token_for(changed, await store_of(pool, changed) if store_of else None)

    # Not ``Annotated[..., Depends(current)]``: with postponed annotations FastAPI would
    # look ``current`` up in the module, where this closure's variable does not exist.
    @signed_in.post("/auth/logout", status_code=204)
    def logout(uow: UowDep, principal: Principal = Depends(current)) -> Response:
        """End this person's sessions on every device; their tokens stop working at once."""
        end_sessions(session=uow.session, role=role, staff_id=principal.subject)
        uow.commit()
        return Response(status_code=204)

    return public, signed_in
