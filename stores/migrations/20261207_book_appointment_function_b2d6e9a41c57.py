"""stores.book_appointment: a booking's write in one statement (the guide locked only
for it and the commit); stores.member_overlap: the one-appointment-at-a-time rule that it
and a reschedule ask

stores/sql/book_appointment.sql, stores/sql/member_overlap.sql;
stores/appointments/booking.py and shopper_caps.py call them.

Revision ID: b2d6e9a41c57
Revises: e4b7c1d9a620
Create Date: 2026-12-07 23:55:00+00:00
"""

from collections.abc import Sequence

from alembic import op

from services.platform import sql_source

revision: str = "b2d6e9a41c57"
down_revision: str | None = "e4b7c1d9a620"
branch_labels: str | Sequence[str] | None = None
# It claims idempotency keys through platform.claim_answered.
depends_on: str | Sequence[str] | None = "9d3a6c2e5f17"


def upgrade() -> None:
    op.execute(sql_source.load("stores", "member_overlap", digest="2cedfd6ed88a0df7"))
    op.execute(sql_source.load("stores", "book_appointment", digest="78b6e3ac94d3f514"))


def downgrade() -> None:
    op.execute(
        "DROP FUNCTION stores.book_appointment(bigint, integer, integer, integer, timestamptz,"
        " timestamptz, timestamptz, timestamptz, integer[], bigint[], bigint, boolean, text,"
        " text, timestamptz, integer, integer, text[], text, text, text, text, text, jsonb, jsonb)"
    )
    op.execute(
        "DROP FUNCTION stores.member_overlap(bigint, timestamptz, timestamptz, text[], bigint)"
    )
