"""Tables of the ``siting`` schema: a manager's site-suggestion jobs and their answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Double, Identity, Index, Integer, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.platform.db import Base, utcnow

SCHEMA = {"schema": "siting"}


class SiteJob(Base):
    """One suggestion run: what was asked, how far it got, and the ranked sites it found.

    The answer is kept whole (JSONB) as the manager read it: the stores it names are a
    snapshot of the region when the job ran, so a later store change does not rewrite it.
    """

    __tablename__ = "site_jobs"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status"),
        CheckConstraint("model IN ('mclp', 'pmedian')", name="model"),
        CheckConstraint("percent BETWEEN 0 AND 100", name="percent"),
        CheckConstraint("k >= 1", name="k_positive"),
        CheckConstraint("radius_km > 0", name="radius_positive"),
        Index("ix_site_jobs_manager_status", "requested_by", "status"),
        Index("ix_site_jobs_region", "region_id", "id"),
        SCHEMA,
    )

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    region_id: Mapped[int] = mapped_column(Integer)
    requested_by: Mapped[int | None] = mapped_column(Integer)  # manager id; None: seed/CLI
    k: Mapped[int] = mapped_column(Integer)
    model: Mapped[str] = mapped_column(String(16))
    radius_km: Mapped[float] = mapped_column(Double)
    # None: candidates generated from the heaviest demand cells.
    candidates: Mapped[list[list[float]] | None] = mapped_column(JSONB)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    stage: Mapped[str] = mapped_column(String(64), default="queued")
    percent: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(500))
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
