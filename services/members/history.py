"""A member's history across channels: orders, visits, scans and appointments."""

from __future__ import annotations

from sqlalchemy.orm import Session

from orders.client import LocalOrdersClient
from services.members.schemas import HistoryItem
from services.touchpoints.client import LocalTouchpointsClient
from stores.client import LocalStoresClient


def history(*, session: Session, member_id: int, limit: int = 50) -> list[HistoryItem]:
    """Newest first, merged from every channel's own record."""
    items = [
        HistoryItem(
            kind="check_in",
            at=c.checked_in_at,
            store_id=c.store_id,
            touchpoint_id=c.touchpoint_id,
            details={"check_in_id": c.id},
        )
        for c in LocalStoresClient(session).member_check_ins(member_id, limit=limit)
    ]
    items += [
        HistoryItem(
            kind="scan",
            at=s.scanned_at,
            touchpoint_id=s.touchpoint_id,
            details={"scan_id": s.id, "action": s.action},
        )
        for s in LocalTouchpointsClient(session).member_scans(member_id, limit=limit)
    ]
    items += [
        HistoryItem(
            kind="order",
            at=o.created_at,
            store_id=o.store_id,
            touchpoint_id=o.touchpoint_id,
            details={
                "number": o.number,
                "status": o.status,
                "fulfilment": o.fulfilment,
                "total_fen": o.total_fen,
                "channel": o.channel,
            },
        )
        for o in LocalOrdersClient(session).for_member(member_id, limit=limit)
    ]
    items += [
        HistoryItem(
            kind="appointment",
            at=a.starts_at,
            store_id=a.store_id,
            details={
                "appointment_id": a.id,
                "status": a.status,
                "service_id": a.service_id,
                "guide_id": a.guide_id,
            },
        )
        for a in LocalStoresClient(session).member_appointments(member_id, limit=limit)
    ]
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:limit]
