"""The stock ledger: the one way on-hand changes.

Invariant: ``Stock.on_hand`` equals the sum of the stock row's movements. Every
path that changes on-hand (fulfilment at handover or shipping, receipts,
adjustments, counts, the opening import) calls ``move``, which locks the rows
in SKU order, checks the rule (``refusal``) and then, in one statement, updates
the counters and writes a movement per changed line, in the caller's
transaction. The ERP feed (``inventory.stock_import``) takes the same three
steps for many locations at once: ``lock_rows``, ``refusal`` per line, ``write``.
Placing an order changes only ``reserved`` and never comes here.
``drifted`` finds rows that break the invariant (run by ``inventory.reconcile_reserved``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import structlog
from sqlalchemy import func, select
from sqlalchemy.orm import Session

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


# Lines travel as parallel arrays, one element per (location, SKU): three lines of a
# delivery or 300,000 of an ERP feed take the same statements.
# A SKU never stocked here gets its row first (at zero, so the movements still add up).
_OPEN_ROWS = """
    INSERT INTO inventory.stock (location_id, sku_id, on_hand, reserved, updated_at)
    SELECT location_id, sku_id, 0, 0, now()
      FROM unnest(%(locations)s::integer[], %(skus)s::integer[]) AS l(location_id, sku_id)
    ON CONFLICT (location_id, sku_id) DO NOTHING
"""
# Rows are locked in (location, SKU) order (ORDER BY sits below the lock): within one
# location that is SKU order, like ``take_stock``, so no two writers deadlock.
_LOCK = """
    SELECT st.location_id, st.sku_id, st.on_hand, st.reserved
      FROM inventory.stock st
      JOIN unnest(%(locations)s::integer[], %(skus)s::integer[]) AS l(location_id, sku_id)
        ON st.location_id = l.location_id AND st.sku_id = l.sku_id
     ORDER BY st.location_id, st.sku_id FOR UPDATE OF st
"""
# The counter and its movement change in one statement: neither can be written alone.
_MOVE = """
    WITH lines AS (
        SELECT * FROM unnest(%(locations)s::integer[], %(skus)s::integer[],
                             %(deltas)s::integer[], %(consumed)s::integer[], %(sources)s::text[])
            AS l(location_id, sku_id, delta, consumed, source_id)),
    moved AS (
        UPDATE inventory.stock st
           SET on_hand = st.on_hand + l.delta, reserved = st.reserved - l.consumed,
               updated_at = now()
          FROM lines l
         WHERE st.location_id = l.location_id AND st.sku_id = l.sku_id
           AND (l.delta <> 0 OR l.consumed <> 0)
        RETURNING st.location_id, st.sku_id, l.delta, l.source_id)
    INSERT INTO inventory.stock_movements
        (location_id, sku_id, quantity, kind, reason, source_type, source_id, staff_role, staff_id)
    SELECT location_id, sku_id, delta, %(kind)s, %(reason)s, %(source_type)s, source_id,
           %(staff_role)s, %(staff_id)s
      FROM moved WHERE delta <> 0
"""

#: A stock row: (location id, SKU id).
Key = tuple[int, int]


@dataclass(frozen=True)
class Line:
    """One change of one stock row: signed units, reserved units that leave with them."""

    location_id: int
    sku_id: int
    delta: int
    source_id: str
    consumed: int = 0


def refusal(level: Level, *, delta: int, consumed: int = 0) -> str | None:
    """Why a change may not be made (a code), or None: on-hand never below what is reserved.

    ``consumed`` reserved units leave with the change (fulfilment); they count as gone.
    """
    on_hand, reserved = level.on_hand + delta, level.reserved - consumed
    if on_hand < 0:
        return "not_enough_on_hand"
    if on_hand < reserved:
        return "below_reserved"
    return None


def lock_rows(*, session: Session, keys: list[Key]) -> dict[Key, Level]:
    """Lock the stock rows ``keys`` in (location, SKU) order, opening missing ones at zero."""
    ordered = sorted(set(keys))
    params = {"locations": [k[0] for k in ordered], "skus": [k[1] for k in ordered]}
    fetch(session, _OPEN_ROWS, params)
    raw = session.connection().connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor:  # tuples, not dicts: an ERP feed locks 10^5 rows
        cursor.execute(_LOCK, params, prepare=True)
        return {(loc, sku): Level(on_hand, reserved) for loc, sku, on_hand, reserved in cursor}


def lock(*, session: Session, location_id: int, skus: list[int]) -> dict[int, Level]:
    """Lock the stock rows of ``skus`` here in SKU order (opening missing ones at zero)."""
    levels = lock_rows(session=session, keys=[(location_id, sku) for sku in skus])
    return {sku: level for (_, sku), level in levels.items()}


def write(
    *,
    session: Session,
    lines: list[Line],
    kind: str,
    source_type: str,
    reason: str | None = None,
    staff: Staff | None = None,
) -> None:
    """Apply ``lines`` to rows the caller locked (``lock_rows``) and checked (``refusal``):
    the counters and a movement per changed row, in one statement."""
    fetch(
        session,
        _MOVE,
        {
            "locations": [line.location_id for line in lines],
            "skus": [line.sku_id for line in lines],
            "deltas": [line.delta for line in lines],
            "consumed": [line.consumed for line in lines],
            "sources": [line.source_id for line in lines],
            "kind": kind,
            "reason": reason,
            "source_type": source_type,
            "staff_role": staff.role if staff else None,
            "staff_id": staff.id if staff else None,
        },
    )


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
    levels = lock(session=session, location_id=location_id, skus=skus)
    for sku in skus:
        code = refusal(levels[sku], delta=changes.get(sku, 0), consumed=consumed.get(sku, 0))
        if code is not None:
            raise Conflict(
                "on-hand may not fall below what is reserved"
                if code == "below_reserved"
                else "there are not that many units on hand",
                code=code,
                details={
                    "location_id": location_id,
                    "sku_id": sku,
                    "on_hand": levels[sku].on_hand,
                    "reserved": levels[sku].reserved,
                },
            )
    lines = [
        Line(location_id, sku, changes.get(sku, 0), source_id, consumed.get(sku, 0)) for sku in skus
    ]
    write(
        session=session,
        lines=lines,
        kind=kind,
        source_type=source_type,
        reason=reason,
        staff=staff,
    )
    return levels


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
