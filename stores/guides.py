"""Where a guide works, read on the event loop (crediting an order to a guide)."""

from __future__ import annotations

from services.platform.adb import Connection, fetch_one
from stores.schemas import GuidePost

_POST = """
    SELECT g.id AS guide_id, g.store_id, s.region_id, g.active
    FROM stores.guides g JOIN stores.stores s ON s.id = g.store_id
    WHERE g.id = %(guide_id)s
"""


async def post_async(connection: Connection, guide_id: int) -> GuidePost | None:
    """The guide's store and region, active or not; None when there is no such guide."""
    row = await fetch_one(connection, _POST, {"guide_id": guide_id})
    return GuidePost.model_validate(row) if row else None
