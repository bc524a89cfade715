"""Demo touchpoints: an entrance code at every store and a campaign poster per region."""

from __future__ import annotations

import random
import string

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.touchpoints.models import Touchpoint
from stores.models import Store

_ALPHABET = string.ascii_letters + string.digits


def _scene(rng: random.Random) -> str:
    # Seeded (not secrets) so the demo data is the same on every machine.
    return "".join(rng.choice(_ALPHABET) for _ in range(12))


def seed_touchpoints(session: Session, rng: random.Random, regions: dict[str, int]) -> int:
    """Add the demo touchpoints; returns how many."""
    stores = session.execute(select(Store.id, Store.code, Store.region_id).order_by(Store.id))
    rows = [
        Touchpoint(
            kind="store_entrance",
            name=f"{code} entrance",
            region_id=region_id,
            store_id=store_id,
            scene=_scene(rng),
        )
        for store_id, code, region_id in stores
    ]
    rows += [
        Touchpoint(
            kind="poster",
            name=f"Autumn trail campaign ({code})",
            region_id=region_id,
            campaign_code="autumn-trail",
            landing_path="/campaigns/autumn-trail",
            scene=_scene(rng),
        )
        for code, region_id in regions.items()
    ]
    session.add_all(rows)
    session.flush()
    return len(rows)
