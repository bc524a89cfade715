"""Tables of the ``insights`` schema: daily rollups at several grains, and applied events.

Every rollup row is one figure's sum for one local day at one grain; a week, a month or
any period is summed from daily rows when asked. Each grain holds the same figures, so a
query reads the smallest grain that has the dimensions it filters and groups by.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from services.platform.db import Base, utcnow

SCHEMA = {"schema": "insights"}


class AppliedEvent(Base):
    """An outbox message already added to the rollups (inserted in the same transaction)."""

    __tablename__ = "applied_events"
    __table_args__ = SCHEMA

    message_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    applied_at: Mapped[datetime] = mapped_column(default=utcnow)


class FiguresFull(Base):
    """Every dimension: store, region, channel, touchpoint and guide (breakdowns, funnel)."""

    __tablename__ = "figures_full"
    __table_args__ = SCHEMA

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    region_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    touchpoint_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guide_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    figure: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class FiguresStore(Base):
    """Per store (store filter, store ranking)."""

    __tablename__ = "figures_store"
    __table_args__ = SCHEMA

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    region_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    figure: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class FiguresChannel(Base):
    """Per region and channel (channel mix without a store filter)."""

    __tablename__ = "figures_channel"
    __table_args__ = SCHEMA

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    region_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    figure: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class FiguresRegion(Base):
    """Per region (tiles and time series for a region or HQ)."""

    __tablename__ = "figures_region"
    __table_args__ = SCHEMA

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    region_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    figure: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
