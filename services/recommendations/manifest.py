"""Recommendations' manifest: its schema, modules, schedules, error codes and settings."""

from __future__ import annotations

from services.platform.manifest import Manifest, Schedule
from services.recommendations.settings import RecommenderSettings

MANIFEST = Manifest(
    package="services.recommendations",
    schema="recommendations",
    models=("services.recommendations.models",),
    tasks=("services.recommendations.tasks",),
    # Intervals that are settings: read when beat's schedule is built.
    schedules=(
        Schedule(
            "recommendations.retrain",
            lambda settings: settings.recommendations_retrain_hours * 3600,
        ),
        Schedule(
            "recommendations.refresh", lambda settings: settings.recommendations_refresh_seconds
        ),
    ),
    settings=RecommenderSettings,
)
