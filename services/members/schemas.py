"""Member schemas: reads, the allow-listed profile update, consent, points, login."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.platform.inputs import InputModel


class MemberRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str | None
    phone: str | None
    birthday: date | None
    home_city: str | None
    joined_at: datetime
    points: int


class MemberProfile(MemberRead):
    """What the member sees of themselves, location and preferences included."""

    home_latitude: float | None
    home_longitude: float | None
    location_consent_at: datetime | None
    care_opt_out: bool


class MemberUpdate(InputModel):
    """The only fields a member may change; anything else (points, openid...) is refused."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=100)
    phone: str | None = Field(default=None, pattern=r"^\+?[0-9]{6,15}$")
    birthday: date | None = None
    care_opt_out: bool | None = None

    @model_validator(mode="after")
    def _birthday_in_the_past(self) -> MemberUpdate:
        if self.birthday is not None and not date(1900, 1, 1) <= self.birthday <= date.today():
            raise ValueError("birthday must be a real date in the past")
        return self


class LocationConsent(InputModel):
    """Consent to keep a home location: coordinates, or an address to geocode."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    address: str | None = Field(default=None, min_length=3, max_length=300)
    city: str | None = Field(default=None, max_length=100)

    @model_validator(mode="after")
    def _one_way(self) -> LocationConsent:
        has_point = self.latitude is not None or self.longitude is not None
        if has_point and (self.latitude is None or self.longitude is None):
            raise ValueError("give both latitude and longitude")
        if has_point == (self.address is not None):
            raise ValueError("give either latitude and longitude, or an address")
        return self


class PointsEntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    member_id: int
    delta: int
    source: str
    reason: str
    balance_after: int
    created_at: datetime
    replayed: bool = False


class LoginRequest(InputModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=128)
    device_id: str | None = Field(default=None, min_length=8, max_length=64, pattern=r"^[\w.-]+$")


class LoginRead(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    member: MemberRead
    created: bool
    scans_joined: int = 0


class HistoryItem(BaseModel):
    """One thing the member did in any channel."""

    kind: str
    at: datetime
    store_id: int | None = None
    touchpoint_id: int | None = None
    details: dict[str, Any] = Field(default_factory=dict)
