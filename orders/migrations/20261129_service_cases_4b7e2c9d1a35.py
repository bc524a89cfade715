"""service cases: apologies, returns, exchanges and complaints with their steps

Revision ID: 4b7e2c9d1a35
Revises: 9d4e7b1c2a60
Create Date: 2026-11-29 09:10:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "4b7e2c9d1a35"
down_revision: str | None = "9d4e7b1c2a60"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KINDS = "kind IN ('apology', 'return', 'exchange', 'complaint')"
_STATUSES = "status IN ('open', 'approved', 'declined', 'resolved')"


def upgrade() -> None:
    op.create_table(
        "service_cases",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("order_id", sa.BigInteger(), nullable=True),
        sa.Column("source_key", sa.String(120), nullable=False),
        sa.Column("summary", sa.String(500), nullable=False),
        sa.Column(
            "lines",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "photo_urls",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_KINDS, name=op.f("ck_service_cases_kind")),
        sa.CheckConstraint(_STATUSES, name=op.f("ck_service_cases_status")),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('apologised', 'voucher', 'points', 'refunded')",
            name=op.f("ck_service_cases_outcome"),
        ),
        sa.CheckConstraint(
            "(status = 'open') = (closed_at IS NULL)",
            name=op.f("ck_service_cases_closed_iff_not_open"),
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.orders.id"], name=op.f("fk_service_cases_order_id_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_cases")),
        sa.UniqueConstraint("source_key", name=op.f("uq_service_cases_source_key")),
        schema="orders",
    )
    op.create_index(
        "ix_service_cases_store_status", "service_cases", ["store_id", "status"], schema="orders"
    )
    op.create_index(
        "ix_service_cases_member_created",
        "service_cases",
        ["member_id", "created_at"],
        schema="orders",
    )
    op.create_index(
        "ix_service_cases_overdue",
        "service_cases",
        ["due_at"],
        schema="orders",
        postgresql_where=sa.text("status = 'open' AND acted_at IS NULL AND escalated_at IS NULL"),
    )
    op.create_table(
        "case_steps",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("case_id", sa.BigInteger(), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("actor_role", sa.String(16), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "action IN ('open', 'contact', 'approve', 'decline', 'resolve', 'escalate')",
            name=op.f("ck_case_steps_action"),
        ),
        sa.CheckConstraint(_STATUSES, name=op.f("ck_case_steps_status")),
        sa.CheckConstraint(
            "actor_role IN ('shopper', 'guide', 'manager', 'system')",
            name=op.f("ck_case_steps_actor_role"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["orders.service_cases.id"],
            name=op.f("fk_case_steps_case_id_service_cases"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_steps")),
        schema="orders",
    )
    op.create_index("ix_case_steps_case", "case_steps", ["case_id", "id"], schema="orders")


def downgrade() -> None:
    op.drop_table("case_steps", schema="orders")
    op.drop_table("service_cases", schema="orders")
