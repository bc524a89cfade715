"""Pydantic schemas the stores service returns through its client."""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated, Literal
from zoneinfo import available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from services.platform.examples import example_of, examples
from services.platform.inputs import Id, InputModel


class OpeningHoursRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [{"weekday": 0, "opens_at": "10:00:00", "closes_at": "22:00:00"}]
        },
    )

    weekday: int
    opens_at: time
    closes_at: time


class StoreRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra=examples(
            {
                "id": 1,
                "code": "SHA-01",
                "name": "Yunshan Shanghai 1",
                "region_id": 1,
                "city": "Shanghai",
                "address": "268 Huaihai Road, Shanghai",
                "latitude": 31.2196,
                "longitude": 121.4612,
                "timezone": "Asia/Shanghai",
                "status": "open",
                "pickup_enabled": True,
                "pickup_ready_minutes": 60,
                "pickup_hold_days": 5,
                "hours": [example_of(OpeningHoursRead)],
            }
        ),
    )

    id: int
    code: str
    name: str
    region_id: int
    city: str
    address: str
    latitude: float
    longitude: float
    timezone: str
    status: str
    pickup_enabled: bool
    pickup_ready_minutes: int
    pickup_hold_days: int
    hours: list[OpeningHoursRead]


class NearbyStore(StoreRead):
    model_config = ConfigDict(json_schema_extra=examples(example_of(StoreRead, distance_km=1.8)))

    distance_km: float


class RegionArea(InputModel):
    """A region's area: a latitude/longitude box where its stores may stand and its
    members' consented homes lie (stores/areas.py)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples({"south": 24.5, "west": 114.8, "north": 35.2, "east": 122.9}),
    )

    south: Annotated[float, Field(ge=-90, le=90)]
    west: Annotated[float, Field(ge=-180, le=180)]
    north: Annotated[float, Field(ge=-90, le=90)]
    east: Annotated[float, Field(ge=-180, le=180)]

    @model_validator(mode="after")
    def _ordered(self) -> RegionArea:
        if self.south > self.north or self.west > self.east:
            raise ValueError("south must not lie north of north, nor west east of east")
        return self


class RegionRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": 1,
                    "code": "east",
                    "name": "East China",
                    "area": {"south": 24.5, "west": 114.8, "north": 35.2, "east": 122.9},
                }
            ]
        },
    )

    id: int
    code: str
    name: str
    #: None until HQ sets one (then a regional manager may place stores there).
    area: RegionArea | None = None


class GuideRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [{"id": 7, "store_id": 1, "username": "sha-01-g1", "name": "Wang Fang"}]
        },
    )

    id: int
    store_id: int
    username: str
    name: str
    active: bool = True


class GuidePost(BaseModel):
    """Where a guide works: what crediting an order to them is checked against."""

    guide_id: int
    store_id: int
    region_id: int
    active: bool


class CheckInRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": 5012,
                    "store_id": 1,
                    "member_id": 4211,
                    "touchpoint_id": 3,
                    "scan_id": 88210,
                    "checked_in_at": "2026-11-28T06:12:41Z",
                }
            ]
        },
    )

    id: int
    store_id: int
    member_id: int
    touchpoint_id: int | None
    scan_id: int | None
    checked_in_at: datetime


class CheckInResult(BaseModel):
    """The visit a scan belongs to; ``created`` is False when it fell inside an earlier visit."""

    model_config = ConfigDict(
        json_schema_extra=examples({"check_in": example_of(CheckInRead), "created": True})
    )

    check_in: CheckInRead
    created: bool


def _known_timezone(name: str) -> str:
    if name not in available_timezones():
        raise ValueError(f"{name} is not an IANA timezone")
    return name


Timezone = Annotated[str, StringConstraints(max_length=64), AfterValidator(_known_timezone)]
StoreText = Annotated[str, StringConstraints(strip_whitespace=True)]


class OpeningHoursIn(InputModel):
    model_config = ConfigDict(extra="forbid")

    weekday: Annotated[int, Field(ge=0, le=6)]
    opens_at: time
    closes_at: time

    @model_validator(mode="after")
    def _closes_after_opens(self) -> OpeningHoursIn:
        if self.closes_at <= self.opens_at:
            raise ValueError("a store must close after it opens")
        return self


def _one_per_weekday(hours: list[OpeningHoursIn]) -> list[OpeningHoursIn]:
    if len({h.weekday for h in hours}) != len(hours):
        raise ValueError("give each weekday's hours once")
    return hours


WeekHours = Annotated[list[OpeningHoursIn], Field(max_length=7), AfterValidator(_one_per_weekday)]


class StoreCreate(InputModel):
    """A new store; it starts ``planned`` unless opened at once."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples(
            {
                "code": "SHA-07",
                "name": "Yunshan Shanghai 7",
                "region_id": 1,
                "city": "Shanghai",
                "address": "1618 Nanjing West Road, Shanghai",
                "latitude": 31.2253,
                "longitude": 121.4453,
                "timezone": "Asia/Shanghai",
                "status": "planned",
                "pickup_enabled": True,
                "pickup_ready_minutes": 120,
                "pickup_hold_days": 7,
                "hours": [
                    {"weekday": d, "opens_at": "10:00:00", "closes_at": "22:00:00"}
                    for d in range(7)
                ],
            }
        ),
    )

    code: Annotated[StoreText, StringConstraints(min_length=1, max_length=32)]
    name: Annotated[StoreText, StringConstraints(min_length=1, max_length=200)]
    region_id: Id
    city: Annotated[StoreText, StringConstraints(min_length=1, max_length=100)]
    address: Annotated[StoreText, StringConstraints(min_length=1, max_length=300)]
    latitude: Annotated[float, Field(ge=-90, le=90)]
    longitude: Annotated[float, Field(ge=-180, le=180)]
    timezone: Timezone = "Asia/Shanghai"
    status: Literal["planned", "open"] = "planned"
    pickup_enabled: bool = True
    pickup_ready_minutes: Annotated[int, Field(ge=0, le=10080)] = 120
    pickup_hold_days: Annotated[int, Field(ge=1, le=60)] = 7
    hours: WeekHours = []


class StoreUpdate(InputModel):
    """Changes to a store; ``hours`` replaces the whole week; status moves planned -> open
    -> closed."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples({"status": "open", "pickup_ready_minutes": 60}),
    )

    name: Annotated[StoreText, StringConstraints(min_length=1, max_length=200)] | None = None
    region_id: Id | None = None
    city: Annotated[StoreText, StringConstraints(min_length=1, max_length=100)] | None = None
    address: Annotated[StoreText, StringConstraints(min_length=1, max_length=300)] | None = None
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None
    timezone: Timezone | None = None
    status: Literal["planned", "open", "closed"] | None = None
    pickup_enabled: bool | None = None
    pickup_ready_minutes: Annotated[int, Field(ge=0, le=10080)] | None = None
    pickup_hold_days: Annotated[int, Field(ge=1, le=60)] | None = None
    hours: WeekHours | None = None


Password = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class GuideHire(InputModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples(
            {"username": "sha-01-g5", "name": "Zhao Lei", "password": "choose-a-long-one"}
        ),
    )

    username: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{2,63}$")]
    name: Annotated[StoreText, StringConstraints(min_length=1, max_length=100)]
    password: Password


class ManagerCreate(InputModel):
    """A manager account HQ opens: who, their first password and the regions they run."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples(
            {
                "username": "manager-central",
                "name": "Chen Jing",
                "password": "choose-a-long-one",
                "region_ids": [2],
            }
        ),
    )

    username: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{2,63}$")]
    name: Annotated[StoreText, StringConstraints(min_length=1, max_length=100)]
    password: Password
    region_ids: list[Id] = Field(max_length=100)
    hq: bool = Field(default=False, description="sees every region (another HQ account)")


class ManagerRegionsUpdate(InputModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=examples({"region_ids": [2, 3]}))

    region_ids: list[Id] = Field(max_length=100)


class ManagerAccountRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "id": 6,
                "username": "manager-central",
                "name": "Chen Jing",
                "hq": False,
                "active": True,
                "region_ids": [2],
            }
        )
    )

    id: int
    username: str
    name: str
    hq: bool
    active: bool
    region_ids: list[int]


class PasswordReset(InputModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra=examples({"password": "choose-a-long-one"})
    )

    password: Password


class MemberNoteCreate(InputModel):
    """A guide's note about a member, kept by their store only."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples({"body": "Size 43, wide feet; prefers a call after 18:00."}),
    )

    body: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


class MemberNoteRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra=examples(
            {
                "id": 301,
                "store_id": 1,
                "member_id": 4211,
                "guide_id": 7,
                "body": "Size 43, wide feet; prefers a call after 18:00.",
                "created_at": "2026-11-28T06:20:00Z",
            }
        ),
    )

    id: int
    store_id: int
    member_id: int
    guide_id: int
    body: str
    created_at: datetime
