"""Tables of the ``insights`` schema: rollups at several grains, and applied events.

A rollup row holds every figure's sum (a column each, ``figures.STORED``) for one local
day, or one month (the ``_month`` grains, keyed by the month's first day), and one set
of dimensions. A period is summed from whole months and its edge days; each grain
holds the same figures, so a query reads the smallest grain with the dimensions it
filters and groups by.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Column, Date, Index, Integer, String, Table, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.insights.figures import STORED
from services.insights.rollups import GRAINS
from services.platform.db import Base, utcnow

SCHEMA = {"schema": "insights"}


class AppliedEvent(Base):
    """An outbox message already added to the rollups (inserted in the same transaction)."""

    __tablename__ = "applied_events"
    __table_args__ = SCHEMA

    message_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    applied_at: Mapped[datetime] = mapped_column(default=utcnow)


def _grain(name: str, dims: tuple[str, ...]) -> Table:
    return Table(
        name,
        Base.metadata,
        Column("day", Date, primary_key=True),
        *(Column(d, String(20) if d == "channel" else Integer, primary_key=True) for d in dims),
        *(Column(f, BigInteger, nullable=False, server_default="0") for f in STORED),
        schema="insights",
    )


#: figures_full (every dimension: breakdowns by guide or touchpoint, the funnel),
#: figures_store (store filter, ranking), figures_channel (channel mix), figures_region
#: (tiles and series), each by day and by month.
TABLES: dict[str, Table] = {name: _grain(name, dims) for name, dims in GRAINS.items()}


class Counted(Base):
    """What the rollups hold for one source row: its figures as last reconciled.

    ``figures`` is a list of ``[day, region_id, store_id, channel, touchpoint_id,
    guide_id, figure, value]`` (``reconcile.ENCODED``); the row's next change adds its
    figures then minus these.
    """

    __tablename__ = "counted"
    __table_args__ = SCHEMA

    source: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    figures: Mapped[list[Any]] = mapped_column(JSONB)


class MemberSeen(Base):
    """How many activities (paid orders, check-ins, scans) a member had on one local day at
    one store, or in a region (``store_id`` -1), or anywhere (both -1); rows at 0 go."""

    __tablename__ = "members_seen"
    __table_args__ = (
        Index(
            "ix_members_seen_region_day",
            "region_id",
            "day",
            postgresql_where=text("store_id = -1 AND region_id >= 0"),
        ),
        SCHEMA,
    )

    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    region_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class ActiveMembers(Base):
    """Members active in one day, ISO week or month (``day`` its first day) at one level
    (as ``MemberSeen``); ``member_days`` sums the period's daily counts."""

    __tablename__ = "active_members"
    __table_args__ = (Index("ix_active_members_grain_day", "grain", "day"), SCHEMA)

    grain: Mapped[str] = mapped_column(String(8), primary_key=True)
    region_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    members: Mapped[int] = mapped_column(BigInteger)
    member_days: Mapped[int] = mapped_column(BigInteger)


class MemberStep(Base):
    """How many times a member took one journey step (``journey_figures.sql``) on one local
    day at one place (touchpoint and guide for a scan, 0 otherwise); rows at 0 go. The
    funnel and scan-to-order count distinct members here (``journeys.py``)."""

    __tablename__ = "member_steps"
    __table_args__ = SCHEMA

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    region_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    touchpoint_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guide_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    step: Mapped[str] = mapped_column(String(8), primary_key=True)
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
