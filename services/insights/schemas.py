"""What ``/manager/v1/insights`` answers (shapes kept stable for the dashboard)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from services.platform.examples import example_of, examples

_FIGURES = {
    "orders": 120,
    "gmv_fen": 3588000,
    "units": 210,
    "refunded_fen": 29900,
    "coupon_orders": 31,
    "points_orders": 12,
    "points_spent": 5400,
    "repeat_orders": 22,
    "attributed_orders": 64,
    "ready": 70,
    "collected": 61,
    "fulfilled": 95,
    "pickup_expired": 4,
    "scans": 820,
    "check_ins": 240,
    "appointments": 36,
    "no_shows": 3,
    "appointment_purchases": 14,
    "new_members": 48,
    "pay_wechatpay_orders": 82,
    "pay_wechatpay_fen": 2451600,
    "pay_card_orders": 9,
    "pay_card_fen": 269100,
    "pay_counter_orders": 27,
    "pay_counter_fen": 807300,
    "pay_other_orders": 2,
    "pay_other_fen": 60000,
    "active_members": None,
    "active_daily_avg": 61.4,
    "aov_fen": 29900,
    "scan_to_order": 0.078,
    "pickup_expiry_rate": 0.0615,
    "no_show_rate": 0.0833,
    "appointment_to_purchase": 0.3889,
    "coupon_rate": 0.2583,
    "points_rate": 0.1,
    "paid_ready_p50_min": 30,
    "paid_ready_p90_min": 90,
    "ready_collected_p50_min": 240,
    "ready_collected_p90_min": 1440,
}


class Figures(BaseModel):
    """One period's figures. Money in fen; rates 0..1 (null when nothing to divide by);
    lead times in minutes, the upper edge of an exact histogram bucket (null: none).

    ``new_members`` are placed at their home store (their first visit; region and store 0
    until they make one). ``pay_<method>_orders`` / ``pay_<method>_fen``: paid orders and
    their GMV by how they were paid (wechatpay, card: Stripe, counter: taken by staff,
    other: the dev gateway or no payment recorded). ``active_members``: members with an
    order, check-in or scan in the period, exact, given when the period is one day, ISO
    week or month (a series bucket, or such a summary period), else null; by channel,
    guide or touchpoint always null (kept per region and store only).
    ``active_daily_avg``: the average over the period's days of each day's active members."""

    model_config = ConfigDict(json_schema_extra=examples(_FIGURES))

    orders: int
    gmv_fen: int
    units: int
    refunded_fen: int
    coupon_orders: int
    points_orders: int
    points_spent: int
    repeat_orders: int
    attributed_orders: int
    ready: int
    collected: int
    fulfilled: int
    pickup_expired: int
    scans: int
    check_ins: int
    appointments: int
    no_shows: int
    appointment_purchases: int
    new_members: int
    pay_wechatpay_orders: int
    pay_wechatpay_fen: int
    pay_card_orders: int
    pay_card_fen: int
    pay_counter_orders: int
    pay_counter_fen: int
    pay_other_orders: int
    pay_other_fen: int
    active_members: int | None
    active_daily_avg: float | None
    aov_fen: int | None
    scan_to_order: float | None = Field(
        description="Members who scanned a touchpoint and paid an order in the period (at"
        " the scanned touchpoint's store, by store, guide, touchpoint or region; anywhere in"
        " scope in a summary; in the same bucket in a series) / members who scanned: 0..1;"
        " null without scans, and by channel (a scan has none)."
    )
    pickup_expiry_rate: float | None
    no_show_rate: float | None
    appointment_to_purchase: float | None
    coupon_rate: float | None
    points_rate: float | None
    paid_ready_p50_min: int | None
    paid_ready_p90_min: int | None
    ready_collected_p50_min: int | None
    ready_collected_p90_min: int | None


class Summary(BaseModel):
    """The tiles: this period, the same-length period before, and the change in percent."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "start": "2026-10-31",
                "end": "2026-11-30",
                "previous_start": "2026-10-01",
                "figures": _FIGURES,
                "previous": _FIGURES,
                "change_pct": {"gmv_fen": 12.5, "orders": 8.1},
            }
        )
    )

    start: date
    end: date
    previous_start: date
    figures: Figures
    previous: Figures
    change_pct: dict[str, float | None]


class SeriesPoint(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples({"at": "2026-11-23", "figures": _FIGURES}))

    at: date
    figures: Figures


class BreakdownRow(BaseModel):
    """One channel, store, guide, touchpoint or region (ids as text; '0' / '': none)."""

    model_config = ConfigDict(
        json_schema_extra=examples({"key": "3", "name": "SH003 Xujiahui", "figures": _FIGURES})
    )

    key: str = Field(description="The channel, or the store, guide, touchpoint or region id.")
    name: str = Field(
        description="Who or what the key is: a store as 'code name', a guide as"
        " 'name (store code)', a touchpoint or region by name; '0' keys say 'no store' etc."
    )
    figures: Figures


class FunnelStep(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples({"step": "buy", "count": 64, "drop_pct": 73.3})
    )

    step: Literal["discover", "consider", "buy", "fulfil", "retain"] = Field(
        description="discover: members who scanned a touchpoint; consider: of those, who"
        " checked in; buy: of those, who paid an order; fulfil: of those, who had an order"
        " collected or delivered; retain: of those, who ordered again within 90 days of an"
        " earlier order. All in the period; each step a subset of the one before."
    )
    count: int = Field(description="Distinct members at this step (never above the step before).")
    drop_pct: float | None = Field(
        description="Share of the step before's members lost here, 0..100 (null for the first"
        " step or after an empty one)."
    )


class FunnelRow(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "touchpoint_id": 3,
                "touchpoint_name": "Entrance QR",
                "store_id": 1,
                "store_name": "SH001 Jing'an Flagship",
                "steps": [example_of(FunnelStep, step="discover", count=240, drop_pct=None)],
            }
        )
    )

    touchpoint_id: int
    touchpoint_name: str
    store_id: int = Field(description="The touchpoint's store (0: a touchpoint of no store).")
    store_name: str
    steps: list[FunnelStep]


class PaymentMethodRow(BaseModel):
    """Paid orders and GMV by how they were paid, with shares 0..1 of the period's."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "method": "wechatpay",
                "orders": 82,
                "gmv_fen": 2451600,
                "order_share": 0.6833,
                "gmv_share": 0.6833,
            }
        )
    )

    method: Literal["wechatpay", "card", "counter", "other"]
    orders: int
    gmv_fen: int
    order_share: float | None
    gmv_share: float | None
