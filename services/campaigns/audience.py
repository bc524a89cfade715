"""Who a campaign reaches, read through other services' clients and decided by ``rules``."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta

import numpy as np

from orders.client import LocalOrdersClient
from services.campaigns import rules
from services.members.client import LocalMembersClient
from services.platform.db import Session
from stores.client import LocalStoresClient
from stores.schemas import StoreRead

#: How far back "active in a channel" looks.
ACTIVITY_DAYS = 180


def box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    # A box a little larger than the circle; the sphere test inside ``rules`` is the exact one.
    dlat = km / 110.0 + 0.01
    dlon = km / (110.0 * max(math.cos(math.radians(lat)), 0.01)) + 0.01
    return (lat - dlat, lon - dlon, lat + dlat, lon + dlon)


def around_store(
    session: Session,
    *,
    store: StoreRead,
    audience: str,
    radius_km: float,
    region_ids: Sequence[int] | None,
) -> list[int]:
    """Consenting members near the store, or those whose nearest open store it becomes.

    A regional manager reaches only their regions' own members, wherever the store stands.
    """
    target = (store.latitude, store.longitude)
    ids, homes = LocalMembersClient(session).consented_homes_by_member(box(*target, radius_km))
    near = rules.within_km(homes, target, radius_km)
    if region_ids is not None:
        near &= LocalStoresClient(session).members_of_regions(ids, homes, region_ids)
    if audience == "near_store":
        return [int(i) for i in ids[near]]
    others = [s for s in LocalStoresClient(session).open_stores() if s.id != store.id]
    open_points = np.array([(s.latitude, s.longitude) for s in others], dtype=np.float64)
    changes = rules.nearest_changes(homes, open_points.reshape(-1, 2), target)
    return [int(i) for i in ids[near & changes]]


def channel_activity(
    session: Session, *, since: datetime, store_ids: set[int] | None
) -> dict[int, set[str]]:
    """Each member's activity channels since ``since``, for members seen at these stores."""
    seen: dict[int, set[str]] = {}
    in_scope: set[int] = set()
    stores = LocalStoresClient(session)
    for order in LocalOrdersClient(session).touches_since(None, since):
        if order.fulfilment == "delivery":
            kind = "delivery"
        elif order.channel == "store_assisted":
            kind = "store"
        else:
            kind = "mini_program"
        seen.setdefault(order.member_id, set()).add(kind)
        if store_ids is None or order.store_id in store_ids:
            in_scope.add(order.member_id)
    far_future = since + timedelta(days=10 * 365)
    for visit in stores.check_ins_between(since, far_future):
        seen.setdefault(visit.member_id, set()).add("store")
        if store_ids is None or visit.store_id in store_ids:
            in_scope.add(visit.member_id)
    for member_id, store_id in stores.appointments_starting_between(since, far_future):
        seen.setdefault(member_id, set()).add("appointments")
        if store_ids is None or store_id in store_ids:
            in_scope.add(member_id)
    return {m: kinds for m, kinds in seen.items() if m in in_scope}


def single_channel(
    session: Session, *, region_id: int, target_channel: str | None, now: datetime
) -> list[int]:
    """Members active in only one channel, seen at a store of the region (not already there)."""
    store_ids = set(LocalStoresClient(session).store_ids_in([region_id]))
    activity = channel_activity(
        session, since=now - timedelta(days=ACTIVITY_DAYS), store_ids=store_ids
    )
    return rules.only_channel(activity, target_channel=target_channel)
