"""Abuse limits on coupons: how often a manager issues, how often a shopper tries one."""

from __future__ import annotations

from typing import Any

from services.platform import ratelimit
from services.platform.settings import Settings


async def check_issue_rate(redis: Any, *, manager_id: int, settings: Settings) -> None:
    """429 ``coupon_issue_rate_limited`` past ``O2O_COUPON_ISSUES_PER_MANAGER`` an hour.

    A leaked manager token should not fill every wallet in minutes.
    """
    await ratelimit.enforce(
        redis,
        [(f"manager:{manager_id}", settings.coupon_issues_per_manager)],
        scope="coupon-issue",
        window_seconds=3600,
        code="coupon_issue_rate_limited",
        message="too many coupon issues; try again later",
    )


async def check_tries(redis: Any, *, member_id: int, settings: Settings) -> None:
    """429 ``coupon_rate_limited`` past ``O2O_COUPON_TRIES_PER_MEMBER`` checkouts a minute.

    Counted for every preview or placement that names a coupon, refused ones included.
    """
    await ratelimit.enforce(
        redis,
        [(f"member:{member_id}", settings.coupon_tries_per_member)],
        scope="coupon",
        code="coupon_rate_limited",
        message="too many checkouts with a coupon; wait a moment",
    )
