"""The demo's trading world as the history draws it: stores with their size, guides with
their skill, touchpoints, the catalog, and members placed at a home store.

A member's home store is one of the stores in their home city (the bigger, the likelier)
or, away from our cities, any store by size; they visit and buy there, and only after
they joined. Guides differ: each has a skill that weights how often they are credited.
"""

from __future__ import annotations

import bisect
import math
import random
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from server.seed import profiles
from server.seed.baskets import Item, Shelf, family_of
from server.seed.clock import CALENDAR
from server.seed.geography import chinese_cities


@dataclass
class Shop:
    store_id: int
    location_id: int
    region_id: int
    tier: int
    weight: float
    entrance: int | None = None
    shelves: list[tuple[int, int]] = field(default_factory=list)  # (touchpoint, product)
    guides: list[int] = field(default_factory=list)
    skill: list[float] = field(default_factory=list)  # cumulative, aligned with guides
    joined: list[datetime] = field(default_factory=list)  # its members by joining time
    members: list[int] = field(default_factory=list)

    def guide(self, rng: random.Random) -> int | None:
        return rng.choices(self.guides, cum_weights=self.skill)[0] if self.guides else None


@dataclass
class World:
    shops: list[Shop]
    posters: list[tuple[int, int]]  # (touchpoint, region)
    shelf: Shelf
    band: dict[int, str]  # member -> age band
    home: dict[int, Shop]
    joined: list[datetime]  # every member's joining time, in order
    everyone: list[int]  # aligned with joined
    since: dict[int, datetime]  # member -> joined
    by_region: dict[int, list[int]]  # region -> the members whose home store is there

    def member(self, rng: random.Random, shop: Shop, at: datetime) -> int | None:
        """One of ``shop``'s members who had joined by ``at`` (else anyone who had)."""
        for joined, ids in ((shop.joined, shop.members), (self.joined, self.everyone)):
            k = bisect.bisect_right(joined, at)
            if k:
                return ids[rng.randrange(k)]
        return None


def load_world(session: Session, rng: random.Random, demo_guide: str) -> World | None:
    """The world from what the seed wrote so far (None without demo members)."""
    shops = _shops(session, rng)
    members = session.execute(
        text(
            "SELECT id, joined_at, extract(year FROM birthday)::int, home_city"
            " FROM members.members WHERE openid LIKE 'demo-openid-%' ORDER BY id"
        )
    ).all()
    if not members or not shops:
        return None
    by_store = {s.store_id: s for s in shops}
    for guide_id, store_id in session.execute(
        text(
            "SELECT id, store_id FROM stores.guides WHERE active AND username <> :demo ORDER BY id"
        ),
        {"demo": demo_guide},
    ):
        if store_id in by_store:
            shop = by_store[store_id]
            shop.guides.append(guide_id)
            shop.skill.append((shop.skill[-1] if shop.skill else 0.0) + _skill(rng))
    posters = _touchpoints(session, by_store)
    city_of: dict[int, str] = dict(
        session.execute(text("SELECT id, city FROM stores.stores WHERE status = 'open'")).all()
    )
    in_city: dict[str, list[Shop]] = {}
    for shop in shops:
        in_city.setdefault(city_of[shop.store_id], []).append(shop)
    weights = [s.weight for s in shops]
    home: dict[int, Shop] = {}
    band: dict[int, str] = {}
    for member_id, joined, born, city in sorted(members, key=lambda m: (m[1], m[0])):
        near = in_city.get(city) if city else None
        shop = (
            rng.choices(near, weights=[s.weight for s in near])[0]
            if near
            else rng.choices(shops, weights=weights)[0]
        )
        home[member_id] = shop
        band[member_id] = profiles.age_band(born, CALENDAR.year)
        shop.joined.append(joined)
        shop.members.append(member_id)
    ordered = sorted(members, key=lambda m: (m[1], m[0]))
    by_region: dict[int, list[int]] = {}
    for member_id, _, _, _ in members:
        by_region.setdefault(home[member_id].region_id, []).append(member_id)
    return World(
        shops=shops,
        posters=posters,
        shelf=_catalog(session),
        band=band,
        home=home,
        joined=[m[1] for m in ordered],
        everyone=[m[0] for m in ordered],
        since={m[0]: m[1] for m in members},
        by_region=by_region,
    )


def _skill(rng: random.Random) -> float:
    """A guide's selling skill: most near 1, a few stars several times that."""
    return math.exp(rng.gauss(0.0, 0.7))


def _shops(session: Session, rng: random.Random) -> list[Shop]:
    """Open stores (a planned one has no history) with their size."""
    rank = {c.name: n for n, c in enumerate(chinese_cities())}
    rows = session.execute(
        text(
            "SELECT s.id, l.id, s.region_id, s.city, s.code,"
            " count(*) OVER (PARTITION BY s.city) FROM stores.stores s"
            " JOIN inventory.locations l ON l.store_id = s.id"
            " WHERE s.status = 'open' ORDER BY s.id"
        )
    ).all()
    shops = []
    for store_id, location_id, region_id, city, code, in_city in rows:
        tier = profiles.city_tier(rank.get(city, len(rank)))
        flagship = in_city > 1 and code.endswith("-01")
        weight = profiles.store_weight(tier, flagship=flagship) * math.exp(rng.gauss(0, 0.15))
        shops.append(Shop(store_id, location_id, region_id, tier, weight))
    return shops


def _touchpoints(session: Session, by_store: dict[int, Shop]) -> list[tuple[int, int]]:
    """Entrance and shelf codes onto their shops; the region posters returned."""
    posters: list[tuple[int, int]] = []
    for tp_id, kind, store_id, region_id, product_id in session.execute(
        text(
            "SELECT id, kind, store_id, region_id, product_id FROM touchpoints.touchpoints"
            " WHERE kind IN ('store_entrance', 'shelf', 'poster') ORDER BY id"
        )
    ):
        shop = by_store.get(store_id)
        if kind == "poster":
            posters.append((tp_id, region_id))
        elif shop is not None and kind == "store_entrance":
            shop.entrance = tp_id
        elif shop is not None and kind == "shelf":
            shop.shelves.append((tp_id, product_id))
    return posters


def _catalog(session: Session) -> Shelf:
    shelf = Shelf(by_product={}, by_category={}, by_family={})
    for sku_id, product_id, name, variant, price, category in session.execute(
        text(
            "SELECT k.id, p.id, p.name, k.variant, k.price_fen, p.category"
            " FROM inventory.skus k JOIN inventory.products p ON p.id = k.product_id"
            " WHERE k.active AND p.active ORDER BY k.id"
        )
    ):
        family = family_of(name)
        item = Item(sku_id, name, variant, price, family, category)
        if product_id not in shelf.by_product:
            shelf.by_category.setdefault(category, []).append(product_id)
            shelf.by_family.setdefault(family, []).append(product_id)
        shelf.by_product.setdefault(product_id, []).append(item)
    return shelf
