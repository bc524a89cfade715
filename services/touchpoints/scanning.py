"""A scan: resolve the code, record it, and answer with the action for its kind.

A cross-service use case: a member's store-entrance scan becomes a check-in
(stores) that earns the day's visit points (members); a shelf scan answers with
the product and nearby pickup availability (inventory).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import anyio.to_thread
from sqlalchemy.orm import Session

from inventory.client import LocalInventoryClient
from inventory.schemas import CartLine
from services.platform import ratelimit
from services.platform.adb import Connection
from services.platform.settings import Settings
from services.platform.uow import UnitOfWork
from services.touchpoints import recording
from services.touchpoints.recording import RecordedScan
from services.touchpoints.schemas import ScanCreate, ScanResult
from stores.client import LocalStoresClient, open_store_async
from stores.schemas import CheckInRead, StoreRead


async def scan(
    *,
    connection: Connection,
    redis: Any,
    settings: Settings,
    data: ScanCreate,
    member_id: int | None,
    client_ip: str,
    now: datetime,
) -> ScanResult:
    """Record one scan and say what the mini-program should show.

    On the event loop: the rate limit (asyncio Redis), then the scan, the check-in
    and its points in one database call on ``connection``. Shelf and guide-card
    answers are catalogue reads, done afterwards on a worker thread.
    """
    limits = [
        (f"device:{data.device_id}", settings.scan_limit_per_device),
        # The device id is the client's own choice; the address is not (see client_ip).
        (f"ip:{client_ip}", settings.scan_limit_per_ip),
    ]
    if member_id is not None:
        limits.append((f"member:{member_id}", settings.scan_limit_per_member))
    await ratelimit.enforce(
        redis,
        limits,
        scope="scan",
        code="scan_rate_limited",
        message="too many scans; wait a moment",
    )
    # One statement, its own transaction: the scan, and for a member's entrance scan the
    # check-in and the day's visit points (touchpoints.record_scan).
    touchpoint = await recording.record(
        connection=connection,
        settings=settings,
        token=data.token,
        scene=data.scene,
        member_id=member_id,
        device_id=data.device_id,
        at=now,
    )
    result = ScanResult(
        scan_id=touchpoint.scan_id,
        touchpoint_id=touchpoint.id,
        kind=touchpoint.kind,
        action=touchpoint.action,
    )
    if touchpoint.kind == "store_entrance":
        await _entrance(touchpoint, member_id, result)
    if touchpoint.kind in ("shelf", "guide_card"):
        await anyio.to_thread.run_sync(_catalogue_answer, touchpoint, data, result)
    elif touchpoint.kind != "store_entrance":
        result.campaign = {
            "code": touchpoint.campaign_code,
            "landing_path": touchpoint.landing_path,
            "name": touchpoint.name,
        }
    return result


async def _entrance(touchpoint: RecordedScan, member_id: int | None, result: ScanResult) -> None:
    assert touchpoint.store_id is not None
    # The hot path: an open store comes from the in-memory directory, no query.
    store = await open_store_async(touchpoint.store_id)
    if store is None:  # closed for now: still a visit, read from the database
        store = await anyio.to_thread.run_sync(_store, touchpoint.store_id)
    result.store = {"id": store.id, "name": store.name, "address": store.address}
    if member_id is None or touchpoint.check_in_id is None:
        return
    visit = CheckInRead(
        id=touchpoint.check_in_id,
        store_id=store.id,
        member_id=member_id,
        # The touchpoint and scan that opened the visit: a repeat in the window joins it.
        touchpoint_id=touchpoint.check_in_touchpoint_id,
        scan_id=touchpoint.check_in_scan_id,
        checked_in_at=touchpoint.checked_in_at,
    )
    result.check_in = {**visit.model_dump(mode="json"), "new": bool(touchpoint.check_in_created)}
    result.points_awarded = touchpoint.points_awarded


def _store(store_id: int) -> StoreRead:
    with UnitOfWork() as uow:
        return LocalStoresClient(uow.session).get_store(store_id)


def _catalogue_answer(touchpoint: RecordedScan, data: ScanCreate, result: ScanResult) -> None:
    """Shelf and guide-card answers: read-only, in a unit of work of their own."""
    with UnitOfWork() as uow:
        if touchpoint.kind == "shelf":
            _shelf(uow.session, touchpoint, data, result)
        else:
            _guide_card(uow.session, touchpoint, result)


def _shelf(
    session: Session, touchpoint: RecordedScan, data: ScanCreate, result: ScanResult
) -> None:
    assert touchpoint.product_id is not None
    inventory = LocalInventoryClient(session)
    product = inventory.get_product(touchpoint.product_id)
    result.product = product.model_dump(mode="json")
    latitude, longitude = data.latitude, data.longitude
    if (latitude is None or longitude is None) and touchpoint.store_id is not None:
        store = LocalStoresClient(session).get_store(touchpoint.store_id)
        latitude, longitude = store.latitude, store.longitude
    lines = [CartLine(sku_id=s.id, quantity=1) for s in product.skus if s.active]
    if latitude is not None and longitude is not None and lines:
        # One line per variant: each pickup option says which sizes/colours it holds.
        availability = inventory.availability(lines, latitude=latitude, longitude=longitude)
        result.availability = availability.model_dump(mode="json")


def _guide_card(session: Session, touchpoint: RecordedScan, result: ScanResult) -> None:
    assert touchpoint.guide_id is not None
    stores = LocalStoresClient(session)
    guide = stores.get_guide(touchpoint.guide_id)
    store = stores.get_store(guide.store_id)
    result.guide = {"id": guide.id, "name": guide.name, "store_id": guide.store_id}
    result.store = {"id": store.id, "name": store.name, "address": store.address}
    services = stores.guide_services(guide.id)
    result.booking = {
        "guide_id": guide.id,
        "store_id": store.id,
        "open": bool(services),
        "services": [
            {
                "id": s.id,
                "name": s.name,
                "duration_minutes": s.duration_minutes,
                "price_fen": s.price_fen,
            }
            for s in services
        ],
        # The mini-program adds &service=<id>&from=&to= (the store's local dates).
        "slots_path": f"/mp/v1/stores/{store.id}/slots?guide={guide.id}",
        "profile_path": f"/mp/v1/guides/{guide.id}",
    }
