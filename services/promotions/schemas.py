"""Coupon definitions, issuing, and the member's wallet as the API shows them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from orders.schemas import Channel
from services.platform.examples import example_of, examples
from services.platform.inputs import BodyBigId, Id, InputModel

Kind = Literal["amount_off", "percent_off"]
Fen = Annotated[int, Field(ge=1, le=100_000_000)]
Category = Annotated[str, StringConstraints(min_length=1, max_length=64, strip_whitespace=True)]
_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
_LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def _sane(value: datetime) -> datetime:
    # Far-off years overflow when shifted to UTC; a coupon window lives in this era.
    if not _EARLIEST <= value < _LATEST:
        raise ValueError("must be between the years 2000 and 2199")
    return value


When = Annotated[AwareDatetime, AfterValidator(_sane)]


class CouponCreate(InputModel):
    """A coupon: amount off, or percent off with an optional cap; empty scopes mean any."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra=examples(
            {
                "name": "Winter jackets 15% off (up to 60 yuan)",
                "kind": "percent_off",
                "percent_off": 15,
                "max_off_fen": 6000,
                "min_spend_fen": 20000,
                "valid_from": "2026-12-01T00:00:00+08:00",
                "valid_until": "2027-01-01T00:00:00+08:00",
                "channels": ["mini_program", "qr"],
                "region_ids": [1],
                "store_ids": [],
                "sku_ids": [],
                "categories": ["jackets"],
            }
        ),
    )

    name: str = Field(min_length=1, max_length=100)
    kind: Kind
    amount_off_fen: Fen | None = None
    percent_off: int | None = Field(default=None, ge=1, le=100)
    max_off_fen: Fen | None = Field(default=None, description="cap on a percentage off")
    min_spend_fen: int = Field(default=0, ge=0, le=100_000_000)
    valid_from: When
    valid_until: When
    channels: list[Channel] = Field(default_factory=list, max_length=5)
    region_ids: list[Id] = Field(default_factory=list, max_length=100)
    store_ids: list[Id] = Field(default_factory=list, max_length=500)
    sku_ids: list[Id] = Field(default_factory=list, max_length=500)
    categories: list[Category] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _consistent(self) -> CouponCreate:
        if self.kind == "amount_off" and (self.amount_off_fen is None or self.percent_off):
            raise ValueError("an amount_off coupon needs amount_off_fen and no percent_off")
        if self.kind == "percent_off" and (self.percent_off is None or self.amount_off_fen):
            raise ValueError("a percent_off coupon needs percent_off and no amount_off_fen")
        if self.valid_until <= self.valid_from:
            raise ValueError("valid_until must be after valid_from")
        return self


class CouponRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra=examples(
            {
                "id": 7,
                **example_of(CouponCreate),
                "valid_from": "2026-11-30T16:00:00Z",
                "valid_until": "2026-12-31T16:00:00Z",
                "amount_off_fen": None,
                "currency": "CNY",
                "created_at": "2026-11-29T08:00:00Z",
            }
        ),
    )

    id: int
    name: str
    kind: Kind
    amount_off_fen: int | None
    percent_off: int | None
    max_off_fen: int | None
    min_spend_fen: int
    currency: str
    valid_from: datetime
    valid_until: datetime
    channels: list[str]
    region_ids: list[int]
    store_ids: list[int]
    sku_ids: list[int]
    categories: list[str]
    created_at: datetime


class MemberSegment(InputModel):
    """Members picked by what the members service knows; every field narrows, none = all."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra=examples({"home_city": "Shanghai", "joined_since": None}),
    )

    home_city: str | None = Field(default=None, min_length=1, max_length=100)
    joined_since: When | None = None
    birthday_month: int | None = Field(default=None, ge=1, le=12)


class CouponIssue(InputModel):
    """Give the coupon to these members, or to a segment: one of the two."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra=examples({"member_ids": [1, 2, 3], "segment": None})
    )

    member_ids: list[BodyBigId] | None = Field(default=None, min_length=1, max_length=10_000)
    segment: MemberSegment | None = None

    @model_validator(mode="after")
    def _one_audience(self) -> CouponIssue:
        if (self.member_ids is None) == (self.segment is None):
            raise ValueError("send either member_ids or segment")
        return self


class IssueResult(BaseModel):
    """How many members got the coupon now, and how many already held it."""

    model_config = ConfigDict(
        json_schema_extra=examples({"coupon_id": 7, "issued": 2, "already_held": 1})
    )

    coupon_id: int
    issued: int
    already_held: int


WalletState = Literal["usable", "upcoming", "redeemed", "expired"]


class WalletCoupon(BaseModel):
    """One coupon in the member's wallet; ``id`` is what checkout takes as ``coupon_id``."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "id": 41,
                "state": "usable",
                "order_number": None,
                "issued_at": "2026-11-29T08:05:00Z",
                "redeemed_at": None,
                "coupon": example_of(CouponRead),
            }
        )
    )

    id: int
    state: WalletState
    order_number: str | None
    issued_at: datetime
    redeemed_at: datetime | None
    coupon: CouponRead
