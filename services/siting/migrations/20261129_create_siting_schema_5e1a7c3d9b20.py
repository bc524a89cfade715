"""create siting schema: site-suggestion jobs

Revision ID: 5e1a7c3d9b20
Revises:
Create Date: 2026-11-29 09:30:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "5e1a7c3d9b20"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = ("siting",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE SCHEMA IF NOT EXISTS siting")
    op.create_table(
        "site_jobs",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.Column("k", sa.Integer(), nullable=False),
        sa.Column("model", sa.String(length=16), nullable=False),
        sa.Column("radius_km", sa.Double(), nullable=False),
        sa.Column("candidates", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("stage", sa.String(length=64), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("result", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("k >= 1", name=op.f("ck_site_jobs_k_positive")),
        sa.CheckConstraint("model IN ('mclp', 'pmedian')", name=op.f("ck_site_jobs_model")),
        sa.CheckConstraint("percent BETWEEN 0 AND 100", name=op.f("ck_site_jobs_percent")),
        sa.CheckConstraint("radius_km > 0", name=op.f("ck_site_jobs_radius_positive")),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed')", name=op.f("ck_site_jobs_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_jobs")),
        schema="siting",
    )
    op.create_index(
        "ix_site_jobs_manager_status",
        "site_jobs",
        ["requested_by", "status"],
        unique=False,
        schema="siting",
    )
    op.create_index("ix_site_jobs_region", "site_jobs", ["region_id", "id"], schema="siting")


def downgrade() -> None:
    op.drop_index("ix_site_jobs_region", table_name="site_jobs", schema="siting")
    op.drop_index("ix_site_jobs_manager_status", table_name="site_jobs", schema="siting")
    op.drop_table("site_jobs", schema="siting")
    op.execute("DROP SCHEMA IF EXISTS siting")
