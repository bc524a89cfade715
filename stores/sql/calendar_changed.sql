-- Row trigger on every table the slot search reads: count a change against the calendar
-- it touches, in the writer's own transaction, so a cached slot answer checked against
-- these counters can never outlive a committed change (stores/appointments/slot_cache.py).
-- A guide's own time counts per guide, so bookings of different guides never wait on one
-- row: the guide's week, leave and row on (0, guide_id), the guide's appointments on
-- (-1, guide_id) (a booking checks that the first has not moved since it read the
-- calendar and reads the appointments themselves: stores/sql/book_appointment.sql); a
-- store's hours, services, policy and who offers what count on (store_id, 0). Counters
-- only grow and rows are never deleted: a
-- sum over a fixed set of rows changes exactly when one of its calendars did.
-- Trigger arguments name the columns whose change matters (none: any change does).
CREATE OR REPLACE FUNCTION stores.calendar_changed()
RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    was jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
    now_is jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
BEGIN
    IF TG_OP = 'UPDATE' AND TG_NARGS > 0 AND NOT EXISTS (
        SELECT 1 FROM unnest(TG_ARGV) AS c(name) WHERE was -> c.name IS DISTINCT FROM now_is -> c.name
    ) THEN
        RETURN NULL;
    END IF;
    INSERT INTO stores.calendar_versions AS v (store_id, guide_id, version)
    SELECT DISTINCT k.store_id, k.guide_id, 1
      FROM (VALUES (was), (now_is)) AS r(row_data)
     CROSS JOIN LATERAL (
        SELECT CASE TG_TABLE_NAME
                 WHEN 'appointments' THEN -1
                 WHEN 'working_hours' THEN 0
                 WHEN 'schedule_exceptions' THEN 0
                 WHEN 'guides' THEN 0
                 WHEN 'stores' THEN (r.row_data ->> 'id')::int
                 WHEN 'guide_services' THEN (
                     SELECT s.store_id FROM stores.appointment_services s
                      WHERE s.id = (r.row_data ->> 'service_id')::int)
                 ELSE (r.row_data ->> 'store_id')::int
               END AS store_id,
               CASE WHEN TG_TABLE_NAME IN ('appointments', 'working_hours', 'schedule_exceptions')
                    THEN (r.row_data ->> 'guide_id')::int
                    WHEN TG_TABLE_NAME = 'guides' THEN (r.row_data ->> 'id')::int
                    ELSE 0
               END AS guide_id
        -- A guide joining or leaving (active, moved) changes who offers the services of
        -- every store where the guide is listed: those stores count it too.
        UNION ALL
        SELECT s.store_id, 0
          FROM stores.guide_services gs
          JOIN stores.appointment_services s ON s.id = gs.service_id
         WHERE TG_TABLE_NAME = 'guides' AND gs.guide_id = (r.row_data ->> 'id')::int
     ) AS k
     WHERE r.row_data IS NOT NULL AND k.store_id IS NOT NULL
     ORDER BY k.store_id, k.guide_id
    ON CONFLICT (store_id, guide_id) DO UPDATE SET version = v.version + 1;
    RETURN NULL;
END
$$;
