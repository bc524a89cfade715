"""Tables of the ``recommendations`` schema: what training wrote, the shopper's choice,
what was shown."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    Index,
    Integer,
    SmallInteger,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.platform.db import Base, utcnow

SCHEMA = {"schema": "recommendations"}
WHYS = "why IN ('bought_together', 'similar_members', 'viewed', 'popular_nearby')"
#: Where a suggestion was shown (the wall's "recommended -> bought" per touchpoint).
TOUCHPOINTS = ("mini_program", "order_confirmation", "pickup_notice", "member_360")


class Preference(Base):
    """A member's choice about personal suggestions (PIPL Art. 24); no row: personalised."""

    __tablename__ = "preferences"
    __table_args__ = SCHEMA

    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    personalised: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class MemberPick(Base):
    """One of a member's best products, as the last training or refresh ranked them."""

    __tablename__ = "member_picks"
    __table_args__ = (CheckConstraint(WHYS, name="why"), SCHEMA)

    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    product_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rank: Mapped[int] = mapped_column(SmallInteger)
    score: Mapped[float] = mapped_column(Float)
    why: Mapped[str] = mapped_column(String(20))


class Together(Base):
    """A product another product's buyers also bought (the product page)."""

    __tablename__ = "bought_together"
    __table_args__ = SCHEMA

    product_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    other_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rank: Mapped[int] = mapped_column(SmallInteger)
    score: Mapped[float] = mapped_column(Float)


class Popular(Base):
    """Most bought lately in one place: ``scope`` store (key its id), city, or all (key '')."""

    __tablename__ = "popular"
    __table_args__ = (CheckConstraint("scope IN ('store', 'city', 'all')", name="scope"), SCHEMA)

    scope: Mapped[str] = mapped_column(String(8), primary_key=True)
    scope_key: Mapped[str] = mapped_column(String(100), primary_key=True)
    product_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rank: Mapped[int] = mapped_column(SmallInteger)
    score: Mapped[float] = mapped_column(Float)


class Home(Base):
    """The store a member is nearest to in practice (where they buy most; else nearest
    their consented home) and its city: where "popular nearby" looks."""

    __tablename__ = "homes"
    __table_args__ = SCHEMA

    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    store_id: Mapped[int] = mapped_column(Integer)
    city: Mapped[str] = mapped_column(String(100))


class Impression(Base):
    """A product suggested to a member at a touchpoint, the first time that day."""

    __tablename__ = "impressions"
    __table_args__ = (
        Index("ix_impressions_shown_on", "shown_on"),
        SCHEMA,
    )

    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    product_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    touchpoint: Mapped[str] = mapped_column(String(20), primary_key=True)
    shown_on: Mapped[date] = mapped_column(Date, primary_key=True)
    shown_at: Mapped[datetime] = mapped_column(default=utcnow)
    store_id: Mapped[int | None] = mapped_column(Integer)


class Mark(Base):
    """How far a refresh has read (``purchases``: the last paid_at it applied)."""

    __tablename__ = "marks"
    __table_args__ = SCHEMA

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    at: Mapped[datetime]
