"""Tables of the ``touchpoints`` schema: placements and their scans."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.platform.db import Base, utcnow

KINDS = ("store_entrance", "shelf", "guide_card", "poster", "package", "campaign")
SCHEMA = {"schema": "touchpoints"}


class Touchpoint(Base):
    """One QR placement; store, guide, product and region ids belong to other services."""

    __tablename__ = "touchpoints"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('store_entrance', 'shelf', 'guide_card', 'poster', 'package', 'campaign')",
            name="kind",
        ),
        CheckConstraint("kind <> 'store_entrance' OR store_id IS NOT NULL", name="entrance_store"),
        CheckConstraint("kind <> 'shelf' OR product_id IS NOT NULL", name="shelf_product"),
        CheckConstraint("kind <> 'guide_card' OR guide_id IS NOT NULL", name="card_guide"),
        CheckConstraint("token_version >= 1", name="token_version"),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    region_id: Mapped[int] = mapped_column(Integer, index=True)
    store_id: Mapped[int | None] = mapped_column(Integer, index=True)
    guide_id: Mapped[int | None] = mapped_column(Integer)
    product_id: Mapped[int | None] = mapped_column(Integer)
    campaign_code: Mapped[str | None] = mapped_column(String(64))
    landing_path: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    token_version: Mapped[int] = mapped_column(Integer, default=1)
    scene: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Scan(Base):
    """A shopper (member or not yet) scanned a touchpoint."""

    __tablename__ = "scans"
    __table_args__ = (
        Index("ix_scans_member_scanned_at", "member_id", "scanned_at"),
        Index("ix_scans_touchpoint_scanned_at", "touchpoint_id", "scanned_at"),
        Index(
            "ix_scans_anonymous_device",
            "device_id",
            "scanned_at",
            postgresql_where=text("member_id IS NULL"),
        ),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    touchpoint_id: Mapped[int] = mapped_column(ForeignKey("touchpoints.touchpoints.id"))
    member_id: Mapped[int | None] = mapped_column(BigInteger)
    device_id: Mapped[str | None] = mapped_column(String(64))
    via: Mapped[str] = mapped_column(String(8))
    action: Mapped[str] = mapped_column(String(20))
    scanned_at: Mapped[datetime] = mapped_column(default=utcnow)


class ScanDay(Base):
    """Scans of one touchpoint on one UTC day, kept after the raw scans pass retention."""

    __tablename__ = "scan_days"
    __table_args__ = SCHEMA

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    touchpoint_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scans: Mapped[int] = mapped_column(BigInteger)
    #: Scans by a signed-in member (the rest were anonymous devices).
    member_scans: Mapped[int] = mapped_column(BigInteger)
