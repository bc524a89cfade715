"""care tasks: members at risk of leaving, once per member per period

Revision ID: 5c8f3a1e2d47
Revises: 4b7e2c9d1a35
Create Date: 2026-11-29 09:30:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5c8f3a1e2d47"
down_revision: str | None = "4b7e2c9d1a35"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "care_tasks",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("suggested", sa.String(16), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("last_visit_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.Column("note", sa.String(500), nullable=True),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("reason IN ('quiet', 'detractor')", name=op.f("ck_care_tasks_reason")),
        sa.CheckConstraint(
            "suggested IN ('call', 'message', 'invite')", name=op.f("ck_care_tasks_suggested")
        ),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN "
            "('called', 'messaged', 'invited', 'unreachable', 'not_interested')",
            name=op.f("ck_care_tasks_outcome"),
        ),
        sa.CheckConstraint(
            "(outcome IS NULL) = (closed_at IS NULL)",
            name=op.f("ck_care_tasks_closed_with_outcome"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_tasks")),
        sa.UniqueConstraint(
            "member_id", "period_start", name=op.f("uq_care_tasks_member_id_period_start")
        ),
        schema="orders",
    )
    op.create_index(
        "ix_care_tasks_store_open",
        "care_tasks",
        ["store_id"],
        schema="orders",
        postgresql_where=sa.text("closed_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_table("care_tasks", schema="orders")
