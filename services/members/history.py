"""A member's history across channels: visits and scans today; orders and
appointments join here (one more source each) once those services exist."""

from __future__ import annotations

from sqlalchemy.orm import Session

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
    # Seam: orders (OrdersClient.for_member) and appointments add their items here.
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:limit]
