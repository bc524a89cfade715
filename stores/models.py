"""Tables of the ``stores`` schema."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Double,
    ForeignKey,
    Identity,
    Index,
    Integer,
    SmallInteger,
    String,
    Time,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.platform.db import Base, utcnow

SCHEMA = {"schema": "stores"}
STORE_STATUSES = ("planned", "open", "closed")


class Region(Base):
    """A sales region; its area (a latitude/longitude box) is where its stores may stand."""

    __tablename__ = "regions"
    __table_args__ = (
        CheckConstraint(
            "(area_south IS NULL) = (area_north IS NULL)"
            " AND (area_south IS NULL) = (area_west IS NULL)"
            " AND (area_south IS NULL) = (area_east IS NULL)",
            name="area_whole",
        ),
        CheckConstraint("area_south <= area_north AND area_west <= area_east", name="area_order"),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    area_south: Mapped[float | None] = mapped_column(Double)
    area_west: Mapped[float | None] = mapped_column(Double)
    area_north: Mapped[float | None] = mapped_column(Double)
    area_east: Mapped[float | None] = mapped_column(Double)


class Store(Base):
    __tablename__ = "stores"
    __table_args__ = (
        CheckConstraint("status IN ('planned', 'open', 'closed')", name="status"),
        CheckConstraint("latitude BETWEEN -90 AND 90", name="latitude"),
        CheckConstraint("longitude BETWEEN -180 AND 180", name="longitude"),
        CheckConstraint("pickup_ready_minutes >= 0", name="pickup_ready_minutes"),
        CheckConstraint("pickup_hold_days >= 1", name="pickup_hold_days"),
        Index("ix_stores_status_lat_lon", "status", "latitude", "longitude"),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    region_id: Mapped[int] = mapped_column(ForeignKey("stores.regions.id"), index=True)
    city: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(300))
    latitude: Mapped[float] = mapped_column(Double)
    longitude: Mapped[float] = mapped_column(Double)
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    status: Mapped[str] = mapped_column(String(16), default="open")
    pickup_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    pickup_ready_minutes: Mapped[int] = mapped_column(Integer, default=120)
    pickup_hold_days: Mapped[int] = mapped_column(Integer, default=7)
    opened_on: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    hours: Mapped[list[OpeningHours]] = relationship(
        order_by="OpeningHours.weekday", cascade="all, delete-orphan", lazy="selectin"
    )


class OpeningHours(Base):
    """Opening hours for one weekday (0 = Monday) in the store's local time."""

    __tablename__ = "opening_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("closes_at > opens_at", name="closes_after_opens"),
        SCHEMA,
    )

    store_id: Mapped[int] = mapped_column(
        ForeignKey("stores.stores.id", ondelete="CASCADE"), primary_key=True
    )
    weekday: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    opens_at: Mapped[time] = mapped_column(Time)
    closes_at: Mapped[time] = mapped_column(Time)


class Guide(Base):
    """A sales guide: staff of exactly one store, logs in on the store tablet."""

    __tablename__ = "guides"
    __table_args__ = SCHEMA

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.stores.id"), index=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Carried in the staff token; bumping it ends every session issued before.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Manager(Base):
    """A regional manager (or HQ, who sees every region)."""

    __tablename__ = "managers"
    __table_args__ = SCHEMA

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    hq: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Carried in the staff token; bumping it ends every session issued before.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ManagerRegion(Base):
    __tablename__ = "manager_regions"
    __table_args__ = SCHEMA

    manager_id: Mapped[int] = mapped_column(
        ForeignKey("stores.managers.id", ondelete="CASCADE"), primary_key=True
    )
    region_id: Mapped[int] = mapped_column(ForeignKey("stores.regions.id"), primary_key=True)


class CheckIn(Base):
    """A member arrived at a store (scanned its entrance code); one per visit window."""

    __tablename__ = "check_ins"
    __table_args__ = (
        Index("ix_check_ins_store_checked_in_at", "store_id", "checked_in_at"),
        Index("ix_check_ins_member_store_checked_in_at", "member_id", "store_id", "checked_in_at"),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.stores.id"))
    member_id: Mapped[int] = mapped_column(BigInteger)
    touchpoint_id: Mapped[int | None] = mapped_column(Integer)
    scan_id: Mapped[int | None] = mapped_column(BigInteger)
    checked_in_at: Mapped[datetime] = mapped_column(default=utcnow)


class StoreVisit(Base):
    """When the member's current visit to a store began: the row that serialises check-ins.

    Its primary key is what makes simultaneous door scans safe: the second one
    waits on the first's row and then sees its visit already open.
    """

    __tablename__ = "store_visits"
    __table_args__ = SCHEMA

    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    store_id: Mapped[int] = mapped_column(
        ForeignKey("stores.stores.id", ondelete="CASCADE"), primary_key=True
    )
    started_at: Mapped[datetime]


class MemberNote(Base):
    """A guide's private note about a member, kept by one store (never shown to another)."""

    __tablename__ = "member_notes"
    __table_args__ = (
        Index(
            "ix_member_notes_store_id_member_id_created_at", "store_id", "member_id", "created_at"
        ),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.stores.id"))
    member_id: Mapped[int] = mapped_column(BigInteger)
    guide_id: Mapped[int] = mapped_column(ForeignKey("stores.guides.id"))
    body: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


MEMBER_LOOKUP_ACTIONS = ("view", "note", "reveal")


class MemberLookup(Base):
    """A staff look-up of one member (who, whom, when, why, and whether it was allowed):
    the audit trail of the tablet's member screens (stores/member_lookups.py)."""

    __tablename__ = "member_lookups"
    __table_args__ = (
        CheckConstraint("action IN ('view', 'note', 'reveal')", name="action"),
        Index("ix_member_lookups_guide_id_looked_at", "guide_id", "looked_at"),
        Index("ix_member_lookups_member_id_looked_at", "member_id", "looked_at"),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    guide_id: Mapped[int] = mapped_column(ForeignKey("stores.guides.id"))
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.stores.id"))
    member_id: Mapped[int] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(16))
    #: Why: the screen asked for, or the reason the guide gave for a reveal.
    reason: Mapped[str] = mapped_column(String(300))
    #: False: the member has no relationship with the store and the guide was told 404.
    allowed: Mapped[bool] = mapped_column(Boolean)
    looked_at: Mapped[datetime] = mapped_column(default=utcnow)
