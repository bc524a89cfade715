"""Service cases in the database: opened once per source, each step kept and told."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from orders.cases.models import CaseStep, ServiceCase
from orders.client import open_case
from services.platform.uow import UnitOfWork
from tests import factories


def test_a_detractor_opens_exactly_one_case_under_concurrent_and_repeated_calls(db) -> None:
    store = factories.store(factories.region().id)
    member = factories.member(name="Unhappy")
    rounds, threads = 5, 6
    for n in range(rounds):
        barrier = threading.Barrier(threads)
        ids: list[int] = []

        def answer(
            key: str = f"feedback-{n}",
            barrier: threading.Barrier = barrier,
            ids: list[int] = ids,
        ) -> None:
            with UnitOfWork() as uow:
                barrier.wait()
                ids.append(
                    open_case(
                        uow.session,
                        kind="apology",
                        member_id=member.id,
                        store_id=store.id,
                        source_key=key,
                        summary="NPS 3: the fitting room was closed",
                    )
                )
                uow.commit()

        workers = [threading.Thread(target=answer) for _ in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        assert len(set(ids)) == 1 and len(ids) == threads
    with UnitOfWork() as uow:
        assert uow.session.scalar(select(func.count()).select_from(ServiceCase)) == rounds
        steps = uow.session.execute(select(CaseStep.action, CaseStep.status)).all()
        assert sorted(steps) == [("open", "open")] * rounds
        case = uow.session.scalars(select(ServiceCase)).first()
        assert case is not None and case.due_at > case.created_at and case.status == "open"
