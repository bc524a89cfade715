"""Stores' settings: its section of the process's settings (``O2O_<FIELD>``)."""

from __future__ import annotations

from pydantic import Field

from services.platform.settings import Section


class StoreSettings(Section):
    """Stores: new-store boosts, the store index, appointments and try-on."""

    new_store_boost_days: int = Field(
        default=90, ge=0, le=3650, description="days a newly opened store is boosted in rankings"
    )
    new_store_catchment_km: float = Field(
        default=5.0, gt=0, le=100, description="members this near a new store see it boosted"
    )
    store_index_ttl_seconds: float = Field(default=15.0, ge=0)
    appointment_min_notice_minutes: int = Field(
        default=120, ge=0, le=10080, description="default: how soon a slot may start"
    )
    appointment_booking_window_days: int = Field(
        default=30, ge=1, le=365, description="default: how far ahead shoppers may book"
    )
    appointment_cancel_cutoff_minutes: int = Field(
        default=120, ge=0, le=10080, description="default: shoppers cancel until this before"
    )
    appointment_max_open_per_member: int = Field(
        default=3, ge=1, description="a shopper's booked appointments still to come"
    )
    appointment_max_bookings_per_day: int = Field(
        default=5, ge=1, description="appointments a shopper may book in 24 hours"
    )
    appointment_check_in_early_minutes: int = Field(
        default=60, ge=0, le=24 * 60, description="a guide checks a member in from this before"
    )
    appointment_max_reschedules: int = Field(
        default=2, ge=0, le=20, description="times a shopper may move one appointment"
    )
    try_on_hold_lead_hours: int = Field(
        default=24,
        ge=1,
        le=24 * 14,
        description="try-on units are held at the store from this long before the start",
    )
    try_on_units_per_member: int = Field(
        default=6,
        ge=1,
        le=99,
        description="try-on units one shopper may have set aside over their live appointments",
    )
    appointment_no_show_minutes: int = Field(
        default=15, ge=1, le=24 * 60, description="after the start without a check-in: no-show"
    )
    member_lookup_alert_per_hour: int = Field(
        default=60,
        ge=1,
        description="member look-ups by one guide in an hour above which each is alerted",
    )
