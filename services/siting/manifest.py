"""Siting's manifest: its schema, modules, schedules, error codes and settings."""

from __future__ import annotations

from services.platform.manifest import Manifest, Schedule
from services.siting.error_codes import ERROR_CODES
from services.siting.settings import SitingSettings

MANIFEST = Manifest(
    package="services.siting",
    schema="siting",
    models=("services.siting.models",),
    tasks=("services.siting.tasks",),
    schedules=(Schedule("siting.sweep_lost_jobs", 120.0),),
    error_codes=ERROR_CODES,
    settings=SitingSettings,
)
