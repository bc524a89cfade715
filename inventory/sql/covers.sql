-- "Enough stock": the one definition, for the write that takes stock (take_stock's
-- conditional UPDATE) and every read that predicts it (checkout's advisory reads,
-- availability). Inlined by the planner like free_units.
CREATE OR REPLACE FUNCTION inventory.covers(
    p_on_hand integer, p_reserved integer, p_quantity integer
) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT inventory.free_units(p_on_hand, p_reserved) >= p_quantity
$$;
