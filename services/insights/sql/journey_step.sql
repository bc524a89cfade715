-- Which journey step a figure of a source row is, for its member (NULL: none): discover = a
-- scan ('scans'), consider = a check-in ('check_ins'), buy = a paid order ('orders'),
-- fulfil = an order collected or delivered ('fulfilled'), retain = a repeat order within 90
-- days ('repeat_orders'). journey_figures names its steps by it, and `o2o insights rebuild`
-- names them from the figures it has just computed (services/insights/journeys.py, steps_of),
-- so the figure rules run once per row there.
CREATE OR REPLACE FUNCTION insights.journey_step(figure text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE figure
    WHEN 'scans' THEN 'discover' WHEN 'check_ins' THEN 'consider' WHEN 'orders' THEN 'buy'
    WHEN 'fulfilled' THEN 'fulfil' WHEN 'repeat_orders' THEN 'retain'
END
$$;
