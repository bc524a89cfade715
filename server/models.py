"""Import every service's models so Alembic and tests see the whole metadata."""

from __future__ import annotations

import importlib

from sqlalchemy import MetaData

from server.manifests import MODEL_MODULES

__all__ = ["MODEL_MODULES", "load_all_models"]


def load_all_models() -> MetaData:
    """Import each service's model modules (named by its manifest); return the metadata."""
    for module in MODEL_MODULES:
        importlib.import_module(module)
    from services.platform.db import Base

    return Base.metadata
