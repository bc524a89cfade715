"""Import every service's models so Alembic and tests see the whole metadata."""

from __future__ import annotations

from sqlalchemy import MetaData


def load_all_models() -> MetaData:
    """Import each service's model module; return the shared metadata."""
    import inventory.models  # noqa: F401
    import orders.models  # noqa: F401
    import services.members.models
    import services.notifications.models
    import services.payments.models
    import services.platform.idempotency
    import services.platform.outbox  # noqa: F401
    import stores.models  # noqa: F401
    from services.platform.db import Base

    return Base.metadata
