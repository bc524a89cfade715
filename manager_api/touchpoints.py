"""Touchpoints in the manager's regions: create, edit, revoke, print, measure."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse

from orders.client import LocalOrdersClient
from services.platform import idempotency
from services.platform.auth import Principal
from services.platform.db import utcnow
from services.platform.errors import NotFound
from services.platform.inputs import Id
from services.platform.settings import get_settings
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentManager
from services.platform.web.deps import UowDep
from services.platform.web.pagination import Page, Pagination
from services.touchpoints import attribution, qr
from services.touchpoints import service as touchpoints
from services.touchpoints.client import LocalTouchpointsClient
from services.touchpoints.schemas import (
    TouchEvent,
    TouchpointCodes,
    TouchpointCreate,
    TouchpointPerformance,
    TouchpointUpdate,
)
from stores.client import LocalStoresClient

router = APIRouter(tags=["touchpoints"])
KindFilter = Literal["store_entrance", "shelf", "guide_card", "poster", "package", "campaign"]


@router.post("/touchpoints", response_model=TouchpointCodes, status_code=201)
@answers(
    "region_forbidden",
    "store_not_found",
    "guide_not_found",
    "product_not_found",
    "guide_store_mismatch",
    "guide_region_mismatch",
    "touchpoint_needs_store",
    "touchpoint_needs_guide",
    "touchpoint_needs_product",
    "touchpoint_no_region",
    "touchpoint_region_mismatch",
)
def create_touchpoint(
    manager: CurrentManager,
    uow: UowDep,
    body: TouchpointCreate,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> Response:
    claimed = idempotency.claim_request(
        uow.session,
        scope=f"manager:{manager.subject}:touchpoints",
        header=idempotency_key,
        body=body.model_dump(mode="json"),
    )
    if claimed.replay is not None:
        return JSONResponse(claimed.replay.body, status_code=claimed.replay.status_code)
    created = touchpoints.create(session=uow.session, data=body, region_ids=manager.regions)
    payload = jsonable_encoder(touchpoints.codes(created, get_settings()))
    claimed.record(uow.session, status_code=201, body=payload)
    uow.commit()
    return JSONResponse(payload, status_code=201)


@router.get("/touchpoints", response_model=Page[TouchpointCodes])
def list_touchpoints(
    manager: CurrentManager,
    uow: UowDep,
    page: Pagination,
    store_id: Annotated[Id | None, Query()] = None,
    kind: KindFilter | None = None,
) -> Page[TouchpointCodes]:
    items, total = touchpoints.list_touchpoints(
        session=uow.session,
        region_ids=manager.regions,
        store_id=store_id,
        kind=kind,
        offset=page.offset,
        limit=page.limit,
    )
    settings = get_settings()
    return page.page([touchpoints.codes(t, settings) for t in items], total)


@router.get("/touchpoints/performance", response_model=list[TouchpointPerformance])
@answers("bad_period")
def touchpoint_performance(
    manager: CurrentManager,
    uow: UowDep,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[TouchpointPerformance]:
    """Scans, and the check-ins and orders credited, per touchpoint (last touch in the window)."""
    start, end = attribution.report_period(start=start, end=end, now=utcnow())
    visits = [
        TouchEvent(member_id=c.member_id, at=c.checked_in_at)
        for c in LocalStoresClient(uow.session).check_ins_between(start, end)
    ]
    orders = [
        TouchEvent(member_id=o.member_id, at=o.at)
        for o in LocalOrdersClient(uow.session).placed_between(start, end)
    ]
    return LocalTouchpointsClient(uow.session).performance(
        start=start, end=end, check_ins=visits, orders=orders, region_ids=manager.regions
    )


@router.get("/touchpoints/{touchpoint_id}", response_model=TouchpointCodes)
@answers("touchpoint_not_found")
def get_touchpoint(manager: CurrentManager, uow: UowDep, touchpoint_id: Id) -> TouchpointCodes:
    found = touchpoints.get(
        session=uow.session, touchpoint_id=touchpoint_id, region_ids=manager.regions
    )
    return touchpoints.codes(found, get_settings())


@router.patch("/touchpoints/{touchpoint_id}", response_model=TouchpointCodes)
@answers("touchpoint_not_found")
def update_touchpoint(
    manager: CurrentManager, uow: UowDep, touchpoint_id: Id, body: TouchpointUpdate
) -> TouchpointCodes:
    updated = touchpoints.update(
        session=uow.session,
        touchpoint_id=touchpoint_id,
        changes=body,
        region_ids=manager.regions,
    )
    uow.commit()
    return touchpoints.codes(updated, get_settings())


@router.post("/touchpoints/{touchpoint_id}/revoke", response_model=TouchpointCodes)
@answers("touchpoint_not_found")
def revoke_touchpoint(manager: CurrentManager, uow: UowDep, touchpoint_id: Id) -> TouchpointCodes:
    """Withdraw every printed code of this touchpoint; the answer holds the new one."""
    revoked = touchpoints.revoke(
        session=uow.session, touchpoint_id=touchpoint_id, region_ids=manager.regions
    )
    uow.commit()
    return touchpoints.codes(revoked, get_settings())


def _link(manager: Principal, uow: UowDep, touchpoint_id: Id) -> str:
    found = touchpoints.get(
        session=uow.session, touchpoint_id=touchpoint_id, region_ids=manager.regions
    )
    return touchpoints.codes(found, get_settings()).link


@router.get("/touchpoints/{touchpoint_id}/qr.png", response_class=Response)
@answers("touchpoint_not_found")
def touchpoint_png(manager: CurrentManager, uow: UowDep, touchpoint_id: Id) -> Response:
    return Response(qr.png(_link(manager, uow, touchpoint_id)), media_type="image/png")


@router.get("/touchpoints/{touchpoint_id}/qr.svg", response_class=Response)
@answers("touchpoint_not_found")
def touchpoint_svg(manager: CurrentManager, uow: UowDep, touchpoint_id: Id) -> Response:
    return Response(qr.svg(_link(manager, uow, touchpoint_id)), media_type="image/svg+xml")


@router.get("/stores/{store_id}/touchpoints/sheet", response_class=HTMLResponse)
@answers("store_not_found")
def store_sheet(manager: CurrentManager, uow: UowDep, store_id: Id) -> HTMLResponse:
    """Every active code of one store on printable pages."""
    store = LocalStoresClient(uow.session).get_store(store_id)
    if not manager.can_see_region(store.region_id):
        raise NotFound(f"store {store_id} does not exist", code="store_not_found")
    items, _ = touchpoints.list_touchpoints(
        session=uow.session, region_ids=None, store_id=store_id, offset=0, limit=500
    )
    settings = get_settings()
    codes = [touchpoints.codes(t, settings) for t in items if t.active]
    return HTMLResponse(qr.sheet(f"{store.name} ({store.code})", codes))
