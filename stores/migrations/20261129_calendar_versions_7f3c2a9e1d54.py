"""calendar versions: a counter per store calendar and per guide, bumped by triggers

The slot search caches its answers keyed by these counters (slot_cache.py); the triggers
count every committed change to what the search reads, so no cached answer outlives one.

Revision ID: 7f3c2a9e1d54
Revises: 8b41e6d2c7f3
Create Date: 2026-11-29 11:55:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from services.platform import sql_source

revision: str = "7f3c2a9e1d54"
down_revision: str | None = "8b41e6d2c7f3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CALENDAR_CHANGED = sql_source.load("stores", "calendar_changed", digest="7e79f82ceb4be9a6")
#: The tables the slot search reads, with the columns whose change matters (none: any).
WATCHED = {
    "stores": ("id", "timezone", "status"),
    "booking_policies": (),
    "opening_hours": (),
    "special_hours": (),
    "appointment_services": (
        "store_id",
        "active",
        "duration_minutes",
        "interval_minutes",
        "buffer_before_minutes",
        "buffer_after_minutes",
    ),
    "guide_services": (),
    "guides": ("id", "store_id", "active"),
    "working_hours": (),
    "schedule_exceptions": (),
    "appointments": (
        "guide_id",
        "status",
        "starts_at",
        "blocked_from",
        "blocked_until",
        "any_guide",
        "created_at",
    ),
}


def upgrade() -> None:
    op.create_table(
        "calendar_versions",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("store_id", "guide_id", name=op.f("pk_calendar_versions")),
        schema="stores",
    )
    op.execute(CALENDAR_CHANGED)
    for table, columns in WATCHED.items():
        arguments = ", ".join(f"'{c}'" for c in columns)
        op.execute(
            f"CREATE TRIGGER calendar_changed AFTER INSERT OR UPDATE OR DELETE ON stores.{table}"
            f" FOR EACH ROW EXECUTE FUNCTION stores.calendar_changed({arguments})"
        )


def downgrade() -> None:
    for table in WATCHED:
        op.execute(f"DROP TRIGGER IF EXISTS calendar_changed ON stores.{table}")
    op.execute("DROP FUNCTION stores.calendar_changed()")
    op.drop_table("calendar_versions", schema="stores")
