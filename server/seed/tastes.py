"""What a shopper's own history says about their next purchase, planted the way real
brands see it, independently of any model (the recommendations' time split needs it):

* **A pastime.** Each member has a category they come back for (a runner for footwear, a
  hiker for packs): with probability ``PASTIME`` a visit is for it, whatever their
  segment and the season would otherwise have brought them for.
* **A favourite line.** Each member prefers one of the catalog's lines (the season word
  of a product's name: "Down Parka *Pro*"); when they come for a category, they take a
  product of that line with probability ``LINE_LOYALTY`` (if the category has one), any
  product of the category otherwise. Shoppers stay with a cut and a look they like.
* **The complement on a later visit.** A basket whose main item has a planted complement
  (``baskets.COMPLEMENTS``) but not the complement brings the member back for it within
  ``LATER_DAYS`` with probability ``LATER_COMPLEMENT`` (the boots first, the socks after
  the first hike).
* **Browsing before buying.** Before an order from the mini-program or a guide's link,
  the shopper viewed what they bought (one to three times, within ``BROWSE_DAYS``) and
  some other products of its category they compared it with; some views lead nowhere.

Drawn from their own generator (``random.Random``): the history's other draws (who
comes, when, for which category, where) are as they were without them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from server.seed.baskets import COMPLEMENTS, Item, Shelf

PASTIME = 0.3
#: 0.6 until 2026-12-07, when the history held too little that was personal for a time
#: split to tell a recommender from "what sells most" (ARCHITECTURE.md, the demo history):
#: repeat customers of an outdoor brand stay with the cut and look they chose. The pastime
#: was left as it was: more of it also moves categories' shares (the complements' check in
#: tests/integration/test_seed_variety.py).
LINE_LOYALTY = 0.85
LATER_COMPLEMENT = 0.35
LATER_DAYS = (5.0, 35.0)
BROWSE_DAYS = 6.0
#: Other products of the category viewed before a purchase, at most.
COMPARED = 2
#: Channels whose orders start with browsing in the mini-program.
BROWSED = frozenset({"mini_program", "guide_share"})


def line_of(product_name: str) -> str:
    """The product's line: the last word of its name."""
    return product_name.rsplit(" ", 1)[-1]


@dataclass
class Tastes:
    rng: random.Random
    shelf: Shelf
    lines: list[str] = field(init=False)
    product_of: dict[int, int] = field(init=False)
    favourite: dict[int, str] = field(default_factory=dict)
    pastime: dict[int, str] = field(default_factory=dict)
    #: (member, family, when): complements to come back for.
    later: list[tuple[int, str, datetime]] = field(default_factory=list)
    #: (member, product, when): product views.
    views: list[tuple[int, int, datetime]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.product_of = {
            item.sku_id: product
            for product, items in self.shelf.by_product.items()
            for item in items
        }
        self.lines = sorted(
            {line_of(items[0].product_name) for items in self.shelf.by_product.values()}
        )

    def line(self, member: int) -> str:
        if member not in self.favourite:
            self.favourite[member] = self.rng.choice(self.lines)
        return self.favourite[member]

    def main(self, member: int, drawn: Item) -> Item:
        """The main item as the member's taste turns it: their pastime's category instead
        of the drawn item's (sometimes), then a product of their line in that category
        (often), else the drawn item (or any product of the pastime's category)."""
        if member not in self.pastime:
            self.pastime[member] = self.rng.choice(sorted(self.shelf.by_category))
        category = drawn.category
        if self.rng.random() < PASTIME:
            category = self.pastime[member]
        products = self.shelf.by_category[category]
        if self.rng.random() < LINE_LOYALTY:
            line = self.line(member)
            mine = [
                p for p in products if line_of(self.shelf.by_product[p][0].product_name) == line
            ]
            products = mine or products
        if category == drawn.category and products is self.shelf.by_category[category]:
            return drawn
        return self.shelf.pick(self.rng, self.rng.choice(products))

    def bought(
        self, member: int, lines: list[tuple[Item, int]], paid: datetime, channel: str
    ) -> None:
        """Note a basket: its complement to come back for, the browsing before it."""
        main = lines[0][0]
        paired = COMPLEMENTS.get(main.family)
        families = {item.family for item, _ in lines}
        if paired and paired[0] not in families and self.rng.random() < LATER_COMPLEMENT:
            self.later.append(
                (member, paired[0], paid + timedelta(days=self.rng.uniform(*LATER_DAYS)))
            )
        if channel in BROWSED:
            self._browse(member, main, paid)

    def complement(self, member: int, family: str) -> Item | None:
        """The complement they came back for, of their line when there is one."""
        products = self.shelf.by_family.get(family)
        if not products:
            return None
        line = self.line(member)
        mine = [p for p in products if line_of(self.shelf.by_product[p][0].product_name) == line]
        return self.shelf.pick(self.rng, self.rng.choice(mine or products))

    def _browse(self, member: int, main: Item, paid: datetime) -> None:
        product = self.product_of[main.sku_id]
        for _ in range(self.rng.randint(1, 3)):
            self.views.append(
                (member, product, paid - timedelta(days=self.rng.uniform(0, BROWSE_DAYS)))
            )
        others = [p for p in self.shelf.by_category[main.category] if p != product]
        for other in self.rng.sample(others, min(len(others), self.rng.randint(0, COMPARED))):
            self.views.append(
                (member, other, paid - timedelta(days=self.rng.uniform(0, BROWSE_DAYS)))
            )
