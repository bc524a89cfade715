"""Catalog schemas: one price and description for every channel."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class SkuRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    variant: str
    price_fen: int
    currency: str
    purchase_limit: int | None = None
    active: bool


class ProductRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    name: str
    description: str
    category: str
    skus: list[SkuRead]


class CartLine(BaseModel):
    sku_id: int = Field(gt=0)
    quantity: int = Field(gt=0, le=99)


class LineAvailability(BaseModel):
    sku_id: int
    requested: int
    available: int


class PickupOption(BaseModel):
    store_id: int
    store_code: str
    store_name: str
    address: str
    distance_km: float
    complete: bool
    ready_at: datetime | None
    lines: list[LineAvailability]


class DeliveryOption(BaseModel):
    available: bool
    location_code: str | None
    lines: list[LineAvailability]


class Availability(BaseModel):
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
