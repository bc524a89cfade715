"""A scan: resolve the code, record it, and answer with the action for its kind.

A cross-service use case: a member's store-entrance scan becomes a check-in
(stores) that earns the day's visit points (members); a shelf scan answers with
the product and nearby pickup availability (inventory).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from inventory.client import LocalInventoryClient
from inventory.schemas import CartLine
from services.members.client import LocalMembersClient
from services.platform import ratelimit
from services.platform.settings import Settings
from services.touchpoints import recording
from services.touchpoints.recording import RecordedScan
from services.touchpoints.schemas import ScanCreate, ScanResult
from stores.client import LocalStoresClient


def scan(
    *,
    session: Session,
    redis: Any,
    settings: Settings,
    data: ScanCreate,
    member_id: int | None,
    now: datetime,
) -> ScanResult:
    """Record one scan and say what the mini-program should show."""
    limits = [(f"device:{data.device_id}", settings.scan_limit_per_device)]
    if member_id is not None:
        limits.append((f"member:{member_id}", settings.scan_limit_per_member))
    ratelimit.enforce(redis, limits)
    touchpoint = recording.record(
        session=session,
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
        _entrance(session, settings, touchpoint, member_id, result, now)
    elif touchpoint.kind == "shelf":
        _shelf(session, touchpoint, data, result)
    elif touchpoint.kind == "guide_card":
        _guide_card(session, touchpoint, result)
    else:
        result.campaign = {
            "code": touchpoint.campaign_code,
            "landing_path": touchpoint.landing_path,
            "name": touchpoint.name,
        }
    return result


def _entrance(
    session: Session,
    settings: Settings,
    touchpoint: RecordedScan,
    member_id: int | None,
    result: ScanResult,
    now: datetime,
) -> None:
    assert touchpoint.store_id is not None
    stores = LocalStoresClient(session)
    # The hot path: an open store comes from the in-memory directory, no query.
    store = stores.open_store(touchpoint.store_id) or stores.get_store(touchpoint.store_id)
    result.store = {"id": store.id, "name": store.name, "address": store.address}
    if member_id is None:
        return
    visit = stores.check_in(
        store_id=store.id,
        member_id=member_id,
        at=now,
        window=timedelta(minutes=settings.checkin_window_minutes),
        touchpoint_id=touchpoint.id,
        scan_id=result.scan_id,
    )
    result.check_in = {**visit.check_in.model_dump(mode="json"), "new": visit.created}
    if visit.created and settings.checkin_points:
        # Once a day per member, whichever store: the day is the store's local day.
        day = now.astimezone(ZoneInfo(store.timezone)).date().isoformat()
        entry = LocalMembersClient(session).earn_points(
            member_id=member_id,
            points=settings.checkin_points,
            source=f"check-in:{day}",
            reason=f"visit to {store.name}",
        )
        result.points_awarded = 0 if entry.replayed else entry.delta


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
    # Appointments are not built yet; the mini-program shows booking once they are.
    result.booking = {"guide_id": guide.id, "store_id": store.id, "open": False}
