"""Staff login request and token response, shared by the tablet and manager front doors."""

from __future__ import annotations

from fastapi import Request
from pydantic import BaseModel, Field

from services.platform.auth import Principal, issue_token
from services.platform.settings import get_settings


class StaffLogin(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)


class TokenRead(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


def token_for(principal: Principal) -> TokenRead:
    """A bearer token response for a staff member who has just logged in."""
    settings = get_settings()
    return TokenRead(
        access_token=issue_token(principal, settings), expires_in=settings.jwt_ttl_minutes * 60
    )


def client_ip(request: Request) -> str:
    """The caller's address as the server sees it (behind a proxy, uvicorn's
    ``--forwarded-allow-ips`` decides whether X-Forwarded-For is believed)."""
    return request.client.host if request.client else "unknown"
