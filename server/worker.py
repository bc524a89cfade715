"""Celery entry point for ``o2o worker`` and ``o2o beat``: imports every task module."""

from __future__ import annotations

import importlib

from server.tasks import TASK_MODULES
from server.wiring import wire
from services.platform.celery_app import celery_app
from services.platform.logs import configure_logging
from services.platform.settings import get_settings

settings = get_settings()
configure_logging(settings.log_level, json=settings.log_json)
wire()
celery_app.conf.include = list(TASK_MODULES)
for module in TASK_MODULES:
    importlib.import_module(module)

app = celery_app
