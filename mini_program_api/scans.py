"""QR scans, anonymous or signed in: record the scan, answer with what to show."""

from __future__ import annotations

from fastapi import APIRouter, Response

from services.platform.cache import get_redis
from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.platform.web.auth import MaybeShopper
from services.touchpoints import scanning
from services.touchpoints.schemas import ScanCreate, ScanResult

router = APIRouter(tags=["touchpoints"])


@router.post("/scans", response_model=ScanResult, status_code=201)
def record_scan(body: ScanCreate, shopper: MaybeShopper) -> Response:
    # Its own unit of work rather than UowDep: a sync dependency costs two more
    # thread-pool hops per request, and this is the busiest route.
    with UnitOfWork() as uow:
        result = scanning.scan(
            session=uow.session,
            redis=get_redis(),
            settings=get_settings(),
            data=body,
            member_id=shopper.subject if shopper is not None else None,
            now=utcnow(),
        )
        uow.commit()
    # Serialised here (not via response_model) so the hot path skips re-validation.
    return Response(result.model_dump_json(), status_code=201, media_type="application/json")
