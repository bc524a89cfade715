"""The stock ledger's one write as a database function (move_stock) and its rule
(stock_refusal): one set-based implementation for a sale and a 300,000-line ERP feed alike

Revision ID: e2a8c5f1b3d7
Revises: e5c2a9d41b77
Create Date: 2026-11-29 08:15:00+00:00
"""

from collections.abc import Sequence

from alembic import op

from services.platform import sql_source

revision: str = "e2a8c5f1b3d7"
down_revision: str | None = "e5c2a9d41b77"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The text this revision created, frozen when inventory/sql/move_stock.sql moved on
# (revision 5c9e1f7a3b28 loads the file now).
MOVE_STOCK = """
-- The stock ledger's one write: every change of on-hand (sales fulfilled, receipts,
-- adjustments, counts, transfers, ERP imports) is a call, from `inventory.ledger.move` or
-- with arrays built in SQL (`inventory.stock_import`). One element per stock row:
-- location, SKU, quantity (a change, or with `p_set_levels` the level to reach), reserved
-- units consumed, and the movement's source id.
--
-- Missing rows open at zero; the rows are locked in (location, SKU) order, as take_stock
-- does within one location, so writers never deadlock. With `p_set_levels`, a row already
-- at its level is left alone (not locked, no movement). Each line is judged by
-- stock_refusal on the locked row. Any refusal: nothing is written. Otherwise the counters
-- and one movement per changed row are written in one statement, so on-hand is always the
-- sum of its movements. Returns each line's level before, its change and its refusal.
--
-- Joins go by index (no hash or merge join): a batch touches a few rows of a large table.
CREATE OR REPLACE FUNCTION inventory.move_stock(
    p_locations integer[], p_skus integer[], p_quantities integer[], p_consumed integer[],
    p_sources text[], p_set_levels boolean, p_kind text, p_reason text, p_source_type text,
    p_staff_role text, p_staff_id integer
) RETURNS TABLE (
    location_id integer, sku_id integer, on_hand integer, reserved integer, delta integer,
    refusal text
) LANGUAGE plpgsql SET enable_hashjoin = off SET enable_mergejoin = off AS $$
#variable_conflict use_column
BEGIN
    INSERT INTO inventory.stock AS st (location_id, sku_id, on_hand, reserved, updated_at)
    SELECT l.location_id, l.sku_id, 0, 0, now()
      FROM unnest(p_locations, p_skus) AS l(location_id, sku_id)
     WHERE NOT EXISTS (SELECT FROM inventory.stock x
                        WHERE x.location_id = l.location_id AND x.sku_id = l.sku_id)
     ORDER BY 1, 2
    ON CONFLICT ON CONSTRAINT pk_stock DO NOTHING;
    RETURN QUERY
    WITH lines AS (
        SELECT l.location_id, l.sku_id, l.quantity, l.consumed, l.source_id
          FROM unnest(p_locations, p_skus, p_quantities, p_consumed, p_sources)
               AS l(location_id, sku_id, quantity, consumed, source_id)
         WHERE NOT p_set_levels
            OR NOT EXISTS (SELECT FROM inventory.stock x
                            WHERE x.location_id = l.location_id AND x.sku_id = l.sku_id
                              AND x.on_hand = l.quantity AND l.consumed = 0)
         ORDER BY 1, 2),
    judged AS MATERIALIZED (
        SELECT k.location_id, k.sku_id, k.on_hand, k.reserved, k.delta, k.consumed,
               k.source_id,
               inventory.stock_refusal(k.on_hand, k.reserved, k.delta, k.consumed) AS refusal
          FROM (SELECT l.location_id, l.sku_id, s.on_hand, s.reserved, l.consumed, l.source_id,
                       CASE WHEN p_set_levels THEN l.quantity - s.on_hand ELSE l.quantity END
                           AS delta
                  FROM lines l
                 CROSS JOIN LATERAL (
                       SELECT x.on_hand, x.reserved FROM inventory.stock x
                        WHERE x.location_id = l.location_id AND x.sku_id = l.sku_id
                          FOR UPDATE) s) k),
    moved AS (
        UPDATE inventory.stock st
           SET on_hand = st.on_hand + j.delta, reserved = st.reserved - j.consumed,
               updated_at = now()
          FROM judged j
         WHERE NOT EXISTS (SELECT FROM judged r WHERE r.refusal IS NOT NULL)
           AND st.location_id = j.location_id AND st.sku_id = j.sku_id
           AND (j.delta <> 0 OR j.consumed <> 0)
        RETURNING st.location_id, st.sku_id, j.delta, j.source_id),
    written AS (
        INSERT INTO inventory.stock_movements (location_id, sku_id, quantity, kind, reason,
                                               source_type, source_id, staff_role, staff_id)
        SELECT m.location_id, m.sku_id, m.delta, p_kind, p_reason, p_source_type, m.source_id,
               p_staff_role, p_staff_id
          FROM moved m WHERE m.delta <> 0)
    SELECT j.location_id, j.sku_id, j.on_hand, j.reserved, j.delta, j.refusal FROM judged j;
END
$$;
"""


def upgrade() -> None:
    # move_stock calls stock_refusal, and SQL bodies are checked when created: this order.
    op.execute(sql_source.load("inventory", "stock_refusal", digest="535f01fb0cdd8211"))
    op.execute(MOVE_STOCK)


def downgrade() -> None:
    op.execute(
        "DROP FUNCTION inventory.move_stock(integer[], integer[], integer[], integer[], text[],"
        " boolean, text, text, text, text, integer)"
    )
    op.execute("DROP FUNCTION inventory.stock_refusal(integer, integer, integer, integer)")
