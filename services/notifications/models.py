"""Tables of the ``notifications`` schema: the delivery log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Identity, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.platform.db import Base, utcnow


class Delivery(Base):
    """One notification to one recipient; ``dedupe_key`` makes each occasion happen once."""

    __tablename__ = "deliveries"
    __table_args__ = (
        CheckConstraint(
            "channel IN ('mini_program', 'sms', 'tablet', 'manager_inbox')", name="channel"
        ),
        CheckConstraint("status IN ('pending', 'sent', 'failed', 'skipped')", name="status"),
        CheckConstraint(
            "(member_id IS NOT NULL) OR (store_id IS NOT NULL) OR (manager_id IS NOT NULL)",
            name="has_recipient",
        ),
        # A manager's inbox, newest first.
        Index(
            "ix_deliveries_manager_inbox",
            "manager_id",
            "id",
            postgresql_where=text("manager_id IS NOT NULL"),
        ),
        {"schema": "notifications"},
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    channel: Mapped[str] = mapped_column(String(20))
    template: Mapped[str] = mapped_column(String(64))
    member_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    store_id: Mapped[int | None] = mapped_column(Integer, index=True)
    #: A regional manager (``manager_inbox``): the row is their in-app inbox entry.
    manager_id: Mapped[int | None] = mapped_column(Integer)
    params: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
