"""Promotions' manifest: its schema, modules, schedules, error codes and settings."""

from __future__ import annotations

from services.platform.manifest import Manifest
from services.promotions.error_codes import ERROR_CODES
from services.promotions.settings import PromotionSettings

MANIFEST = Manifest(
    package="services.promotions",
    schema="promotions",
    models=("services.promotions.models",),
    error_codes=ERROR_CODES,
    settings=PromotionSettings,
)
