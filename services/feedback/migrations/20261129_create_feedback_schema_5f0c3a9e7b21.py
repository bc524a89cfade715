"""create feedback schema: journey events, invitations, answers

Revision ID: 5f0c3a9e7b21
Revises:
Create Date: 2026-11-29 09:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "5f0c3a9e7b21"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = ("feedback",)
depends_on: str | Sequence[str] | None = None

_STAGES = "stage IN ('discover', 'consider', 'buy', 'fulfil', 'retain')"


def upgrade() -> None:
    op.execute("CREATE SCHEMA IF NOT EXISTS feedback")
    op.create_table(
        "journey_events",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("event_key", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("stage", sa.String(length=10), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=True),
        sa.Column("device_id", sa.String(length=64), nullable=True),
        sa.Column("touchpoint_id", sa.Integer(), nullable=True),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("guide_id", sa.Integer(), nullable=True),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("ref", sa.String(length=64), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_STAGES, name=op.f("ck_journey_events_stage")),
        sa.CheckConstraint(
            "member_id IS NOT NULL OR device_id IS NOT NULL", name=op.f("ck_journey_events_has_who")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journey_events")),
        sa.UniqueConstraint("event_key", name=op.f("uq_journey_events_event_key")),
        schema="feedback",
    )
    op.create_index(
        "ix_journey_events_member_occurred",
        "journey_events",
        ["member_id", "occurred_at"],
        schema="feedback",
    )
    op.create_index(
        "ix_journey_events_store_occurred",
        "journey_events",
        ["store_id", "occurred_at"],
        schema="feedback",
    )
    op.create_index(
        "ix_journey_events_kind_occurred",
        "journey_events",
        ["kind", "occurred_at"],
        schema="feedback",
    )
    op.create_index(
        "ix_journey_events_anonymous_device",
        "journey_events",
        ["device_id", "occurred_at"],
        schema="feedback",
        postgresql_where=sa.text("member_id IS NULL"),
    )
    op.create_table(
        "invitations",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("journey_event_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("stage", sa.String(length=10), nullable=False),
        sa.Column("touchpoint_id", sa.Integer(), nullable=True),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("guide_id", sa.Integer(), nullable=True),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer_by", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_STAGES, name=op.f("ck_invitations_stage")),
        sa.ForeignKeyConstraint(
            ["journey_event_id"],
            ["feedback.journey_events.id"],
            name=op.f("fk_invitations_journey_event_id_journey_events"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint("journey_event_id", name=op.f("uq_invitations_journey_event_id")),
        schema="feedback",
    )
    op.create_index(
        "ix_invitations_member_invited",
        "invitations",
        ["member_id", "invited_at"],
        schema="feedback",
    )
    op.create_table(
        "answers",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("invitation_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("scale", sa.String(length=4), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.Column("tags", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("comment", sa.String(length=1000), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("stage", sa.String(length=10), nullable=False),
        sa.Column("touchpoint_id", sa.Integer(), nullable=True),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("guide_id", sa.Integer(), nullable=True),
        sa.Column("needs_case", sa.Boolean(), nullable=False),
        sa.Column("case_id", sa.BigInteger(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("scale IN ('nps', 'csat')", name=op.f("ck_answers_scale")),
        sa.CheckConstraint(
            "(scale = 'nps' AND score BETWEEN 0 AND 10) "
            "OR (scale = 'csat' AND score BETWEEN 1 AND 5)",
            name=op.f("ck_answers_score_range"),
        ),
        sa.CheckConstraint(_STAGES, name=op.f("ck_answers_stage")),
        sa.ForeignKeyConstraint(
            ["invitation_id"],
            ["feedback.invitations.id"],
            name=op.f("fk_answers_invitation_id_invitations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answers")),
        sa.UniqueConstraint("invitation_id", name=op.f("uq_answers_invitation_id")),
        schema="feedback",
    )
    op.create_index(
        "ix_answers_store_answered", "answers", ["store_id", "answered_at"], schema="feedback"
    )
    op.create_index(
        "ix_answers_needs_case",
        "answers",
        ["id"],
        schema="feedback",
        postgresql_where=sa.text("needs_case AND case_id IS NULL"),
    )


def downgrade() -> None:
    op.drop_table("answers", schema="feedback")
    op.drop_table("invitations", schema="feedback")
    op.drop_table("journey_events", schema="feedback")
    op.execute("DROP SCHEMA IF EXISTS feedback")
