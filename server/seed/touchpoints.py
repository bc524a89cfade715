"""Demo touchpoints: an entrance code at every store, a campaign poster per region and
product codes on store walls."""

from __future__ import annotations

import random
import string

from sqlalchemy import select
from sqlalchemy.orm import Session

from inventory.models import Product
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


def seed_shelf_codes(session: Session, rng: random.Random) -> int:
    """A product code on a wall of every open store (two in a city's flagship): shoppers
    scan them to read about the product, and rarely buy from them. Returns how many."""
    products = session.execute(
        select(Product.id, Product.name, Product.category)
        .where(Product.category.in_(("jackets", "footwear", "packs")))
        .order_by(Product.id)
    ).all()
    stores = session.execute(
        select(Store.id, Store.code, Store.region_id)
        .where(Store.status == "open")
        .order_by(Store.id)
    ).all()
    if not products:
        return 0
    rows = []
    for store_id, code, region_id in stores:
        for product_id, name, category in rng.sample(products, 2 if code.endswith("-01") else 1):
            rows.append(
                Touchpoint(
                    kind="shelf",
                    name=f"{code} {category} wall: {name}",
                    region_id=region_id,
                    store_id=store_id,
                    product_id=product_id,
                    scene=_scene(rng),
                )
            )
    session.add_all(rows)
    session.flush()
    return len(rows)
