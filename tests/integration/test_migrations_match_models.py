"""Every service's migrations produce exactly the tables its models declare."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from server.models import load_all_models


def test_no_model_change_is_missing_a_migration(migrated: dict[str, str]) -> None:
    engine = create_engine(migrated["database_url"])
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"include_schemas": True, "compare_type": True}
            )
            assert compare_metadata(context, load_all_models()) == []
    finally:
        engine.dispose()
