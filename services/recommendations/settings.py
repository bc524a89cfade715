"""Recommendations' settings: its section of the process's settings (``O2O_<FIELD>``)."""

from __future__ import annotations

from pydantic import Field

from services.platform.settings import Section


class RecommenderSettings(Section):
    """Recommendations: model blend, retraining and refresh."""

    recommendations_member_blend: float = Field(
        default=0.3,
        ge=0.0,
        le=1.0,
        description="share of member-similarity in personal scores (0: bought-together only);"
        " chosen by bench/recommendations.py",
    )
    recommendations_view_weight: float = Field(
        default=0.3, ge=0.0, le=1.0, description="a product view's weight against a purchase"
    )
    recommendations_viewed_weight: float = Field(
        default=3.0,
        ge=0.0,
        le=100.0,
        description="a product looked at and not bought: its own view weight times this"
        " (0: views only lead to what goes with them); chosen by bench/recommendations.py",
    )
    recommendations_view_half_life_days: float = Field(
        default=7.0,
        gt=0,
        le=365,
        description="a view's weight halves every this many days (chosen by"
        " bench/recommendations.py)",
    )
    recommendations_kept: int = Field(
        default=30, ge=5, le=200, description="suggestions kept per member and per product"
    )
    recommendations_consumable_categories: list[str] = Field(
        default_factory=lambda: ["accessories"],
        description="categories bought again and again (socks, care): suggested even if bought",
    )
    recommendations_popular_days: int = Field(
        default=90, ge=1, le=730, description="the purchases 'popular nearby' counts"
    )
    recommendations_stock_seconds: float = Field(
        default=5.0,
        ge=0.0,
        le=300.0,
        description="how long a worker keeps a store's offers (on sale, free units) for the"
        " shopper's list before reading them again (0: every answer reads them)",
    )
    # Off by default: the promise is that what a member bought is never shown, and
    # a copy would show it for up to this long after the purchase (from another process,
    # an opt-out too). A brand that accepts that lag halves the list's CPU with 5.
    recommendations_member_seconds: float = Field(
        default=0.0,
        ge=0.0,
        le=300.0,
        description="how long a worker keeps a member's row (choice, picks, home, purchases) for"
        " the shopper's list: a purchase, retrain or another process's opt-out shows within"
        " it (0, the default: every answer reads it)",
    )
    recommendations_retrain_hours: float = Field(
        default=24.0, gt=0, le=24 * 7, description="how often the whole model is retrained"
    )
    recommendations_refresh_seconds: float = Field(
        default=60.0, gt=0, le=3600, description="how often newly paid orders re-score members"
    )
