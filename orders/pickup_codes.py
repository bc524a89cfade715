"""Pickup codes and signed pickup QR tokens (pure, no database)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

MAX_FAILURES = 5
PREFIX = "PK1"
# ASCII digits only: str.isdigit() and regex \d also take "²" or "٣", which int() refuses.
_VERSION = re.compile(r"[0-9]{1,9}")
_CODE = re.compile(r"[0-9]{6}")


def new_code() -> str:
    """Six random digits from the OS CSPRNG."""
    return f"{secrets.randbelow(1_000_000):06d}"


def _mac(key: str, number: str, version: int) -> str:
    digest = hmac.new(key.encode(), f"pickup:{number}:{version}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode().rstrip("=")


def sign(number: str, version: int, *, key_id: str, keys: Mapping[str, str]) -> str:
    """The pickup QR payload for an order's current code version."""
    return f"{PREFIX}.{number}.{version}.{key_id}.{_mac(keys[key_id], number, version)}"


@dataclass(frozen=True)
class PickupToken:
    number: str
    version: int


def verify(token: str, *, keys: Mapping[str, str]) -> PickupToken | None:
    """The order number and code version of a genuine token; None for anything forged."""
    token = token.strip()
    if not token.isascii():  # what we sign is ASCII; compare_digest refuses other text
        return None
    parts = token.split(".")
    if len(parts) != 5 or parts[0] != PREFIX or not _VERSION.fullmatch(parts[2]):
        return None
    _, number, version, key_id, mac = parts
    key = keys.get(key_id)
    if key is None or not hmac.compare_digest(mac, _mac(key, number, int(version))):
        return None
    return PickupToken(number=number, version=int(version))


def code_matches(expected: str | None, given: str) -> bool:
    """Constant-time comparison of a typed code (six ASCII digits; anything else never matches)."""
    given = given.strip()
    if expected is None or not _CODE.fullmatch(given):
        return False
    return hmac.compare_digest(expected.encode(), given.encode())
