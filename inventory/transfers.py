"""Transfers between two locations: create, ship, receive, cancel, read.

The location a request acts at (``here``: the guide's store, a location in the
manager's scope) must be one end of the transfer; anything else is 404, as if
it did not exist. Each step locks the transfer row first, then asks the pure
``transfer_states`` whether it may move, then writes through ``ledger.move``:
two simultaneous ships queue on the row and the second finds it in transit.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from inventory import ledger, transfer_states
from inventory.ledger import Staff
from inventory.models import Location, Transfer, TransferLine
from inventory.operations import known_skus, merged_lines
from inventory.transfer_schemas import (
    TransferCreate,
    TransferLineRead,
    TransferRead,
    TransferReceipt,
)
from services.platform.db import utcnow
from services.platform.errors import InvalidInput, NotFound


def source_id(transfer_id: int) -> str:
    """How a transfer's movements name it."""
    return f"TR-{transfer_id}"


def create(*, session: Session, here: int, transfer: TransferCreate, staff: Staff) -> TransferRead:
    """A transfer from here (``to_location_id``) or to here (``from_location_id``), requested."""
    other = transfer.to_location_id or transfer.from_location_id
    assert other is not None  # the schema asks for exactly one end
    if other == here:
        raise InvalidInput(
            "a transfer moves goods between two locations", code="transfer_same_location"
        )
    counterpart = session.get(Location, other)
    if counterpart is None or not counterpart.active:
        raise NotFound(f"location {other} does not exist", code="location_not_found")
    lines = merged_lines(transfer.lines)
    known_skus(session, list(lines))
    outgoing = transfer.to_location_id is not None
    row = Transfer(
        from_location_id=here if outgoing else other,
        to_location_id=other if outgoing else here,
        status="requested",
        requested_by_role=staff.role,
        requested_by_id=staff.id,
        lines=[TransferLine(sku_id=sku, quantity=qty) for sku, qty in sorted(lines.items())],
    )
    session.add(row)
    session.flush()
    session.refresh(row)
    return read(row)


def _locked(session: Session, here: int, transfer_id: int) -> Transfer:
    """The transfer, locked, if ``here`` is one of its ends (404 ``transfer_not_found``)."""
    row = session.get(Transfer, transfer_id, with_for_update=True, populate_existing=True)
    if row is None or here not in (row.from_location_id, row.to_location_id):
        raise NotFound(f"transfer {transfer_id} does not exist", code="transfer_not_found")
    return row


def _step(row: Transfer, here: int, target: str) -> None:
    transfer_states.check_move(row.status, target)
    transfer_states.check_end(
        target, at_source=here == row.from_location_id, at_destination=here == row.to_location_id
    )


def ship(*, session: Session, here: int, transfer_id: int, staff: Staff) -> TransferRead:
    """The goods leave the source: ``transfer_out`` movements, never below what is reserved."""
    row = _locked(session, here, transfer_id)
    _step(row, here, "in_transit")
    ledger.move(
        session=session,
        location_id=row.from_location_id,
        changes={line.sku_id: -line.quantity for line in row.lines},
        kind="transfer_out",
        source_type="transfer",
        source_id=source_id(row.id),
        staff=staff,
    )
    row.status, row.shipped_at = "in_transit", utcnow()
    session.flush()
    return read(row)


def receive(
    *, session: Session, here: int, transfer_id: int, receipt: TransferReceipt, staff: Staff
) -> TransferRead:
    """The goods arrive: ``transfer_in`` movements for what came; a shortfall is recorded."""
    row = _locked(session, here, transfer_id)
    _step(row, here, "received")
    counted = None
    if receipt.lines is not None:
        counted = {line.sku_id: line.received for line in receipt.lines}
        if len(counted) != len(receipt.lines):
            raise InvalidInput("each SKU may appear once", code="repeated_sku")
    units = transfer_states.received_units(
        {line.sku_id: line.quantity for line in row.lines}, counted
    )
    if any(units.values()):
        ledger.move(
            session=session,
            location_id=row.to_location_id,
            changes=units,
            kind="transfer_in",
            source_type="transfer",
            source_id=source_id(row.id),
            staff=staff,
        )
    for line in row.lines:
        line.received = units[line.sku_id]
    row.status, row.received_at = "received", utcnow()
    session.flush()
    return read(row)


def cancel(*, session: Session, here: int, transfer_id: int) -> TransferRead:
    """Called off before shipping, by either end: nothing had moved, nothing moves."""
    row = _locked(session, here, transfer_id)
    _step(row, here, "cancelled")
    row.status, row.cancelled_at = "cancelled", utcnow()
    session.flush()
    return read(row)


def one(*, session: Session, here: int, transfer_id: int) -> TransferRead:
    row = session.get(Transfer, transfer_id)
    if row is None or here not in (row.from_location_id, row.to_location_id):
        raise NotFound(f"transfer {transfer_id} does not exist", code="transfer_not_found")
    return read(row)


def at(
    *, session: Session, here: int, status: str | None, offset: int, limit: int
) -> tuple[list[TransferRead], int]:
    """Transfers leaving or reaching ``here``, newest first."""
    where = [or_(Transfer.from_location_id == here, Transfer.to_location_id == here)]
    if status is not None:
        where.append(Transfer.status == status)
    total = session.scalar(select(func.count()).select_from(Transfer).where(*where)) or 0
    rows = session.scalars(
        select(Transfer).where(*where).order_by(Transfer.id.desc()).offset(offset).limit(limit)
    ).all()
    return [read(row) for row in rows], total


def read(row: Transfer) -> TransferRead:
    return TransferRead(
        id=row.id,
        from_location_id=row.from_location_id,
        to_location_id=row.to_location_id,
        status=row.status,
        lines=[
            TransferLineRead(
                sku_id=line.sku_id,
                quantity=line.quantity,
                received=line.received,
                discrepancy=None if line.received is None else line.quantity - line.received,
            )
            for line in row.lines
        ],
        requested_by_role=row.requested_by_role,
        requested_by_id=row.requested_by_id,
        created_at=row.created_at,
        shipped_at=row.shipped_at,
        received_at=row.received_at,
        cancelled_at=row.cancelled_at,
    )
