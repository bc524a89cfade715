"""Public interface of the stores service for other services and front doors."""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol

from sqlalchemy.orm import Session

from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from stores import service
from stores.directory import StoreDirectory
from stores.schemas import GuideRead, NearbyStore, StoreRead


class StoresClient(Protocol):
    def get_store(self, store_id: int) -> StoreRead: ...

    def get_guide(self, guide_id: int) -> GuideRead: ...

    def open_store(self, store_id: int) -> StoreRead | None: ...

    def nearby(
        self, latitude: float, longitude: float, *, radius_km: float, limit: int
    ) -> list[NearbyStore]: ...


def _load_open_stores() -> list[StoreRead]:
    with UnitOfWork() as uow:
        return service.open_stores(session=uow.session)


def _fingerprint() -> tuple[object, ...]:
    with UnitOfWork() as uow:
        return service.stores_fingerprint(session=uow.session)


@lru_cache
def store_directory() -> StoreDirectory:
    """The process-wide nearby-store directory."""
    return StoreDirectory(
        load=_load_open_stores,
        fingerprint=_fingerprint,
        ttl_seconds=get_settings().store_index_ttl_seconds,
    )


class LocalStoresClient:
    """In-process adapter: reads in the caller's session; nearby from the shared directory."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get_store(self, store_id: int) -> StoreRead:
        return service.get_store(session=self._session, store_id=store_id)

    def get_guide(self, guide_id: int) -> GuideRead:
        return service.get_guide(session=self._session, guide_id=guide_id)

    def open_store(self, store_id: int) -> StoreRead | None:
        """An open store from the shared directory (refreshed every few seconds), or None."""
        directory = store_directory()
        if directory.needs_refresh():
            directory.refresh()
        return directory.open_store(store_id)

    def nearby(
        self, latitude: float, longitude: float, *, radius_km: float, limit: int
    ) -> list[NearbyStore]:
        directory = store_directory()
        if directory.needs_refresh():
            directory.refresh()
        return directory.nearby(latitude, longitude, radius_km=radius_km, limit=limit)
