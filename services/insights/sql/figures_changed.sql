-- Row trigger on every table insights keeps figures from: publish what the change
-- adds to the rollups (row_figures(NEW) minus row_figures(OLD), netted) as one outbox
-- message in the writer's own transaction. Each message's contribution depends only on
-- itself, so messages may be applied in any order; insights.applied_events makes each
-- count once. A bulk load (demo seed, benchmarks) sets insights.bulk_load = 'on' for its
-- transaction and runs `o2o insights rebuild` after it instead.
CREATE OR REPLACE FUNCTION insights.figures_changed()
RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    source text := TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME;
    changes jsonb;
BEGIN
    IF current_setting('insights.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    SELECT jsonb_agg(jsonb_build_array(day, region_id, store_id, channel, touchpoint_id, guide_id,
                                       figure, value))
      INTO changes
      FROM (
        SELECT c.day, c.region_id, c.store_id, c.channel, c.touchpoint_id, c.guide_id, c.figure,
               sum(c.value) AS value
          FROM (
            SELECT f.* FROM insights.row_figures(source, to_jsonb(NEW)) f WHERE TG_OP <> 'DELETE'
            UNION ALL
            SELECT f.day, f.region_id, f.store_id, f.channel, f.touchpoint_id, f.guide_id, f.figure,
                   -f.value
              FROM insights.row_figures(source, to_jsonb(OLD)) f WHERE TG_OP <> 'INSERT'
          ) AS c
         GROUP BY 1, 2, 3, 4, 5, 6, 7
        HAVING sum(c.value) <> 0
      ) AS netted;
    IF changes IS NOT NULL THEN
        INSERT INTO platform.outbox (topic, payload, created_at, attempts)
        VALUES ('insights.figures', jsonb_build_object('source', source, 'rows', changes), now(), 0);
    END IF;
    RETURN NULL;
END
$$;
