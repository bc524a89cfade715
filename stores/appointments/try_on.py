"""Try-on items: what a shopper asks the store to set aside for their appointment.

Asking is not holding. The items are written on the appointment at booking, checked
against the SKU's purchase limit (counting what the shopper already has set aside at
other live appointments) and a cap per shopper (``O2O_TRY_ON_UNITS_PER_MEMBER``). The
units are held at the store only from ``O2O_TRY_ON_HOLD_LEAD_HOURS`` before the start:
at once when the booking is that close, otherwise by the beat task ``place_due`` as
the appointment comes within the window. A booking a month ahead therefore takes nothing
off the shelf for a month, and a shopper cannot keep units off sale by rescheduling.

The hold is inventory's own reservation (the same count as an order's) until the
appointment ends (``reserved_until``; inventory's beat releases expired holds), released
as soon as it is cancelled, marked a no-show or completed. A reschedule gives the units
back and holds them again only if the new time is inside the window.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Protocol

import structlog
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.platform.errors import Conflict, DomainError
from services.platform.settings import get_settings
from stores.appointments.models import LIVE_STATUSES, Appointment
from stores.appointments.schemas import TryOnItem

log = structlog.get_logger(__name__)


class HeldStock(Protocol):
    @property
    def id(self) -> int: ...


class TryOnStock(Protocol):
    """What try-on asks of the stock service, in the caller's session.

    Inventory sits above stores (its availability reads stores' directory and rules), so
    stores never imports it: inventory's client answers this, bound by the composition
    root at start (``server.wiring``).
    """

    def check_skus(self, sku_ids: Sequence[int]) -> None: ...

    def beyond_purchase_limit(self, wanted: Mapping[int, int]) -> tuple[int, int] | None: ...

    def store_location(self, store_id: int) -> int: ...

    def reserve(
        self, *, reference: str, location_id: int, lines: Mapping[int, int], until: datetime
    ) -> HeldStock: ...

    def release(self, reservation_id: int) -> bool: ...


StockFor = Callable[[Session], TryOnStock]
_bound: list[StockFor] = []


def use_stock(stock_for: StockFor) -> None:
    """Bind the stock service try-on holds with (idempotent; the last binding wins)."""
    _bound[:] = [stock_for]


def _inventory(session: Session) -> TryOnStock:
    if not _bound:
        raise RuntimeError("try-on holds have no stock service: call server.wiring.wire() at start")
    return _bound[0](session)


def reference(appointment_id: int) -> str:
    """The reservation's reference: which appointment holds the units."""
    return f"appointment-{appointment_id}"


def lines_of(items: Iterable[TryOnItem | dict[str, int]]) -> dict[int, int]:
    """Units per SKU (the same SKU twice is one line)."""
    lines: dict[int, int] = defaultdict(int)
    for item in items:
        if isinstance(item, TryOnItem):
            lines[item.sku_id] += item.quantity
        else:  # as stored on the appointment (already one line per SKU)
            lines[int(item["sku_id"])] += int(item["quantity"])
    return dict(lines)


def hold_due(*, starts_at: datetime, now: datetime, lead: timedelta) -> bool:
    """Whether an appointment's try-on units should be on hold now (pure)."""
    return now >= starts_at - lead


def over_member_cap(asked: dict[int, int], wanted: dict[int, int], cap: int) -> int | None:
    """The units the shopper would have set aside when that is above ``cap``, else None (pure)."""
    total = sum(asked.values()) + sum(wanted.values())
    return total if total > cap else None


def _lead() -> timedelta:
    return timedelta(hours=get_settings().try_on_hold_lead_hours)


def _asked(session: Session, *, member_id: int, now: datetime) -> dict[int, int]:
    """Units per SKU the member has asked for at live appointments not yet over."""
    rows = session.scalars(
        select(Appointment.try_on).where(
            Appointment.member_id == member_id,
            Appointment.status.in_(LIVE_STATUSES),
            Appointment.ends_at > now,
            Appointment.try_on.is_not(None),
        )
    )
    return lines_of(item for items in rows for item in items or [])


def _check_limits(
    session: Session,
    inventory: TryOnStock,
    *,
    member_id: int,
    lines: dict[int, int],
    now: datetime,
) -> None:
    settings = get_settings()
    asked = _asked(session, member_id=member_id, now=now)
    total = over_member_cap(asked, lines, settings.try_on_units_per_member)
    if total is not None:
        raise Conflict(
            "you have as many try-on items set aside as we allow",
            code="try_on_limit",
            details={"max": settings.try_on_units_per_member, "asked": total},
        )
    wanted = {sku: asked.get(sku, 0) + qty for sku, qty in lines.items()}
    over = inventory.beyond_purchase_limit(wanted)
    if over is not None:
        sku_id, limit = over
        raise Conflict(
            f"at most {limit} of this item may be set aside for you",
            code="purchase_limit_exceeded",
            details={"sku_id": sku_id, "limit": limit},
        )


def ask(session: Session, row: Appointment, items: Sequence[TryOnItem], *, now: datetime) -> None:
    """Write the items on a new booking and hold them now if it starts within the lead
    (NotFound ``sku_not_found``; Conflict ``try_on_limit``, ``purchase_limit_exceeded``,
    ``out_of_stock``: the caller's transaction, booking included, rolls back). Call it
    under the member's booking lock, last in the transaction."""
    lines = lines_of(items)
    row.try_on, row.try_on_reservation_id = [], None
    if not lines:
        return
    inventory = _inventory(session)
    inventory.check_skus(sorted(lines))
    _check_limits(session, inventory, member_id=row.member_id, lines=lines, now=now)
    row.try_on = [{"sku_id": sku, "quantity": qty} for sku, qty in sorted(lines.items())]
    if hold_due(starts_at=row.starts_at, now=now, lead=_lead()):
        _place(session, row, inventory)


def _place(session: Session, row: Appointment, inventory: TryOnStock) -> None:
    held = inventory.reserve(
        reference=reference(row.id),
        location_id=inventory.store_location(row.store_id),
        lines=lines_of(row.try_on or []),
        until=row.ends_at,
    )
    row.try_on_reservation_id = held.id


def hold(session: Session, row: Appointment, items: Sequence[TryOnItem]) -> None:
    """Hold ``items`` at the appointment's store now, whatever the lead (the demo seed's
    appointments; Conflict ``out_of_stock`` when a line is short)."""
    row.try_on = [{"sku_id": s, "quantity": q} for s, q in sorted(lines_of(items).items())]
    if row.try_on:
        _place(session, row, _inventory(session))


def release(session: Session, row: Appointment) -> None:
    """Give the held units back (nothing when none were held or they are back already)."""
    if row.try_on_reservation_id is not None:
        _inventory(session).release(row.try_on_reservation_id)
        row.try_on_reservation_id = None


def hold_again(session: Session, row: Appointment, *, now: datetime) -> None:
    """After a reschedule: the units go back; held again at once only if the new start is
    within the lead (else ``place_due`` holds them when it comes close)."""
    release(session, row)
    if row.try_on and hold_due(starts_at=row.starts_at, now=now, lead=_lead()):
        _place(session, row, _inventory(session))


def place_due(*, session: Session, now: datetime, batch: int = 200) -> int:
    """Hold the items of live appointments now within the lead (the beat task); the count
    held. A short line leaves that appointment unheld (logged) and the next run tries again:
    stock may have come in. Rows are claimed ``SKIP LOCKED``, so runs never hold twice."""
    rows = session.scalars(
        select(Appointment)
        .where(
            Appointment.status.in_(LIVE_STATUSES),
            Appointment.try_on_reservation_id.is_(None),
            func.jsonb_array_length(Appointment.try_on) > 0,
            Appointment.starts_at <= now + _lead(),
            Appointment.ends_at > now,
        )
        .order_by(Appointment.starts_at, Appointment.id)
        .limit(batch)
        .with_for_update(skip_locked=True)
    ).all()
    inventory = _inventory(session)
    held = 0
    for row in rows:
        try:
            with session.begin_nested():
                _place(session, row, inventory)
            held += 1
        except DomainError as refused:
            log.warning(
                "try_on_hold_refused", appointment_id=row.id, code=refused.code, now=now.isoformat()
            )
    session.flush()
    return held
