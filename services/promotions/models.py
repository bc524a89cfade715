"""Tables of the ``promotions`` schema: coupon definitions and the members' wallets."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from services.platform.db import Base, utcnow


class Coupon(Base):
    """A coupon definition: what it takes off, when, where and on what.

    An empty scope list means "any" (channel, region, store, SKU, category).
    Terms never change once created; a wrong coupon is replaced, not edited,
    so what a member was shown is what their order gets.
    """

    __tablename__ = "coupons"
    __table_args__ = (
        CheckConstraint("kind IN ('amount_off', 'percent_off')", name="kind_known"),
        CheckConstraint(
            "(kind = 'amount_off') = (amount_off_fen IS NOT NULL)", name="amount_for_amount_off"
        ),
        CheckConstraint(
            "(kind = 'percent_off') = (percent_off IS NOT NULL)", name="percent_for_percent_off"
        ),
        CheckConstraint("amount_off_fen > 0", name="amount_positive"),
        CheckConstraint("percent_off BETWEEN 1 AND 100", name="percent_in_range"),
        CheckConstraint("max_off_fen > 0", name="cap_positive"),
        CheckConstraint("min_spend_fen >= 0", name="min_spend_not_negative"),
        CheckConstraint("valid_until > valid_from", name="window_not_empty"),
        {"schema": "promotions"},
    )

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    amount_off_fen: Mapped[int | None] = mapped_column(Integer)
    percent_off: Mapped[int | None] = mapped_column(Integer)
    max_off_fen: Mapped[int | None] = mapped_column(Integer)
    min_spend_fen: Mapped[int] = mapped_column(Integer, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    valid_from: Mapped[datetime]
    valid_until: Mapped[datetime]
    channels: Mapped[list[str]] = mapped_column(ARRAY(String(32)), default=list)
    region_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer), default=list)
    store_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer), default=list)
    sku_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer), default=list)
    categories: Mapped[list[str]] = mapped_column(ARRAY(String(64)), default=list)
    created_by: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MemberCoupon(Base):
    """One coupon in one member's wallet; redeemed by at most one order at a time.

    ``order_ref`` is the order holding it; giving it back (the order expired or was
    cancelled) clears it. One per (coupon, member): issuing again changes nothing.
    """

    __tablename__ = "member_coupons"
    __table_args__ = (
        UniqueConstraint("coupon_id", "member_id"),
        CheckConstraint("status IN ('available', 'redeemed')", name="status_known"),
        CheckConstraint(
            "(status = 'redeemed') = (order_ref IS NOT NULL)", name="redeemed_has_order"
        ),
        Index("ix_member_coupons_member", "member_id", "status"),
        Index("ix_member_coupons_order", "order_ref", postgresql_where="order_ref IS NOT NULL"),
        {"schema": "promotions"},
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    coupon_id: Mapped[int] = mapped_column(ForeignKey("promotions.coupons.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default="available")
    order_ref: Mapped[str | None] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    redeemed_at: Mapped[datetime | None]
