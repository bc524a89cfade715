"""Insights' settings: its section of the process's settings (``O2O_<FIELD>``)."""

from __future__ import annotations

from pydantic import Field

from services.platform.settings import Section


class InsightSettings(Section):
    """Insights: the brand's local time for the wall."""

    brand_timezone: str = Field(
        default="Asia/Shanghai",
        description="the brand's local time: the wall's days and 'today' when no store is chosen",
    )
