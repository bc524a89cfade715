"""Six months of demo trading for the manager's wall, uneven the way a real brand is.

Every day before the anchor (``profiles.day_factor`` on the design calendar: weekends,
season, holidays, growth), every open store draws in proportion to its size
(``profiles.store_weight``):

* **visits**: entrance scans, each a check-in; some end in an order credited to the
  entrance code;
* **shelf scans** (shoppers reading a product's code), rarely an order of that product;
* **walk-in orders** with no code, most rung up by a guide chosen by skill;

and each region's campaign poster draws scans from the region's members, a third of them
ending in an order at the member's home store: posters convert far better than shelf
codes. Members buy at their home store, only after joining, and a member who joined in
the half year checks in at their home store on their joining day (the store the wall
credits with them). Baskets follow the shopper's segment and the season and carry the
planted complements (``baskets``); consumables are bought again every couple of months.
Each member's own taste (``tastes``: a pastime, a favourite line, the complement bought on
a later visit, browsing before online orders, written as product views) draws from its
own generator.
Past completed appointments end in a purchase credited to their guide (more often for
better guides), the way the tablet records it: the order at the appointment's store for
its member, its number on the appointment. The finished campaign's treated members buy
at its store more than the control group.

Drawn in Python with the seed's own generator and bulk-copied in the seed's bulk-load
transaction (the insights triggers stand aside; the seed rebuilds the rollups after).
The demo shopper and the demo guide are left out: their own screens show only what the
demo does.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session

from server.seed import profiles
from server.seed.basket_orders import Orders
from server.seed.bulk import copy_rows
from server.seed.clock import CALENDAR
from server.seed.shoppers import Shop, World, load_world
from server.seed.tastes import Tastes
from services.feedback.scores import stage_of

DAYS = 180
#: Daily draws per unit of store weight (a poster's per region).
VISITS, SHELF_SCANS, WALK_INS, POSTER_SCANS = 0.45, 0.35, 0.65, 2.5
#: Share of a touchpoint's scans that end in an order it is credited with.
CONVERSION = {"store_entrance": 0.12, "shelf": 0.03, "poster": 0.33}
#: A completed appointment's chance of a purchase, before the guide's skill.
APPOINTMENT_PURCHASE = 0.3
#: The campaign's treated members: chance of an order it brought at its store.
CAMPAIGN_ORDER = 0.15


def seed_history(session: Session, *, seed: int, demo_guide: str, anchor: datetime) -> int:
    """Write the history up to ``anchor``; returns how many orders it holds (none without
    demo members: every order, scan and check-in of the history belongs to one)."""
    rng = random.Random(seed * 7919 + 17)  # its own draws: the other seeds' stay as they were
    world = load_world(session, rng, demo_guide)
    if world is None:
        return 0
    # The members' own tastes draw from their own generator (``tastes``).
    tastes = Tastes(random.Random(seed * 7919 + 29), world.shelf)
    orders = Orders(world, rng, anchor, tastes)
    traffic = _Traffic(world, rng, orders)
    for days_ago in range(1, DAYS + 1):
        traffic.day(anchor - timedelta(days=days_ago), days_ago)
    traffic.joins(anchor - timedelta(days=DAYS), anchor)
    _appointments(session, world, rng, orders, anchor)
    _campaign(session, world, rng, orders)
    orders.rebuys()
    orders.later_complements()
    traffic.write(session)
    orders.write(session)
    _views(session, tastes, anchor)
    return len(orders.rows)


class _Traffic:
    def __init__(self, world: World, rng: random.Random, orders: Orders) -> None:
        self.world, self.rng, self.orders = world, rng, orders
        self.scans: list[tuple[object, ...]] = []
        self.check_ins: list[tuple[object, ...]] = []

    def day(self, midnight: datetime, days_ago: int) -> None:
        design = (CALENDAR - timedelta(days=days_ago)).date()
        factor = profiles.day_factor(design, days_ago, DAYS)
        rng, world = self.rng, self.world
        for shop in world.shops:
            busy = shop.weight * factor
            if shop.entrance is not None:
                for _ in range(_poisson(rng, VISITS * busy)):
                    at = _open_hours(rng, midnight)
                    if (member := world.member(rng, shop, at)) is not None:
                        self._visit(shop, member, at)
                        self._maybe_order(shop, member, at, shop.entrance, "store_entrance")
            for tp_id, product_id in shop.shelves:
                for _ in range(_poisson(rng, SHELF_SCANS * busy / len(shop.shelves))):
                    at = _open_hours(rng, midnight)
                    if (member := world.member(rng, shop, at)) is not None:
                        self.scans.append((tp_id, member, "qr", "product", at))
                        self._maybe_order(shop, member, at, tp_id, "shelf", product_id)
            for _ in range(_poisson(rng, WALK_INS * busy)):
                at = _open_hours(rng, midnight)
                if (member := world.member(rng, shop, at)) is not None:
                    self.orders.walk_in(shop, member, at)
        for tp_id, region_id in world.posters:
            nearby = world.by_region.get(region_id, [])
            for _ in range(_poisson(rng, POSTER_SCANS * factor) if nearby else 0):
                at = _open_hours(rng, midnight)
                member = rng.choice(nearby)
                if world.since[member] <= at:  # a member by then
                    self.scans.append((tp_id, member, "qr", "product", at))
                    self._maybe_order(world.home[member], member, at, tp_id, "poster")

    def _visit(self, shop: Shop, member: int, at: datetime) -> None:
        self.scans.append((shop.entrance, member, "qr", "check_in", at))
        self.check_ins.append((shop.store_id, member, shop.entrance, at))

    def _maybe_order(
        self,
        shop: Shop,
        member: int,
        at: datetime,
        tp_id: int,
        kind: str,
        product_id: int | None = None,
    ) -> None:
        if self.rng.random() < CONVERSION[kind]:
            paid = at + timedelta(minutes=self.rng.randint(3, 40))
            self.orders.scanned(shop, member, paid, tp_id, product_id)

    def joins(self, since: datetime, until: datetime) -> None:
        """A member who joined in the window checks in at their home store that day."""
        for member, joined in zip(self.world.everyone, self.world.joined, strict=True):
            shop = self.world.home[member]
            if since <= joined < until and shop.entrance is not None:
                self._visit(shop, member, joined)

    def write(self, session: Session) -> None:
        copy_rows(session, "touchpoints.scans (touchpoint_id, member_id, via, action, scanned_at)",
              self.scans)  # fmt: skip
        copy_rows(session, "stores.check_ins (store_id, member_id, touchpoint_id, checked_in_at)",
              self.check_ins)  # fmt: skip


def _appointments(
    session: Session, world: World, rng: random.Random, orders: Orders, anchor: datetime
) -> None:
    """Completed appointments before the anchor: a purchase (credited to the guide, its
    number on the appointment) or none; better guides sell more often."""
    skill = {
        g: (s.skill[i] - (s.skill[i - 1] if i else 0.0))
        for s in world.shops
        for i, g in enumerate(s.guides)
    }
    shops = {s.store_id: s for s in world.shops}
    outcomes: list[dict[str, object]] = []
    for appointment_id, store_id, guide_id, member_id, ends_at in session.execute(
        text(
            "SELECT id, store_id, guide_id, member_id, ends_at FROM stores.appointments"
            " WHERE status = 'completed' AND ends_at < :anchor ORDER BY id"
        ),
        {"anchor": anchor},
    ):
        shop = shops.get(store_id)
        if shop is None or guide_id not in skill:
            continue
        chance = min(0.85, APPOINTMENT_PURCHASE * skill[guide_id])
        if rng.random() < chance:
            paid = ends_at - timedelta(minutes=rng.randint(1, 10))
            number = orders.assisted(shop, member_id, paid, guide_id)
            outcomes.append({"id": appointment_id, "outcome": "purchase", "number": number})
        else:
            outcome = "follow_up" if rng.random() < 0.3 else "no_purchase"
            outcomes.append({"id": appointment_id, "outcome": outcome, "number": None})
    if outcomes:
        session.execute(
            text(
                "UPDATE stores.appointments SET outcome = :outcome, order_number = :number,"
                " completed_at = ends_at, checked_in_at = coalesce(checked_in_at, starts_at)"
                " WHERE id = :id"
            ),
            outcomes,
        )


def _campaign(session: Session, world: World, rng: random.Random, orders: Orders) -> None:
    """The treated arm of each sent campaign buys at its store in the two weeks after."""
    shops = {s.store_id: s for s in world.shops}
    for store_id, launched, tp_id, member_id in session.execute(
        text(
            "SELECT c.store_id, c.launched_at, c.touchpoint_id, m.member_id"
            " FROM campaigns.campaigns c JOIN campaigns.campaign_members m"
            " ON m.campaign_id = c.id AND m.arm = 'treated'"
            " WHERE c.launched_at IS NOT NULL ORDER BY c.id, m.member_id"
        )
    ):
        shop = shops.get(store_id)
        if shop is not None and rng.random() < CAMPAIGN_ORDER:
            at = launched + timedelta(days=rng.uniform(1, 14))
            orders.campaign(shop, member_id, at, tp_id)


def _views(session: Session, tastes: Tastes, anchor: datetime) -> None:
    """The browsing before the orders (``tastes``), as the journey records product views."""
    copy_rows(
        session,
        "feedback.journey_events (event_key, kind, stage, member_id, product_id,"
        " occurred_at, recorded_at)",
        (
            (f"history:view:{n}", "product_viewed", stage_of("product_viewed"), m, p, at, at)
            for n, (m, p, at) in enumerate(tastes.views)
            if at < anchor
        ),
    )


def _open_hours(rng: random.Random, midnight: datetime) -> datetime:
    """A moment between 10:00 and 21:30 China time on the day starting at ``midnight``
    UTC (08:00 local): busier in the afternoon and evening."""
    hours = 2 + min(11.5, max(0.0, rng.triangular(0, 11.5, 8)))
    return midnight + timedelta(hours=hours)


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth; the means here are small)."""
    if mean <= 0:
        return 0
    limit, k, p = pow(2.718281828459045, -mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k
