"""Insights' own copies of the owners' rows its figures read (``copies.py`` keeps them).

Each copy holds the columns the figure rules read (``insights/sql/*_figures.sql``), filled
from the owner's events and, by ``o2o insights rebuild``, from the owner's public views.
``message_id`` is the outbox message that wrote the row (0: the rebuild), so an older
state never overwrites a newer one; ``gone`` keeps a removed row's place, so its older
messages arriving late cannot bring it back. ``stores`` is reference data (region and
timezone of a store), read from ``stores.public_stores`` when a row names a store first.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from services.platform.db import Base

SCHEMA = {"schema": "insights"}


class _Copy:
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    message_id: Mapped[int] = mapped_column(BigInteger)
    gone: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))


class OrderCopy(_Copy, Base):
    """An order as orders.changed last carried it (``units``: its line quantities)."""

    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_number", "number"),  # a payment finds its order by number
        Index("ix_orders_member_paid_at", "member_id", "paid_at"),  # repeat orders
        SCHEMA,
    )

    number: Mapped[str | None] = mapped_column(String(40))
    member_id: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str | None] = mapped_column(String(30))
    store_id: Mapped[int | None] = mapped_column(Integer)
    channel: Mapped[str | None] = mapped_column(String(30))
    touchpoint_id: Mapped[int | None] = mapped_column(Integer)
    guide_id: Mapped[int | None] = mapped_column(Integer)
    total_fen: Mapped[int | None] = mapped_column(BigInteger)
    refunded_fen: Mapped[int | None] = mapped_column(BigInteger)
    coupon_id: Mapped[int | None] = mapped_column(Integer)
    points_spent: Mapped[int | None] = mapped_column(Integer)
    units: Mapped[int | None] = mapped_column(Integer)
    paid_at: Mapped[datetime | None]
    ready_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]


class PaymentCopy(_Copy, Base):
    """A succeeded payment as payments.settled last carried it."""

    __tablename__ = "payments"
    __table_args__ = (Index("ix_payments_order_ref", "order_ref"), SCHEMA)

    order_ref: Mapped[str | None] = mapped_column(String(40))
    attempt: Mapped[int | None] = mapped_column(Integer)
    gateway: Mapped[str | None] = mapped_column(String(30))
    status: Mapped[str | None] = mapped_column(String(20))
    paid_twice: Mapped[bool | None] = mapped_column(Boolean)


class ScanCopy(_Copy, Base):
    """A scan with its touchpoint's placing as touchpoints.scans_recorded carried it."""

    __tablename__ = "scans"
    __table_args__ = SCHEMA

    touchpoint_id: Mapped[int | None] = mapped_column(Integer)
    member_id: Mapped[int | None] = mapped_column(BigInteger)
    scanned_at: Mapped[datetime | None]
    region_id: Mapped[int | None] = mapped_column(Integer)
    store_id: Mapped[int | None] = mapped_column(Integer)
    guide_id: Mapped[int | None] = mapped_column(Integer)


class CheckInCopy(_Copy, Base):
    __tablename__ = "check_ins"
    __table_args__ = SCHEMA

    store_id: Mapped[int | None] = mapped_column(Integer)
    member_id: Mapped[int | None] = mapped_column(BigInteger)
    touchpoint_id: Mapped[int | None] = mapped_column(Integer)
    checked_in_at: Mapped[datetime | None]


class AppointmentCopy(_Copy, Base):
    __tablename__ = "appointments"
    __table_args__ = SCHEMA

    store_id: Mapped[int | None] = mapped_column(Integer)
    guide_id: Mapped[int | None] = mapped_column(Integer)
    member_id: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str | None] = mapped_column(String(20))
    starts_at: Mapped[datetime | None]
    order_number: Mapped[str | None] = mapped_column(String(40))


class MemberCopy(_Copy, Base):
    __tablename__ = "members"
    __table_args__ = SCHEMA

    joined_at: Mapped[datetime | None]


class StoreCopy(Base):
    """Where a store is and its clock (reference data from stores.public_stores)."""

    __tablename__ = "stores"
    __table_args__ = SCHEMA

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    region_id: Mapped[int] = mapped_column(Integer)
    timezone: Mapped[str] = mapped_column(String(64))
