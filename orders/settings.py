"""Orders' settings: its section of the process's settings (``O2O_<FIELD>``)."""

from __future__ import annotations

from pydantic import Field

from services.platform.settings import Section


class OrderSettings(Section):
    """Orders: placement limits, holds, service cases, churn care, assisted sales."""

    order_limit_per_member: int = Field(
        default=10, ge=1, description="order placements per minute by one shopper"
    )
    order_limit_per_ip: int = Field(
        default=120, ge=1, description="order placements per minute from one client IP"
    )
    open_orders_per_member: int = Field(
        default=3, ge=1, description="unpaid (pending payment) orders one shopper may hold"
    )
    units_per_sku: int = Field(
        default=10,
        ge=1,
        le=99,
        description="units of one SKU per order unless the SKU sets its own purchase limit",
    )
    reservation_hold_minutes: int = Field(default=15, ge=1, le=24 * 60)
    case_due_hours_apology: int = Field(
        default=4, ge=1, le=24 * 14, description="a detractor's apology case must be acted on"
    )
    case_due_hours_return: int = Field(default=48, ge=1, le=24 * 14)
    case_due_hours_exchange: int = Field(default=48, ge=1, le=24 * 14)
    case_due_hours_complaint: int = Field(default=24, ge=1, le=24 * 14)
    case_window_days: int = Field(
        default=30, ge=1, le=365, description="days after handover a shopper may open a case"
    )
    churn_regular_visits: int = Field(
        default=3, ge=1, le=100, description="orders or check-ins that make a member regular"
    )
    churn_regular_days: int = Field(default=90, ge=7, le=365)
    churn_quiet_days: int = Field(
        default=45, ge=7, le=365, description="days without a visit before a regular is at risk"
    )
    churn_period_days: int = Field(
        default=30, ge=1, le=365, description="one care task per member per this many days"
    )
    cases_per_member_per_day: int = Field(
        default=5, ge=1, le=100, description="cases one shopper may open in 24 hours"
    )
    assisted_orders_per_guide: int = Field(
        default=30, ge=1, description="assisted sales one guide may start per minute"
    )
    pay_link_hours: int = Field(
        default=24, ge=1, le=24 * 7, description="how long an assisted sale's payment link works"
    )
