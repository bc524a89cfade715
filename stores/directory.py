"""A per-process snapshot of open stores for nearby search, refreshed when stores change.

Reads come from memory; every ``ttl`` seconds one caller checks a cheap
fingerprint (count, last update) and rebuilds only if it moved. Other callers
keep using the previous snapshot meanwhile, so a refresh never stalls traffic.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from stores.nearby import NearbyIndex, StorePoint
from stores.routing import Choice, NewStoreBoost, route
from stores.schemas import NearbyStore, StoreRead


@dataclass(frozen=True)
class Snapshot:
    index: NearbyIndex
    stores: dict[int, StoreRead]
    #: Each store's JSON rendered once, without its closing brace, for the hot path.
    cards: dict[int, bytes]
    fingerprint: tuple[Any, ...]
    #: When each open store opened (stores without a date are left out): the new-store boost.
    opened_on: dict[int, datetime] = field(default_factory=dict)
    newest_opening: datetime | None = None


def _no_openings(session: Session | None) -> dict[int, datetime]:
    del session
    return {}


class StoreDirectory:
    """Nearby search over a snapshot loaded through ``load`` and checked with ``fingerprint``."""

    def __init__(
        self,
        *,
        load: Callable[[Session | None], list[StoreRead]],
        fingerprint: Callable[[Session | None], tuple[Any, ...]],
        ttl_seconds: float,
        openings: Callable[[Session | None], dict[int, datetime]] = _no_openings,
    ) -> None:
        self._load = load
        self._openings = openings
        self._fingerprint = fingerprint
        self._ttl = ttl_seconds
        self._snapshot: Snapshot | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    def needs_refresh(self) -> bool:
        return self._snapshot is None or time.monotonic() - self._checked_at >= self._ttl

    def refresh(self, session: Session | None = None) -> None:
        """Reload if the stores changed; concurrent callers skip while one reloads.

        Reads through ``session`` when the caller has one, else a unit of work of its own.
        """
        blocking = self._snapshot is None
        if not self._lock.acquire(blocking=blocking):
            return
        try:
            if not self.needs_refresh():
                return
            current = self._fingerprint(session)
            if self._snapshot is None or current != self._snapshot.fingerprint:
                stores = self._load(session)
                opened_on = self._openings(session)
                self._snapshot = Snapshot(
                    index=NearbyIndex([StorePoint(s.id, s.latitude, s.longitude) for s in stores]),
                    stores={s.id: s for s in stores},
                    cards={s.id: s.model_dump_json().encode()[:-1] for s in stores},
                    fingerprint=current,
                    opened_on=opened_on,
                    newest_opening=max(opened_on.values(), default=None),
                )
            self._checked_at = time.monotonic()
        finally:
            self._lock.release()

    def invalidate(self) -> None:
        self._checked_at = 0.0

    def _current(self) -> Snapshot:
        if self._snapshot is None:
            self.refresh()
        assert self._snapshot is not None
        return self._snapshot

    def _hits(
        self,
        snapshot: Snapshot,
        latitude: float,
        longitude: float,
        *,
        radius_km: float,
        limit: int,
        boost: NewStoreBoost | None,
        now: datetime | None,
    ) -> list[tuple[int, float]]:
        hits = snapshot.index.query(latitude, longitude, radius_km=radius_km, limit=limit)
        newest = snapshot.newest_opening
        if boost is None or now is None or not boost.applies(newest, 0.0, now):
            return hits  # no store opened lately: the plain ranking, no second look
        # New stores in the catchment may stand beyond the ``limit`` nearest: look for them.
        reach = min(radius_km, boost.catchment_km)
        near = snapshot.index.query(
            latitude, longitude, radius_km=reach, limit=len(snapshot.stores)
        )
        found = dict(hits)
        boosted = [(i, km) for i, km in near if boost.applies(snapshot.opened_on.get(i), km, now)]
        if not boosted:
            return hits
        found.update(boosted)
        choices = [Choice(i, km, snapshot.opened_on.get(i)) for i, km in found.items()]
        return [(i, found[i]) for i in route(choices, boost=boost, now=now, limit=limit)]

    def nearby_json(
        self,
        latitude: float,
        longitude: float,
        *,
        radius_km: float,
        limit: int,
        boost: NewStoreBoost | None = None,
        now: datetime | None = None,
    ) -> bytes:
        """``{"items": [...]}`` as ``nearby`` would serialise it, from the pre-rendered cards."""
        snapshot = self._current()
        hits = self._hits(
            snapshot, latitude, longitude, radius_km=radius_km, limit=limit, boost=boost, now=now
        )
        cards = [
            snapshot.cards[store_id] + b',"distance_km":' + repr(round(km, 3)).encode() + b"}"
            for store_id, km in hits
        ]
        return b'{"items":[' + b",".join(cards) + b"]}"

    def open_store(self, store_id: int) -> StoreRead | None:
        """The store if it is open (as of the last refresh), else None."""
        return self._current().stores.get(store_id)

    def opened_on(self, store_id: int) -> datetime | None:
        return self._current().opened_on.get(store_id)

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
        """Open stores within ``radius_km``, nearest first (call ``refresh`` when stale); with
        ``boost``, stores opened lately come first for the members around them."""
        snapshot = self._current()
        hits = self._hits(
            snapshot, latitude, longitude, radius_km=radius_km, limit=limit, boost=boost, now=now
        )
        return [
            NearbyStore.model_construct(
                **snapshot.stores[store_id].__dict__, distance_km=round(km, 3)
            )
            for store_id, km in hits
        ]
