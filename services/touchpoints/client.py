"""Public interface of the touchpoints service: attribution for orders and insights."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from services.platform.adb import Connection
from services.platform.settings import get_settings
from services.touchpoints import attribution, member_data, service, sharing
from services.touchpoints.schemas import (
    Attribution,
    ScanRead,
    ShareLink,
    TouchEvent,
    TouchpointCreate,
    TouchpointPerformance,
    TouchpointRead,
)

#: A member's scans (their data export), and unlinking them when the account is deleted.
export_member = member_data.export_member
forget_member = member_data.forget_member


async def last_touch_async(
    connection: Connection, member_id: int, at: datetime, *, touchpoint_id: int | None = None
) -> Attribution | None:
    """``last_touch`` in the caller's async transaction (order placement on the event loop).

    With ``touchpoint_id``: the member's latest scan of that touchpoint, if any (evidence).
    """
    window = timedelta(days=get_settings().attribution_window_days)
    return await attribution.last_touch_async(
        connection, member_id=member_id, at=at, window=window, touchpoint_id=touchpoint_id
    )


def share_link(*, guide_id: int, now: datetime) -> ShareLink:
    """A signed link a guide sends to shoppers; orders placed through it credit the guide."""
    return sharing.share_link(guide_id=guide_id, now=now, settings=get_settings())


def shared_by(token: str, *, now: datetime) -> int:
    """The guide who signed this share link; InvalidInput when forged or expired."""
    return sharing.shared_by(token, now=now, settings=get_settings())


class LocalTouchpointsClient:
    """In-process adapter working in the caller's session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _window(self) -> timedelta:
        return timedelta(days=get_settings().attribution_window_days)

    def last_touch(self, member_id: int, at: datetime) -> Attribution | None:
        """The touchpoint an order placed by ``member_id`` at ``at`` is credited to."""
        return attribution.last_touch(
            session=self._session, member_id=member_id, at=at, window=self._window()
        )

    def performance(
        self,
        *,
        start: datetime,
        end: datetime,
        check_ins: Sequence[TouchEvent],
        orders: Sequence[TouchEvent],
        region_ids: Sequence[int] | None = None,
    ) -> list[TouchpointPerformance]:
        """Per touchpoint in [start, end): scans, and the given visits and orders credited."""
        return attribution.performance(
            session=self._session,
            start=start,
            end=end,
            window=self._window(),
            check_ins=check_ins,
            orders=orders,
            region_ids=region_ids,
        )

    def create_campaign_touchpoint(
        self, *, name: str, region_id: int, store_id: int | None, campaign_code: str
    ) -> TouchpointRead:
        """A ``campaign`` touchpoint: scans and orders through it credit the campaign."""
        data = TouchpointCreate(
            kind="campaign",
            name=name,
            region_id=region_id,
            store_id=store_id,
            campaign_code=campaign_code,
        )
        return service.create(session=self._session, data=data, region_ids=None)

    def link(self, touchpoint_id: int) -> str:
        """The signed link the touchpoint's QR code holds."""
        touchpoint = service.get(
            session=self._session, touchpoint_id=touchpoint_id, region_ids=None
        )
        return service.codes(touchpoint, get_settings()).link

    def join_device_scans(self, *, member_id: int, device_id: str, since: datetime) -> int:
        return attribution.join_device_scans(
            session=self._session, member_id=member_id, device_id=device_id, since=since
        )

    def member_scans(self, member_id: int, *, limit: int = 50) -> list[ScanRead]:
        return attribution.member_scans(session=self._session, member_id=member_id, limit=limit)

    def scanned_at_store(self, member_id: int, store_id: int) -> bool:
        """Whether the member has scanned one of the store's codes (a guide's look-up right)."""
        return attribution.scanned_at_store(
            session=self._session, member_id=member_id, store_id=store_id
        )


def names(*, session: Session, ids: Sequence[int]) -> dict[int, str]:
    """Touchpoints' names by id (ids that name nothing are left out)."""
    return service.names(session=session, ids=ids)
