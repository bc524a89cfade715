"""Tables for guided-sales appointments (``stores`` schema)."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Identity,
    Index,
    Integer,
    SmallInteger,
    String,
    Time,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.platform.db import Base, utcnow

SCHEMA = {"schema": "stores"}


class BookingPolicy(Base):
    """A store's booking limits; a store without a row uses the settings' defaults."""

    __tablename__ = "booking_policies"
    __table_args__ = (
        CheckConstraint("min_notice_minutes BETWEEN 0 AND 10080", name="min_notice"),
        CheckConstraint("booking_window_days BETWEEN 1 AND 365", name="booking_window"),
        CheckConstraint("cancel_cutoff_minutes BETWEEN 0 AND 10080", name="cancel_cutoff"),
        SCHEMA,
    )

    store_id: Mapped[int] = mapped_column(
        ForeignKey("stores.stores.id", ondelete="CASCADE"), primary_key=True
    )
    min_notice_minutes: Mapped[int] = mapped_column(Integer)
    booking_window_days: Mapped[int] = mapped_column(Integer)
    cancel_cutoff_minutes: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SpecialHours(Base):
    """A dated change to a store's hours: a window, or a closure (no times)."""

    __tablename__ = "special_hours"
    __table_args__ = (
        CheckConstraint("(opens_at IS NULL) = (closes_at IS NULL)", name="both_or_neither"),
        CheckConstraint("closes_at > opens_at", name="closes_after_opens"),
        Index("ix_special_hours_store_id_on_date", "store_id", "on_date"),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.stores.id", ondelete="CASCADE"))
    on_date: Mapped[date] = mapped_column(Date)
    opens_at: Mapped[time | None] = mapped_column(Time)
    closes_at: Mapped[time | None] = mapped_column(Time)
    note: Mapped[str] = mapped_column(String(200), default="")


class AppointmentService(Base):
    """Something a store's guides offer by appointment (a fitting, a skin check)."""

    __tablename__ = "appointment_services"
    __table_args__ = (
        CheckConstraint("duration_minutes BETWEEN 5 AND 480", name="duration"),
        CheckConstraint("buffer_before_minutes BETWEEN 0 AND 240", name="buffer_before"),
        CheckConstraint("buffer_after_minutes BETWEEN 0 AND 240", name="buffer_after"),
        CheckConstraint("interval_minutes BETWEEN 5 AND 240", name="interval"),
        CheckConstraint("price_fen >= 0", name="price_fen"),
        Index("ix_appointment_services_store_id", "store_id"),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.stores.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(String(500), default="")
    duration_minutes: Mapped[int] = mapped_column(SmallInteger)
    buffer_before_minutes: Mapped[int] = mapped_column(SmallInteger, default=0)
    buffer_after_minutes: Mapped[int] = mapped_column(SmallInteger, default=0)
    interval_minutes: Mapped[int] = mapped_column(SmallInteger, default=30)
    price_fen: Mapped[int] = mapped_column(Integer, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class GuideService(Base):
    """Which guides offer a service."""

    __tablename__ = "guide_services"
    __table_args__ = SCHEMA

    service_id: Mapped[int] = mapped_column(
        ForeignKey("stores.appointment_services.id", ondelete="CASCADE"), primary_key=True
    )
    guide_id: Mapped[int] = mapped_column(
        ForeignKey("stores.guides.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class WorkingHours(Base):
    """One window of a guide's week (0 = Monday) in the store's local time."""

    __tablename__ = "working_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("ends_at > starts_at", name="ends_after_starts"),
        SCHEMA,
    )

    guide_id: Mapped[int] = mapped_column(
        ForeignKey("stores.guides.id", ondelete="CASCADE"), primary_key=True
    )
    weekday: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    starts_at: Mapped[time] = mapped_column(Time, primary_key=True)
    ends_at: Mapped[time] = mapped_column(Time)


class ScheduleException(Base):
    """A dated change to a guide's week: leave (no times: the whole day) or an extra shift."""

    __tablename__ = "schedule_exceptions"
    __table_args__ = (
        CheckConstraint("kind IN ('leave', 'shift')", name="kind"),
        CheckConstraint("(starts_at IS NULL) = (ends_at IS NULL)", name="both_or_neither"),
        CheckConstraint("kind = 'leave' OR starts_at IS NOT NULL", name="shift_has_times"),
        CheckConstraint("ends_at > starts_at", name="ends_after_starts"),
        Index("ix_schedule_exceptions_guide_id_on_date", "guide_id", "on_date"),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    guide_id: Mapped[int] = mapped_column(ForeignKey("stores.guides.id", ondelete="CASCADE"))
    on_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(8))
    starts_at: Mapped[time | None] = mapped_column(Time)
    ends_at: Mapped[time | None] = mapped_column(Time)
    note: Mapped[str] = mapped_column(String(200), default="")


APPOINTMENT_STATUSES = ("booked", "checked_in", "completed", "cancelled", "no_show")
#: Statuses that hold the guide's time (a cancelled appointment frees it).
LIVE_STATUSES = ("booked", "checked_in")


class Appointment(Base):
    """A member's booked time with one guide for one service.

    ``blocked_from``/``blocked_until`` are the guide's time it takes, buffers included:
    the overlap check compares those columns only.
    """

    __tablename__ = "appointments"
    __table_args__ = (
        CheckConstraint(
            "status IN ('booked', 'checked_in', 'completed', 'cancelled', 'no_show')",
            name="status",
        ),
        CheckConstraint("ends_at > starts_at", name="ends_after_starts"),
        CheckConstraint("outcome IN ('purchase', 'no_purchase', 'follow_up')", name="outcome"),
        CheckConstraint(
            "blocked_from <= starts_at AND blocked_until >= ends_at", name="blocked_covers"
        ),
        Index("ix_appointments_guide_id_blocked_from", "guide_id", "blocked_from"),
        Index("ix_appointments_member_id_starts_at", "member_id", "starts_at"),
        Index("ix_appointments_store_id_starts_at", "store_id", "starts_at"),
        # A guide's last "any guide" assignment (the round-robin tiebreak of slot search).
        Index(
            "ix_appointments_guide_id_created_at_any_guide",
            "guide_id",
            "created_at",
            postgresql_where=text("any_guide"),
        ),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.stores.id"))
    guide_id: Mapped[int] = mapped_column(ForeignKey("stores.guides.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("stores.appointment_services.id"))
    member_id: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default="booked")
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    blocked_from: Mapped[datetime]
    blocked_until: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(16), default="store_page")
    any_guide: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(String(500), default="")
    cancel_reason: Mapped[str | None] = mapped_column(String(300))
    cancelled_by: Mapped[str | None] = mapped_column(String(16))
    checked_in_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(16))
    order_number: Mapped[str | None] = mapped_column(String(32))
    outcome_note: Mapped[str | None] = mapped_column(String(1000))
    follow_up_on: Mapped[date | None] = mapped_column(Date)
    #: Try-on items asked for ([{"sku_id", "quantity"}]) and the inventory reservation
    #: holding them (stores/appointments/try_on.py).
    try_on: Mapped[list[dict[str, int]] | None] = mapped_column(JSONB)
    try_on_reservation_id: Mapped[int | None] = mapped_column(BigInteger)
    #: How many times the shopper has moved it (capped: O2O_APPOINTMENT_MAX_RESCHEDULES).
    reschedules: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    reminded_24h_at: Mapped[datetime | None]
    reminded_2h_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class CalendarVersion(Base):
    """How many times a calendar the slot search reads has changed (written only by the
    ``stores.calendar_changed`` trigger; slot_cache.py): ``(store_id, 0)`` for a store's
    hours, services, policy and roster, ``(0, guide_id)`` for a guide's week and leave,
    ``(-1, guide_id)`` for the guide's appointments. No foreign keys: rows outlive what
    they count, so a count never restarts.
    """

    __tablename__ = "calendar_versions"
    __table_args__ = SCHEMA

    store_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guide_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
