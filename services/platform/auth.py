"""Tokens (PyJWT, HS256) and staff password hashing (argon2).

Each role has its own audience so a token minted for one front door is refused
at another; ``alg: none`` and any algorithm but HS256 are refused by decode.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from typing import Any, Literal, TypeVar

import anyio
import anyio.to_thread
import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from services.platform.db import utcnow
from services.platform.errors import Unauthorized, Unavailable
from services.platform.settings import Settings

Role = Literal["shopper", "guide", "manager", "service"]
AUDIENCES: dict[str, str] = {
    "shopper": "o2o:mini-program",
    "guide": "o2o:tablet",
    "manager": "o2o:manager",
    "service": "o2o:service",
}
ALGORITHM = "HS256"
STAFF_ROLES = frozenset({"guide", "manager"})
_hasher = PasswordHasher()
T = TypeVar("T")


@dataclass(frozen=True)
class Principal:
    """Who is calling: a member, a guide of one store, a manager of some regions, a service."""

    role: Role
    subject: int
    store_id: int | None = None
    region_ids: tuple[int, ...] = field(default_factory=tuple)
    hq: bool = False
    #: Staff only: the guide's or manager's session version when the token was issued;
    #: a request is refused once the stored version has moved on (revoked).
    session_version: int | None = None

    def can_see_region(self, region_id: int) -> bool:
        return self.hq or region_id in self.region_ids

    @property
    def regions(self) -> tuple[int, ...] | None:
        """The regions in scope; None for HQ (every region, and what belongs to none)."""
        return None if self.hq else self.region_ids


def issue_token(principal: Principal, settings: Settings, *, ttl: timedelta | None = None) -> str:
    """A signed token for ``principal`` with the role's audience."""
    now = utcnow()
    claims: dict[str, Any] = {
        "sub": str(principal.subject),
        "role": principal.role,
        "aud": AUDIENCES[principal.role],
        "iss": settings.jwt_issuer,
        "iat": now,
        "exp": now + (ttl or timedelta(minutes=settings.jwt_ttl_minutes)),
    }
    if principal.store_id is not None:
        claims["store_id"] = principal.store_id
    if principal.role == "manager":
        claims["region_ids"] = list(principal.region_ids)
        claims["hq"] = principal.hq
    if principal.session_version is not None:
        claims["ver"] = principal.session_version
    return jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm=ALGORITHM)


# Tokens that verified, until they expire: an app sends the same token with every
# request, so its signature is checked once per process (keyed by everything
# the check depends on). Cleared when full rather than kept in order. Remembering
# a staff token does not outlive its revocation: the session version in the
# principal is compared with the stored one on every request (web.auth).
_VERIFIED_MAX = 8192
_verified: dict[tuple[str, str, str, str], tuple[Principal, float]] = {}


def verify_token(token: str, role: Role, settings: Settings) -> Principal:
    """Decode and check signature, expiry, issuer and the role's audience."""
    key = (token, role, settings.jwt_secret.get_secret_value(), settings.jwt_issuer)
    known = _verified.get(key)
    if known is not None and time.time() < known[1]:
        return known[0]
    principal, expires = _decode(token, role, settings)
    if len(_verified) >= _VERIFIED_MAX:
        _verified.clear()
    _verified[key] = (principal, expires)
    return principal


def _decode(token: str, role: Role, settings: Settings) -> tuple[Principal, float]:
    try:
        claims = jwt.decode(
            token,
            settings.jwt_secret.get_secret_value(),
            algorithms=[ALGORITHM],
            audience=AUDIENCES[role],
            issuer=settings.jwt_issuer,
            options={"require": ["exp", "iat", "sub", "aud", "iss"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise Unauthorized("the token has expired", code="token_expired") from exc
    except jwt.InvalidAudienceError as exc:
        raise Unauthorized("the token is not valid here", code="token_wrong_audience") from exc
    except jwt.PyJWTError as exc:
        raise Unauthorized("the token is invalid", code="token_invalid") from exc
    if claims.get("role") != role:
        raise Unauthorized("the token is not valid here", code="token_wrong_audience")
    try:
        principal = Principal(
            role=role,
            subject=int(claims["sub"]),
            store_id=int(claims["store_id"]) if "store_id" in claims else None,
            region_ids=tuple(int(r) for r in claims.get("region_ids", ())),
            hq=bool(claims.get("hq", False)),
            session_version=int(claims["ver"]) if "ver" in claims else None,
        )
        return principal, float(claims["exp"])
    except (TypeError, ValueError) as exc:
        raise Unauthorized("the token is invalid", code="token_invalid") from exc


def hash_password(password: str) -> str:
    """An argon2id hash with a random salt."""
    return hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches ``password_hash``; never raises on a bad hash."""
    try:
        return hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# --- Staff passwords off the request thread pool -------------------------------------
# argon2 takes a few hundred milliseconds of CPU. Login runs it on threads of its own
# limiter, so a flood of logins queues here instead of taking the threads every sync
# route needs; past ``password_hash_queue`` waiting, a login is refused at once (503).


def hasher() -> PasswordHasher:
    """The one argon2 hasher (a seam: tests count calls through it)."""
    return _hasher


@lru_cache
def _dummy_hash() -> str:
    # Same parameters as every real hash, so an unknown username costs the same.
    return hasher().hash(secrets.token_urlsafe(16))


def dummy_password_hash() -> str:
    """A hash no password matches: verified against when there is no such user."""
    return _dummy_hash()


@lru_cache
def _hash_limiter() -> anyio.CapacityLimiter:
    return anyio.CapacityLimiter(1)


async def _on_hash_threads(work: Callable[[], T], settings: Settings) -> T:
    limiter = _hash_limiter()
    limiter.total_tokens = settings.password_hash_threads
    stats = limiter.statistics()
    busy = stats.borrowed_tokens >= stats.total_tokens
    if busy and stats.tasks_waiting >= settings.password_hash_queue:
        raise Unavailable(
            "too many logins at once; retry in a moment",
            code="login_busy",
            details={"retry_after_seconds": 1},
        )
    return await anyio.to_thread.run_sync(work, limiter=limiter)


async def verify_password_async(
    password_hash: str | None, password: str, settings: Settings
) -> bool:
    """``verify_password`` on the hashing threads; ``None`` (no such user) checks a dummy hash.

    Either way exactly one argon2 verification runs, so the answer takes as long
    for an unknown username as for a known one (no username oracle).
    """

    def check() -> bool:
        matched = verify_password(password_hash or dummy_password_hash(), password)
        return matched and password_hash is not None

    return await _on_hash_threads(check, settings)


async def hash_password_async(password: str, settings: Settings) -> str:
    """``hash_password`` on the hashing threads."""
    return await _on_hash_threads(lambda: hash_password(password), settings)
