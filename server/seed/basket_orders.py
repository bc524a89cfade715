"""The history's orders: who, where, through which channel and code, and what is in them.

Each order's main item is drawn from the category its shopper's segment and the season
favour (``profiles.category_weights``), or is the product whose shelf code was scanned;
``baskets.basket`` adds the planted complement and the noise. Collected, expired or
refunded as before (82 / 8 / 10 %), each paid through a gateway the channel uses.
"""

from __future__ import annotations

import functools
import itertools
import random
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session

from server.seed import profiles
from server.seed.baskets import CONSUMABLES, Item, basket, rebuy_days
from server.seed.bulk import copy_rows
from server.seed.clock import CALENDAR
from server.seed.shoppers import Shop, World
from server.seed.tastes import Tastes

ORDER_COLUMNS = (
    "number, member_id, status, fulfilment, store_id, location_id, total_fen, currency,"
    " refunded_fen, subtotal_fen, coupon_discount_fen, points_spent, points_discount_fen,"
    " points_earned, points_returned, channel, touchpoint_id, guide_id, hold_until,"
    " created_at, paid_at, ready_at, closed_at, updated_at, pickup_code_version,"
    " pickup_code_failures"
)
LINE_COLUMNS = (
    "order_id, sku_id, product_name, variant, unit_price_fen, quantity,"
    " coupon_discount_fen, points_discount_fen"
)
# Each history order paid through a gateway as the channels do: the mini-program and the
# shared links mostly through WeChat Pay (some through a card), the store's own sales at
# the counter (the wall's payment method mix).
_PAYMENTS = """
INSERT INTO payments.payments (order_ref, attempt, gateway, intent_id, amount_fen, currency,
    status, refunded_fen, created_at, updated_at)
SELECT o.number, 1,
       CASE WHEN o.channel = 'store_assisted' THEN 'counter'
            WHEN abs(hashtext(o.number)) % 100 < 85 THEN 'wechatpay' ELSE 'stripe' END,
       'seed_' || o.number, o.total_fen, 'CNY', 'succeeded', o.refunded_fen, o.paid_at, o.paid_at
FROM orders.orders o
WHERE o.number LIKE 'H%' AND o.paid_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM payments.payments p WHERE p.order_ref = o.number)
"""


class Orders:
    def __init__(
        self, world: World, rng: random.Random, anchor: datetime, tastes: Tastes | None = None
    ) -> None:
        self.world, self.rng, self.anchor, self.tastes = world, rng, anchor, tastes
        self.rows: list[list[object]] = []
        self.lines: list[tuple[int, Item, int]] = []  # (row index, item, quantity)
        self._consumables: dict[int, tuple[Item, datetime]] = {}  # member -> first bought

    def walk_in(self, shop: Shop, member: int, at: datetime) -> None:
        """A sale with no code: rung up by a guide, or an online order picked up there."""
        r = self.rng.random()
        channel = "store_assisted" if r < 0.55 else "guide_share" if r < 0.7 else "mini_program"
        guide = shop.guide(self.rng) if channel != "mini_program" else None
        self._add(shop, member, at, channel=channel, touchpoint=None, guide=guide)

    def scanned(
        self, shop: Shop, member: int, at: datetime, touchpoint: int, product: int | None
    ) -> None:
        """An order a scan brought, credited to its code."""
        self._add(shop, member, at, channel="qr", touchpoint=touchpoint, guide=None, main=product)

    def assisted(self, shop: Shop, member: int, at: datetime, guide: int) -> str:
        """A guide's sale after an appointment; its number."""
        return self._add(shop, member, at, channel="store_assisted", touchpoint=None, guide=guide)

    def campaign(self, shop: Shop, member: int, at: datetime, touchpoint: int) -> None:
        self._add(shop, member, at, channel="campaign", touchpoint=touchpoint, guide=None)

    def rebuys(self) -> None:
        """Members come back for a consumable every couple of months."""
        last = self.anchor - timedelta(days=1)
        for member, (item, first) in sorted(self._consumables.items()):
            shop = self.world.home[member]
            at = first + timedelta(days=rebuy_days(self.rng))
            while at < last:
                if self.rng.random() < 0.75:
                    self._add(
                        shop, member, at, channel="mini_program", touchpoint=None, guide=None,
                        item=item,
                    )  # fmt: skip
                at += timedelta(days=rebuy_days(self.rng))

    def later_complements(self) -> None:
        """Members come back for the complement their basket lacked (``tastes``)."""
        if self.tastes is None:
            return
        last = self.anchor - timedelta(days=1)
        for member, family, at in sorted(self.tastes.later, key=lambda t: (t[2], t[0])):
            item = self.tastes.complement(member, family)
            if at < last and item is not None:
                self._add(
                    self.world.home[member], member, at, channel="mini_program",
                    touchpoint=None, guide=None, item=item,
                )  # fmt: skip

    def _add(
        self,
        shop: Shop,
        member: int,
        paid: datetime,
        *,
        channel: str,
        touchpoint: int | None,
        guide: int | None,
        main: int | None = None,
        item: Item | None = None,
    ) -> str:
        rng = self.rng
        if item is not None:  # a rebuy: the same thing again
            lines = [(item, rng.choice((1, 2, 2, 3)))]
        else:
            lines = basket(rng, self.world.shelf, self._main(shop, member, paid, main))
            for bought, _ in lines:
                if bought.family in CONSUMABLES and member not in self._consumables:
                    self._consumables[member] = (bought, paid)
        if self.tastes is not None:
            self.tastes.bought(member, lines, paid, channel)
        index = len(self.rows)
        number = f"H{index:07d}{rng.getrandbits(20):05x}"
        total = sum(i.price_fen * q for i, q in lines)
        fate = rng.random()
        status = "picked_up" if fate < 0.82 else "expired" if fate < 0.9 else "refunded"
        ready = paid + timedelta(minutes=rng.randint(10, 180))
        closed = (
            ready + timedelta(hours=rng.randint(1, 70))
            if status == "picked_up"
            else paid + timedelta(days=3)
        )
        self.rows.append(
            [
                number, member, status, "pickup", shop.store_id, shop.location_id, total,
                "CNY", total if status == "refunded" else 0, total, 0, 0, 0, total // 100, 0,
                channel, touchpoint, guide, paid + timedelta(days=3),
                paid - timedelta(minutes=2), paid, ready, closed, paid + timedelta(days=3),
                0, 0,
            ]
        )  # fmt: skip
        self.lines.extend((index, i, q) for i, q in lines)
        return number

    def _main(self, shop: Shop, member: int, at: datetime, product: int | None) -> Item:
        shelf, rng = self.world.shelf, self.rng
        if product is not None and product in shelf.by_product:
            return shelf.pick(rng, product)
        month = (CALENDAR - (self.anchor - at)).month
        band = self.world.band.get(member, "mid")
        categories, weights = self._stocked(shop.tier, band, month)
        chosen = rng.choices(categories, cum_weights=weights)[0]
        drawn = shelf.pick(rng, rng.choice(shelf.by_category[chosen]))
        return self.tastes.main(member, drawn) if self.tastes is not None else drawn

    @functools.cache  # noqa: B019  (one Orders per seed: the cache goes with it)
    def _stocked(self, tier: int, band: str, month: int) -> tuple[list[str], list[float]]:
        """The stocked categories and their cumulative weights for this segment and month."""
        weights = profiles.category_weights(tier, band, month)
        stocked = [
            (c, w)
            for c, w in zip(profiles.CATEGORIES, weights, strict=True)
            if c in self.world.shelf.by_category
        ]
        return [c for c, _ in stocked], list(itertools.accumulate(w for _, w in stocked))

    def write(self, session: Session) -> None:
        """Copy the orders, their lines and payments in."""
        copy_rows(session, f"orders.orders ({ORDER_COLUMNS})", [tuple(r) for r in self.rows])
        ids: dict[str, int] = dict(
            session.execute(
                text("SELECT number, id FROM orders.orders WHERE number LIKE 'H%'")
            ).all()
        )
        order_id = [ids[str(r[0])] for r in self.rows]
        copy_rows(
            session,
            f"orders.order_lines ({LINE_COLUMNS})",
            [
                (order_id[n], i.sku_id, i.product_name, i.variant, i.price_fen, q, 0, 0)
                for n, i, q in self.lines
            ],
        )
        session.execute(text(_PAYMENTS))
