"""Catalog schemas: one price and description for every channel."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from services.platform.examples import example_of, examples
from services.platform.inputs import Id, InputModel


class SkuRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": 101,
                    "code": "P0001-00",
                    "variant": "Black / M",
                    "price_fen": 129900,
                    "currency": "CNY",
                    "active": True,
                }
            ]
        },
    )

    id: int
    code: str
    variant: str
    price_fen: int
    currency: str
    purchase_limit: int | None = None
    active: bool


class ProductRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra=examples(
            {
                "id": 1,
                "code": "P0001",
                "name": "Storm Shell Pro",
                "description": "Three-layer waterproof shell for city rain and mountain wind.",
                "category": "jackets",
                "image_urls": ["https://cdn.example.com/p/P0001/front.jpg"],
                "skus": [example_of(SkuRead)],
            }
        ),
    )

    id: int
    code: str
    name: str
    description: str
    category: str
    #: Pictures by URL, in display order.
    image_urls: list[str] = []
    skus: list[SkuRead]


class CartLine(InputModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"sku_id": 101, "quantity": 1}]})

    sku_id: Id
    quantity: int = Field(gt=0, le=99)


StockLevel = Literal["in_stock", "low", "out_of_stock"]


class AvailabilityQuery(InputModel):
    """Where can this cart be had, near a point."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "lines": [{"sku_id": 101, "quantity": 1}],
                    "lat": 31.2304,
                    "lon": 121.4737,
                    "radius_km": 20.0,
                    "limit": 10,
                }
            ]
        }
    )

    lines: list[CartLine] = Field(min_length=1, max_length=50)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    radius_km: float = Field(default=20.0, gt=0, le=1000)
    limit: int = Field(default=10, ge=1, le=50)


class LineAvailability(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"sku_id": 101, "requested": 1, "available": 7, "level": "in_stock"}]
        }
    )

    sku_id: int
    requested: int
    level: StockLevel
    available: int | None = Field(
        description="units free now: exact for staff; for shoppers only when the level is low"
    )


class PickupOption(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "store_id": 1,
                "store_code": "SHA-01",
                "store_name": "Yunshan Shanghai 1",
                "address": "268 Huaihai Road, Shanghai",
                "distance_km": 1.8,
                "complete": True,
                "ready_at": "2026-11-28T07:12:41Z",
                "lines": [example_of(LineAvailability)],
            }
        )
    )

    store_id: int
    store_code: str
    store_name: str
    address: str
    distance_km: float
    complete: bool
    ready_at: datetime | None
    lines: list[LineAvailability]


class SkuStockHere(BaseModel):
    """A SKU at the guide's store (exact counts) and the nearest stores with some free."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "sku_id": 101,
                "store_id": 1,
                "on_hand": 3,
                "reserved": 3,
                "available": 0,
                "level": "out_of_stock",
                "elsewhere": [example_of(PickupOption, store_id=2, store_code="SHA-02")],
            }
        )
    )

    sku_id: int
    store_id: int
    on_hand: int
    reserved: int
    available: int
    level: StockLevel
    elsewhere: list[PickupOption]


class DeliveryOption(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "available": True,
                "location_code": "WH-ONLINE",
                "lines": [example_of(LineAvailability, available=240)],
            }
        )
    )

    available: bool
    location_code: str | None
    lines: list[LineAvailability]


class Availability(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {"pickup": [example_of(PickupOption)], "delivery": example_of(DeliveryOption)}
        )
    )

    pickup: list[PickupOption]
    delivery: DeliveryOption


class ReservationLineRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    sku_id: int
    quantity: int


class ReservationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    reference: str
    location_id: int
    status: str
    reserved_until: datetime
    lines: list[ReservationLineRead]


class SkuSnapshot(BaseModel):
    """What an order line copies at the time of sale."""

    sku_id: int
    product_name: str
    variant: str
    price_fen: int
    currency: str
    purchase_limit: int | None = None
    category: str = Field(description="the product's category (coupons scope by it)")


class MovementRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra=examples(
            {
                "id": 90412,
                "location_id": 2,
                "sku_id": 101,
                "quantity": -1,
                "kind": "adjustment",
                "reason": "damaged",
                "source_type": "manual",
                "source_id": "guide-7",
                "staff_role": "guide",
                "staff_id": 7,
                "created_at": "2026-11-28T06:12:41Z",
            }
        ),
    )

    id: int
    location_id: int
    sku_id: int
    quantity: int
    kind: str
    reason: str | None
    source_type: str
    source_id: str
    staff_role: str | None
    staff_id: int | None
    created_at: datetime


class StockLine(InputModel):
    model_config = ConfigDict(json_schema_extra=examples({"sku_id": 101, "quantity": 12}))

    sku_id: Id
    quantity: int = Field(gt=0, le=100_000)


class ReceiptCreate(InputModel):
    """A delivery as the note lists it; the note's number makes a repeat apply nothing."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "delivery_note": "DN-20261128-0042",
                "lines": [example_of(StockLine), example_of(StockLine, sku_id=102, quantity=6)],
            }
        )
    )

    delivery_note: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._/-]+$")
    lines: list[StockLine] = Field(min_length=1, max_length=500)


class ReceiptRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "location_id": 2,
                **example_of(ReceiptCreate),
                "applied": True,
                "received_at": "2026-11-28T06:12:41Z",
            }
        )
    )

    location_id: int
    delivery_note: str
    lines: list[StockLine]
    #: False when this note had already been received (nothing changed this time).
    applied: bool
    received_at: datetime


AdjustmentReason = Literal["damaged", "lost", "found", "count_correction"]


class AdjustmentCreate(InputModel):
    model_config = ConfigDict(
        json_schema_extra=examples({"sku_id": 101, "quantity": -2, "reason": "damaged"})
    )

    sku_id: Id
    #: Signed units: negative for damaged or lost goods, positive for found ones.
    quantity: int = Field(ge=-100_000, le=100_000)
    reason: AdjustmentReason


class CountedLine(InputModel):
    model_config = ConfigDict(json_schema_extra=examples({"sku_id": 101, "counted": 9}))

    sku_id: Id
    counted: int = Field(ge=0, le=1_000_000)


class CountCreate(InputModel):
    """Quantities counted on a shelf or across a category; the differences become
    ``count_correction`` adjustments. With ``category`` the count covers the whole category
    here: its SKUs on hand but not listed were not found, so they count as zero."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "count_id": "CNT-SHA-01-20261128",
                "lines": [example_of(CountedLine), example_of(CountedLine, sku_id=102, counted=4)],
                "accept_below_reserved": False,
            }
        )
    )

    count_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._/-]+$")
    lines: list[CountedLine] = Field(min_length=1, max_length=500)
    #: Count a whole category (the catalog's category code): listed SKUs must belong to it
    #: (422 ``sku_not_in_category``) and its unlisted SKUs on hand here count as zero.
    category: str | None = Field(default=None, min_length=1, max_length=64)
    #: A count below what is reserved is refused (409 ``count_below_reserved``) unless set:
    #: then on-hand stops at the reserved units and the shortfall is reported.
    accept_below_reserved: bool = False


class CountedLineRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {"sku_id": 101, "counted": 9, "on_hand_before": 10, "on_hand_after": 9, "short": 0}
        )
    )

    sku_id: int
    counted: int
    on_hand_before: int
    on_hand_after: int
    #: Reserved units the shelf could not cover (only with ``accept_below_reserved``).
    short: int


class CountRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "location_id": 2,
                "count_id": "CNT-SHA-01-20261128",
                "lines": [
                    example_of(CountedLineRead),
                    example_of(
                        CountedLineRead, sku_id=102, counted=4, on_hand_before=4, on_hand_after=4
                    ),
                ],
            }
        )
    )

    location_id: int
    count_id: str
    lines: list[CountedLineRead]


class StockLevelRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples({"location_id": 2, "sku_id": 101, "on_hand": 8, "reserved": 1})
    )

    location_id: int
    sku_id: int
    on_hand: int
    reserved: int
