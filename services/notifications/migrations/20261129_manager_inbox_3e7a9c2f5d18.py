"""manager inbox: deliveries to a manager, kept as their in-app inbox

Revision ID: 3e7a9c2f5d18
Revises: 64f5ee0aa964
Create Date: 2026-11-29 11:40:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3e7a9c2f5d18"
down_revision: str | None = "64f5ee0aa964"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SCHEMA = "notifications"


def upgrade() -> None:
    op.add_column(
        "deliveries", sa.Column("manager_id", sa.Integer(), nullable=True), schema=_SCHEMA
    )
    op.drop_constraint(op.f("ck_deliveries_channel"), "deliveries", schema=_SCHEMA)
    op.create_check_constraint(
        op.f("ck_deliveries_channel"),
        "deliveries",
        "channel IN ('mini_program', 'sms', 'tablet', 'manager_inbox')",
        schema=_SCHEMA,
    )
    op.drop_constraint(op.f("ck_deliveries_has_recipient"), "deliveries", schema=_SCHEMA)
    op.create_check_constraint(
        op.f("ck_deliveries_has_recipient"),
        "deliveries",
        "(member_id IS NOT NULL) OR (store_id IS NOT NULL) OR (manager_id IS NOT NULL)",
        schema=_SCHEMA,
    )
    op.create_index(
        op.f("ix_deliveries_manager_inbox"),
        "deliveries",
        ["manager_id", "id"],
        schema=_SCHEMA,
        postgresql_where=sa.text("manager_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_deliveries_manager_inbox"), "deliveries", schema=_SCHEMA)
    op.execute("DELETE FROM notifications.deliveries WHERE manager_id IS NOT NULL")
    op.drop_constraint(op.f("ck_deliveries_has_recipient"), "deliveries", schema=_SCHEMA)
    op.create_check_constraint(
        op.f("ck_deliveries_has_recipient"),
        "deliveries",
        "(member_id IS NOT NULL) OR (store_id IS NOT NULL)",
        schema=_SCHEMA,
    )
    op.drop_constraint(op.f("ck_deliveries_channel"), "deliveries", schema=_SCHEMA)
    op.create_check_constraint(
        op.f("ck_deliveries_channel"),
        "deliveries",
        "channel IN ('mini_program', 'sms', 'tablet')",
        schema=_SCHEMA,
    )
    op.drop_column("deliveries", "manager_id", schema=_SCHEMA)
