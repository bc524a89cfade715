"""insights: a figure's journey step named by one function, journey_step

``journey_figures`` names its steps by ``insights.journey_step``, and ``o2o insights
rebuild`` names them by it from the figures it has just computed, so the figure rules run
once per row in a rebuild (they ran twice: once for the figures, once inside
journey_figures). The steps are the same, so the rollups need no rebuild.

Revision ID: 5d2a8c1e7b94
Revises: 0b7d3e9a4c21
Create Date: 2026-12-07 18:00:00+00:00
"""

from collections.abc import Sequence
from pathlib import Path

from alembic import op

from services.platform import sql_source

revision: str = "5d2a8c1e7b94"
down_revision: str | None = "0b7d3e9a4c21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OWN_COPIES = Path(__file__).with_name("20261207_insights_own_copies_0b7d3e9a4c21.py")


def upgrade() -> None:
    op.execute(sql_source.load("services.insights", "journey_step", digest="c73449d851f6cacb"))
    op.execute(sql_source.load("services.insights", "journey_figures", digest="3c8d6c4395ef9a25"))


def downgrade() -> None:
    op.execute(sql_source.frozen(_OWN_COPIES, "JOURNEY_FIGURES"))
    op.execute("DROP FUNCTION insights.journey_step(text)")
