"""Touchpoint, scan and attribution schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.platform.examples import example_of, examples
from services.platform.inputs import Id, InputModel

Kind = Literal["store_entrance", "shelf", "guide_card", "poster", "package", "campaign"]
Action = Literal["check_in", "login_to_check_in", "product", "guide", "campaign"]


class TouchpointCreate(InputModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {"kind": "shelf", "name": "SHA-01 jackets wall", "store_id": 1, "product_id": 1}
            ]
        },
    )

    kind: Kind
    name: str = Field(min_length=1, max_length=200)
    store_id: Id | None = None
    guide_id: Id | None = None
    product_id: Id | None = None
    region_id: Id | None = Field(default=None, description="needed when there is no store")
    campaign_code: str | None = Field(default=None, max_length=64, pattern=r"^[\w.-]+$")
    landing_path: str | None = Field(default=None, max_length=300)


class TouchpointUpdate(InputModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"name": "SHA-01 jackets wall (winter)", "active": True}]},
    )

    name: str | None = Field(default=None, min_length=1, max_length=200)
    active: bool | None = None
    campaign_code: str | None = Field(default=None, max_length=64, pattern=r"^[\w.-]+$")
    landing_path: str | None = Field(default=None, max_length=300)


class TouchpointRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": 3,
                    "kind": "store_entrance",
                    "name": "SHA-01 entrance",
                    "region_id": 1,
                    "store_id": 1,
                    "guide_id": None,
                    "product_id": None,
                    "campaign_code": None,
                    "landing_path": None,
                    "active": True,
                    "token_version": 1,
                    "scene": "t3v1Jm5fQ0xvR1d2",
                    "created_at": "2026-11-01T02:00:00Z",
                }
            ]
        },
    )

    id: int
    kind: Kind
    name: str
    region_id: int
    store_id: int | None
    guide_id: int | None
    product_id: int | None
    campaign_code: str | None
    landing_path: str | None
    active: bool
    token_version: int
    scene: str
    created_at: datetime


class TouchpointCodes(TouchpointRead):
    """A touchpoint with what gets printed: the signed token, its link and the scene."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            example_of(
                TouchpointRead,
                token="t1.k1.3.1.Jm5fQ0xvR1d2cHlUZk9w",
                link="https://m.example.cn/t/t1.k1.3.1.Jm5fQ0xvR1d2cHlUZk9w",
            )
        )
    )

    token: str
    link: str


class ScanCreate(InputModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "token": "t1.k1.3.1.Jm5fQ0xvR1d2cHlUZk9w",
                    "device_id": "wx-device-8f3a2c1d",
                    "latitude": 31.2196,
                    "longitude": 121.4612,
                }
            ]
        },
    )

    token: str | None = Field(default=None, min_length=1, max_length=120)
    scene: str | None = Field(default=None, min_length=1, max_length=64)
    device_id: str = Field(min_length=8, max_length=64, pattern=r"^[\w.-]+$")
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)

    @model_validator(mode="after")
    def _one_code(self) -> ScanCreate:
        if (self.token is None) == (self.scene is None):
            raise ValueError("send either token or scene")
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("send both latitude and longitude, or neither")
        return self


class ScanRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    touchpoint_id: int
    member_id: int | None
    device_id: str | None
    via: str
    action: str
    scanned_at: datetime


class ScanResult(BaseModel):
    """What the mini-program should do after a scan."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "scan_id": 88210,
                    "touchpoint_id": 3,
                    "kind": "store_entrance",
                    "action": "check_in",
                    "store": {"id": 1, "code": "SHA-01", "name": "Yunshan Shanghai 1"},
                    "check_in": {"id": 5012, "created": True},
                    "points_awarded": 10,
                }
            ]
        }
    )

    scan_id: int
    touchpoint_id: int
    kind: Kind
    action: Action
    store: dict[str, Any] | None = None
    check_in: dict[str, Any] | None = None
    points_awarded: int = 0
    product: dict[str, Any] | None = None
    availability: dict[str, Any] | None = None
    guide: dict[str, Any] | None = None
    booking: dict[str, Any] | None = None
    campaign: dict[str, Any] | None = None


class Attribution(BaseModel):
    """The touchpoint credited with something a member did (last touch in the window)."""

    touchpoint_id: int
    scan_id: int
    kind: Kind
    store_id: int | None
    guide_id: int | None
    scanned_at: datetime


class TouchEvent(BaseModel):
    """Something a member did at a time (an order, a check-in) to credit to a touchpoint."""

    member_id: int
    at: datetime


class TouchpointPerformance(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "touchpoint_id": 3,
                    "kind": "store_entrance",
                    "name": "SHA-01 entrance",
                    "store_id": 1,
                    "scans": 1840,
                    "scanning_members": 912,
                    "check_ins": 1205,
                    "orders": 86,
                }
            ]
        }
    )

    touchpoint_id: int
    kind: Kind
    name: str
    store_id: int | None
    scans: int
    scanning_members: int
    check_ins: int
    orders: int


class ShareLink(BaseModel):
    """What a guide sends a shopper: orders placed with ``token`` credit the guide."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "guide_id": 7,
                "token": "s1.k1.7.1767225600.Q2hlbkppbmdTaGFyZQ",
                "path": "pages/shop/index?share=s1.k1.7.1767225600.Q2hlbkppbmdTaGFyZQ",
                "expires_at": "2026-12-01T00:00:00Z",
            }
        )
    )

    guide_id: int
    token: str
    path: str = Field(description="the mini-program page to open, carrying the token")
    expires_at: datetime
