"""Points: each source applied once, the balance never below zero, even under races."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from services.members import points
from services.members.models import Member, PointsEntry
from services.platform.errors import Conflict, DomainError
from services.platform.uow import UnitOfWork
from tests import factories


def _earn(member_id: int, amount: int, source: str) -> bool:
    with UnitOfWork() as uow:
        entry = points.earn(session=uow.session, member_id=member_id, points=amount, source=source)
        uow.commit()
    return not entry.replayed


def _spend(member_id: int, amount: int, source: str) -> bool:
    with UnitOfWork() as uow:
        try:
            points.spend(session=uow.session, member_id=member_id, points=amount, source=source)
        except Conflict:
            return False
        uow.commit()
    return True


def _balance(member_id: int) -> tuple[int, int, int]:
    with UnitOfWork() as uow:
        member = uow.session.get(Member, member_id)
        assert member is not None
        total = uow.session.scalar(
            select(func.coalesce(func.sum(PointsEntry.delta), 0)).where(
                PointsEntry.member_id == member_id
            )
        )
        entries = uow.session.scalar(select(func.count()).where(PointsEntry.member_id == member_id))
        return member.points, int(total or 0), int(entries or 0)


def _race(n: int, work) -> list:
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i: int) -> None:
        barrier.wait()
        results[i] = work(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_earning_twice_for_one_source_counts_once(db) -> None:
    member = factories.member()
    assert _earn(member.id, 10, "order:1") is True
    assert _earn(member.id, 10, "order:1") is False
    assert _balance(member.id) == (10, 10, 1)


def test_a_source_reused_for_another_amount_is_refused(db) -> None:
    member = factories.member()
    _earn(member.id, 10, "order:1")
    with UnitOfWork() as uow, pytest.raises(Conflict) as refused:
        points.earn(session=uow.session, member_id=member.id, points=20, source="order:1")
    assert refused.value.code == "points_source_reused"


def test_spending_more_than_the_balance_is_refused_and_changes_nothing(db) -> None:
    member = factories.member()
    _earn(member.id, 30, "gift")
    assert _spend(member.id, 31, "redeem:1") is False
    assert _balance(member.id) == (30, 30, 1)
    assert _spend(member.id, 30, "redeem:2") is True
    assert _balance(member.id) == (0, 0, 2)


@pytest.mark.parametrize("amount", [0, -5])
def test_non_positive_amounts_are_refused(db, amount: int) -> None:
    member = factories.member()
    with UnitOfWork() as uow, pytest.raises(DomainError):
        points.earn(session=uow.session, member_id=member.id, points=amount, source="x")


def test_concurrent_spends_never_overdraw(db) -> None:
    for round_ in range(3):
        member = factories.member()
        _earn(member.id, 50, f"start:{round_}")
        spent = _race(12, lambda i, m=member.id: _spend(m, 10, f"redeem:{i}"))
        assert spent.count(True) == 5
        assert _balance(member.id) == (0, 0, 6)


def test_concurrent_earns_of_one_source_apply_once(db) -> None:
    for _ in range(3):
        member = factories.member()
        applied = _race(12, lambda i, m=member.id: _earn(m, 10, "check-in:2026-11-22"))
        assert applied.count(True) == 1
        assert _balance(member.id) == (10, 10, 1)
