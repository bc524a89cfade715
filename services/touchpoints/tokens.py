"""Signed tokens (pure): touchpoint codes and guide share links.

A touchpoint code is ``t1.<key id>.<touchpoint id>.<version>.<signature>``; a
guide's share link carries ``g1.<key id>.<guide id>.<expires, unix seconds>.<signature>``.
The signature is HMAC-SHA256 over everything before it (prefix included, so
neither kind passes for the other), truncated to 128 bits and base64url-encoded.
The key id lets keys rotate (old ids keep verifying while listed); a touchpoint's
version lets its printed codes be revoked by bumping it. Verification never
trusts the payload before the MAC checks out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass

PREFIX = "t1"
SHARE_PREFIX = "g1"
MAC_BYTES = 16
_KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,16}")
_SHAPE = re.compile(
    r"^t1\.([A-Za-z0-9_-]{1,16})\.([0-9]{1,12})\.([0-9]{1,9})\.([A-Za-z0-9_-]{22})$"
)
_SHARE_SHAPE = re.compile(
    r"^g1\.([A-Za-z0-9_-]{1,16})\.([0-9]{1,12})\.([0-9]{1,12})\.([A-Za-z0-9_-]{22})$"
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


@dataclass(frozen=True)
class ShareClaims:
    key_id: str
    guide_id: int
    expires: int


def _mac(key: bytes, message: str) -> str:
    digest = hmac.new(key, message.encode(), hashlib.sha256).digest()[:MAC_BYTES]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _sign(prefix: str, subject: int, number: int, key_id: str, key: bytes) -> str:
    if not _KEY_ID.fullmatch(key_id):
        raise ValueError("key ids are 1-16 characters of A-Z a-z 0-9 _ -")
    body = f"{prefix}.{key_id}.{subject}.{number}"
    return f"{body}.{_mac(key, body)}"


def _genuine(
    token: str, shape: re.Pattern[str], keys: Mapping[str, bytes], kind: str, noun: str
) -> tuple[str, int, int]:
    """``(key id, subject, number)`` of a token whose MAC checks out, else TokenRejected."""
    match = shape.match(token)
    if match is None:
        raise TokenRejected(f"{kind}_malformed", f"this is not a {noun}")
    key_id, subject, number, signature = match.groups()
    key = keys.get(key_id)
    if key is None:
        raise TokenRejected(f"{kind}_unknown_key", "this was signed with a key we do not know")
    expected = _mac(key, token[: -len(signature) - 1])
    if not hmac.compare_digest(expected, signature):
        raise TokenRejected(f"{kind}_forged", f"this {noun}'s signature does not match")
    return key_id, int(subject), int(number)


def sign(*, touchpoint_id: int, version: int, key_id: str, key: bytes) -> str:
    """A token for ``touchpoint_id`` at ``version``, signed with ``key``."""
    return _sign(PREFIX, touchpoint_id, version, key_id, key)


def verify(token: str, keys: Mapping[str, bytes]) -> TokenClaims:
    """The claims of a genuine token; TokenRejected for anything else."""
    key_id, touchpoint_id, version = _genuine(token, _SHAPE, keys, "qr", "touchpoint code")
    return TokenClaims(key_id=key_id, touchpoint_id=touchpoint_id, version=version)


def sign_share(*, guide_id: int, expires: int, key_id: str, key: bytes) -> str:
    """A guide's share link token, good until ``expires`` (unix seconds)."""
    return _sign(SHARE_PREFIX, guide_id, expires, key_id, key)


def verify_share(token: str, keys: Mapping[str, bytes], *, now: int) -> ShareClaims:
    """The claims of a genuine, unexpired share token; TokenRejected for anything else."""
    key_id, guide_id, expires = _genuine(token, _SHARE_SHAPE, keys, "share", "share link")
    if expires <= now:
        raise TokenRejected("share_expired", "this share link has expired")
    return ShareClaims(key_id=key_id, guide_id=guide_id, expires=expires)
