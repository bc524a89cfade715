"""Signed touchpoint tokens: ``t1.<key id>.<touchpoint id>.<version>.<signature>`` (pure).

The signature is HMAC-SHA256 over everything before it, truncated to 128 bits
and base64url-encoded. The key id lets keys rotate (old ids keep verifying
while listed); the version lets one touchpoint's printed codes be revoked by
bumping it. Verification never trusts the payload before the MAC checks out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass

PREFIX = "t1"
MAC_BYTES = 16
_SHAPE = re.compile(
    r"^t1\.([A-Za-z0-9_-]{1,16})\.([0-9]{1,12})\.([0-9]{1,9})\.([A-Za-z0-9_-]{22})$"
)


class TokenRejected(Exception):
    """The token is malformed, signed with an unknown key, or its signature does not match."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class TokenClaims:
    key_id: str
    touchpoint_id: int
    version: int


def _mac(key: bytes, message: str) -> str:
    digest = hmac.new(key, message.encode(), hashlib.sha256).digest()[:MAC_BYTES]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def sign(*, touchpoint_id: int, version: int, key_id: str, key: bytes) -> str:
    """A token for ``touchpoint_id`` at ``version``, signed with ``key``."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,16}", key_id):
        raise ValueError("key ids are 1-16 characters of A-Z a-z 0-9 _ -")
    body = f"{PREFIX}.{key_id}.{touchpoint_id}.{version}"
    return f"{body}.{_mac(key, body)}"


def verify(token: str, keys: Mapping[str, bytes]) -> TokenClaims:
    """The claims of a genuine token; TokenRejected for anything else."""
    match = _SHAPE.match(token)
    if match is None:
        raise TokenRejected("qr_malformed", "this is not a touchpoint code")
    key_id, touchpoint_id, version, signature = match.groups()
    key = keys.get(key_id)
    if key is None:
        raise TokenRejected("qr_unknown_key", "this code was signed with a key we do not know")
    expected = _mac(key, token[: -len(signature) - 1])
    if not hmac.compare_digest(expected, signature):
        raise TokenRejected("qr_forged", "this code's signature does not match")
    return TokenClaims(key_id=key_id, touchpoint_id=int(touchpoint_id), version=int(version))
