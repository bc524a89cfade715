"""Goods a shopper brought back go back on the shelf: ``return_restocked`` on the ledger.

Only what the order took can come back: per SKU, the units fulfilled minus those
already restocked for that order (``returnable``, pure). The reservation row is
locked first, so two returns of one order queue and the second sees the first's
movements; the units go back where they left from (the store of a pickup, the
warehouse of a delivery) through ``ledger.move``.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inventory import ledger
from inventory.ledger import Staff
from inventory.models import Reservation, StockMovement
from services.platform.errors import Conflict


def returnable(sold: Mapping[int, int], restocked: Mapping[int, int]) -> dict[int, int]:
    """Units of each SKU that may still come back: sold and not yet restocked."""
    return {sku: units - restocked.get(sku, 0) for sku, units in sold.items()}


def over_return(
    sold: Mapping[int, int], restocked: Mapping[int, int], returned: Mapping[int, int]
) -> tuple[int, int] | None:
    """The first SKU returned beyond what may come back, with what may; None when all fit."""
    left = returnable(sold, restocked)
    for sku, units in sorted(returned.items()):
        if units > left.get(sku, 0):
            return sku, left.get(sku, 0)
    return None


def _sold_and_restocked(
    session: Session, reservation: Reservation
) -> tuple[dict[int, int], dict[int, int]]:
    sold = {line.sku_id: line.quantity for line in reservation.lines}
    restocked = {
        sku: int(units)
        for sku, units in session.execute(
            select(StockMovement.sku_id, func.sum(StockMovement.quantity))
            .where(
                StockMovement.location_id == reservation.location_id,
                StockMovement.kind == "return_restocked",
                StockMovement.source_type == "order",
                StockMovement.source_id == reservation.reference,
            )
            .group_by(StockMovement.sku_id)
        ).all()
    }
    return sold, restocked


def units_left(*, session: Session, reservation_id: int) -> dict[int, int]:
    """Units of each SKU the order may still bring back (``restock``'s count, read only)."""
    reservation = session.get(Reservation, reservation_id)
    if reservation is None:
        return {}
    return returnable(*_sold_and_restocked(session, reservation))


def restock(
    *,
    session: Session,
    reservation_id: int,
    returned: Mapping[int, int],
    staff: Staff | None = None,
) -> int:
    """Book returned units in at the location the order left from; returns that location.

    Conflict ``return_exceeds_sold`` (nothing written) when a SKU comes back more
    often than the order took it, counting earlier returns; ``reservation_not_fulfilled``
    when the goods never left.
    """
    reservation = session.get(
        Reservation, reservation_id, with_for_update=True, populate_existing=True
    )
    if reservation is None or reservation.status != "fulfilled":
        raise Conflict(
            "these goods never left the shelf",
            code="reservation_not_fulfilled",
            details={"status": reservation.status if reservation else None},
        )
    sold, restocked = _sold_and_restocked(session, reservation)
    over = over_return(sold, restocked, returned)
    if over is not None:
        sku, left = over
        raise Conflict(
            "more units returned than the order took",
            code="return_exceeds_sold",
            details={"sku_id": sku, "returnable": left, "returned": returned[sku]},
        )
    ledger.move(
        session=session,
        location_id=reservation.location_id,
        changes=dict(returned),
        kind="return_restocked",
        source_type="order",
        source_id=reservation.reference,
        staff=staff,
    )
    return reservation.location_id


def exchange(
    *,
    session: Session,
    reservation_id: int,
    returned: Mapping[int, int],
    handed: Mapping[int, int],
    staff: Staff | None = None,
) -> None:
    """Swap goods at no charge: the returned units come back (``restock``'s rules), the
    replacements leave the same shelf as ``sale_fulfilled`` for the same order.

    Conflict ``not_enough_on_hand``/``below_reserved`` (nothing written, the caller's
    transaction rolls back the restock too) when the replacement is not on the shelf.
    """
    location_id = restock(
        session=session, reservation_id=reservation_id, returned=returned, staff=staff
    )
    reference = session.get_one(Reservation, reservation_id).reference
    ledger.move(
        session=session,
        location_id=location_id,
        changes={sku: -units for sku, units in handed.items()},
        kind="sale_fulfilled",
        source_type="order",
        source_id=reference,
        staff=staff,
    )
