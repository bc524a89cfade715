"""The facts orders publishes: each change of an order, as the order now stands.

Written to the outbox by orders' own statement trigger (orders/sql/publish_changes.sql) in
the writer's transaction: one ``orders.changed`` message per statement that changed orders
or their lines, listing every order it touched. A reader keeps its own copy keyed by
``id`` and applies a newer message over an older one (``message id`` order is commit order
for one order: writers of one order are serialised by its row lock).
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from services.platform.event_schema import Fact

#: What a statement did to an order, read from its old and new row.
OrderFactKind = Literal[
    "placed",
    "paid",
    "ready",
    "shipped",
    "collected",
    "delivered",
    "refunded",
    "expired",
    "cancelled",
    "lines_changed",
    "changed",
    "erased",
]


class OrderState(BaseModel):
    """One order after the statement (``erased``: the order is gone; only ``id`` counts)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: int
    number: str = Field(description="The order number shoppers and payments use.")
    member_id: int
    status: str = Field(description="orders.states status after the statement.")
    fulfilment: str = Field(description="'pickup' or 'delivery'.")
    store_id: int | None = Field(description="Pickup store, or the store credited.")
    channel: str = Field(description="Where it was placed: mini_program, tablet, ...")
    touchpoint_id: int | None = Field(description="The QR touchpoint it is attributed to.")
    guide_id: int | None = Field(description="The guide credited with the sale.")
    total_fen: int = Field(description="What the shopper pays in money, after discounts.")
    refunded_fen: int
    coupon_id: int | None
    points_spent: int
    units: int = Field(description="Sum of the order's line quantities.")
    created_at: datetime
    paid_at: datetime | None
    ready_at: datetime | None
    shipped_at: datetime | None
    closed_at: datetime | None
    facts: list[OrderFactKind] = Field(description="What this statement did to the order.")


class OrdersChanged(Fact):
    """Orders one statement touched, as they now stand; ``removed``: orders deleted."""

    TOPIC: ClassVar[str] = "orders.changed"
    orders: list[OrderState]
    #: Ids whose rows the statement deleted (a reader drops its copy and what it counted).
    removed: list[int] = []
