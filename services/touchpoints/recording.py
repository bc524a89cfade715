"""Turn a scanned token or scene into a recorded scan of an active touchpoint.

The lookup, the insert, and for a member's entrance scan the check-in and the day's
visit points, are one call of ``touchpoints.record_scan`` (this runs on every scan): the
scan is written only if the touchpoint is active and, for a token, still at the
token's version; otherwise nothing is written and the refusal is explained and
logged. The action per kind is decided there, in SQL, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog

from services.platform.adb import Connection, fetch_one
from services.platform.errors import DomainError, Forbidden, NotFound
from services.platform.settings import Settings
from services.touchpoints import scene as scenes
from services.touchpoints import tokens
from services.touchpoints.service import signing_keys
from stores.client import ARRIVAL_WINDOW

log = structlog.get_logger(__name__)
#: Not a code at all: 400; a code for nothing: 404; forged, old key, withdrawn: 403.
_REFUSALS: dict[str, type[DomainError]] = {"qr_malformed": DomainError, "qr_unknown": NotFound}
# The whole scan is the database function services/touchpoints/sql/record_scan.sql: one
# round trip (and one implicit transaction) for the scan, its check-in and visit points.
_RECORD = """
    SELECT * FROM touchpoints.record_scan(
        p_touchpoint_id => %(id)s, p_scene => %(scene)s, p_version => %(version)s,
        p_member_id => %(member_id)s, p_device_id => %(device_id)s, p_via => %(via)s,
        p_at => %(at)s, p_checkin_since => %(since)s, p_arrival => %(arrival)s,
        p_checkin_points => %(points)s)
"""


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
    # A member's entrance scan: the visit it opened or joined, and the points it earned.
    check_in_id: int | None
    check_in_touchpoint_id: int | None
    check_in_scan_id: int | None
    checked_in_at: datetime | None
    check_in_created: bool | None
    store_name: str | None
    points_awarded: int


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
    """Record a scan of the active touchpoint behind ``token`` or ``scene``; refuse the rest.

    Not inside a transaction of the caller's: the one statement is its own transaction.
    """
    params: dict[str, object] = {
        "member_id": member_id,
        "device_id": device_id,
        "via": "token" if token is not None else "scene",
        "at": at,
        "version": None,
        "id": None,
        "scene": None,
        "since": at - timedelta(minutes=settings.checkin_window_minutes),
        "arrival": ARRIVAL_WINDOW,
        # Visit points only for a signed-in member's new visit (the function checks both).
        "points": settings.checkin_points,
    }
    try:
        if token is not None:
            claims = tokens.verify(token, signing_keys(settings))
            params.update(id=claims.touchpoint_id, version=claims.version)
        else:
            assert scene is not None
            if not scenes.is_valid_scene(scene):
                raise tokens.TokenRejected("qr_malformed", "this is not a touchpoint code")
            params["scene"] = scene
        row = await fetch_one(connection, _RECORD, params)
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
