"""Six months of demo activity for the manager's wall: orders collected, expired or
refunded at every store (each with its payment), scans of every touchpoint, check-ins at
the doors.

Written set-based in the seed's bulk-load transaction (the insights triggers stand
aside; the seed rebuilds the rollups after), with PostgreSQL's ``setseed`` so the same
seed draws the same history. The demo shopper and the demo guide are left out: their
own screens show only what the demo does.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

DAYS = 180
_ORDERS = """
WITH shop AS (
    SELECT s.id AS store_id, l.id AS location_id,
           -- a campaign's own code only brings the orders the campaign brought (its results)
           (SELECT array_agg(t.id) FROM touchpoints.touchpoints t
             WHERE t.store_id = s.id AND t.kind <> 'campaign') AS tps,
           (SELECT array_agg(g.id) FROM stores.guides g
             WHERE g.store_id = s.id AND g.username <> :demo_guide) AS guides
    FROM stores.stores s JOIN inventory.locations l ON l.store_id = s.id
),
people AS (
    SELECT min(id) AS lo, max(id) AS hi FROM members.members WHERE openid LIKE 'demo-openid-%'
),
drawn AS (
    SELECT shop.*, d, k, random() AS fate, random() AS r2, random() AS r3,
           :anchor - make_interval(days => d, mins => (random() * 600)::int) AS paid_at,
           (1 + random() * 2)::int AS qty, (39 + random() * 560)::int * 100 AS price
    FROM shop, generate_series(1, :days) AS d,
         -- busier lately: a brand that is growing
         LATERAL generate_series(1, (random() * 2 * (2 - d / CAST(:days AS float)))::int) AS k
)
INSERT INTO orders.orders (number, member_id, status, fulfilment, store_id, location_id,
    total_fen, currency, refunded_fen, subtotal_fen, coupon_discount_fen, points_spent,
    points_discount_fen, points_earned, points_returned, channel, touchpoint_id, guide_id,
    hold_until, created_at, paid_at, ready_at, closed_at, updated_at,
    pickup_code_version, pickup_code_failures)
SELECT 'H' || lpad(to_hex((random() * 2^40)::bigint), 10, '0') || d || k || store_id,
       people.lo + (random() * (people.hi - people.lo))::int,
       CASE WHEN fate < 0.82 THEN 'picked_up' WHEN fate < 0.9 THEN 'expired' ELSE 'refunded' END,
       'pickup', store_id, location_id,
       price * qty, 'CNY', CASE WHEN fate >= 0.9 THEN price * qty ELSE 0 END, price * qty,
       0, 0, 0, price * qty / 100, 0,
       (ARRAY['mini_program', 'qr', 'store_assisted', 'guide_share', 'campaign'])[
           1 + floor(r2 * 5)::int],
       CASE WHEN r3 < 0.45 AND tps IS NOT NULL THEN tps[1 + (r3 * 100)::int % cardinality(tps)] END,
       CASE WHEN r2 < 0.5 AND guides IS NOT NULL
            THEN guides[1 + (r2 * 100)::int % cardinality(guides)] END,
       paid_at, paid_at - interval '2 min', paid_at,
       paid_at + make_interval(mins => 10 + (r3 * 170)::int),
       CASE WHEN fate < 0.82 THEN paid_at + make_interval(hours => 1 + (r2 * 70)::int)
            ELSE paid_at + interval '3 days' END,
       paid_at + interval '3 days', 0, 0
FROM drawn, people
RETURNING id, total_fen
"""
_LINES = """
INSERT INTO orders.order_lines (order_id, sku_id, product_name, variant, unit_price_fen,
    quantity, coupon_discount_fen, points_discount_fen)
SELECT o.id, goods.lo + (o.id % (goods.hi - goods.lo + 1))::int, 'Demo item', 'one size',
       o.total_fen, 1, 0, 0
FROM orders.orders o, (SELECT min(id) AS lo, max(id) AS hi FROM inventory.skus) AS goods
WHERE o.number LIKE 'H%' AND NOT EXISTS (SELECT 1 FROM orders.order_lines l WHERE l.order_id = o.id)
"""
# Each history order paid through a gateway as the channels do: the mini-program and the
# shared links mostly through WeChat Pay (some through a card), the store's own sales at
# the counter; every order's payment succeeded (the wall's payment method mix).
_PAYMENTS = """
INSERT INTO payments.payments (order_ref, attempt, gateway, intent_id, amount_fen, currency,
    status, refunded_fen, created_at, updated_at)
SELECT o.number, 1,
       CASE WHEN o.channel = 'store_assisted' THEN 'counter'
            WHEN random() < 0.85 THEN 'wechatpay' ELSE 'stripe' END,
       'seed_' || o.number, o.total_fen, 'CNY', 'succeeded', o.refunded_fen, o.paid_at, o.paid_at
FROM orders.orders o
WHERE o.number LIKE 'H%' AND o.paid_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM payments.payments p WHERE p.order_ref = o.number)
"""
_SCANS = """
INSERT INTO touchpoints.scans (touchpoint_id, member_id, via, action, scanned_at)
SELECT t.id, people.lo + (random() * (people.hi - people.lo))::int, 'qr',
       CASE WHEN t.kind = 'store_entrance' THEN 'check_in' ELSE 'product' END,
       :anchor - make_interval(days => d, mins => (random() * 700)::int)
FROM touchpoints.touchpoints t,
     (SELECT min(id) AS lo, max(id) AS hi FROM members.members WHERE openid LIKE 'demo-openid-%')
       AS people,
     generate_series(1, :days) AS d, LATERAL generate_series(1, (random() * 3 + 0 * d)::int) AS k
"""
_CHECK_INS = """
INSERT INTO stores.check_ins (store_id, member_id, touchpoint_id, checked_in_at)
SELECT t.store_id, people.lo + (random() * (people.hi - people.lo))::int, t.id,
       :anchor - make_interval(days => d, mins => (random() * 700)::int)
FROM touchpoints.touchpoints t,
     (SELECT min(id) AS lo, max(id) AS hi FROM members.members WHERE openid LIKE 'demo-openid-%')
       AS people,
     generate_series(1, :days) AS d, LATERAL generate_series(1, (random() * 2 + 0 * t.id)::int) AS k
WHERE t.kind = 'store_entrance'
"""


def seed_history(session: Session, *, seed: int, demo_guide: str, anchor: datetime) -> int:
    """Write the history up to ``anchor``; returns how many orders it holds (none without
    demo members: every order, scan and check-in of the history belongs to one)."""
    demo_members = session.scalar(
        text("SELECT count(*) FROM members.members WHERE openid LIKE 'demo-openid-%'")
    )
    if not demo_members:
        return 0
    session.execute(text("SELECT setseed(:s)"), {"s": (seed % 1000) / 1000})
    drawn = {"days": DAYS, "anchor": anchor}
    orders = len(session.execute(text(_ORDERS), {**drawn, "demo_guide": demo_guide}).all())
    session.execute(text(_LINES))
    session.execute(text(_PAYMENTS))
    session.execute(text(_SCANS), drawn)
    session.execute(text(_CHECK_INS), drawn)
    return orders
