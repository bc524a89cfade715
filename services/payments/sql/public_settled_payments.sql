-- Every succeeded payment as other services may read it (services.payments.events.
-- PaymentSettled): `paid_twice` marks a second capture of an order already paid, refunded
-- as such, which never counts as the order's payment. The read view for a full rebuild;
-- live changes come as 'payments.settled' messages built from this same view.
CREATE OR REPLACE VIEW payments.public_settled_payments AS
SELECT p.id, p.order_ref, p.attempt, p.gateway, p.amount_fen, p.refunded_fen, p.status,
       EXISTS (SELECT 1 FROM payments.refunds r
               WHERE r.payment_id = p.id AND r.reason = 'paid_twice') AS paid_twice
FROM payments.payments p
WHERE p.status = 'succeeded';
