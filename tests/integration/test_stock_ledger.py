"""The stock ledger: on-hand is always the sum of its movements, under every path and race."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text

from inventory import ledger, operations, reservations
from inventory.ledger import Staff
from inventory.models import Delivery, StockMovement
from inventory.schemas import AdjustmentCreate, CountCreate, ReceiptCreate
from services.platform.db import utcnow
from services.platform.errors import Conflict
from services.platform.uow import UnitOfWork
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


def _sale(shop: Shop, sku: int, qty: int, tag: str, *, collect: bool) -> str:
    """A cart reserved, paid (allocated), then handed over, or refunded before handover."""
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
        if collect:
            reservations.fulfil(session=uow.session, reservation_id=held.id, staff=GUIDE)
        else:
            reservations.release(session=uow.session, reservation_id=held.id)
        uow.commit()
    return "sold" if collect else "refunded"


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
    shop = open_shop(units=6, skus=2)
    rng = random.Random(17)
    outcomes: list[Any] = []
    for round_ in range(ROUNDS):
        plan = [
            (rng.choice(("sale", "refund", "receipt", "adjust")), rng.choice(shop.sku_ids))
            for _ in range(THREADS)
        ]

        def attempt(i: int, plan: list[tuple[str, int]] = plan, round_: int = round_) -> str:
            kind, sku = plan[i]
            tag = f"{round_}-{i}"
            if kind in ("sale", "refund"):
                return _sale(shop, sku, rng.randint(1, 2), tag, collect=kind == "sale")
            if kind == "receipt":
                return _receive(shop, sku, 3, f"DN-{tag}")
            return _adjust(shop, sku, rng.choice((-2, -1, 1)))

        outcomes += threads_together(THREADS, attempt)
        for sku in shop.sku_ids:  # the invariant holds after every round, not just at the end
            on_hand, reserved = stock_of(shop.location_id, sku)
            assert on_hand == _movements(shop.location_id, sku)
            assert reserved == live_reserved(shop.location_id, sku) == 0
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
    assert {"sold", "refunded", "received", "adjusted"} <= set(outcomes)
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
