"""Insights' manifest: its schema, modules, schedules, error codes and settings."""

from __future__ import annotations

from services.insights import copies
from services.insights.handlers import HANDLERS
from services.insights.settings import InsightSettings
from services.platform.manifest import Manifest, Subscription

MANIFEST = Manifest(
    package="services.insights",
    schema="insights",
    models=("services.insights.models", "services.insights.copy_models"),
    tasks=("services.insights.tasks",),
    # The owners' facts it copies, and any topic a handler adds figures from.
    subscriptions=tuple(
        Subscription(t, "insights.apply", recorded_in="services.insights.rollups:APPLIED")
        for t in (*copies.TOPICS, *HANDLERS)
    ),
    settings=InsightSettings,
)
