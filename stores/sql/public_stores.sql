-- Every store as other services may read it: where it is, its region and local time zone
-- (a reader's local day), and whether it trades.
CREATE OR REPLACE VIEW stores.public_stores AS
SELECT s.id, s.code, s.name, s.region_id, s.city, s.latitude, s.longitude, s.timezone,
       s.status, s.pickup_enabled, s.opened_on
FROM stores.stores s;
