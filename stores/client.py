"""Public interface of the stores service for other services and front doors."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import lru_cache

import anyio.to_thread
import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from services.platform.adb import Connection, fetch
from services.platform.replica import stale_ok_sessions
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from stores import checkins, guides, home_regions, member_data, member_notes, service
from stores.appointments import member_view, profiles, reminders

# How long before or after a booked appointment a scan at its store checks it in
# (touchpoints.record_scan passes it to stores.check_in).
from stores.appointments.arrival import ARRIVAL_WINDOW as ARRIVAL_WINDOW
from stores.appointments.schemas import AppointmentRead, ServiceRead
from stores.directory import StoreDirectory
from stores.hours import ready_at
from stores.routing import Choice, NewStoreBoost, route
from stores.schemas import (
    CheckInRead,
    CheckInResult,
    GuidePost,
    GuideRead,
    MemberNoteRead,
    NearbyStore,
    StoreRead,
)


def _load_open_stores(session: Session | None) -> list[StoreRead]:
    if session is not None:
        return service.open_stores(session=session)
    with UnitOfWork(stale_ok_sessions()) as uow:
        return service.open_stores(session=uow.session)


def _openings(session: Session | None) -> dict[int, datetime]:
    if session is not None:
        return service.openings(session=session)
    with UnitOfWork(stale_ok_sessions()) as uow:
        return service.openings(session=uow.session)


def new_store_boost() -> NewStoreBoost:
    """The store finder's boost for newly opened stores, from settings."""
    settings = get_settings()
    return NewStoreBoost(settings.new_store_boost_days, settings.new_store_catchment_km)


def _fingerprint(session: Session | None) -> tuple[object, ...]:
    if session is not None:
        return service.stores_fingerprint(session=session)
    with UnitOfWork(stale_ok_sessions()) as uow:
        return service.stores_fingerprint(session=uow.session)


# Re-exported: the store finder's rules that inventory's availability applies to its pickup
# options (when an order is ready at a store, by its opening hours; the order stores are shown in).
__all__ = ["Choice", "LocalStoresClient", "NewStoreBoost", "ready_at", "route"]

#: A member's appointments and check-ins (their data export), and erasing what is personal.
export_appointments = member_data.export_appointments
export_check_ins = member_data.export_check_ins
forget_member = member_data.forget_member


@lru_cache
def store_directory() -> StoreDirectory:
    """The process-wide nearby-store directory."""
    return StoreDirectory(
        load=_load_open_stores,
        fingerprint=_fingerprint,
        ttl_seconds=get_settings().store_index_ttl_seconds,
        openings=_openings,
    )


async def open_store_async(store_id: int) -> StoreRead | None:
    """``open_store`` for event-loop routes: a stale directory refreshes on a worker thread."""
    directory = store_directory()
    if directory.needs_refresh():
        await anyio.to_thread.run_sync(directory.refresh)
    return directory.open_store(store_id)


async def guide_post_async(connection: Connection, guide_id: int) -> GuidePost | None:
    """Where ``guide_id`` works (and whether still active), in the caller's connection."""
    return await guides.post_async(connection, guide_id)


async def check_in_async(
    connection: Connection,
    *,
    store_id: int,
    member_id: int,
    at: datetime,
    window: timedelta,
    touchpoint_id: int | None = None,
    scan_id: int | None = None,
) -> CheckInResult:
    """A check-in in the caller's async transaction (see ``checkins.check_in``)."""
    return await checkins.check_in_async(
        connection=connection,
        store_id=store_id,
        member_id=member_id,
        at=at,
        window=window,
        touchpoint_id=touchpoint_id,
        scan_id=scan_id,
    )


#: The stock reservations holding a member's try-on items at a store, for live appointments.
_TRY_ON_HOLDS = """
    SELECT try_on_reservation_id FROM stores.appointments
    WHERE member_id = %(member_id)s AND store_id = %(store_id)s
      AND try_on_reservation_id IS NOT NULL AND status IN ('booked', 'checked_in')
    ORDER BY id
"""


async def try_on_holds_async(connection: Connection, *, member_id: int, store_id: int) -> list[int]:
    """Reservation ids of the member's try-on items held at the store (live appointments)."""
    rows = await fetch(connection, _TRY_ON_HOLDS, {"member_id": member_id, "store_id": store_id})
    return [int(row["try_on_reservation_id"]) for row in rows]


class LocalStoresClient:
    """In-process adapter: reads in the caller's session; nearby from the shared directory."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get_store(self, store_id: int) -> StoreRead:
        return service.get_store(session=self._session, store_id=store_id)

    def get_guide(self, guide_id: int) -> GuideRead:
        return service.get_guide(session=self._session, guide_id=guide_id)

    def store_ids_in(self, region_ids: Sequence[int]) -> list[int]:
        return service.store_ids_in(session=self._session, region_ids=region_ids)

    def managers_answering_for(self, store_id: int | None) -> list[int]:
        """The active managers of the store's region (no store: HQ's), to escalate to."""
        return service.managers_answering_for(session=self._session, store_id=store_id)

    def members_of_regions(
        self, member_ids: NDArray[np.int64], homes: NDArray[np.float64], region_ids: Sequence[int]
    ) -> NDArray[np.bool_]:
        """Per member: first visit in, or consented home (NaN: none) inside, one of the regions."""
        return home_regions.members_of(self._session, member_ids, homes, region_ids)

    def region_stores(self, region_id: int) -> list[StoreRead]:
        """Every store of one region, any status, by code (siting: the region's shape)."""
        stores, _ = service.list_stores(session=self._session, region_ids=[region_id], limit=10_000)
        return stores

    def open_store(self, store_id: int) -> StoreRead | None:
        """An open store from the shared directory (refreshed every few seconds), or None."""
        directory = store_directory()
        if directory.needs_refresh():
            # In the caller's session: a second pooled connection per request could
            # starve the pool (every thread holding one, waiting for another).
            directory.refresh(self._session)
        return directory.open_store(store_id)

    def nearby(
        self,
        latitude: float,
        longitude: float,
        *,
        radius_km: float,
        limit: int,
        boost: NewStoreBoost | None = None,
        now: datetime | None = None,
    ) -> list[NearbyStore]:
        directory = store_directory()
        if directory.needs_refresh():
            directory.refresh(self._session)
        return directory.nearby(
            latitude, longitude, radius_km=radius_km, limit=limit, boost=boost, now=now
        )

    def opened_on(self, store_id: int) -> datetime | None:
        """When an open store opened (from the directory), for the new-store boost."""
        directory = store_directory()
        if directory.needs_refresh():
            directory.refresh(self._session)
        return directory.opened_on(store_id)

    def check_in(
        self,
        *,
        store_id: int,
        member_id: int,
        at: datetime,
        window: timedelta,
        touchpoint_id: int | None = None,
        scan_id: int | None = None,
    ) -> CheckInResult:
        return checkins.check_in(
            session=self._session,
            store_id=store_id,
            member_id=member_id,
            at=at,
            window=window,
            touchpoint_id=touchpoint_id,
            scan_id=scan_id,
        )

    def member_check_ins(self, member_id: int, *, limit: int = 50) -> list[CheckInRead]:
        return checkins.for_member(session=self._session, member_id=member_id, limit=limit)

    def check_ins_between(self, start: datetime, end: datetime) -> list[CheckInRead]:
        return checkins.between(session=self._session, start=start, end=end)

    def appointments_starting_between(
        self, start: datetime, end: datetime
    ) -> list[tuple[int, int]]:
        """(member, store) of live appointments starting in [start, end) (campaign results)."""
        return member_view.starting_between(session=self._session, start=start, end=end)

    def open_stores(self) -> list[StoreRead]:
        """Every open store (campaigns: whose nearest store a new one takes over)."""
        return service.open_stores(session=self._session)

    def guide_services(self, guide_id: int) -> list[ServiceRead]:
        """What shoppers can book with this guide (empty when nothing is bookable)."""
        return profiles.guide_services(session=self._session, guide_id=guide_id)

    def member_appointments(
        self, member_id: int, *, viewer_store_id: int | None = None, limit: int = 50
    ) -> list[AppointmentRead]:
        """The member's appointments at any store; only the viewer store's notes kept."""
        return member_view.for_member(
            session=self._session, member_id=member_id, viewer_store_id=viewer_store_id, limit=limit
        )

    def no_shows(self, member_id: int) -> int:
        """How many appointments the member missed, at any store."""
        counts = reminders.no_show_counts(session=self._session, member_ids=[member_id])
        return counts.get(member_id, 0)

    def member_notes(self, *, store_id: int, member_id: int) -> list[MemberNoteRead]:
        """The store's own private notes about the member (never another store's)."""
        return member_notes.for_member(
            session=self._session, store_id=store_id, member_id=member_id
        )


def names(*, session: Session, kind: str, ids: Sequence[int]) -> dict[int, str]:
    """Display names of stores (``code name``), guides (``name (store code)``) or regions,
    by id; ids that name nothing are left out. One query, whatever the number of ids."""
    return service.display_names(session=session, kind=kind, ids=ids)
