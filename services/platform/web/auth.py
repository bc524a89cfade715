"""Auth dependencies: deny by default; each front door asks for its own role."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from services.platform.auth import Principal, Role, verify_token
from services.platform.errors import Forbidden, Unauthorized
from services.platform.settings import get_settings

_bearer = HTTPBearer(auto_error=False)


def _principal_for(role: Role):
    async def dependency(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> Principal:
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise Unauthorized("a bearer token is required", code="token_missing")
        principal = verify_token(credentials.credentials, role, get_settings())
        if role == "guide" and principal.store_id is None:
            raise Forbidden("this token is not bound to a store", code="guide_without_store")
        return principal

    return dependency


shopper_principal = _principal_for("shopper")
guide_principal = _principal_for("guide")
manager_principal = _principal_for("manager")
service_principal = _principal_for("service")


async def optional_shopper(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal | None:
    """A shopper if a token is sent (and it must then be valid); None when anonymous."""
    if credentials is None:
        return None
    if credentials.scheme.lower() != "bearer":
        raise Unauthorized("a bearer token is required", code="token_missing")
    return verify_token(credentials.credentials, "shopper", get_settings())


CurrentShopper = Annotated[Principal, Depends(shopper_principal)]
MaybeShopper = Annotated[Principal | None, Depends(optional_shopper)]
CurrentGuide = Annotated[Principal, Depends(guide_principal)]
CurrentManager = Annotated[Principal, Depends(manager_principal)]
CurrentService = Annotated[Principal, Depends(service_principal)]

#: Router-level guards: every route on a guarded router needs the role,
#: even one that forgets to ask for the principal (deny by default).
RequireShopper = Depends(shopper_principal)
RequireGuide = Depends(guide_principal)
RequireManager = Depends(manager_principal)
