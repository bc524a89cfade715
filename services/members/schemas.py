"""Member schemas: reads, the allow-listed profile update, consent, points, login."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.platform.examples import example_of, examples
from services.platform.inputs import InputModel


class MemberRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": 4211,
                    "name": "Chen Jing",
                    "phone": "+8613800138000",
                    "birthday": "1992-05-17",
                    "home_city": "Shanghai",
                    "joined_at": "2026-03-02T09:15:00Z",
                    "points": 120,
                }
            ]
        },
    )

    id: int
    name: str | None
    phone: str | None
    birthday: date | None
    home_city: str | None
    joined_at: datetime
    points: int


class MemberProfile(MemberRead):
    """What the member sees of themselves, location and preferences included."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra=examples(
            example_of(
                MemberRead,
                home_latitude=31.2196,
                home_longitude=121.4612,
                location_consent_at="2026-03-02T09:16:00Z",
                care_opt_out=False,
            )
        ),
    )

    home_latitude: float | None
    home_longitude: float | None
    location_consent_at: datetime | None
    care_opt_out: bool


class MemberUpdate(InputModel):
    """The only fields a member may change; anything else (points, openid...) is refused."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [{"name": "Chen Jing", "phone": "+8613800138000", "birthday": "1992-05-17"}]
        },
    )

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

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [{"latitude": 31.2196, "longitude": 121.4612, "city": "Shanghai"}]
        },
    )

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
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": 9001,
                    "member_id": 4211,
                    "delta": 10,
                    "source": "check_in:5012",
                    "reason": "store visit",
                    "balance_after": 120,
                    "created_at": "2026-11-28T06:12:41Z",
                    "replayed": False,
                }
            ]
        },
    )

    id: int
    member_id: int
    delta: int
    source: str
    reason: str
    balance_after: int
    created_at: datetime
    replayed: bool = False


class LoginRequest(InputModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"code": "demo-shopper", "device_id": "wx-device-8f3a2c1d"}]
        },
    )

    code: str = Field(min_length=1, max_length=128)
    device_id: str | None = Field(default=None, min_length=8, max_length=64, pattern=r"^[\w.-]+$")


class LoginRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MjExIn0.sig",
                "token_type": "bearer",
                "expires_in": 3600,
                "member": example_of(MemberRead),
                "created": False,
                "scans_joined": 0,
            }
        )
    )

    access_token: str
    token_type: str = "bearer"
    expires_in: int
    member: MemberRead
    created: bool
    scans_joined: int = 0


class HistoryItem(BaseModel):
    """One thing the member did in any channel."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "order",
                    "at": "2026-11-28T06:12:41Z",
                    "store_id": 1,
                    "touchpoint_id": None,
                    "details": {
                        "number": "Oq3Zk7xPa2Lm",
                        "status": "picked_up",
                        "total_fen": 129900,
                    },
                }
            ]
        }
    )

    kind: str
    at: datetime
    store_id: int | None = None
    touchpoint_id: int | None = None
    details: dict[str, Any] = Field(default_factory=dict)
