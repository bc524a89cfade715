-- Every appointment as other services may read it (stores.events.AppointmentState without
-- `facts`): the read view for a full rebuild; live changes come as
-- 'stores.appointments_changed' messages built from this same view.
CREATE OR REPLACE VIEW stores.public_appointments AS
SELECT a.id, a.store_id, a.guide_id, a.service_id, a.member_id, a.status, a.starts_at,
       a.ends_at, a.source, a.checked_in_at, a.completed_at, a.order_number
FROM stores.appointments a;
