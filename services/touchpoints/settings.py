"""Touchpoints' settings: its section of the process's settings (``O2O_<FIELD>``)."""

from __future__ import annotations

from pydantic import Field, SecretStr

from services.platform.settings import MIN_KEY_LENGTH, Section, is_placeholder


class TouchpointSettings(Section):
    """QR touchpoints: signing keys, scan limits, attribution windows."""

    qr_signing_keys: dict[str, SecretStr] = Field(
        default_factory=lambda: {
            "k1": SecretStr("dev-only-qr-signing-key-change-me-in-production")
        },
        description="key id -> HMAC key for touchpoint tokens; the newest id signs",
    )
    qr_active_key_id: str = "k1"
    touchpoint_link_base: str = Field(
        default="https://yunshan.example/t/",
        description="printed QR codes encode this prefix followed by the signed token",
    )
    scan_limit_per_device: int = Field(default=30, ge=1, description="scans per minute")
    scan_limit_per_member: int = Field(default=60, ge=1, description="scans per minute")
    scan_limit_per_ip: int = Field(
        default=300, ge=1, description="scans per minute from one client IP (a store's Wi-Fi)"
    )
    checkin_points: int = Field(default=10, ge=0, description="points for the day's first visit")
    raw_event_retention_days: int = Field(
        default=400,
        ge=30,
        le=3650,
        description="QR scans and journey moments older than this are folded into daily "
        "counts and deleted (beat, hourly)",
    )
    checkin_window_minutes: int = Field(default=120, ge=1)
    attribution_window_days: int = Field(default=7, ge=1, le=90)
    guide_share_days: int = Field(
        default=30, ge=1, le=365, description="how long a guide's share link credits the guide"
    )

    def production_problems(self) -> list[str]:
        problems = []
        qr_keys = [k.get_secret_value() for k in self.qr_signing_keys.values()]
        if any(is_placeholder(k) for k in qr_keys):
            problems.append("O2O_QR_SIGNING_KEYS holds a placeholder")
        elif any(len(k) < MIN_KEY_LENGTH for k in qr_keys):
            problems.append(
                f"each O2O_QR_SIGNING_KEYS key must be at least {MIN_KEY_LENGTH} characters"
            )
        if self.qr_active_key_id not in self.qr_signing_keys:
            problems.append("O2O_QR_ACTIVE_KEY_ID names no key in O2O_QR_SIGNING_KEYS")
        return problems
