"""Tables of the ``feedback`` schema: the journey, the invitations, the answers.

Member, store, guide, touchpoint and product ids belong to other services (no foreign
keys across schemas, as everywhere else).
"""

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
    SmallInteger,
    String,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.platform.db import Base, utcnow

SCHEMA = {"schema": "feedback"}
_STAGES = "stage IN ('discover', 'consider', 'buy', 'fulfil', 'retain')"


class JourneyEvent(Base):
    """One meaningful moment, recorded once: ``event_key`` is its natural key."""

    __tablename__ = "journey_events"
    __table_args__ = (
        CheckConstraint(_STAGES, name="stage"),
        CheckConstraint("member_id IS NOT NULL OR device_id IS NOT NULL", name="has_who"),
        Index("ix_journey_events_member_occurred", "member_id", "occurred_at"),
        Index("ix_journey_events_store_occurred", "store_id", "occurred_at"),
        Index("ix_journey_events_kind_occurred", "kind", "occurred_at"),
        Index(
            "ix_journey_events_anonymous_device",
            "device_id",
            "occurred_at",
            postgresql_where=text("member_id IS NULL"),
        ),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    event_key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    stage: Mapped[str] = mapped_column(String(10))
    member_id: Mapped[int | None] = mapped_column(BigInteger)
    device_id: Mapped[str | None] = mapped_column(String(64))
    touchpoint_id: Mapped[int | None] = mapped_column(Integer)
    store_id: Mapped[int | None] = mapped_column(Integer)
    guide_id: Mapped[int | None] = mapped_column(Integer)
    product_id: Mapped[int | None] = mapped_column(Integer)
    ref: Mapped[str | None] = mapped_column(String(64))
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Invitation(Base):
    """We asked a member about one moment; ``journey_event_id`` unique: once per occasion."""

    __tablename__ = "invitations"
    __table_args__ = (
        CheckConstraint(_STAGES, name="stage"),
        Index("ix_invitations_member_invited", "member_id", "invited_at"),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    journey_event_id: Mapped[int] = mapped_column(
        ForeignKey("feedback.journey_events.id"), unique=True
    )
    member_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(32))
    stage: Mapped[str] = mapped_column(String(10))
    touchpoint_id: Mapped[int | None] = mapped_column(Integer)
    store_id: Mapped[int | None] = mapped_column(Integer)
    guide_id: Mapped[int | None] = mapped_column(Integer)
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)
    answer_by: Mapped[datetime]


class Answer(Base):
    """The member's answer to one invitation; ``invitation_id`` unique: one per occasion."""

    __tablename__ = "answers"
    __table_args__ = (
        CheckConstraint("scale IN ('nps', 'csat')", name="scale"),
        CheckConstraint(
            "(scale = 'nps' AND score BETWEEN 0 AND 10) "
            "OR (scale = 'csat' AND score BETWEEN 1 AND 5)",
            name="score_range",
        ),
        CheckConstraint(_STAGES, name="stage"),
        Index("ix_answers_store_answered", "store_id", "answered_at"),
        Index(
            "ix_answers_needs_case", "id", postgresql_where=text("needs_case AND case_id IS NULL")
        ),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("feedback.invitations.id"), unique=True)
    member_id: Mapped[int] = mapped_column(BigInteger)
    scale: Mapped[str] = mapped_column(String(4))
    score: Mapped[int] = mapped_column(SmallInteger)
    tags: Mapped[list[str]] = mapped_column(JSONB, default=list)
    comment: Mapped[str] = mapped_column(String(1000), default="")
    kind: Mapped[str] = mapped_column(String(32))
    stage: Mapped[str] = mapped_column(String(10))
    touchpoint_id: Mapped[int | None] = mapped_column(Integer)
    store_id: Mapped[int | None] = mapped_column(Integer)
    guide_id: Mapped[int | None] = mapped_column(Integer)
    #: A detractor or low CSAT: the store owes the member an apology (a service case).
    needs_case: Mapped[bool] = mapped_column(Boolean, default=False)
    case_id: Mapped[int | None] = mapped_column(BigInteger)
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)


class JourneyDay(Base):
    """Journey moments of one kind and stage at one store (0: none) on one UTC day, kept
    after the raw moments pass retention."""

    __tablename__ = "journey_days"
    __table_args__ = SCHEMA

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    stage: Mapped[str] = mapped_column(String(10), primary_key=True)
    store_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    events: Mapped[int] = mapped_column(BigInteger)


class FirstPurchase(Base):
    """A member's earliest paid order seen (``moments``): a later one is a repeat purchase."""

    __tablename__ = "first_purchases"
    __table_args__ = SCHEMA

    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    paid_at: Mapped[datetime]
