"""appointments: partial index for a guide's last "any guide" assignment

The slot search reads, per guide, the newest appointment assigned as "any guide" (the
round-robin tiebreak); without this it scans the guide's whole history.

Revision ID: 5d7a2c91e4b0
Revises: 5d2a9c7e41b3
Create Date: 2026-11-29 08:20:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d7a2c91e4b0"
down_revision: str | None = "5d2a9c7e41b3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_appointments_guide_id_created_at_any_guide",
        "appointments",
        ["guide_id", "created_at"],
        schema="stores",
        postgresql_where=sa.text("any_guide"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_appointments_guide_id_created_at_any_guide", table_name="appointments", schema="stores"
    )
