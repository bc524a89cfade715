"""Catalog schemas: one price and description for every channel."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class SkuRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    variant: str
    price_fen: int
    currency: str
    active: bool


class ProductRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    name: str
    description: str
    category: str
    skus: list[SkuRead]
