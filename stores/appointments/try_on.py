"""Try-on items: what a shopper asks the store to set aside for their appointment.

The units are held at the store through inventory's own reservations (the same hold and
count as an order's, so a store never promises the same pair twice): held from booking
until the appointment ends (``reserved_until``; inventory's beat releases expired holds),
or released as soon as it is cancelled, marked a no-show or completed. A reschedule holds
them afresh for the new time. Reserving comes last in the booking's transaction (the
stock rows stay locked only until commit); a short line refuses the whole booking.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from stores.appointments.models import Appointment
from stores.appointments.schemas import TryOnItem

if TYPE_CHECKING:
    from inventory.client import LocalInventoryClient


def _inventory(session: Session) -> LocalInventoryClient:
    # Imported on use: inventory.client imports stores.client, which imports the
    # appointment use cases (this module among them); a top-level import is a cycle.
    from inventory.client import LocalInventoryClient

    return LocalInventoryClient(session)


def reference(appointment_id: int) -> str:
    """The reservation's reference: which appointment holds the units."""
    return f"appointment-{appointment_id}"


def _lines(items: Sequence[TryOnItem]) -> dict[int, int]:
    lines: dict[int, int] = defaultdict(int)
    for item in items:
        lines[item.sku_id] += item.quantity  # the same SKU twice is one line
    return dict(lines)


def hold(session: Session, row: Appointment, items: Sequence[TryOnItem]) -> None:
    """Hold ``items`` at the appointment's store until it ends (NotFound ``sku_not_found``
    for a SKU not on sale, Conflict ``out_of_stock`` when a line is short: the caller's
    transaction, booking included, rolls back)."""
    if not items:
        row.try_on, row.try_on_reservation_id = [], None
        return
    inventory = _inventory(session)
    lines = _lines(items)
    inventory.check_skus(sorted(lines))
    held = inventory.reserve(
        reference=reference(row.id),
        location_id=inventory.store_location(row.store_id),
        lines=lines,
        until=row.ends_at,
    )
    row.try_on = [{"sku_id": sku, "quantity": qty} for sku, qty in sorted(lines.items())]
    row.try_on_reservation_id = held.id


def release(session: Session, row: Appointment) -> None:
    """Give the held units back (nothing when none were held or they are back already)."""
    if row.try_on_reservation_id is not None:
        _inventory(session).release(row.try_on_reservation_id)


def hold_again(session: Session, row: Appointment) -> None:
    """After a reschedule: the same items, held until the new end."""
    if row.try_on_reservation_id is None:
        return
    release(session, row)
    hold(session, row, [TryOnItem.model_validate(item) for item in row.try_on or []])
