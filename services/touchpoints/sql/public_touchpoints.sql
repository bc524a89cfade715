-- Every QR touchpoint as other services may read it: where it stands and what it points at.
CREATE OR REPLACE VIEW touchpoints.public_touchpoints AS
SELECT t.id, t.kind, t.name, t.region_id, t.store_id, t.guide_id, t.product_id,
       t.campaign_code, t.active, t.created_at
FROM touchpoints.touchpoints t;
