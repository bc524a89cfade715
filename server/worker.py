"""Celery entry point for ``o2o worker`` and ``o2o beat``: imports every task module and
sets beat's schedule, both declared by the services' manifests."""

from __future__ import annotations

import importlib

from server.manifests import TASK_MODULES, beat_schedule
from server.wiring import wire
from services.platform.celery_app import celery_app
from services.platform.logs import configure_logging
from services.platform.settings import get_settings

wire()
settings = get_settings()
configure_logging(settings.log_level, json=settings.log_json)
celery_app.conf.include = list(TASK_MODULES)
celery_app.conf.beat_schedule = beat_schedule(settings)
for module in TASK_MODULES:
    importlib.import_module(module)

app = celery_app
