"""QR scans, anonymous or signed in: record the scan, answer with what to show."""

from __future__ import annotations

from fastapi import APIRouter, Response

from services.platform import adb
from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.web.answers import answers
from services.platform.web.auth import MaybeShopper
from services.platform.web.client_ip import ClientIp
from services.platform.web.deps import AsyncRedisDep, PoolDep
from services.touchpoints import scanning
from services.touchpoints.schemas import ScanCreate, ScanResult

router = APIRouter(tags=["touchpoints"])


@router.post("/scans", response_model=ScanResult, status_code=201)
@answers(
    "qr_malformed", "qr_unknown", "qr_forged", "qr_unknown_key", "qr_revoked", "scan_rate_limited"
)
async def record_scan(
    body: ScanCreate,
    shopper: MaybeShopper,
    pool: PoolDep,
    redis: AsyncRedisDep,
    client_ip: ClientIp,
) -> Response:
    # The busiest route runs on the event loop: async pool, asyncio Redis, plain SQL.
    settings = get_settings()
    async with adb.connection(pool, settings) as connection:
        result = await scanning.scan(
            connection=connection,
            redis=redis,
            settings=settings,
            data=body,
            member_id=shopper.subject if shopper is not None else None,
            client_ip=client_ip,
            now=utcnow(),
        )
    # Serialised here (not via response_model) so the hot path skips re-validation.
    return Response(result.model_dump_json(), status_code=201, media_type="application/json")
