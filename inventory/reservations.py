"""Stock reservations: hold a whole cart at one location, confirm, release, fulfil.

Invariant: ``Stock.reserved`` equals the units of live (held or allocated)
reservation lines at that location. Every stock write here is a conditional
UPDATE on rows touched in (location, SKU) order, so concurrent carts never
deadlock and never oversell; callers reserve last in their transaction so the
hot row stays locked only until commit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog
from psycopg.errors import RaiseException
from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from inventory import ledger, sold_out
from inventory.ledger import Staff
from inventory.models import LIVE_STATUSES, Reservation, ReservationLine, Stock
from inventory.schemas import ReservationRead
from services.platform.adb import raised
from services.platform.db import fetch, utcnow
from services.platform.errors import Conflict, InvalidInput, NotFound

log = structlog.get_logger(__name__)


#: Writes a reservation (not yet counted), refusing bad lines: inventory/sql/hold_stock.sql.
HOLD_STOCK = """
    SELECT inventory.hold_stock(
        p_reference => %(reference)s, p_location => %(location_id)s, p_skus => %(skus)s,
        p_quantities => %(qtys)s, p_until => %(until)s) AS id
"""
#: Counts a cart against stock, every line or none: the conditional UPDATEs run in the
#: database (inventory/sql/take_stock.sql), in SKU order; a short line raises ``out_of_stock``.
TAKE_STOCK = """
    SELECT inventory.take_stock(
        p_location => %(location_id)s, p_skus => %(skus)s, p_quantities => %(qtys)s)
"""


#: Held becomes allocated (a paid order keeps its goods until handover): the one statement
#: for the sync ``confirm`` and the async ``checkout.confirm``; no row when it is not held.
CONFIRM = """
    UPDATE inventory.reservations SET status = 'allocated', updated_at = now()
    WHERE id = %(id)s AND status = 'held'
    RETURNING id
"""


def cart_arrays(lines: Mapping[int, int]) -> dict[str, list[int]]:
    """A cart as the arrays inventory's SQL takes: ``skus`` in SKU order and their ``qtys``."""
    skus = sorted(lines)
    return {"skus": skus, "qtys": [lines[sku] for sku in skus]}


def short_line(error: BaseException, location_id: int) -> Conflict | None:
    """The Conflict ``out_of_stock`` for a ``take_stock`` refusal; None for any other error."""
    message, detail = raised(error) or ("", None)
    if message != "out_of_stock":
        return None
    return Conflict(
        "not enough stock for this cart here",
        code="out_of_stock",
        details={"sku_id": int(detail or 0), "location_id": location_id},
    )


def hold(
    *,
    session: Session,
    reference: str,
    location_id: int,
    lines: Mapping[int, int],
    until: datetime,
) -> ReservationRead:
    """Write the reservation (not yet counted); ``take`` must follow in the same transaction.

    InvalidInput ``invalid_reservation`` for no lines or a quantity below one (the rule
    is ``inventory.hold_stock``'s, the one writer of reservations).
    """
    params = {"reference": reference, "location_id": location_id, "until": until}
    try:
        rows = fetch(session, HOLD_STOCK, {**params, **cart_arrays(lines)})
    except RaiseException as exc:
        if (raised(exc) or ("",))[0] != "invalid_reservation":
            raise
        raise InvalidInput(
            "a reservation needs at least one line and positive quantities",
            code="invalid_reservation",
        ) from exc
    return ReservationRead.model_validate(session.get_one(Reservation, rows[0]["id"]))


def take(*, session: Session, reservation_id: int) -> None:
    """Count a held reservation against stock, every line or none (Conflict ``out_of_stock``).

    Call it last before commit: the row locks live from here until then. On
    Conflict the transaction holds partial updates and must roll back (the unit
    of work does; inside a longer transaction use a savepoint).
    """
    reservation = session.get_one(Reservation, reservation_id)
    lines = {line.sku_id: line.quantity for line in reservation.lines}
    try:
        fetch(session, TAKE_STOCK, {"location_id": reservation.location_id, **cart_arrays(lines)})
    except RaiseException as exc:
        conflict = short_line(exc, reservation.location_id)
        if conflict is None:
            raise
        raise conflict from exc


def reserve(
    *,
    session: Session,
    reference: str,
    location_id: int,
    lines: Mapping[int, int],
    until: datetime,
) -> ReservationRead:
    """Hold every line at ``location_id`` or none: ``hold`` then ``take``."""
    held = hold(
        session=session, reference=reference, location_id=location_id, lines=lines, until=until
    )
    take(session=session, reservation_id=held.id)
    return held


def _claim(session: Session, reservation_id: int, *, from_: Iterable[str], to: str) -> bool:
    """Move the reservation between statuses atomically; False when it was not in ``from_``."""
    moved = session.execute(
        update(Reservation)
        .where(Reservation.id == reservation_id, Reservation.status.in_(list(from_)))
        .values(status=to, updated_at=func.now())
        .returning(Reservation.id)
        .execution_options(synchronize_session=False)
    ).first()
    return moved is not None


def _lines(session: Session, reservation_id: int) -> tuple[int, list[tuple[int, int]]]:
    reservation = session.get(Reservation, reservation_id, populate_existing=True)
    if reservation is None:
        raise NotFound(f"reservation {reservation_id} does not exist", code="reservation_not_found")
    return reservation.location_id, [(line.sku_id, line.quantity) for line in reservation.lines]


def _give_back(session: Session, changes: Mapping[tuple[int, int], int]) -> None:
    """Decrement reserved in (location, SKU) order (on-hand changes only through the ledger).

    The units are free again: after the commit, the stores' sold-out marks on them go."""
    for location_id in sorted({location for location, _ in changes}):
        skus = [sku for location, sku in changes if location == location_id]
        sold_out.reopen(session, location_id=location_id, sku_ids=skus)
    for (location_id, sku_id), quantity in sorted(changes.items()):
        session.execute(
            update(Stock)
            .where(Stock.location_id == location_id, Stock.sku_id == sku_id)
            .values(reserved=Stock.reserved - quantity, updated_at=func.now())
            .execution_options(synchronize_session=False)
        )


def confirm(*, session: Session, reservation_id: int) -> None:
    """The hold becomes an allocation (kept until handover); Conflict if it was released."""
    if fetch(session, CONFIRM, {"id": reservation_id}):
        return
    status = session.scalar(select(Reservation.status).where(Reservation.id == reservation_id))
    if status == "allocated":
        return  # a repeated confirmation changes nothing
    raise Conflict(
        f"the reservation is {status or 'missing'}",
        code="reservation_released",
        details={"status": status},
    )


def release(*, session: Session, reservation_id: int) -> bool:
    """Give the units back (held or allocated); False when already released or fulfilled."""
    if not _claim(session, reservation_id, from_=LIVE_STATUSES, to="released"):
        return False
    location_id, lines = _lines(session, reservation_id)
    _give_back(session, {(location_id, sku): qty for sku, qty in lines})
    return True


def fulfil(*, session: Session, reservation_id: int, staff: Staff | None = None) -> None:
    """Handover or shipping: the allocated units leave on-hand and reserved together.

    Written to the ledger as ``sale_fulfilled`` with the order (the reservation's reference).
    """
    if not _claim(session, reservation_id, from_=("allocated",), to="fulfilled"):
        status = session.scalar(select(Reservation.status).where(Reservation.id == reservation_id))
        raise Conflict(
            f"the reservation is {status or 'missing'}, not allocated",
            code="reservation_not_allocated",
            details={"status": status},
        )
    location_id, lines = _lines(session, reservation_id)
    reference = session.scalar(
        select(Reservation.reference).where(Reservation.id == reservation_id)
    )
    ledger.move(
        session=session,
        location_id=location_id,
        changes={sku: -qty for sku, qty in lines},
        consumed=dict(lines),
        kind="sale_fulfilled",
        source_type="order",
        source_id=str(reference),
        staff=staff,
    )


def release_expired(*, session: Session, now: datetime | None = None, batch: int = 500) -> int:
    """Release held reservations past ``reserved_until``; returns how many."""
    now = now or utcnow()
    expired = session.scalars(
        select(Reservation.id)
        .where(Reservation.status == "held", Reservation.reserved_until < now)
        .order_by(Reservation.id)
        .limit(batch)
        .with_for_update(skip_locked=True)
    ).all()
    changes: dict[tuple[int, int], int] = defaultdict(int)
    released = 0
    for reservation_id in expired:
        if _claim(session, reservation_id, from_=("held",), to="released"):
            location_id, lines = _lines(session, reservation_id)
            for sku_id, quantity in lines:
                changes[(location_id, sku_id)] += quantity
            released += 1
    _give_back(session, changes)  # one pass in (location, SKU) order: no deadlock
    return released


@dataclass(frozen=True)
class Drift:
    location_id: int
    sku_id: int
    counter: int
    actual: int


def reconcile(*, session: Session, fix: bool = True) -> list[Drift]:
    """Recompute reserved counters from live reservations; report (and fix) any drift.

    One statement compares every counter with its live reservations: a single
    snapshot, where a reservation and its counter change always show together,
    so it finds only real drift and locks nothing (checkouts go on). Each drifted
    row is then locked, in key order, and recomputed under the lock before it is
    fixed, so a reservation committed meanwhile is counted.
    """
    drifts = [
        Drift(loc, sku, reserved, actual)
        for loc, sku, reserved, actual in session.execute(_drifted()).all()
    ]
    for drift in drifts:
        log.warning("reserved_counter_drift", **drift.__dict__)
    if not fix:
        return drifts
    for drift in drifts:  # already in key order
        where = (Stock.location_id == drift.location_id) & (Stock.sku_id == drift.sku_id)
        session.execute(select(Stock.reserved).where(where).with_for_update())
        actual = session.execute(_drifted(drift.location_id, drift.sku_id)).first()
        if actual is not None:
            session.execute(
                update(Stock)
                .where(where)
                .values(reserved=actual[3])
                .execution_options(synchronize_session=False)
            )
    return drifts


def _drifted(
    location_id: int | None = None, sku_id: int | None = None
) -> Select[int, int, int, Any]:
    """(location, SKU, counter, live units) of stock rows whose counter is off, in key order."""
    live = (
        select(
            Reservation.location_id,
            ReservationLine.sku_id,
            func.sum(ReservationLine.quantity).label("units"),
        )
        .join(ReservationLine, ReservationLine.reservation_id == Reservation.id)
        .where(Reservation.status.in_(LIVE_STATUSES))
        .group_by(Reservation.location_id, ReservationLine.sku_id)
    )
    if location_id is not None:
        live = live.where(Reservation.location_id == location_id, ReservationLine.sku_id == sku_id)
    sums = live.subquery()
    units = func.coalesce(sums.c.units, 0)
    query = (
        select(Stock.location_id, Stock.sku_id, Stock.reserved, units)
        .outerjoin(
            sums, (sums.c.location_id == Stock.location_id) & (sums.c.sku_id == Stock.sku_id)
        )
        .where(Stock.reserved != units)
        .order_by(Stock.location_id, Stock.sku_id)
    )
    if location_id is not None:
        query = query.where(Stock.location_id == location_id, Stock.sku_id == sku_id)
    return query
