"""The rest of the brand's range: every family of every category in every line.

The first catalog (``catalog.demo_catalog``) holds about 300 SKUs, some families in some
lines; a real outdoor brand carries each family in each of its lines. Added after the
first catalog, the opening stock and the transfers, with their own generator, so the
rows seeded before stay as they were (the history, seeded after, sells them too). With
45 products a list of ten held a quarter of the range, and "what sells most" could not be
told apart from knowing the shopper (``bench/recommendations.py``).
"""

from __future__ import annotations

import random
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from inventory import ledger
from inventory.models import Location, PriceChange, Product, Sku
from server.seed.catalog import COLOURS, IMAGE_BASE, LINES, SEASONS, SIZES

#: Codes of the added products start here (the first catalog's run P0001..).
FIRST_CODE = 501


def seed_full_range(session: Session, rng: random.Random, anchor: datetime) -> int:
    """Add every (family, line) the catalog lacks, with stock everywhere; how many."""
    taken = set(session.scalars(select(Product.name)))
    locations = session.execute(select(Location.id, Location.kind).order_by(Location.id)).all()
    added: list[int] = []
    n = FIRST_CODE
    for category, (families, (low, high)) in LINES.items():
        for family in families:
            for line in SEASONS:
                name = f"{family} {line}"
                if name in taken:
                    continue
                added += _product(session, rng, f"P{n:04d}", name, category, (low, high), anchor)
                n += 1
    for location_id, kind in locations:
        changes = {
            sku: rng.randint(50, 500) if kind == "warehouse" else rng.choice((0, 1, 2, 4, 6, 8))
            for sku in added
        }
        ledger.move(
            session=session,
            location_id=location_id,
            changes=changes,
            kind="import",
            source_type="import",
            source_id="demo-opening-stock",
        )
    return n - FIRST_CODE


def _product(
    session: Session,
    rng: random.Random,
    code: str,
    name: str,
    category: str,
    prices: tuple[int, int],
    anchor: datetime,
) -> list[int]:
    price = rng.randrange(prices[0], prices[1], 1000) - 100
    colours = rng.sample(COLOURS, 2 if SIZES[category][0] != "One size" else 3)
    product = Product(
        code=code,
        name=name,
        description=f"{name}: {category} from the Yunshan {name.rsplit(' ', 1)[-1]} line.",
        category=category,
        image_urls=[f"{IMAGE_BASE}/{code}/front.jpg", f"{IMAGE_BASE}/{code}/back.jpg"],
    )
    session.add(product)
    session.flush()
    ids = []
    for ci, colour in enumerate(colours):
        for si, size in enumerate(SIZES[category]):
            sku = Sku(
                code=f"{code}-{ci}{si}",
                product_id=product.id,
                variant=f"{colour} / {size}",
                price_fen=price,
            )
            session.add(sku)
            session.flush()
            ids.append(sku.id)
            session.add(
                PriceChange(
                    sku_id=sku.id,
                    price_fen=price,
                    effective_at=anchor,
                    status="applied",
                    applied_at=anchor,
                    actor_role="import",
                )
            )
    return ids
