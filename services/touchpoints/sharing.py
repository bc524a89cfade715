"""Guide share links: signed evidence that a shopper came from a guide.

A guide's tablet mints a link (``GET /tablet/v1/me/share-link``); the shopper's
order carries its token as ``share``, and the guide is credited only if the
signature, made with the QR keys, checks out and the link has not expired.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.platform.errors import InvalidInput
from services.platform.settings import Settings
from services.touchpoints import tokens
from services.touchpoints.schemas import ShareLink
from services.touchpoints.service import signing_keys

SHARE_PAGE = "/pages/shop/index?share="


def share_link(*, guide_id: int, now: datetime, settings: Settings) -> ShareLink:
    """A link for ``guide_id``, signed with the active key, good for ``guide_share_days``."""
    # Whole days: every link a guide asks for on one day is the same link.
    day = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    expires = day + timedelta(days=settings.guide_share_days + 1)
    key_id = settings.qr_active_key_id
    token = tokens.sign_share(
        guide_id=guide_id,
        expires=int(expires.timestamp()),
        key_id=key_id,
        key=signing_keys(settings)[key_id],
    )
    return ShareLink(guide_id=guide_id, token=token, path=SHARE_PAGE + token, expires_at=expires)


def shared_by(token: str, *, now: datetime, settings: Settings) -> int:
    """The guide a genuine, unexpired share token names; InvalidInput (422) otherwise."""
    try:
        claims = tokens.verify_share(token, signing_keys(settings), now=int(now.timestamp()))
    except tokens.TokenRejected as refused:
        raise InvalidInput(str(refused), code=refused.code) from refused
    return claims.guide_id
