"""What the recommendations answer with."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from services.platform.examples import examples
from services.platform.inputs import InputModel

Why = Literal["bought_together", "similar_members", "viewed", "popular_nearby"]

_ITEM = {
    "product_id": 12,
    "name": "Trek Socks",
    "category": "accessories",
    "price_fen": 7900,
    "sku_ids": [57, 58],
    "why": "bought_together",
}


class Recommended(BaseModel):
    """A suggested product: the SKUs that can be had (at the store, when one was asked)
    and why it is suggested."""

    model_config = ConfigDict(json_schema_extra=examples(_ITEM))

    product_id: int
    name: str
    category: str
    #: The lowest price in force among ``sku_ids``.
    price_fen: int
    sku_ids: list[int]
    why: Why


class RecommendationList(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples({"personalised": True, "store_id": 3, "items": [_ITEM]})
    )

    #: False when the member turned personal suggestions off: every item is popular_nearby.
    personalised: bool
    #: Only what this store can hand over today (None: no store asked).
    store_id: int | None
    items: list[Recommended]


class RecommendationSettings(InputModel):
    """Personal suggestions on or off (PIPL Art. 24: the member may refuse them)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=examples({"personalised": False}))

    personalised: bool


class NextBestProduct(Recommended):
    """A suggestion on the guide's tablet: ring it up in one tap (``POST assisted_sale``
    with one of ``sku_ids`` and the member)."""

    model_config = ConfigDict(
        json_schema_extra=examples({**_ITEM, "assisted_sale": "/tablet/v1/sales"})
    )

    assisted_sale: str = "/tablet/v1/sales"


class TouchpointConversion(BaseModel):
    touchpoint: str
    #: Suggestions shown (one per member, product and touchpoint in the period).
    shown: int
    #: Of those, bought by that member within 7 days of being shown.
    bought: int
    rate: float | None


class RecommendationFigures(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "start": "2026-11-07",
                "end": "2026-12-07",
                "touchpoints": [
                    {"touchpoint": "mini_program", "shown": 420, "bought": 21, "rate": 0.05}
                ],
            }
        )
    )

    start: date
    end: date
    touchpoints: list[TouchpointConversion]
