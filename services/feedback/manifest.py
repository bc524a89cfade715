"""Feedback's manifest: its schema, modules, schedules, error codes and settings."""

from __future__ import annotations

from orders.client import CASE_CLOSED_TOPIC
from services.feedback import moments
from services.feedback.error_codes import ERROR_CODES
from services.feedback.settings import FeedbackSettings
from services.platform.manifest import Manifest, Schedule, Subscription

MANIFEST = Manifest(
    package="services.feedback",
    schema="feedback",
    models=("services.feedback.models",),
    tasks=("services.feedback.tasks",),
    subscriptions=(
        *(Subscription(topic, "feedback.journey_facts") for topic in moments.TOPICS),
        Subscription(CASE_CLOSED_TOPIC, "feedback.case_closed"),
    ),
    schedules=(
        Schedule("feedback.prune_journey", 3600.0),
        Schedule("feedback.drain_journey_buffer", 5.0),
        Schedule("feedback.invite", 300.0),
    ),
    error_codes=ERROR_CODES,
    settings=FeedbackSettings,
)
