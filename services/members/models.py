"""Tables of the ``members`` schema."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Double,
    ForeignKey,
    Identity,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.platform.db import Base, utcnow


class Member(Base):
    """One shopper across every channel, keyed by mini-program openid (and unionid)."""

    __tablename__ = "members"
    __table_args__ = (
        CheckConstraint("points >= 0", name="points_non_negative"),
        CheckConstraint(
            "(home_latitude IS NULL) = (home_longitude IS NULL)", name="home_location_pair"
        ),
        CheckConstraint(
            "home_latitude IS NULL OR location_consent_at IS NOT NULL",
            name="home_location_needs_consent",
        ),
        {"schema": "members"},
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    openid: Mapped[str] = mapped_column(String(64), unique=True)
    unionid: Mapped[str | None] = mapped_column(String(64), unique=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    name: Mapped[str | None] = mapped_column(String(100))
    birthday: Mapped[date | None] = mapped_column(Date)
    home_latitude: Mapped[float | None] = mapped_column(Double)
    home_longitude: Mapped[float | None] = mapped_column(Double)
    home_city: Mapped[str | None] = mapped_column(String(100))
    location_consent_at: Mapped[datetime | None]
    joined_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    points: Mapped[int] = mapped_column(BigInteger, default=0)
    care_opt_out: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    marketing_opt_out: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    #: Set when the member deleted their account: the row stays as a pseudonym (orders,
    #: ledgers and campaign arms keep pointing at it), every personal field is gone.
    erased_at: Mapped[datetime | None]


class PointsEntry(Base):
    """One earn (+) or spend (-) of points; ``source`` makes each entry happen once."""

    __tablename__ = "points_entries"
    __table_args__ = (
        UniqueConstraint("member_id", "source"),
        CheckConstraint("delta <> 0", name="delta_not_zero"),
        CheckConstraint("balance_after >= 0", name="balance_non_negative"),
        {"schema": "members"},
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.members.id", ondelete="CASCADE"))
    delta: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(String(200), default="")
    balance_after: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CareMessage(Base):
    """A care occasion already greeted (``birthday:2026``, ``day100``): never twice."""

    __tablename__ = "care_messages"
    __table_args__ = {"schema": "members"}

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.members.id", ondelete="CASCADE"), primary_key=True
    )
    occasion: Mapped[str] = mapped_column(String(32), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConsentEvent(Base):
    """One change of a consent, kept as evidence of what the member agreed to and when."""

    __tablename__ = "consent_events"
    __table_args__ = (
        CheckConstraint("purpose IN ('home_location', 'marketing', 'care')", name="purpose"),
        {"schema": "members"},
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.members.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(32))
    granted: Mapped[bool] = mapped_column(Boolean)
    #: Which path changed it: ``consents``, ``profile``, ``location``, ``account_deleted``.
    source: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(default=utcnow)
