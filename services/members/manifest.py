"""Members' manifest: its schema, modules, schedules, error codes and settings."""

from __future__ import annotations

from services.members.error_codes import ERROR_CODES
from services.members.settings import MemberSettings
from services.platform.manifest import Manifest, Schedule

MANIFEST = Manifest(
    package="services.members",
    schema="members",
    models=("services.members.models",),
    tasks=("services.members.tasks",),
    schedules=(
        Schedule("members.birthday_greetings", 3600.0),
        Schedule("members.membership_day_thanks", 3600.0),
    ),
    error_codes=ERROR_CODES,
    settings=MemberSettings,
)
