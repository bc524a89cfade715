"""The stock ledger: the one way on-hand changes.

Invariant: ``Stock.on_hand`` equals the sum of the stock row's movements. Every
path that changes on-hand (fulfilment at handover or shipping, receipts,
adjustments, counts, the opening import, the ERP feed) goes through the database
function ``inventory.move_stock`` (``inventory/sql/move_stock.sql``): it locks the
rows in (location, SKU) order, judges each line by the one stock rule
(``inventory.stock_refusal``: never below zero, never below what is reserved) and
then, in one statement, updates the counters and writes a movement per changed
row, in the caller's transaction. ``move`` calls it for one location; the ERP feed
(``inventory.stock_import``) calls it from SQL with a batch's 10,000 lines. Placing
an order changes only ``reserved`` and never comes here. ``drifted`` finds rows
that break the invariant (run by ``inventory.reconcile_reserved``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import structlog
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inventory import sold_out
from inventory.models import StockMovement
from inventory.schemas import MovementRead
from services.platform.db import fetch
from services.platform.errors import Conflict

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Staff:
    """Who did it, when a person did (a guide at the counter, a manager)."""

    role: str
    id: int


@dataclass(frozen=True)
class Level:
    on_hand: int
    reserved: int


# A SKU never stocked here gets its row first (at zero, so the movements still add up).
_OPEN_ROWS = """
    INSERT INTO inventory.stock (location_id, sku_id, on_hand, reserved, updated_at)
    SELECT %(location_id)s, sku_id, 0, 0, now() FROM unnest(%(skus)s::integer[]) AS sku_id
    ON CONFLICT (location_id, sku_id) DO NOTHING
"""
# Rows are locked in SKU order (ORDER BY sits below the lock), like ``take_stock``: no deadlock.
_LOCK = """
    SELECT sku_id, on_hand, reserved FROM inventory.stock
     WHERE location_id = %(location_id)s AND sku_id = ANY(%(skus)s::integer[])
     ORDER BY sku_id FOR UPDATE
"""
MOVE = """
    SELECT sku_id, on_hand, reserved, refusal
      FROM inventory.move_stock(
        p_locations => %(locations)s, p_skus => %(skus)s, p_quantities => %(quantities)s,
        p_consumed => %(consumed)s, p_sources => %(sources)s, p_set_levels => false,
        p_kind => %(kind)s, p_reason => %(reason)s, p_source_type => %(source_type)s,
        p_staff_role => %(staff_role)s, p_staff_id => %(staff_id)s)
     ORDER BY sku_id
"""
REFUSALS = {
    "below_reserved": "on-hand may not fall below what is reserved",
    "not_enough_on_hand": "there are not that many units on hand",
}


def lock(*, session: Session, location_id: int, skus: list[int]) -> dict[int, Level]:
    """Lock the stock rows of ``skus`` here in SKU order (opening missing ones at zero),
    to read the levels a change is computed from (a count); ``move`` locks them again."""
    params = {"location_id": location_id, "skus": sorted(skus)}
    fetch(session, _OPEN_ROWS, params)
    return {
        row["sku_id"]: Level(row["on_hand"], row["reserved"])
        for row in fetch(session, _LOCK, params)
    }


def move(
    *,
    session: Session,
    location_id: int,
    changes: Mapping[int, int],
    kind: str,
    source_type: str,
    source_id: str,
    reason: str | None = None,
    staff: Staff | None = None,
    consumed: Mapping[int, int] | None = None,
) -> dict[int, Level]:
    """Change on-hand by ``changes`` (SKU -> signed units) and write the movements.

    ``consumed``: reserved units that leave too (a fulfilled allocation). Conflict
    ``below_reserved`` / ``not_enough_on_hand`` (nothing written) when a line
    would break the stock rule. Returns the levels before the change.
    """
    consumed = consumed or {}
    skus = sorted(set(changes) | set(consumed))
    rows = fetch(
        session,
        MOVE,
        {
            "locations": [location_id] * len(skus),
            "skus": skus,
            "quantities": [changes.get(sku, 0) for sku in skus],
            "consumed": [consumed.get(sku, 0) for sku in skus],
            "sources": [source_id] * len(skus),
            "kind": kind,
            "reason": reason,
            "source_type": source_type,
            "staff_role": staff.role if staff else None,
            "staff_id": staff.id if staff else None,
        },
    )
    for row in rows:
        if row["refusal"] is not None:
            raise Conflict(
                REFUSALS[row["refusal"]],
                code=row["refusal"],
                details={
                    "location_id": location_id,
                    "sku_id": row["sku_id"],
                    "on_hand": row["on_hand"],
                    "reserved": row["reserved"],
                },
            )
    # Units that arrive (a receipt, a return, a count up) end a store's sold-out mark.
    sold_out.reopen(
        session,
        location_id=location_id,
        sku_ids=[sku for sku in skus if changes.get(sku, 0) + consumed.get(sku, 0) > 0],
    )
    return {row["sku_id"]: Level(row["on_hand"], row["reserved"]) for row in rows}


def history(
    *, session: Session, location_id: int, sku_id: int, offset: int, limit: int
) -> tuple[list[MovementRead], int]:
    """A SKU's movements at a location, newest first."""
    where = (StockMovement.location_id == location_id) & (StockMovement.sku_id == sku_id)
    total = session.scalar(select(func.count()).where(where)) or 0
    rows = session.scalars(
        select(StockMovement)
        .where(where)
        .order_by(StockMovement.id.desc())
        .offset(offset)
        .limit(limit)
    ).all()
    return [MovementRead.model_validate(row) for row in rows], total


@dataclass(frozen=True)
class LedgerDrift:
    location_id: int
    sku_id: int
    on_hand: int
    movements: int


_DRIFTED = """
    SELECT st.location_id, st.sku_id, st.on_hand, coalesce(m.units, 0) AS movements
      FROM inventory.stock st
      LEFT JOIN (SELECT location_id, sku_id, sum(quantity)::integer AS units
                   FROM inventory.stock_movements GROUP BY location_id, sku_id) m
        ON m.location_id = st.location_id AND m.sku_id = st.sku_id
     WHERE st.on_hand <> coalesce(m.units, 0)
     ORDER BY st.location_id, st.sku_id
"""


def drifted(*, session: Session) -> list[LedgerDrift]:
    """Stock rows whose on-hand is not the sum of their movements, logged.

    One statement, one snapshot: a counter and its movements are written by one
    statement, so they always show together and only real drift is found; it
    locks nothing. Nothing is fixed: which side is wrong needs a person (a count).
    """
    drifts = [LedgerDrift(**row) for row in fetch(session, _DRIFTED, {})]
    for drift in drifts:
        log.warning("on_hand_ledger_drift", **drift.__dict__)
    return drifts
