"""Campaigns as the manager API takes and shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.platform.examples import example_of, examples
from services.platform.inputs import Id, InputModel

TargetChannel = Literal["delivery", "mini_program", "appointments"]
Audience = Literal["near_store", "nearest_changes", "single_channel"]
Arm = Literal["treated", "control"]


class CampaignCreate(InputModel):
    """A target (a store, or a channel in a region), an audience, a control share, a message."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra=examples(
            {
                "name": "Welcome to Yunshan Hangzhou 2",
                "store_id": 4,
                "audience": "nearest_changes",
                "radius_km": 5.0,
                "control_percent": 20,
                "seed": 7,
                "message": "Our new Hangzhou store is now the closest to you: come and see us!",
                "coupon_id": 1,
            }
        ),
    )

    name: str = Field(min_length=1, max_length=200)
    store_id: Id | None = Field(default=None, description="target store (planned or open)")
    channel: TargetChannel | None = Field(default=None, description="or a target channel")
    region_id: Id | None = Field(default=None, description="the region of a channel campaign")
    audience: Audience
    radius_km: float = Field(
        default=3.0,
        gt=0,
        le=50,
        description="near_store: the catchment; nearest_changes: how far from the store to look",
    )
    control_percent: int = Field(default=10, ge=0, le=90, description="held back, never messaged")
    seed: int = Field(default=1, ge=0, le=2**31 - 1, description="same seed, same control group")
    message: str = Field(min_length=1, max_length=200)
    coupon_id: Id | None = Field(
        default=None, description="a coupon definition: one single-use coupon per treated member"
    )

    @model_validator(mode="after")
    def _one_target(self) -> CampaignCreate:
        if (self.store_id is None) == (self.channel is None):
            raise ValueError("name either store_id or channel as the target")
        if self.channel is not None and self.region_id is None:
            raise ValueError("a channel campaign names its region_id")
        return self


class CampaignRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra=examples(
            {
                "id": 1,
                "name": "Welcome to Yunshan Hangzhou 2",
                "region_id": 1,
                "target": "store",
                "store_id": 4,
                "channel": None,
                "audience": "nearest_changes",
                "radius_km": 5.0,
                "control_percent": 20,
                "seed": 7,
                "message": "Our new Hangzhou store is now the closest to you: come and see us!",
                "touchpoint_id": 12,
                "coupon_id": 1,
                "status": "sent",
                "treated": 412,
                "control": 98,
                "sent": 412,
                "link": "https://example.invalid/t/AbC",
                "created_at": "2026-11-20T09:00:00Z",
                "launched_at": "2026-11-20T09:05:00Z",
                "sent_at": "2026-11-20T09:06:00Z",
            }
        ),
    )

    id: int
    name: str
    region_id: int
    target: Literal["store", "channel"]
    store_id: int | None
    channel: str | None
    audience: str
    radius_km: float | None
    control_percent: int
    seed: int
    message: str
    touchpoint_id: int
    coupon_id: int | None
    status: Literal["ready", "sending", "sent"]
    treated: int
    control: int
    sent: int
    link: str = Field(description="what the campaign's QR code holds")
    created_at: datetime
    launched_at: datetime | None
    sent_at: datetime | None


class ArmResults(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "arm": "treated",
                "members": 412,
                "converted": 61,
                "conversion": 0.148,
                "check_ins": 70,
                "orders": 33,
                "appointments": 9,
                "through_touchpoint": 25,
                "coupons_redeemed": 18,
            }
        )
    )

    arm: Arm
    members: int
    converted: int = Field(description="members with a check-in, order or appointment at target")
    conversion: float
    check_ins: int
    orders: int
    appointments: int
    through_touchpoint: int = Field(description="orders and check-ins via the campaign's code")
    coupons_redeemed: int


class UpliftRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "difference": 0.087,
                "low": 0.031,
                "high": 0.143,
                "confidence": 0.95,
                "treated_rate": 0.148,
                "control_rate": 0.061,
            }
        )
    )

    difference: float = Field(description="treated minus control conversion")
    low: float
    high: float
    confidence: float
    treated_rate: float
    control_rate: float


class CampaignResults(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "campaign_id": 1,
                "since": "2026-11-20T09:05:00Z",
                "arms": [
                    example_of(ArmResults),
                    example_of(
                        ArmResults,
                        arm="control",
                        members=98,
                        converted=6,
                        conversion=0.061,
                        check_ins=7,
                        orders=3,
                        appointments=1,
                        through_touchpoint=0,
                        coupons_redeemed=0,
                    ),
                ],
                "uplift": example_of(UpliftRead),
            }
        )
    )

    campaign_id: int
    since: datetime | None = Field(description="launch time; nothing counts before it")
    arms: list[ArmResults]
    uplift: UpliftRead | None = Field(description="None until both arms have members")
