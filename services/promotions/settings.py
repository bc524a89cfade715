"""Promotions' settings: its section of the process's settings (``O2O_<FIELD>``)."""

from __future__ import annotations

from pydantic import Field

from services.platform.settings import Section


class PromotionSettings(Section):
    """Promotions: coupon issue and redemption limits."""

    coupon_issues_per_manager: int = Field(
        default=30, ge=1, description="coupon issue requests per manager per hour"
    )
    coupon_issue_max_members: int = Field(
        default=10_000, ge=1, le=10_000, description="members one coupon issue request reaches"
    )
    coupon_tries_per_member: int = Field(
        default=30, ge=1, description="checkouts naming a coupon per member per minute"
    )
