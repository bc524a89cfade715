"""Pydantic schemas the stores service returns through its client."""

from __future__ import annotations

from datetime import datetime, time

from pydantic import BaseModel, ConfigDict


class OpeningHoursRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    weekday: int
    opens_at: time
    closes_at: time


class StoreRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

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
    distance_km: float


class RegionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    name: str


class GuideRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    store_id: int
    username: str
    name: str


class GuidePost(BaseModel):
    """Where a guide works: what crediting an order to them is checked against."""

    guide_id: int
    store_id: int
    region_id: int
    active: bool


class CheckInRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    store_id: int
    member_id: int
    touchpoint_id: int | None
    scan_id: int | None
    checked_in_at: datetime


class CheckInResult(BaseModel):
    """The visit a scan belongs to; ``created`` is False when it fell inside an earlier visit."""

    check_in: CheckInRead
    created: bool
