-- Every order as other services may read it (orders.events.OrderState without `facts`):
-- the published read view for a reader's full rebuild; live changes come as
-- 'orders.changed' messages, built from this same view (publish_changes.sql), so a
-- rebuild and the events agree on what an order is. `units` sums the order's lines.
CREATE OR REPLACE VIEW orders.public_orders AS
SELECT o.id, o.number, o.member_id, o.status, o.fulfilment, o.store_id, o.channel,
       o.touchpoint_id, o.guide_id, o.total_fen, o.refunded_fen, o.coupon_id, o.points_spent,
       coalesce((SELECT sum(l.quantity) FROM orders.order_lines l WHERE l.order_id = o.id),
                0)::integer AS units,
       o.created_at, o.paid_at, o.ready_at, o.shipped_at, o.closed_at
FROM orders.orders o;
