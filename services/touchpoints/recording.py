"""Turn a scanned token or scene into a recorded scan of an active touchpoint.

The lookup and the insert are one statement (this runs on every scan): the
scan is written only if the touchpoint is active and, for a token, still at the
token's version; otherwise nothing is written and the refusal is explained and
logged. The action per kind is decided here, in SQL, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import structlog

from services.platform.adb import Connection, fetch
from services.platform.errors import DomainError, Forbidden, NotFound
from services.platform.settings import Settings
from services.touchpoints import scene as scenes
from services.touchpoints import tokens
from services.touchpoints.service import signing_keys

log = structlog.get_logger(__name__)
#: Not a code at all: 400; a code for nothing: 404; forged, old key, withdrawn: 403.
_REFUSALS: dict[str, type[DomainError]] = {"qr_malformed": DomainError, "qr_unknown": NotFound}
_FIELDS = "id, kind, name, store_id, guide_id, product_id, campaign_code, landing_path"
_RECORD = """
    WITH found AS (
        SELECT {fields}, active, token_version FROM touchpoints.touchpoints WHERE {match}
    ), recorded AS (
        INSERT INTO touchpoints.scans (touchpoint_id, member_id, device_id, via, action, scanned_at)
        SELECT id, CAST(%(member_id)s AS bigint), CAST(%(device_id)s AS varchar),
               CAST(%(via)s AS varchar),
               CASE kind
                   WHEN 'store_entrance' THEN
                       CASE WHEN CAST(%(member_id)s AS bigint) IS NULL
                            THEN 'login_to_check_in' ELSE 'check_in' END
                   WHEN 'shelf' THEN 'product'
                   WHEN 'guide_card' THEN 'guide'
                   ELSE 'campaign'
               END,
               CAST(%(at)s AS timestamptz)
        FROM found
        WHERE active AND token_version = COALESCE(CAST(%(version)s AS integer), token_version)
        RETURNING id, action
    )
    SELECT found.*, recorded.id AS scan_id, recorded.action FROM found LEFT JOIN recorded ON true
"""
_BY_ID = _RECORD.format(fields=_FIELDS, match="id = CAST(%(id)s AS integer)")
_BY_SCENE = _RECORD.format(fields=_FIELDS, match="scene = CAST(%(scene)s AS varchar)")


@dataclass(frozen=True)
class RecordedScan:
    """The scan just written and what it needs to know about its touchpoint."""

    scan_id: int
    action: str
    id: int
    kind: str
    name: str
    store_id: int | None
    guide_id: int | None
    product_id: int | None
    campaign_code: str | None
    landing_path: str | None


async def record(
    *,
    connection: Connection,
    settings: Settings,
    token: str | None,
    scene: str | None,
    member_id: int | None,
    device_id: str,
    at: datetime,
) -> RecordedScan:
    """Record a scan of the active touchpoint behind ``token`` or ``scene``; refuse the rest."""
    params: dict[str, object] = {
        "member_id": member_id,
        "device_id": device_id,
        "via": "token" if token is not None else "scene",
        "at": at,
        "version": None,
    }
    try:
        if token is not None:
            claims = tokens.verify(token, signing_keys(settings))
            params.update(id=claims.touchpoint_id, version=claims.version)
            rows = await fetch(connection, _BY_ID, params)
        else:
            assert scene is not None
            if not scenes.is_valid_scene(scene):
                raise tokens.TokenRejected("qr_malformed", "this is not a touchpoint code")
            rows = await fetch(connection, _BY_SCENE, {**params, "scene": scene})
        row = rows[0] if rows else None
        if row is None:
            raise tokens.TokenRejected("qr_unknown", "this code belongs to no touchpoint")
        if row["scan_id"] is None:
            reason = "no longer in use" if not row["active"] else "been withdrawn"
            raise tokens.TokenRejected("qr_revoked", f"this code has {reason}")
    except tokens.TokenRejected as exc:
        log.warning(
            "scan_refused",
            reason=exc.code,
            via=params["via"],
            device_id=device_id,
            member_id=member_id,
            code_prefix=(token or scene or "")[:40],
        )
        error = _REFUSALS.get(exc.code, Forbidden)
        raise error(str(exc), code=exc.code) from exc
    return RecordedScan(**{name: row[name] for name in RecordedScan.__dataclass_fields__})
