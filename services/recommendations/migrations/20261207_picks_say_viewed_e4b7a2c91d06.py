"""a pick may say why "viewed" (a product the member looked at and did not buy)

Revision ID: e4b7a2c91d06
Revises: d71c4e9a3b58
Create Date: 2026-12-07 15:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "e4b7a2c91d06"
down_revision: str | None = "d71c4e9a3b58"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_S = "recommendations"
_OLD = "why IN ('bought_together', 'similar_members', 'popular_nearby')"
_NEW = "why IN ('bought_together', 'similar_members', 'viewed', 'popular_nearby')"


def upgrade() -> None:
    op.drop_constraint(op.f("ck_member_picks_why"), "member_picks", schema=_S, type_="check")
    op.create_check_constraint(op.f("ck_member_picks_why"), "member_picks", _NEW, schema=_S)


def downgrade() -> None:
    op.execute(f"DELETE FROM {_S}.member_picks WHERE why = 'viewed'")
    op.drop_constraint(op.f("ck_member_picks_why"), "member_picks", schema=_S, type_="check")
    op.create_check_constraint(op.f("ck_member_picks_why"), "member_picks", _OLD, schema=_S)
