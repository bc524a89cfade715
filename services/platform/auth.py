"""Tokens (PyJWT, HS256) and staff password hashing (argon2).

Each role has its own audience so a token minted for one front door is refused
at another; ``alg: none`` and any algorithm but HS256 are refused by decode.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Literal

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from services.platform.db import utcnow
from services.platform.errors import Unauthorized
from services.platform.settings import Settings

Role = Literal["shopper", "guide", "manager", "service"]
AUDIENCES: dict[str, str] = {
    "shopper": "o2o:mini-program",
    "guide": "o2o:tablet",
    "manager": "o2o:manager",
    "service": "o2o:service",
}
ALGORITHM = "HS256"
_hasher = PasswordHasher()


@dataclass(frozen=True)
class Principal:
    """Who is calling: a member, a guide of one store, a manager of some regions, a service."""

    role: Role
    subject: int
    store_id: int | None = None
    region_ids: tuple[int, ...] = field(default_factory=tuple)
    hq: bool = False

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
    return jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm=ALGORITHM)


# Tokens that verified, until they expire: an app sends the same token with every
# request, so its signature is checked once per process (keyed by everything
# the check depends on). Cleared when full rather than kept in order.
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
        )
        return principal, float(claims["exp"])
    except (TypeError, ValueError) as exc:
        raise Unauthorized("the token is invalid", code="token_invalid") from exc


def hash_password(password: str) -> str:
    """An argon2id hash with a random salt."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches ``password_hash``; never raises on a bad hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
