# ruff: noqa: E501  (CALENDAR_CHANGED is frozen SQL text, its lines as they ran)
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

revision: str = "7f3c2a9e1d54"
down_revision: str | None = "8b41e6d2c7f3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The text this migration ran (stores/sql/calendar_changed.sql then; b2d6e9a41c57 changed it).
CALENDAR_CHANGED = """-- Row trigger on every table the slot search reads: count a change against the calendar
-- it touches, in the writer's own transaction, so a cached slot answer checked against
-- these counters can never outlive a committed change (stores/appointments/slot_cache.py).
-- A guide's own time (week, leave, appointments) counts on (0, guide_id), so bookings of
-- different guides never wait on one row; a store's hours, services, policy and who
-- offers what count on (store_id, 0). Counters only grow and rows are never deleted: a
-- sum over a fixed set of rows changes exactly when one of its calendars did.
-- Trigger arguments name the columns whose change matters (none: any change does).
CREATE OR REPLACE FUNCTION stores.calendar_changed()
RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    was jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
    now_is jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
BEGIN
    IF TG_OP = 'UPDATE' AND TG_NARGS > 0 AND NOT EXISTS (
        SELECT 1 FROM unnest(TG_ARGV) AS c(name) WHERE was -> c.name IS DISTINCT FROM now_is -> c.name
    ) THEN
        RETURN NULL;
    END IF;
    INSERT INTO stores.calendar_versions AS v (store_id, guide_id, version)
    SELECT DISTINCT k.store_id, k.guide_id, 1
      FROM (VALUES (was), (now_is)) AS r(row_data)
     CROSS JOIN LATERAL (
        SELECT CASE TG_TABLE_NAME
                 WHEN 'appointments' THEN 0
                 WHEN 'working_hours' THEN 0
                 WHEN 'schedule_exceptions' THEN 0
                 WHEN 'guides' THEN 0
                 WHEN 'stores' THEN (r.row_data ->> 'id')::int
                 WHEN 'guide_services' THEN (
                     SELECT s.store_id FROM stores.appointment_services s
                      WHERE s.id = (r.row_data ->> 'service_id')::int)
                 ELSE (r.row_data ->> 'store_id')::int
               END AS store_id,
               CASE WHEN TG_TABLE_NAME IN ('appointments', 'working_hours', 'schedule_exceptions')
                    THEN (r.row_data ->> 'guide_id')::int
                    WHEN TG_TABLE_NAME = 'guides' THEN (r.row_data ->> 'id')::int
                    ELSE 0
               END AS guide_id
        -- A guide joining or leaving (active, moved) changes who offers the services of
        -- every store where the guide is listed: those stores count it too.
        UNION ALL
        SELECT s.store_id, 0
          FROM stores.guide_services gs
          JOIN stores.appointment_services s ON s.id = gs.service_id
         WHERE TG_TABLE_NAME = 'guides' AND gs.guide_id = (r.row_data ->> 'id')::int
     ) AS k
     WHERE r.row_data IS NOT NULL AND k.store_id IS NOT NULL
     ORDER BY k.store_id, k.guide_id
    ON CONFLICT (store_id, guide_id) DO UPDATE SET version = v.version + 1;
    RETURN NULL;
END
$$;
"""
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
