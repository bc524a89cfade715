"""Which members are a region's own (``areas.belongs``), read from check-ins and region areas."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from stores import areas
from stores.models import Region

_FIRST_VISITS = text(
    "SELECT DISTINCT ON (c.member_id) c.member_id, s.region_id"
    " FROM stores.check_ins c JOIN stores.stores s ON s.id = c.store_id"
    " WHERE c.member_id = ANY(:ids) ORDER BY c.member_id, c.checked_in_at, c.id"
)


def region_areas(session: Session) -> dict[int, areas.Area | None]:
    """Every region's area (None: not declared)."""
    rows = session.execute(
        select(Region.id, Region.area_south, Region.area_west, Region.area_north, Region.area_east)
    )
    found: dict[int, areas.Area | None] = {}
    for region_id, south, west, north, east in rows:
        if south is None or west is None or north is None or east is None:
            found[region_id] = None
        else:
            found[region_id] = (south, west, north, east)
    return found


def first_visit_regions(session: Session, member_ids: NDArray[np.int64]) -> NDArray[np.int64]:
    """Per member id: the region of the store of their first check-in (0: never checked in)."""
    if len(member_ids) == 0:
        return np.zeros(0, dtype=np.int64)
    rows = session.execute(_FIRST_VISITS, {"ids": [int(m) for m in member_ids]})
    found: dict[int, int] = {int(member): int(region) for member, region in rows}
    return np.array([found.get(int(m), 0) for m in member_ids], dtype=np.int64)


def members_of(
    session: Session,
    member_ids: NDArray[np.int64],
    homes: NDArray[np.float64],
    region_ids: Collection[int],
) -> NDArray[np.bool_]:
    """Per member: whether they belong to one of ``region_ids`` (homes: NaN when none)."""
    return areas.belongs(
        first_visit_regions(session, member_ids), homes, region_areas(session), region_ids
    )
