"""Siting's settings: its section of the process's settings (``O2O_<FIELD>``)."""

from __future__ import annotations

from pydantic import Field

from services.platform.settings import Section


class SitingSettings(Section):
    """Siting: site-suggestion jobs and what they report."""

    site_jobs_running_per_manager: int = Field(
        default=2, ge=1, le=50, description="site-suggestion jobs a manager may have running"
    )
    siting_min_radius_km: float = Field(
        default=1.0, ge=0.1, le=50, description="the smallest radius a site suggestion takes"
    )
    siting_site_square_km: float = Field(
        default=1.0, ge=0.1, le=50, description="grid squares suggested sites are reported on"
    )
    siting_min_members_per_square: int = Field(
        default=5, ge=1, description="a site or density square of fewer members is not shown"
    )
