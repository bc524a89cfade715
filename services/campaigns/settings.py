"""Campaigns' settings: its section of the process's settings (``O2O_<FIELD>``)."""

from __future__ import annotations

from pydantic import Field

from services.platform.settings import Section


class CampaignSettings(Section):
    """Campaigns: launch limits, audience size, sending pace."""

    campaign_launches_per_manager: int = Field(
        default=20, ge=1, description="campaign creates and launches per manager per hour"
    )
    campaign_max_members: int = Field(
        default=50_000, ge=1, le=200_000, description="members one campaign's audience may hold"
    )
    campaign_send_batch: int = Field(
        default=200, ge=1, le=5_000, description="campaign messages queued per batch"
    )
    campaign_send_interval_seconds: float = Field(
        default=1.0, ge=0.0, le=3600.0, description="pause between a campaign's batches"
    )
