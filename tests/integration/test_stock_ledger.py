"""The stock ledger: on-hand is always the sum of its movements, under every path and race."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text

from inventory import ledger, operations, reservations, returns, transfers
from inventory.ledger import Staff
from inventory.models import Delivery, StockMovement
from inventory.schemas import AdjustmentCreate, CountCreate, ReceiptCreate
from inventory.transfer_schemas import TransferCreate, TransferReceipt
from services.platform.db import utcnow
from services.platform.errors import Conflict
from services.platform.uow import UnitOfWork
from tests import factories
from tests.aio import threads_together
from tests.shop import Shop, live_reserved, open_shop, stock_of

THREADS = 12
ROUNDS = 8
GUIDE = Staff("guide", 1)


@pytest.fixture
def wide_pool(db: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    from tests.conftest import _clear_caches

    monkeypatch.setenv("O2O_DB_POOL_SIZE", str(THREADS + 5))
    _clear_caches()
    return db


def _movements(location_id: int, sku_id: int) -> int:
    with UnitOfWork() as uow:
        return int(
            uow.session.scalar(
                select(func.coalesce(func.sum(StockMovement.quantity), 0)).where(
                    StockMovement.location_id == location_id, StockMovement.sku_id == sku_id
                )
            )
            or 0
        )


def _drifted() -> list[ledger.LedgerDrift]:
    with UnitOfWork() as uow:
        return ledger.drifted(session=uow.session)


def _sale(shop: Shop, sku: int, qty: int, tag: str, *, outcome: str) -> str:
    """A cart reserved, paid (allocated), then handed over (``sold``), handed over and
    partly brought back (``returned``), or refunded before handover (``refunded``)."""
    with UnitOfWork() as uow:
        held = reservations.reserve(
            session=uow.session,
            reference=f"order-{tag}",
            location_id=shop.location_id,
            lines={sku: qty},
            until=utcnow() + timedelta(minutes=15),
        )
        uow.commit()
    with UnitOfWork() as uow:
        reservations.confirm(session=uow.session, reservation_id=held.id)
        uow.commit()
    with UnitOfWork() as uow:
        if outcome == "refunded":
            reservations.release(session=uow.session, reservation_id=held.id)
        else:
            reservations.fulfil(session=uow.session, reservation_id=held.id, staff=GUIDE)
        uow.commit()
    if outcome == "returned":
        with UnitOfWork() as uow:
            returns.restock(session=uow.session, reservation_id=held.id, returned={sku: 1})
            uow.commit()
    return outcome


def _transfer(here: int, there: int, sku: int, qty: int, arrived: int) -> str:
    """Requested, shipped from ``here`` and received at ``there`` (``arrived`` units of qty)."""
    body = TransferCreate(to_location_id=there, lines=[{"sku_id": sku, "quantity": qty}])
    with UnitOfWork() as uow:
        made = transfers.create(session=uow.session, here=here, transfer=body, staff=GUIDE)
        uow.commit()
    with UnitOfWork() as uow:
        transfers.ship(session=uow.session, here=here, transfer_id=made.id, staff=GUIDE)
        uow.commit()
    receipt = TransferReceipt(lines=[{"sku_id": sku, "received": arrived}])
    with UnitOfWork() as uow:
        transfers.receive(
            session=uow.session, here=there, transfer_id=made.id, receipt=receipt, staff=GUIDE
        )
        uow.commit()
    return "transferred"


def _hold(shop: Shop, sku: int, qty: int) -> None:
    """Units held for an unpaid order (reserved, still on the shelf)."""
    with UnitOfWork() as uow:
        reservations.reserve(
            session=uow.session,
            reference="order-held",
            location_id=shop.location_id,
            lines={sku: qty},
            until=utcnow() + timedelta(minutes=15),
        )
        uow.commit()


def _receive(shop: Shop, sku: int, qty: int, note: str) -> str:
    with UnitOfWork() as uow:
        operations.receive(
            session=uow.session,
            location_id=shop.location_id,
            receipt=ReceiptCreate(delivery_note=note, lines=[{"sku_id": sku, "quantity": qty}]),
            staff=GUIDE,
        )
        uow.commit()
    return "received"


def _adjust(shop: Shop, sku: int, qty: int) -> str:
    with UnitOfWork() as uow:
        operations.adjust(
            session=uow.session,
            location_id=shop.location_id,
            adjustment=AdjustmentCreate(
                sku_id=sku, quantity=qty, reason="found" if qty > 0 else "damaged"
            ),
            staff=GUIDE,
        )
        uow.commit()
    return "adjusted"


def test_on_hand_is_the_sum_of_movements_after_a_random_mix_in_races(wide_pool: Any) -> None:
    from inventory.tasks import reconcile_reserved

    shop = open_shop(units=6, skus=2)
    there = factories.location(store_id=factories.store(shop.region_id).id).id
    for sku in shop.sku_ids:
        factories.stock(there, sku, 6)
    places = (shop.location_id, there)
    rng = random.Random(17)
    kinds = ("sale", "return", "refund", "receipt", "adjust", "transfer")
    outcomes: list[Any] = []
    for round_ in range(ROUNDS):
        # Drawn before the threads start: the same mix every run.
        plan = [
            (
                rng.choice(kinds),
                rng.choice(shop.sku_ids),
                rng.randint(1, 2),
                rng.choice((-2, -1, 1)),
                rng.random() < 0.5,
            )
            for _ in range(THREADS)
        ]

        def attempt(i: int, plan: list[Any] = plan, round_: int = round_) -> str:
            kind, sku, qty, delta, outward = plan[i]
            tag = f"{round_}-{i}"
            if kind in ("sale", "return", "refund"):
                outcome = {"sale": "sold", "return": "returned", "refund": "refunded"}[kind]
                return _sale(shop, sku, qty, tag, outcome=outcome)
            if kind == "receipt":
                return _receive(shop, sku, 3, f"DN-{tag}")
            if kind == "adjust":
                return _adjust(shop, sku, delta)
            here, far = places if outward else places[::-1]
            return _transfer(here, far, sku, qty, arrived=qty - (1 if delta == -2 else 0))

        outcomes += threads_together(THREADS, attempt)
        for location_id in places:  # the invariant holds after every round, not just at the end
            for sku in shop.sku_ids:
                on_hand, reserved = stock_of(location_id, sku)
                assert on_hand == _movements(location_id, sku)
                assert reserved == live_reserved(location_id, sku) == 0
        assert reconcile_reserved.apply().get() == 0
    unexpected = [
        o
        for o in outcomes
        if isinstance(o, Exception)
        and not (
            isinstance(o, Conflict)
            and o.code in ("out_of_stock", "not_enough_on_hand", "below_reserved")
        )
    ]
    assert unexpected == []
    assert {"sold", "returned", "refunded", "received", "adjusted", "transferred"} <= set(outcomes)
    assert _drifted() == []


def test_a_delivery_note_received_by_many_at_once_applies_once(wide_pool: Any) -> None:
    for round_ in range(ROUNDS):
        shop = open_shop(units=2)
        sku = shop.sku_ids[0]
        note = f"DN-RACE-{round_}"

        def attempt(_: int, shop: Shop = shop, note: str = note, sku: int = sku) -> bool:
            with UnitOfWork() as uow:
                read = operations.receive(
                    session=uow.session,
                    location_id=shop.location_id,
                    receipt=ReceiptCreate(
                        delivery_note=note, lines=[{"sku_id": sku, "quantity": 5}]
                    ),
                    staff=GUIDE,
                )
                uow.commit()
            return read.applied

        results = threads_together(THREADS, attempt)
        assert sorted(results, key=str) == [False] * (THREADS - 1) + [True]
        assert stock_of(shop.location_id, sku) == (7, 0)
        assert _movements(shop.location_id, sku) == 7


def test_the_same_note_with_other_lines_is_refused_and_changes_nothing(db: Any) -> None:
    shop = open_shop(units=2)
    sku = shop.sku_ids[0]
    _receive(shop, sku, 4, "DN-1")
    with pytest.raises(Conflict) as refused:
        _receive(shop, sku, 5, "DN-1")
    assert refused.value.code == "delivery_note_reused"
    assert stock_of(shop.location_id, sku) == (6, 0)
    with UnitOfWork() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Delivery)) == 1


def test_a_count_never_sets_on_hand_below_reserved(db: Any) -> None:
    shop = open_shop(units=5)
    sku = shop.sku_ids[0]
    _hold(shop, sku, 3)

    def counted(quantity: int, accept: bool = False) -> Any:
        with UnitOfWork() as uow:
            read = operations.count(
                session=uow.session,
                location_id=shop.location_id,
                counted=CountCreate(
                    count_id="C-1",
                    lines=[{"sku_id": sku, "counted": quantity}],
                    accept_below_reserved=accept,
                ),
                staff=GUIDE,
            )
            uow.commit()
        return read

    with pytest.raises(Conflict) as refused:
        counted(1)
    assert refused.value.code == "count_below_reserved"
    assert stock_of(shop.location_id, sku) == (5, 3)
    [line] = counted(1, accept=True).lines
    assert (line.on_hand_before, line.on_hand_after, line.short) == (5, 3, 2)
    assert stock_of(shop.location_id, sku) == (3, 3)
    [line] = counted(4).lines
    assert (line.on_hand_after, line.short) == (4, 0)
    assert stock_of(shop.location_id, sku) == (4, 3) and _movements(shop.location_id, sku) == 4


def test_an_adjustment_below_reserved_is_refused(db: Any) -> None:
    shop = open_shop(units=3)
    sku = shop.sku_ids[0]
    _hold(shop, sku, 2)
    with pytest.raises(Conflict) as refused:
        _adjust(shop, sku, -2)
    assert refused.value.code == "below_reserved"
    assert _adjust(shop, sku, -1) == "adjusted"
    assert stock_of(shop.location_id, sku) == (2, 2)


def test_reconciliation_reports_on_hand_that_the_ledger_does_not_explain(db: Any) -> None:
    from inventory.tasks import reconcile_reserved

    shop = open_shop(units=4, skus=2)
    assert reconcile_reserved.apply().get() == 0
    with UnitOfWork() as uow:  # a change made by hand, outside the ledger
        uow.session.execute(
            text("UPDATE inventory.stock SET on_hand = on_hand + 3 WHERE sku_id = :s"),
            {"s": shop.sku_ids[1]},
        )
        uow.commit()
    [drift] = _drifted()
    assert (drift.sku_id, drift.on_hand, drift.movements) == (shop.sku_ids[1], 7, 4)
    assert reconcile_reserved.apply().get() == 1
