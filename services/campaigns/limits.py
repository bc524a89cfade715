"""Abuse limit on campaigns: how often a manager creates or launches one."""

from __future__ import annotations

from typing import Any

from services.platform import ratelimit
from services.platform.settings import Settings


async def check_campaign_rate(redis: Any, *, manager_id: int, settings: Settings) -> None:
    """429 ``campaign_rate_limited`` past ``O2O_CAMPAIGN_LAUNCHES_PER_MANAGER`` an hour.

    A campaign messages thousands of members; a leaked token should not start dozens.
    """
    await ratelimit.enforce(
        redis,
        [(f"manager:{manager_id}", settings.campaign_launches_per_manager)],
        scope="campaign",
        window_seconds=3600,
        code="campaign_rate_limited",
        message="too many campaigns started; try again later",
    )
