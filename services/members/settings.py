"""Members' settings: its section of the process's settings (``O2O_<FIELD>``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from services.platform.settings import Section


class MemberSettings(Section):
    """Members: the WeChat login, home-address geocoding, points, care."""

    wechat_provider: Literal["dev", "wechat"] = "dev"
    geocoder: Literal["nominatim", "none"] = "none"
    geocoder_user_agent: str = "o2o-retail"
    geocode_cache_seconds: int = Field(default=30 * 24 * 3600, ge=0)
    geocode_limit_per_member: int = Field(
        default=10, ge=1, description="address lookups per member per hour"
    )
    points_per_yuan: int = Field(
        default=100, ge=1, le=10_000, description="points that pay one yuan at checkout"
    )
    points_max_share_percent: int = Field(
        default=50, ge=0, le=100, description="the most of an order (after coupons) points pay"
    )
    points_earned_per_yuan: int = Field(
        default=1, ge=0, le=100, description="points earned per yuan paid, when an order completes"
    )
    care_timezone: str = "Asia/Shanghai"
    member_lookups_per_guide: int = Field(
        default=300, ge=1, description="member 360 views by one guide per hour (scraping)"
    )

    def production_problems(self) -> list[str]:
        if self.wechat_provider == "dev":
            return ["the dev WeChat login provider is for development only"]
        return []
