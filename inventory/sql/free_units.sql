-- Units a stock row can still promise: on hand less what live reservations hold, never
-- below zero; no stock row (NULLs from an outer join) is none. IMMUTABLE and a single
-- expression, so the planner inlines it: callers pay nothing for the name.
CREATE OR REPLACE FUNCTION inventory.free_units(p_on_hand integer, p_reserved integer)
RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT greatest(coalesce(p_on_hand - p_reserved, 0), 0)
$$;
