"""Staff login request and token response, shared by the tablet and manager front doors."""

from __future__ import annotations

from pydantic import BaseModel, Field


class StaffLogin(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)


class TokenRead(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
