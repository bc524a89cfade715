"""Insights' manifest: its schema, modules, schedules, error codes and settings."""

from __future__ import annotations

from services.insights.settings import InsightSettings
from services.platform.manifest import Manifest

MANIFEST = Manifest(
    package="services.insights",
    schema="insights",
    models=("services.insights.models", "services.insights.copy_models"),
    tasks=("services.insights.tasks",),
    settings=InsightSettings,
)
