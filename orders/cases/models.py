"""Tables of service cases (``orders`` schema): the case and its history of steps."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from orders.cases.states import ACTIONS, KINDS, OUTCOMES, STATUSES
from services.platform.db import Base, utcnow

SCHEMA = {"schema": "orders"}
ACTOR_ROLES = ("shopper", "guide", "manager", "system")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ServiceCase(Base):
    """One case for a store (or HQ for delivery orders); ``source_key`` makes opening once."""

    __tablename__ = "service_cases"
    __table_args__ = (
        CheckConstraint(_one_of("kind", KINDS), name="kind"),
        CheckConstraint(_one_of("status", STATUSES), name="status"),
        CheckConstraint(f"outcome IS NULL OR {_one_of('outcome', OUTCOMES)}", name="outcome"),
        CheckConstraint("(status = 'open') = (closed_at IS NULL)", name="closed_iff_not_open"),
        Index("ix_service_cases_store_status", "store_id", "status"),
        Index("ix_service_cases_member_created", "member_id", "created_at"),
        # The escalation sweep reads only open cases nobody has acted on yet.
        Index(
            "ix_service_cases_overdue",
            "due_at",
            postgresql_where=text("status = 'open' AND acted_at IS NULL AND escalated_at IS NULL"),
        ),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="open")
    member_id: Mapped[int] = mapped_column(Integer)
    store_id: Mapped[int | None] = mapped_column(Integer)
    order_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("orders.orders.id"))
    source_key: Mapped[str] = mapped_column(String(120), unique=True)
    summary: Mapped[str] = mapped_column(String(500))
    #: Return/exchange lines: [{"sku_id", "quantity", "exchange_sku_id"?}].
    lines: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONB, default=list, server_default=text("'[]'::jsonb")
    )
    photo_urls: Mapped[list[str]] = mapped_column(
        JSONB, default=list, server_default=text("'[]'::jsonb")
    )
    outcome: Mapped[str | None] = mapped_column(String(16))
    due_at: Mapped[datetime]
    acted_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseStep(Base):
    """One step of a case's history, in order; the shopper is told about each."""

    __tablename__ = "case_steps"
    __table_args__ = (
        CheckConstraint(_one_of("action", ACTIONS), name="action"),
        CheckConstraint(_one_of("status", STATUSES), name="status"),
        CheckConstraint(_one_of("actor_role", ACTOR_ROLES), name="actor_role"),
        Index("ix_case_steps_case", "case_id", "id"),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("orders.service_cases.id"))
    action: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    actor_role: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


CARE_REASONS = ("quiet", "detractor")
CARE_ACTIONS = ("call", "message", "invite")
CARE_OUTCOMES = ("called", "messaged", "invited", "unreachable", "not_interested")


class CareTask(Base):
    """A guide's reason to reach out to a member at risk of leaving: once per member per period."""

    __tablename__ = "care_tasks"
    __table_args__ = (
        CheckConstraint(_one_of("reason", CARE_REASONS), name="reason"),
        CheckConstraint(_one_of("suggested", CARE_ACTIONS), name="suggested"),
        CheckConstraint(f"outcome IS NULL OR {_one_of('outcome', CARE_OUTCOMES)}", name="outcome"),
        CheckConstraint("(outcome IS NULL) = (closed_at IS NULL)", name="closed_with_outcome"),
        UniqueConstraint("member_id", "period_start"),
        Index("ix_care_tasks_store_open", "store_id", postgresql_where=text("closed_at IS NULL")),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    member_id: Mapped[int] = mapped_column(Integer)
    store_id: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(16))
    suggested: Mapped[str] = mapped_column(String(16))
    period_start: Mapped[date] = mapped_column(Date)
    last_visit_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(String(500))
    closed_by: Mapped[int | None] = mapped_column(Integer)
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
