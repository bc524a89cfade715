"""Feedback's manifest: its schema, modules, schedules, error codes and settings."""

from __future__ import annotations

from services.feedback.error_codes import ERROR_CODES
from services.feedback.settings import FeedbackSettings
from services.platform.manifest import Manifest, Schedule

MANIFEST = Manifest(
    package="services.feedback",
    schema="feedback",
    models=("services.feedback.models",),
    tasks=("services.feedback.tasks",),
    schedules=(
        Schedule("feedback.prune_journey", 3600.0),
        Schedule("feedback.drain_journey_buffer", 5.0),
        Schedule("feedback.invite", 300.0),
    ),
    error_codes=ERROR_CODES,
    settings=FeedbackSettings,
)
