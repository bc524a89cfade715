"""Auth dependencies: deny by default; each front door asks for its own role."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from services.platform import deleted_accounts, sessions
from services.platform.adb import Pool
from services.platform.auth import STAFF_ROLES, Principal, Role, verify_token
from services.platform.errors import Forbidden, Unauthorized
from services.platform.settings import get_settings
from services.platform.web.answers import TOKEN_CODES, anonymous_allowed, answers

#: One bearer scheme per role, so the docs' "Authorize" dialog names whose token goes where.
#: Their names are what OpenAPI documents and generated clients refer to.
BEARER_SCHEMES: dict[Role, HTTPBearer] = {
    "shopper": HTTPBearer(
        auto_error=False,
        scheme_name="ShopperToken",
        description="A shopper token from `POST /mp/v1/auth/login` (in development any "
        "`code`, e.g. `demo-shopper`, logs in a demo member).",
    ),
    "guide": HTTPBearer(
        auto_error=False,
        scheme_name="GuideToken",
        description="A guide token from `POST /tablet/v1/auth/login` (demo guide `sha-01-g1`, "
        "password `demo1234`); bound to the guide's store.",
    ),
    "manager": HTTPBearer(
        auto_error=False,
        scheme_name="ManagerToken",
        description="A manager token from `POST /manager/v1/auth/login` (demo `hq` or "
        "`manager-east`, password `demo1234`); scoped to the manager's regions.",
    ),
    "service": HTTPBearer(
        auto_error=False,
        scheme_name="ServiceToken",
        description="A token for another backend service (issued by operations).",
    ),
}


#: ``(pool, role, staff id) -> current session version or None``; the app's composition
#: root puts the owning service's loader on ``app.state`` (the platform imports no service).
SessionVersionLoader = Callable[[Pool, str, int], Awaitable[int | None]]


async def _check_staff_session(request: Request, principal: Principal) -> None:
    """Refuse a staff token whose session has ended (logout, revocation, deactivation).

    Runs on every staff request, whether or not ``verify_token`` remembered the
    token, so the verified-token cache never outlives a revocation.
    """
    state = request.app.state
    load: SessionVersionLoader = state.staff_session_version
    settings = get_settings()
    current = await sessions.current_version(
        state.redis,
        role=principal.role,
        subject=principal.subject,
        load=lambda: load(state.db_pool, principal.role, principal.subject),
        ttl_seconds=settings.staff_session_cache_seconds,
    )
    if current == sessions.NO_SESSION or principal.session_version != current:
        raise Unauthorized("this session has ended; log in again", code="session_ended")


async def _check_shopper(request: Request, principal: Principal) -> None:
    """Refuse the token of a member who deleted their account (from the process's copy,
    at most ``O2O_SHOPPER_DELETION_CHECK_SECONDS`` old: ``deleted_accounts``)."""
    every = get_settings().shopper_deletion_check_seconds
    if await deleted_accounts.shopper_ended(
        request.app.state.redis, principal.subject, every=every
    ):
        raise Unauthorized("this account was deleted", code="account_deleted")


def _codes(role: Role) -> tuple[str, ...]:
    extra: tuple[str, ...] = ("guide_without_store",) if role == "guide" else ()
    if role in STAFF_ROLES:
        extra = (*extra, "session_ended")
    if role == "shopper":
        extra = (*extra, "account_deleted")
    return (*TOKEN_CODES, *extra)


async def _checked(
    request: Request, credentials: HTTPAuthorizationCredentials | None, role: Role
) -> Principal:
    """Every check a role's token passes (one place: ``_principal_for``, ``shopper_in_one``)."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("a bearer token is required", code="token_missing")
    principal = verify_token(credentials.credentials, role, get_settings())
    if role == "guide" and principal.store_id is None:
        raise Forbidden("this token is not bound to a store", code="guide_without_store")
    if role in STAFF_ROLES:
        await _check_staff_session(request, principal)
    if role == "shopper":
        await _check_shopper(request, principal)
    return principal


def _principal_for(role: Role):
    @answers(*_codes(role))
    async def dependency(
        request: Request,
        # A default, not an Annotated alias: the scheme depends on this closure's role.
        credentials: HTTPAuthorizationCredentials | None = Depends(BEARER_SCHEMES[role]),
    ) -> Principal:
        return await _checked(request, credentials, role)

    return dependency


shopper_principal = _principal_for("shopper")
guide_principal = _principal_for("guide")
manager_principal = _principal_for("manager")
service_principal = _principal_for("service")


@answers(*_codes("shopper"))
async def shopper_in_one(request: Request) -> Principal:
    """``shopper_principal`` as one dependency node: the same scheme object reads the header
    and the same checks follow (``_checked``), without the scheme's own node. FastAPI
    solves each node per request (~0.1 ms for the scheme, the principal and the route's
    guard: bench/recommendations.py); the busiest route uses this and declares the scheme
    in its document itself (``SHOPPER_SECURITY``)."""
    return await _checked(request, await BEARER_SCHEMES["shopper"](request), "shopper")


#: The OpenAPI ``security`` of a route guarded by ``shopper_in_one`` (its ``openapi_extra``):
#: what FastAPI writes for a route that depends on the scheme.
SHOPPER_SECURITY: dict[str, Any] = {"security": [{"ShopperToken": []}]}


@anonymous_allowed
@answers(*TOKEN_CODES[1:], "account_deleted")
async def optional_shopper(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER_SCHEMES["shopper"])],
) -> Principal | None:
    """A shopper if a token is sent (and it must then be valid); None when anonymous."""
    if credentials is None:
        return None
    if credentials.scheme.lower() != "bearer":
        raise Unauthorized("a bearer token is required", code="token_missing")
    principal = verify_token(credentials.credentials, "shopper", get_settings())
    await _check_shopper(request, principal)
    return principal


CurrentShopper = Annotated[Principal, Depends(shopper_principal)]
#: The busiest route's shopper (``shopper_in_one``); guard its router with ``RequireShopperInOne``.
ShopperInOne = Annotated[Principal, Depends(shopper_in_one)]
MaybeShopper = Annotated[Principal | None, Depends(optional_shopper)]
CurrentGuide = Annotated[Principal, Depends(guide_principal)]
CurrentManager = Annotated[Principal, Depends(manager_principal)]
CurrentService = Annotated[Principal, Depends(service_principal)]

#: Router-level guards: every route on a guarded router needs the role,
#: even one that forgets to ask for the principal (deny by default).
RequireShopper = Depends(shopper_principal)
RequireShopperInOne = Depends(shopper_in_one)
RequireGuide = Depends(guide_principal)
RequireManager = Depends(manager_principal)
