"""Payment links for assisted sales (pure, no database).

A guide rings up a sale for a member; the member may pay on their own phone. The
link the guide sends opens the mini-program's pay page for that order, carrying
``PL1.<order number>.<member id>.<expires, unix s>.<key id>.<HMAC>`` signed with
the QR keys (the prefix is in the MAC, so a pickup QR or share link never passes
for one). It only names the order: paying still needs the member's own login,
and ``open_link`` refuses a token whose member is not the caller.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

PREFIX = "PL1"
PAY_PAGE = "/pages/order/pay?link="
_SHAPE = re.compile(
    r"^PL1\.([A-Za-z0-9]{4,32})\.([0-9]{1,19})\.([0-9]{1,12})\.([A-Za-z0-9_-]{1,16})\."
    r"([A-Za-z0-9_-]{22})$"
)


@dataclass(frozen=True)
class PayLinkClaims:
    number: str
    member_id: int
    expires: datetime


class PayLinkRefused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _mac(key: str, body: str) -> str:
    digest = hmac.new(key.encode(), body.encode(), hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def sign(
    number: str, member_id: int, *, expires: datetime, key_id: str, keys: Mapping[str, str]
) -> str:
    """The token of a link to pay order ``number``, for ``member_id`` only, until ``expires``."""
    body = f"{PREFIX}.{number}.{member_id}.{int(expires.timestamp())}.{key_id}"
    return f"{body}.{_mac(keys[key_id], body)}"


def expiry(now: datetime, hours: int) -> datetime:
    """When a link minted ``now`` stops working (whole seconds, as the token carries it)."""
    return (now + timedelta(hours=hours)).astimezone(UTC).replace(microsecond=0)


def verify(token: str, *, member_id: int, now: datetime, keys: Mapping[str, str]) -> PayLinkClaims:
    """The claims of a genuine, unexpired link for ``member_id``; PayLinkRefused otherwise."""
    match = _SHAPE.match(token.strip()) if token.isascii() else None
    if match is None:
        raise PayLinkRefused("pay_link_invalid", "this is not a payment link")
    number, member, expires, key_id, mac = match.groups()
    key = keys.get(key_id)
    if key is None or not hmac.compare_digest(mac, _mac(key, token.strip()[: -len(mac) - 1])):
        raise PayLinkRefused("pay_link_invalid", "this payment link is not genuine")
    if int(member) != member_id:
        # Someone else's link: the same answer as a forged one (nothing about the order leaks).
        raise PayLinkRefused("pay_link_invalid", "this payment link is not for you")
    ends = datetime.fromtimestamp(int(expires), UTC)
    if ends <= now:
        raise PayLinkRefused("pay_link_expired", "this payment link has expired")
    return PayLinkClaims(number=number, member_id=member_id, expires=ends)
