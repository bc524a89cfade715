"""Tables of the ``orders`` schema."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Identity,
    Index,
    Integer,
    SmallInteger,
    String,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from orders.states import CHANNELS, FULFILMENTS, STATUSES
from services.platform.db import Base, utcnow

SCHEMA = {"schema": "orders"}


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


#: An order's latest moment: every time column it has is at or before it (NULLs ignored).
LATEST_MOMENT = "GREATEST(created_at, paid_at, ready_at, shipped_at, closed_at)"


class Order(Base):
    """A shopper's order; ``number`` is the unguessable public id used in URLs."""

    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint(_one_of("status", STATUSES), name="status"),
        CheckConstraint(_one_of("fulfilment", FULFILMENTS), name="fulfilment"),
        CheckConstraint(_one_of("channel", CHANNELS), name="channel"),
        CheckConstraint("(fulfilment = 'pickup') = (store_id IS NOT NULL)", name="pickup_store"),
        CheckConstraint("total_fen > 0", name="total_positive"),
        CheckConstraint("refunded_fen >= 0 AND refunded_fen <= total_fen", name="refunded"),
        # What the shopper pays is what the goods cost less the discounts (orders.pricing).
        CheckConstraint(
            "subtotal_fen = total_fen + coupon_discount_fen + points_discount_fen",
            name="discounts_add_up",
        ),
        CheckConstraint(
            "coupon_discount_fen >= 0 AND points_discount_fen >= 0 AND points_earned >= 0",
            name="discounts_non_negative",
        ),
        CheckConstraint("points_returned BETWEEN 0 AND points_spent", name="points_returned"),
        Index("ix_orders_member_created", "member_id", "id"),
        # The wall's repeat-purchase rule reads a member's paid orders of the 90 days
        # before (insights/sql/row_figures.sql); created by an insights migration.
        Index("ix_orders_member_paid_at", "member_id", "paid_at"),
        Index("ix_orders_store_status", "store_id", "status"),
        Index(
            "ix_orders_pending_hold",
            "hold_until",
            postgresql_where=text("status = 'pending_payment'"),
        ),
        Index(
            "ix_orders_ready_collect_by",
            "collect_by",
            postgresql_where=text("status = 'ready_for_pickup'"),
        ),
        # The journey collector (feedback) reads the last hours of every order moment; each
        # moment is at most its order's latest, so one index serves all five columns.
        Index("ix_orders_latest_moment", text(LATEST_MOMENT)),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    member_id: Mapped[int] = mapped_column(Integer)
    # A new order's values come from ``orders.placing`` (``_order``), not defaults here.
    status: Mapped[str] = mapped_column(String(20))
    fulfilment: Mapped[str] = mapped_column(String(10))
    store_id: Mapped[int | None] = mapped_column(Integer)
    location_id: Mapped[int] = mapped_column(Integer)
    delivery_address: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    reservation_id: Mapped[int | None] = mapped_column(BigInteger)
    # What the shopper pays in money (the payment's amount), after the discounts.
    total_fen: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    refunded_fen: Mapped[int] = mapped_column(Integer)
    # The price as ``orders.pricing.price`` made it: goods, coupon and points discounts.
    subtotal_fen: Mapped[int] = mapped_column(Integer)
    coupon_discount_fen: Mapped[int] = mapped_column(Integer)
    points_spent: Mapped[int] = mapped_column(Integer)
    points_discount_fen: Mapped[int] = mapped_column(Integer)
    # Earned when the order completes; spent points given back (cancel, expiry, refunds).
    points_earned: Mapped[int] = mapped_column(Integer)
    points_returned: Mapped[int] = mapped_column(Integer)
    # The wallet entry (promotions.member_coupons) this order redeemed, if any.
    coupon_id: Mapped[int | None] = mapped_column(BigInteger)
    channel: Mapped[str] = mapped_column(String(20))
    touchpoint_id: Mapped[int | None] = mapped_column(Integer, index=True)
    guide_id: Mapped[int | None] = mapped_column(Integer, index=True)
    hold_until: Mapped[datetime]
    collect_by: Mapped[datetime | None]
    pickup_code: Mapped[str | None] = mapped_column(String(6))
    # A new order has no pickup code yet (``orders.place_order`` leaves these to the table).
    pickup_code_version: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))
    pickup_code_failures: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))
    handed_over_by: Mapped[int | None] = mapped_column(Integer)
    carrier: Mapped[str | None] = mapped_column(String(40))
    tracking_number: Mapped[str | None] = mapped_column(String(60))
    shipped_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    paid_at: Mapped[datetime | None]
    ready_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    lines: Mapped[list[OrderLine]] = relationship(
        order_by="OrderLine.sku_id", lazy="selectin", cascade="all, delete-orphan"
    )


class OrderLine(Base):
    """One SKU of an order with the name and price it was sold at."""

    __tablename__ = "order_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price_fen > 0", name="price_positive"),
        CheckConstraint(
            "coupon_discount_fen >= 0 AND points_discount_fen >= 0"
            " AND coupon_discount_fen + points_discount_fen <= unit_price_fen * quantity",
            name="discounts_within_line",
        ),
        SCHEMA,
    )

    order_id: Mapped[int] = mapped_column(
        ForeignKey("orders.orders.id", ondelete="CASCADE"), primary_key=True
    )
    sku_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_name: Mapped[str] = mapped_column(String(200))
    variant: Mapped[str] = mapped_column(String(100))
    unit_price_fen: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer)
    # This line's share of the order's discounts (``orders.pricing.allocate``).
    coupon_discount_fen: Mapped[int] = mapped_column(Integer)
    points_discount_fen: Mapped[int] = mapped_column(Integer)
