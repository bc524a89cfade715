"""Tables of the ``campaigns`` schema: campaigns, who is in which arm, and who was messaged."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Double,
    ForeignKey,
    Identity,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.platform.db import Base, utcnow

SCHEMA = {"schema": "campaigns"}


class Campaign(Base):
    """A push toward a target store or channel; store, touchpoint and coupon ids are foreign."""

    __tablename__ = "campaigns"
    __table_args__ = (
        CheckConstraint("target IN ('store', 'channel')", name="target"),
        CheckConstraint("(target = 'store') = (store_id IS NOT NULL)", name="target_store"),
        CheckConstraint("(target = 'channel') = (channel IS NOT NULL)", name="target_channel"),
        CheckConstraint(
            "audience IN ('near_store', 'nearest_changes', 'single_channel')", name="audience"
        ),
        CheckConstraint("control_percent BETWEEN 0 AND 90", name="control_percent"),
        CheckConstraint("status IN ('ready', 'sending', 'sent')", name="status"),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    region_id: Mapped[int] = mapped_column(Integer, index=True)
    target: Mapped[str] = mapped_column(String(16))
    store_id: Mapped[int | None] = mapped_column(Integer)
    channel: Mapped[str | None] = mapped_column(String(16))
    audience: Mapped[str] = mapped_column(String(24))
    radius_km: Mapped[float | None] = mapped_column(Double)
    control_percent: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(BigInteger)
    message: Mapped[str] = mapped_column(String(300))
    touchpoint_id: Mapped[int] = mapped_column(Integer)
    coupon_id: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="ready")
    created_by: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    launched_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]


class CampaignMember(Base):
    """One member of the audience and their arm, fixed when the campaign is created."""

    __tablename__ = "campaign_members"
    __table_args__ = (CheckConstraint("arm IN ('treated', 'control')", name="arm"), SCHEMA)

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    arm: Mapped[str] = mapped_column(String(8))


class CampaignSend(Base):
    """Claimed before the message is queued, in the same transaction: once per member, ever."""

    __tablename__ = "campaign_sends"
    __table_args__ = SCHEMA

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
