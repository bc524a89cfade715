"""Import every service's models so Alembic and tests see the whole metadata."""

from __future__ import annotations

import importlib

from sqlalchemy import MetaData

MODEL_MODULES = (
    "services.platform.outbox",
    "services.platform.idempotency",
    "stores.models",
    "stores.appointments.models",
    "inventory.models",
    "services.members.models",
    "services.notifications.models",
    "orders.models",
    "orders.cases.models",
    "services.payments.models",
    "services.touchpoints.models",
    "services.promotions.models",
    "services.campaigns.models",
    "services.siting.models",
    "services.insights.models",
    "services.insights.copy_models",
    "services.feedback.models",
    "services.recommendations.models",
)


def load_all_models() -> MetaData:
    """Import each service's model module; return the shared metadata."""
    for module in MODEL_MODULES:
        importlib.import_module(module)
    from services.platform.db import Base

    return Base.metadata
