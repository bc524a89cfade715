"""What goes in a demo basket: a main item, its planted complement, sometimes one more.

Planted for the recommendations work, independently of any model:

* **Complements**: a basket whose main item is of a family in ``COMPLEMENTS`` also holds
  an item of the paired family with that probability (a down parka and a scarf, boots and
  socks), far above the paired family's share of all baskets.
* **Consumables** (``CONSUMABLES``): a member who bought one comes back for the same SKU
  every ``REBUY_DAYS`` or so (``rebuy_days``), the history adds those repeat orders.
* Anything else is noise: one unrelated extra item in ``EXTRA`` of baskets.

A product's family is its catalog line name without the season word ("Down Parka Pro"
is a "Down Parka").
"""

from __future__ import annotations

import random
from dataclasses import dataclass

#: main family -> (complement family, probability it is in the same basket)
COMPLEMENTS: dict[str, tuple[str, float]] = {
    "Down Parka": ("Buff Scarf", 0.55),
    "Storm Shell": ("Merino Beanie", 0.4),
    "Hiking Boot": ("Trek Socks", 0.6),
    "Trail Runner": ("Trek Socks", 0.45),
    "Trek Pack 45L": ("Sun Cap", 0.5),
}
CONSUMABLES = frozenset({"Trek Socks"})
REBUY_DAYS = 60
#: Share of baskets with one unrelated extra item.
EXTRA = 0.12


@dataclass(frozen=True)
class Item:
    sku_id: int
    product_name: str
    variant: str
    price_fen: int
    family: str
    category: str


def family_of(product_name: str) -> str:
    return product_name.rsplit(" ", 1)[0]


@dataclass
class Shelf:
    """The catalog as the history draws from it: SKUs by product, products by category
    and by family."""

    by_product: dict[int, list[Item]]
    by_category: dict[str, list[int]]
    by_family: dict[str, list[int]]

    def pick(self, rng: random.Random, product_id: int) -> Item:
        return rng.choice(self.by_product[product_id])

    def of_family(self, rng: random.Random, family: str) -> Item | None:
        products = self.by_family.get(family)
        return self.pick(rng, rng.choice(products)) if products else None


def basket(rng: random.Random, shelf: Shelf, main: Item) -> list[tuple[Item, int]]:
    """(item, quantity) lines of a basket built around ``main``."""
    lines = [(main, _quantity(rng, main))]
    paired = COMPLEMENTS.get(main.family)
    if paired is not None and rng.random() < paired[1]:
        extra = shelf.of_family(rng, paired[0])
        if extra is not None and extra.sku_id != main.sku_id:
            lines.append((extra, _quantity(rng, extra)))
    if rng.random() < EXTRA:
        category = rng.choice(sorted(shelf.by_category))
        other = shelf.pick(rng, rng.choice(shelf.by_category[category]))
        if all(other.sku_id != item.sku_id for item, _ in lines):
            lines.append((other, 1))
    return lines


def rebuy_days(rng: random.Random) -> float:
    """Days until a consumable's next purchase."""
    return max(20.0, rng.gauss(REBUY_DAYS, 12))


def _quantity(rng: random.Random, item: Item) -> int:
    if item.family in CONSUMABLES:
        return rng.choice((1, 2, 2, 3))
    return 1 if rng.random() < 0.93 else 2
