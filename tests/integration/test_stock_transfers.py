"""Transfers: units leave when shipped, arrive when received, and are never made or lost."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from inventory import ledger, reservations, transfers
from inventory.ledger import Staff
from inventory.models import StockMovement
from inventory.transfer_schemas import TransferCreate, TransferReceipt
from services.platform.db import utcnow
from services.platform.errors import Conflict
from services.platform.uow import UnitOfWork
from tests import factories
from tests.aio import threads_together
from tests.shop import Shop, open_shop, stock_of

GUIDE = Staff("guide", 1)
THREADS = 8
ROUNDS = 10


def _second_location(shop: Shop, units: int = 0) -> int:
    """Another store of the shop's region keeping the shop's SKUs."""
    other = factories.location(store_id=factories.store(shop.region_id).id)
    for sku in shop.sku_ids:
        factories.stock(other.id, sku, units)
    return other.id


def _create(here: int, to: int, lines: dict[int, int]) -> int:
    body = TransferCreate(
        to_location_id=to, lines=[{"sku_id": s, "quantity": q} for s, q in lines.items()]
    )
    with UnitOfWork() as uow:
        made = transfers.create(session=uow.session, here=here, transfer=body, staff=GUIDE)
        uow.commit()
    return made.id


def _ship(here: int, transfer_id: int) -> Any:
    with UnitOfWork() as uow:
        shipped = transfers.ship(
            session=uow.session, here=here, transfer_id=transfer_id, staff=GUIDE
        )
        uow.commit()
    return shipped


def _receive(here: int, transfer_id: int, counted: dict[int, int] | None = None) -> Any:
    receipt = TransferReceipt(
        lines=None
        if counted is None
        else [{"sku_id": s, "received": q} for s, q in counted.items()]
    )
    with UnitOfWork() as uow:
        got = transfers.receive(
            session=uow.session, here=here, transfer_id=transfer_id, receipt=receipt, staff=GUIDE
        )
        uow.commit()
    return got


def _units(transfer_id: int, kind: str) -> int:
    with UnitOfWork() as uow:
        return int(
            uow.session.scalar(
                select(func.coalesce(func.sum(StockMovement.quantity), 0)).where(
                    StockMovement.source_type == "transfer",
                    StockMovement.source_id == transfers.source_id(transfer_id),
                    StockMovement.kind == kind,
                )
            )
            or 0
        )


def _drift() -> list[ledger.LedgerDrift]:
    with UnitOfWork() as uow:
        return ledger.drifted(session=uow.session)


def test_a_received_transfer_moves_units_without_making_or_losing_any(db: Any) -> None:
    shop = open_shop(units=10, skus=2)
    a, b = shop.sku_ids
    there = _second_location(shop)
    transfer_id = _create(shop.location_id, there, {a: 4, b: 3})
    assert stock_of(shop.location_id, a) == (10, 0)  # requested: nothing moved yet

    shipped = _ship(shop.location_id, transfer_id)
    assert shipped.status == "in_transit"
    assert stock_of(shop.location_id, a)[0] == 6 and stock_of(shop.location_id, b)[0] == 7
    assert _units(transfer_id, "transfer_out") == -7 and _units(transfer_id, "transfer_in") == 0

    got = _receive(there, transfer_id)
    assert got.status == "received"
    assert [(line.received, line.discrepancy) for line in got.lines] == [(4, 0), (3, 0)]
    assert _units(transfer_id, "transfer_out") + _units(transfer_id, "transfer_in") == 0
    assert stock_of(there, a) == (4, 0) and stock_of(there, b) == (3, 0)
    total = sum(stock_of(loc, sku)[0] for loc in (shop.location_id, there) for sku in (a, b))
    assert total == 20
    assert _drift() == []


def test_a_short_arrival_is_recorded_as_the_discrepancy(db: Any) -> None:
    shop = open_shop(units=10, skus=2)
    a, b = shop.sku_ids
    there = _second_location(shop)
    transfer_id = _create(shop.location_id, there, {a: 4, b: 3})
    _ship(shop.location_id, transfer_id)
    got = _receive(there, transfer_id, {a: 3, b: 3})
    assert {line.sku_id: line.discrepancy for line in got.lines} == {a: 1, b: 0}
    discrepancy = sum(line.discrepancy or 0 for line in got.lines)
    out, in_ = _units(transfer_id, "transfer_out"), _units(transfer_id, "transfer_in")
    assert (out, in_) == (-7, 6) and out + in_ + discrepancy == 0
    assert _drift() == []


def test_a_receipt_counts_every_line_sent_and_never_more(db: Any) -> None:
    shop = open_shop(units=10, skus=2)
    a, b = shop.sku_ids
    there = _second_location(shop)
    transfer_id = _create(shop.location_id, there, {a: 2, b: 2})
    _ship(shop.location_id, transfer_id)
    for counted, code in (
        ({a: 2}, "transfer_lines_mismatch"),
        ({a: 3, b: 2}, "received_more_than_sent"),
    ):
        with pytest.raises(Exception) as refused:
            _receive(there, transfer_id, counted)
        assert getattr(refused.value, "code", None) == code
    with pytest.raises(Conflict) as wrong_end:
        _receive(shop.location_id, transfer_id)  # the source cannot book its own goods in
    assert wrong_end.value.code == "transfer_wrong_end"
    assert stock_of(there, a) == (0, 0)
    _receive(there, transfer_id)
    with pytest.raises(Conflict) as twice:
        _receive(there, transfer_id)
    assert twice.value.code == "transfer_status"
    assert stock_of(there, a) == (2, 0)


def test_shipping_never_takes_units_reserved_for_shoppers(db: Any) -> None:
    shop = open_shop(units=5)
    sku = shop.sku_ids[0]
    there = _second_location(shop)
    with UnitOfWork() as uow:
        reservations.reserve(
            session=uow.session,
            reference="order-held",
            location_id=shop.location_id,
            lines={sku: 2},
            until=utcnow().replace(year=2100),
        )
        uow.commit()
    too_many = _create(shop.location_id, there, {sku: 4})
    with pytest.raises(Conflict) as refused:
        _ship(shop.location_id, too_many)
    assert refused.value.code == "below_reserved"
    assert stock_of(shop.location_id, sku) == (5, 2)
    fits = _create(shop.location_id, there, {sku: 3})
    _ship(shop.location_id, fits)
    assert stock_of(shop.location_id, sku) == (2, 2)


def test_a_transfer_is_cancelled_only_before_it_ships(db: Any) -> None:
    shop = open_shop(units=5)
    sku = shop.sku_ids[0]
    there = _second_location(shop)
    called_off = _create(shop.location_id, there, {sku: 1})
    with UnitOfWork() as uow:
        assert transfers.cancel(session=uow.session, here=there, transfer_id=called_off).status == (
            "cancelled"
        )
        uow.commit()
    with pytest.raises(Conflict) as no_ship:
        _ship(shop.location_id, called_off)
    assert no_ship.value.code == "transfer_status"
    shipped = _create(shop.location_id, there, {sku: 1})
    _ship(shop.location_id, shipped)
    with UnitOfWork() as uow, pytest.raises(Conflict) as late:
        transfers.cancel(session=uow.session, here=shop.location_id, transfer_id=shipped)
    assert late.value.code == "transfer_status"
    assert stock_of(shop.location_id, sku) == (4, 0)


@pytest.fixture
def wide_pool(db: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    from tests.conftest import _clear_caches

    monkeypatch.setenv("O2O_DB_POOL_SIZE", str(THREADS + 5))
    _clear_caches()
    return db


def test_a_transfer_shipped_by_many_at_once_ships_once(wide_pool: Any) -> None:
    shop = open_shop(units=1000)
    sku = shop.sku_ids[0]
    there = _second_location(shop)
    for round_ in range(ROUNDS):
        transfer_id = _create(shop.location_id, there, {sku: 3})
        before = stock_of(shop.location_id, sku)[0]

        def attempt(_: int, transfer_id: int = transfer_id) -> Any:
            return _ship(shop.location_id, transfer_id)

        outcomes = threads_together(THREADS, attempt)
        shipped = [o for o in outcomes if not isinstance(o, Exception)]
        refused = [o for o in outcomes if isinstance(o, Conflict) and o.code == "transfer_status"]
        assert (len(shipped), len(refused)) == (1, THREADS - 1), (round_, outcomes)
        assert stock_of(shop.location_id, sku)[0] == before - 3
        assert _units(transfer_id, "transfer_out") == -3
    assert _drift() == []
