-- Every check-in as other services may read it (stores.events.CheckInRecorded): the read
-- view for a full rebuild; live ones come as 'stores.check_ins_recorded' messages.
CREATE OR REPLACE VIEW stores.public_check_ins AS
SELECT c.id, c.store_id, c.member_id, c.touchpoint_id, c.scan_id, c.checked_in_at
FROM stores.check_ins c;
