"""Alembic environment: the database from settings, every service's models loaded.

``-x service=<schema>`` limits autogenerate to one service's schema so each
service's migrations stay in its own version folder.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from server.manifests import SERVICE_SCHEMAS
from server.models import load_all_models
from server.wiring import wire
from services.platform.db import make_engine
from services.platform.runtime import resolve_database_url
from services.platform.settings import get_settings

wire()
config = context.config
target_metadata = load_all_models()
only_schema = context.get_x_argument(as_dictionary=True).get("service")


def include_object(obj, name, type_, reflected, compare_to):
    if only_schema is None or type_ != "table":
        return True
    return obj.schema == only_schema


def run_migrations_online() -> None:
    url = config.attributes.get("database_url") or resolve_database_url(get_settings())
    engine = make_engine(url, pool_size=1, max_overflow=0)
    with engine.connect() as connection:
        # Serialise concurrent `migrate` runs (several containers starting at once).
        connection.execute(text("SELECT pg_advisory_lock(727274)"))
        for schema in SERVICE_SCHEMAS:  # each service's tables live in its own schema
            connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        connection.commit()
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            include_schemas=True,
            include_object=include_object,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.execute(text("SELECT pg_advisory_unlock(727274)"))
        connection.commit()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run against a database")
run_migrations_online()
