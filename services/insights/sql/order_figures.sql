-- What a set of order rows adds to the insights rollups, as (day, dimensions, figure,
-- value): the rule for orders, over insights' own copy of them (insights.orders, kept from
-- orders.changed: services/insights/copies.py). row_figures applies it to one row (the
-- consumer); `o2o insights rebuild` to every order, a few hundred thousand rows per call, so
-- it is written over a set (typed columns, the store joined once, no per-use parsing).
-- Days are the store's local day; dimensions absent on a row are 0 / ''.
-- Lead-time buckets: width_bucket over fixed edges in minutes (services/insights/figures.py
-- keeps the same edges to read them back).
-- Payment method mix: each paid order counts once, under the gateway of the succeeded
-- payment that paid it (insights.payments, kept from payments.settled; a second capture,
-- refunded as 'paid_twice', never counts): wechatpay, card (Stripe), counter (cash, card terminal or POS QR taken by
-- staff), other (the offline dev gateway, or no payment recorded, as in bulk-loaded
-- history). No order is paid by points alone: pricing leaves at least 1 fen to a gateway.
-- The order's payment and its own change arrive as two messages in either order: the
-- consumer reconciles an order again when a payment for its number arrives (copies.py).
-- Units are the order's line quantities as orders.changed carries them.
-- Repeat orders read the member's other orders in the copy: when an order's payment time
-- or member changes, the consumer reconciles the member's orders paid in the 90 days after
-- (copies.py), so the flag ends the same whatever order the messages arrive in.
-- 'seen:<member>' marks the member active on the paid day at the store (active.py keeps
-- those per member and day, never as a rollup column).
CREATE OR REPLACE FUNCTION insights.order_figures(rs insights.orders[])
RETURNS TABLE (
    day date, region_id integer, store_id integer, channel text,
    touchpoint_id integer, guide_id integer, figure text, value bigint
)
LANGUAGE sql STABLE AS $$
SELECT (f.at AT TIME ZONE o.tz)::date, o.rid, o.sid, o.ch, o.tp, o.gid, f.figure, f.value
FROM (
    SELECT r.id, r.member_id, r.status, r.paid_at, r.ready_at, r.closed_at, r.total_fen,
           r.refunded_fen, r.coupon_id, r.points_spent, r.units,
           coalesce(s.timezone, 'Asia/Shanghai') AS tz, coalesce(s.region_id, 0) AS rid,
           coalesce(r.store_id, 0) AS sid, r.channel AS ch, coalesce(r.touchpoint_id, 0) AS tp,
           coalesce(r.guide_id, 0) AS gid,
           CASE pay.gateway WHEN 'wechatpay' THEN 'wechatpay' WHEN 'stripe' THEN 'card'
                WHEN 'counter' THEN 'counter' ELSE 'other' END AS method
    FROM unnest(rs) AS r LEFT JOIN insights.stores s ON s.id = r.store_id
    LEFT JOIN LATERAL (
        SELECT p.gateway FROM insights.payments p
        WHERE r.paid_at IS NOT NULL AND p.order_ref = r.number AND p.status = 'succeeded'
          AND NOT p.paid_twice AND NOT p.gone
        ORDER BY p.attempt LIMIT 1
    ) AS pay ON true
) AS o
CROSS JOIN LATERAL (VALUES
    (o.paid_at, 'orders', 1::bigint),
    (o.paid_at, 'gmv_fen', o.total_fen::bigint),
    (o.paid_at, 'units', o.units::bigint),
    (o.paid_at, 'refunded_fen', o.refunded_fen::bigint),
    (o.paid_at, 'coupon_orders', (o.coupon_id IS NOT NULL)::int::bigint),
    (o.paid_at, 'points_orders', (o.points_spent > 0)::int::bigint),
    (o.paid_at, 'points_spent', o.points_spent::bigint),
    (o.paid_at, 'attributed_orders', (o.tp <> 0)::int::bigint),
    (o.paid_at, 'pay_' || o.method || '_orders', 1::bigint),
    (o.paid_at, 'pay_' || o.method || '_fen', o.total_fen::bigint),
    (o.paid_at, 'seen:' || o.member_id, 1::bigint),
    (o.paid_at, 'repeat_orders', EXISTS (
        SELECT 1 FROM insights.orders p
        WHERE p.member_id = o.member_id AND p.id <> o.id AND NOT p.gone
          AND p.paid_at < o.paid_at AND p.paid_at >= o.paid_at - interval '90 days'
    )::int::bigint),
    (CASE WHEN o.paid_at IS NOT NULL THEN o.ready_at END, 'ready', 1::bigint),
    (CASE WHEN o.paid_at IS NOT NULL THEN o.ready_at END,
     'paid_ready_b' || lpad(width_bucket(extract(epoch FROM o.ready_at - o.paid_at) / 60,
        '{5,10,15,20,30,45,60,90,120,180,240,360,480,720,1080,1440,2160,2880,4320,7200,10080}'::float8[])::text, 2, '0'),
     1::bigint),
    (CASE WHEN o.status = 'picked_up' THEN o.closed_at END, 'collected', 1::bigint),
    (CASE WHEN o.status = 'picked_up' AND o.ready_at IS NOT NULL THEN o.closed_at END,
     'ready_collected_b' || lpad(width_bucket(extract(epoch FROM o.closed_at - o.ready_at) / 60,
        '{5,10,15,20,30,45,60,90,120,180,240,360,480,720,1080,1440,2160,2880,4320,7200,10080}'::float8[])::text, 2, '0'),
     1::bigint),
    (CASE WHEN o.status IN ('picked_up', 'delivered') THEN o.closed_at END, 'fulfilled', 1::bigint),
    (CASE WHEN o.status = 'expired' AND o.ready_at IS NOT NULL THEN o.closed_at END, 'pickup_expired', 1::bigint)
) AS f(at, figure, value)
WHERE f.at IS NOT NULL AND f.value IS NOT NULL AND f.value <> 0
$$;
