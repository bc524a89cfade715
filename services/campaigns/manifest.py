"""Campaigns' manifest: its schema, modules, schedules, error codes and settings."""

from __future__ import annotations

from services.campaigns.error_codes import ERROR_CODES
from services.campaigns.settings import CampaignSettings
from services.platform.manifest import Manifest, Schedule

MANIFEST = Manifest(
    package="services.campaigns",
    schema="campaigns",
    models=("services.campaigns.models",),
    tasks=("services.campaigns.tasks",),
    schedules=(Schedule("campaigns.resume_sending", 300.0),),
    error_codes=ERROR_CODES,
    settings=CampaignSettings,
)
