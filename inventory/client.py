"""Public interface of the inventory service for other services."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session

from inventory import availability as availability_module
from inventory import service
from inventory.schemas import Availability, CartLine, ProductRead
from services.platform.db import utcnow
from stores.client import LocalStoresClient


class InventoryClient(Protocol):
    def get_product(self, product_id: int) -> ProductRead: ...

    def availability(
        self,
        lines: Sequence[CartLine],
        *,
        latitude: float,
        longitude: float,
        radius_km: float = 20.0,
        limit: int = 10,
        now: datetime | None = None,
    ) -> Availability: ...


class LocalInventoryClient:
    """In-process adapter working in the caller's session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get_product(self, product_id: int) -> ProductRead:
        return service.get_product(session=self._session, product_id=product_id)

    def availability(
        self,
        lines: Sequence[CartLine],
        *,
        latitude: float,
        longitude: float,
        radius_km: float = 20.0,
        limit: int = 10,
        now: datetime | None = None,
    ) -> Availability:
        return availability_module.availability(
            session=self._session,
            stores=LocalStoresClient(self._session),
            lines=lines,
            latitude=latitude,
            longitude=longitude,
            radius_km=radius_km,
            limit=limit,
            now=now or utcnow(),
        )
