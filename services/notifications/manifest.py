"""Notifications' manifest: its schema, modules, schedules, error codes and settings."""

from __future__ import annotations

from services.notifications.service import TOPIC
from services.notifications.settings import NotificationSettings
from services.platform.manifest import Manifest, Subscription

MANIFEST = Manifest(
    package="services.notifications",
    schema="notifications",
    models=("services.notifications.models",),
    tasks=("services.notifications.tasks",),
    subscriptions=(Subscription(TOPIC, "notifications.deliver"),),
    settings=NotificationSettings,
)
