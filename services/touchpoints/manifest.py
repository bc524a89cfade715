"""Touchpoints' manifest: its schema, modules, schedules, error codes and settings."""

from __future__ import annotations

from services.platform.manifest import Manifest, Schedule
from services.touchpoints.error_codes import ERROR_CODES
from services.touchpoints.settings import TouchpointSettings

MANIFEST = Manifest(
    package="services.touchpoints",
    schema="touchpoints",
    models=("services.touchpoints.models",),
    tasks=("services.touchpoints.tasks",),
    schedules=(Schedule("touchpoints.prune_scans", 3600.0),),
    error_codes=ERROR_CODES,
    settings=TouchpointSettings,
)
