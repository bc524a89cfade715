-- Every scan as other services may read it (touchpoints.events.ScanRecorded), with the
-- placing of the touchpoint it came through: the read view for a reader's full rebuild;
-- live scans come as 'touchpoints.scans_recorded' messages built from this same view.
CREATE OR REPLACE VIEW touchpoints.public_scans AS
SELECT s.id, s.touchpoint_id, s.member_id, s.device_id, s.via, s.action, s.scanned_at,
       t.kind, t.region_id, t.store_id, t.guide_id, t.product_id, t.campaign_code
FROM touchpoints.scans s
JOIN touchpoints.touchpoints t ON t.id = s.touchpoint_id;
