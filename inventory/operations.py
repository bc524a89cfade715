"""Store operations on stock: receive a delivery, adjust with a reason, count a shelf.

Every change goes through ``ledger.move``. Who may act where is decided here,
once, for both front doors: a guide at their own store's location, a manager at
the stores of their regions (HQ everywhere, warehouses included); anything else
is 404, as if it did not exist.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from inventory import ledger
from inventory.ledger import Staff
from inventory.models import Delivery, Location, Product, Sku, Stock
from inventory.schemas import (
    AdjustmentCreate,
    CountCreate,
    CountedLineRead,
    CountRead,
    ReceiptCreate,
    ReceiptRead,
    StockLevelRead,
    StockLine,
)
from services.platform.errors import Conflict, InvalidInput, NotFound
from stores.client import LocalStoresClient


def _no_location(what: str) -> NotFound:
    return NotFound(f"{what} does not exist", code="location_not_found")


def store_location(*, session: Session, store_id: int, own_store_id: int) -> int:
    """The stock location of a guide's own store (404 for any other store)."""
    location_id = session.scalar(
        select(Location.id).where(Location.store_id == store_id, Location.active.is_(True))
    )
    if store_id != own_store_id or location_id is None:
        raise _no_location(f"store {store_id}")
    return location_id


def managed_location(
    *, session: Session, location_id: int, region_ids: tuple[int, ...] | None
) -> int:
    """``location_id`` if the manager may act there: HQ anywhere, others at their stores."""
    location = session.get(Location, location_id)
    if location is None or not location.active:
        raise _no_location(f"location {location_id}")
    if region_ids is None:
        return location_id
    if location.store_id is None:  # warehouses belong to no region
        raise _no_location(f"location {location_id}")
    store = LocalStoresClient(session).get_store(location.store_id)
    if store.region_id not in region_ids:
        raise _no_location(f"location {location_id}")
    return location_id


def known_skus(session: Session, skus: list[int]) -> None:
    """404 ``sku_not_found`` naming the first SKU the catalog does not have."""
    known = set(session.scalars(select(Sku.id).where(Sku.id.in_(skus))))
    unknown = sorted(set(skus) - known)
    if unknown:
        raise NotFound(
            f"SKU {unknown[0]} does not exist", code="sku_not_found", details={"sku_id": unknown[0]}
        )


def merged_lines(lines: list[StockLine]) -> dict[int, int]:
    merged: dict[int, int] = {}
    for line in lines:
        if line.sku_id in merged:
            raise InvalidInput(
                "each SKU may appear once", code="repeated_sku", details={"sku_id": line.sku_id}
            )
        merged[line.sku_id] = line.quantity
    return merged


def receive(
    *, session: Session, location_id: int, receipt: ReceiptCreate, staff: Staff
) -> ReceiptRead:
    """Book a delivery into on-hand, once per delivery note at this location.

    The note is claimed first (a concurrent repeat waits on it, then finds it
    taken): a repeat with the same lines answers ``applied: false`` and changes
    nothing; the same note with other lines is a 409 ``delivery_note_reused``.
    """
    lines = merged_lines(receipt.lines)
    known_skus(session, list(lines))
    stored = {str(sku): qty for sku, qty in sorted(lines.items())}
    claimed = session.execute(
        pg_insert(Delivery)
        .values(
            location_id=location_id,
            delivery_note=receipt.delivery_note,
            lines=stored,
            staff_role=staff.role,
            staff_id=staff.id,
        )
        .on_conflict_do_nothing()
        .returning(Delivery.received_at)
    ).first()
    if claimed is None:
        earlier = session.get_one(
            Delivery, (location_id, receipt.delivery_note), populate_existing=True
        )
        if earlier.lines != stored:
            raise Conflict(
                "this delivery note was received with other lines",
                code="delivery_note_reused",
                details={"delivery_note": receipt.delivery_note},
            )
        return _receipt(location_id, receipt.delivery_note, earlier.lines, False, earlier)
    ledger.move(
        session=session,
        location_id=location_id,
        changes=lines,
        kind="receipt",
        source_type="delivery",
        source_id=receipt.delivery_note,
        staff=staff,
    )
    delivery = session.get_one(Delivery, (location_id, receipt.delivery_note))
    return _receipt(location_id, receipt.delivery_note, stored, True, delivery)


def _receipt(
    location_id: int, note: str, lines: dict[str, int], applied: bool, delivery: Delivery
) -> ReceiptRead:
    return ReceiptRead(
        location_id=location_id,
        delivery_note=note,
        lines=[StockLine(sku_id=int(sku), quantity=qty) for sku, qty in lines.items()],
        applied=applied,
        received_at=delivery.received_at,
    )


def adjust(
    *, session: Session, location_id: int, adjustment: AdjustmentCreate, staff: Staff
) -> StockLevelRead:
    """Damaged, lost, found: on-hand moves by the signed quantity, never below reserved."""
    if adjustment.quantity == 0:
        raise InvalidInput("an adjustment changes at least one unit", code="adjustment_zero")
    known_skus(session, [adjustment.sku_id])
    before = ledger.move(
        session=session,
        location_id=location_id,
        changes={adjustment.sku_id: adjustment.quantity},
        kind="adjustment",
        reason=adjustment.reason,
        source_type="manual",
        source_id=f"{staff.role}-{staff.id}",
        staff=staff,
    )[adjustment.sku_id]
    return StockLevelRead(
        location_id=location_id,
        sku_id=adjustment.sku_id,
        on_hand=before.on_hand + adjustment.quantity,
        reserved=before.reserved,
    )


def _whole_category(
    session: Session, location_id: int, category: str, lines: dict[int, int]
) -> dict[int, int]:
    """The count's lines completed for a category: its SKUs on hand here and not listed
    were not found (zero). 422 ``sku_not_in_category`` for a listed SKU of another one."""
    in_category = set(
        session.scalars(
            select(Sku.id)
            .join(Product, Product.id == Sku.product_id)
            .where(Product.category == category)
        )
    )
    stray = sorted(set(lines) - in_category)
    if stray:
        raise InvalidInput(
            f"SKU {stray[0]} is not in category {category}",
            code="sku_not_in_category",
            details={"sku_id": stray[0], "category": category},
        )
    on_shelf = session.scalars(
        select(Stock.sku_id).where(
            Stock.location_id == location_id,
            Stock.sku_id.in_(in_category),
            Stock.on_hand > 0,
        )
    )
    return {**{sku: 0 for sku in on_shelf}, **lines}


def count(*, session: Session, location_id: int, counted: CountCreate, staff: Staff) -> CountRead:
    """Counted quantities become ``count_correction`` adjustments for the differences.

    A count below the reserved units is refused (409 ``count_below_reserved``, nothing
    written) unless ``accept_below_reserved``: then on-hand stops at the reserved units
    (those goods are promised to shoppers) and the shortfall is reported per line.
    """
    lines = {line.sku_id: line.counted for line in counted.lines}
    if len(lines) != len(counted.lines):
        raise InvalidInput("each SKU may appear once", code="repeated_sku")
    known_skus(session, list(lines))
    if counted.category is not None:
        lines = _whole_category(session, location_id, counted.category, lines)
    levels = ledger.lock(session=session, location_id=location_id, skus=list(lines))
    short = {sku: max(levels[sku].reserved - qty, 0) for sku, qty in lines.items()}
    if any(short.values()) and not counted.accept_below_reserved:
        sku = min(s for s, units in short.items() if units)
        raise Conflict(
            "the count is below the units reserved for shoppers",
            code="count_below_reserved",
            details={"sku_id": sku, "counted": lines[sku], "reserved": levels[sku].reserved},
        )
    after = {sku: qty + short[sku] for sku, qty in lines.items()}
    ledger.move(
        session=session,
        location_id=location_id,
        changes={sku: after[sku] - levels[sku].on_hand for sku in lines},
        kind="adjustment",
        reason="count_correction",
        source_type="count",
        source_id=counted.count_id,
        staff=staff,
    )
    return CountRead(
        location_id=location_id,
        count_id=counted.count_id,
        lines=[
            CountedLineRead(
                sku_id=sku,
                counted=lines[sku],
                on_hand_before=levels[sku].on_hand,
                on_hand_after=after[sku],
                short=short[sku],
            )
            for sku in sorted(lines)
        ],
    )
