"""What HQ sends and reads to keep the catalog: categories, products, SKUs, prices, audit."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from services.platform.examples import example_of, examples
from services.platform.inputs import INT4_MAX, InputModel

Text = Annotated[str, StringConstraints(strip_whitespace=True)]
ProductCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._-]{1,32}$")]
SkuCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._-]{1,40}$")]
CategoryCode = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_-]{1,64}$")]
Name = Annotated[Text, StringConstraints(min_length=1, max_length=200)]
Variant = Annotated[Text, StringConstraints(min_length=1, max_length=100)]
Description = Annotated[Text, StringConstraints(max_length=4000)]
#: Pictures live on a CDN; only https links (no ``javascript:``, no mixed content).
ImageUrl = Annotated[str, StringConstraints(pattern=r"^https://[^\s<>\"']{3,490}$")]
ImageUrls = Annotated[list[ImageUrl], Field(max_length=12)]
#: Fen; at most a million yuan.
PriceFen = Annotated[int, Field(ge=1, le=100_000_000)]
PurchaseLimit = Annotated[int, Field(ge=1, le=999)]

_IMAGE = "https://cdn.example.com/p/P0001/front.jpg"


class CategoryCreate(InputModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra=examples({"code": "rainwear", "name": "Rainwear"})
    )

    code: CategoryCode
    name: Annotated[Text, StringConstraints(min_length=1, max_length=100)]


class CategoryUpdate(InputModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=examples({"name": "Rain gear"}))

    name: Annotated[Text, StringConstraints(min_length=1, max_length=100)]


class CategoryRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra=examples({"id": 7, "code": "rainwear", "name": "Rainwear"}),
    )

    id: int
    code: str
    name: str


class SkuCreate(InputModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples(
            {"code": "P0901-BK-M", "variant": "Black / M", "price_fen": 89900}
        ),
    )

    code: SkuCode
    variant: Variant
    price_fen: PriceFen
    purchase_limit: PurchaseLimit | None = None
    active: bool = True


class ProductCreate(InputModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples(
            {
                "code": "P0901",
                "name": "Monsoon Poncho",
                "description": "Packable poncho that covers a daypack.",
                "category": "jackets",
                "image_urls": [_IMAGE],
                "skus": [example_of(SkuCreate)],
            }
        ),
    )

    code: ProductCode
    name: Name
    description: Description = ""
    category: CategoryCode
    image_urls: ImageUrls = []
    active: bool = True
    skus: Annotated[list[SkuCreate], Field(max_length=100)] = []


class ProductUpdate(InputModel):
    """Only the fields sent change; ``active: false`` takes the product off sale everywhere."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples({"name": "Monsoon Poncho II", "active": False}),
    )

    name: Name | None = None
    description: Description | None = None
    category: CategoryCode | None = None
    image_urls: ImageUrls | None = None
    active: bool | None = None


class SkuUpdate(InputModel):
    """Only the fields sent change; ``purchase_limit: null`` returns to the default limit."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra=examples({"variant": "Black / M", "active": False})
    )

    variant: Variant | None = None
    purchase_limit: PurchaseLimit | None = None
    active: bool | None = None


class PriceCreate(InputModel):
    """A new price: now (no ``effective_at``), or from a future moment (with its zone)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples(
            {"price_fen": 79900, "effective_at": "2026-12-01T00:00:00+08:00"}
        ),
    )

    price_fen: PriceFen
    effective_at: datetime | None = None


class PriceChangeRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra=examples(
            {
                "id": 311,
                "sku_id": 101,
                "price_fen": 79900,
                "effective_at": "2026-11-30T16:00:00Z",
                "status": "scheduled",
                "applied_at": None,
                "actor_role": "manager",
                "actor_id": 1,
            }
        ),
    )

    id: int
    sku_id: int
    price_fen: int
    effective_at: datetime
    status: Literal["scheduled", "applied", "cancelled"]
    applied_at: datetime | None
    actor_role: str
    actor_id: int | None


class ManagedSkuRead(BaseModel):
    """A SKU as HQ sees it: on sale or not, its price in force and the changes to come."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "id": 101,
                "code": "P0901-BK-M",
                "variant": "Black / M",
                "price_fen": 89900,
                "currency": "CNY",
                "purchase_limit": None,
                "active": True,
                "upcoming": [example_of(PriceChangeRead)],
            }
        )
    )

    id: int
    code: str
    variant: str
    price_fen: int
    currency: str
    purchase_limit: int | None
    active: bool
    upcoming: list[PriceChangeRead] = []


class ManagedProductRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "id": 61,
                "code": "P0901",
                "name": "Monsoon Poncho",
                "description": "Packable poncho that covers a daypack.",
                "category": "jackets",
                "image_urls": [_IMAGE],
                "active": True,
                "skus": [example_of(ManagedSkuRead)],
            }
        )
    )

    id: int
    code: str
    name: str
    description: str
    category: str
    image_urls: list[str]
    active: bool
    skus: list[ManagedSkuRead]


class AuditRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra=examples(
            {
                "id": 9001,
                "at": "2026-11-29T08:00:00Z",
                "actor_role": "manager",
                "actor_id": 1,
                "source": None,
                "entity": "price",
                "entity_id": 101,
                "action": "price_set",
                "before": {"price_fen": 89900},
                "after": {"price_fen": 79900},
            }
        ),
    )

    id: int
    at: datetime
    actor_role: str
    actor_id: int | None
    source: str | None
    entity: str
    entity_id: int
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class CatalogFeedLineIn(InputModel):
    """One SKU line of an ERP's catalog feed. Loose on purpose: a bad value is reported
    with its line (and the batch applies nothing), not refused for the whole request."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "product_code": "P0901",
                "product_name": "Monsoon Poncho",
                "category": "jackets",
                "description": "Packable poncho that covers a daypack.",
                "image_urls": [_IMAGE],
                "sku_code": "P0901-BK-M",
                "variant": "Black / M",
                "price_fen": 89900,
                "purchase_limit": None,
                "active": True,
            }
        )
    )

    product_code: str = Field(max_length=200)
    product_name: str = Field(max_length=400)
    category: str = Field(max_length=200)
    description: str | None = Field(default=None, max_length=8000)
    image_urls: (
        Annotated[list[Annotated[str, Field(max_length=1000)]], Field(max_length=50)] | None
    ) = None
    sku_code: str = Field(max_length=200)
    variant: str = Field(max_length=400)
    price_fen: int = Field(ge=-INT4_MAX, le=INT4_MAX)
    purchase_limit: int | None = Field(default=None, ge=-INT4_MAX, le=INT4_MAX)
    active: bool | None = None


class CatalogImportCreate(InputModel):
    """A batch of the ERP's catalog: applied whole or not at all; a repeat changes nothing."""

    model_config = ConfigDict(
        json_schema_extra=examples({"lines": [example_of(CatalogFeedLineIn)]})
    )

    lines: list[CatalogFeedLineIn] = Field(min_length=1, max_length=5000)


class CatalogRejectedLine(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "line": 3,
                "sku_code": "P0901-BK-L",
                "code": "malformed",
                "message": "price_fen: Input should be greater than or equal to 1",
            }
        )
    )

    line: int = Field(description="the file's line number (CSV) or place in the list (JSON)")
    sku_code: str
    code: Literal[
        "malformed", "duplicate", "product_disagrees", "category_unknown", "sku_of_other_product"
    ]
    message: str


class CatalogImportRead(BaseModel):
    """``applied`` false: a line was rejected and nothing was written (``rejected_lines``)."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "applied": True,
                "source": "catalog-import:3f2a9c1b7d40",
                "lines": 1,
                "products_created": 1,
                "products_updated": 0,
                "skus_created": 1,
                "skus_updated": 0,
                "prices_changed": 0,
                "unchanged": 0,
                "rejected_count": 0,
                "rejected_lines": [],
            }
        )
    )

    applied: bool
    source: str = Field(description="what the audit names as this batch's source")
    lines: int
    products_created: int = 0
    products_updated: int = 0
    skus_created: int = 0
    skus_updated: int = 0
    prices_changed: int = 0
    unchanged: int = Field(0, description="lines that found their SKU as the feed says")
    rejected_count: int = 0
    rejected_lines: list[CatalogRejectedLine] = Field(
        [], description="the first 100 rejected lines"
    )
