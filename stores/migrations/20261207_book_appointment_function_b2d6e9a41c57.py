"""stores.book_appointment: a booking's write in one statement (the guide locked only
for it), with stores.guide_still_free (its check of a candidate guide) and
stores.member_overlap (one live appointment per member, also asked by a move); a guide's
appointments count on their own calendar counter, (-1, guide), apart from the guide's
week and leave on (0, guide), so a booking of the guide at another time does not make
another booking read again

stores/sql/{book_appointment,guide_still_free,member_overlap,calendar_changed}.sql;
stores/appointments/new_booking.py and shopper_caps.py call them.

Revision ID: b2d6e9a41c57
Revises: e4b7c1d9a620
Create Date: 2026-12-07 23:55:00+00:00
"""

from collections.abc import Sequence
from pathlib import Path

from alembic import op

from services.platform import sql_source

revision: str = "b2d6e9a41c57"
down_revision: str | None = "e4b7c1d9a620"
branch_labels: str | Sequence[str] | None = None
# It claims idempotency keys through platform.claim_answered.
depends_on: str | Sequence[str] | None = "9d3a6c2e5f17"


def upgrade() -> None:
    op.execute(sql_source.load("stores", "calendar_changed", digest="4ec9bac2b991cdfb"))
    op.execute(sql_source.load("stores", "member_overlap", digest="2cedfd6ed88a0df7"))
    op.execute(sql_source.load("stores", "guide_still_free", digest="70ce42f3e713297f"))
    op.execute(sql_source.load("stores", "book_appointment", digest="6ae1f0fc71503e2a"))


def downgrade() -> None:
    op.execute(
        "DROP FUNCTION stores.book_appointment(bigint, integer, integer, integer, timestamptz,"
        " timestamptz, timestamptz, timestamptz, integer[], bigint[], bigint, boolean, text,"
        " text, timestamptz, integer, integer, text[], text, text, text, text, text, jsonb,"
        " jsonb)"
    )
    op.execute(
        "DROP FUNCTION stores.guide_still_free(integer, bigint, timestamptz, timestamptz, text[])"
    )
    op.execute(
        "DROP FUNCTION stores.member_overlap(bigint, timestamptz, timestamptz, text[], bigint)"
    )
    first = Path(__file__).with_name("20261129_calendar_versions_7f3c2a9e1d54.py")
    op.execute(sql_source.frozen(first, "CALENDAR_CHANGED"))
    # Appointments counted on (-1, guide) since: fold them back into (0, guide).
    op.execute(
        "INSERT INTO stores.calendar_versions AS v (store_id, guide_id, version)"
        " SELECT 0, guide_id, version FROM stores.calendar_versions WHERE store_id = -1"
        " ON CONFLICT (store_id, guide_id) DO UPDATE SET version = v.version + EXCLUDED.version"
    )
    op.execute("DELETE FROM stores.calendar_versions WHERE store_id = -1")
