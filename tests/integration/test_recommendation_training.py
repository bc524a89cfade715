"""Training on a small planted history: the planted complement comes first, a newcomer
gets what is popular at the store, and a paid order re-scores its member incrementally."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.recommendations import client, training
from services.recommendations.models import Home, MemberPick, Together
from tests.planted_history import paid_order, plant


def _train() -> training.Trained:
    with UnitOfWork() as uow:
        trained = training.train(uow.session, settings=get_settings(), now=utcnow())
        uow.commit()
    return trained


def test_training_puts_the_planted_complement_first(db) -> None:
    planted = plant()
    trained = _train()
    assert trained.purchases >= 8 * 4 and trained.members > 0
    with UnitOfWork() as uow:
        picks = uow.session.execute(
            select(MemberPick.product_id, MemberPick.why)
            .where(MemberPick.member_id == planted.tent_buyer)
            .order_by(MemberPick.rank)
        ).all()
        together = uow.session.scalars(
            select(Together.other_id)
            .where(Together.product_id == planted.product["rain_jacket"])
            .order_by(Together.rank)
        ).all()
        home = uow.session.scalar(select(Home.store_id).where(Home.member_id == planted.tent_buyer))
        answer = client.for_member(
            uow.session,
            member_id=planted.tent_buyer,
            store_id=planted.store_id,
            limit=3,
            touchpoint=None,
            now=utcnow(),
        )
    assert picks[0] == (planted.product["sleeping_bag"], "bought_together")
    assert planted.product["tent"] not in {p for p, _ in picks}  # never what they bought
    assert together[0] == planted.product["beanie"]
    assert home == planted.store_id
    assert answer.items[0].product_id == planted.product["sleeping_bag"]
    assert answer.items[0].sku_ids == [planted.sku["sleeping_bag"]]


def test_a_newcomer_gets_what_is_popular_at_the_store(db) -> None:
    planted = plant()
    _train()
    with UnitOfWork() as uow:
        answer = client.for_member(
            uow.session,
            member_id=planted.newcomer,
            store_id=planted.store_id,
            limit=3,
            touchpoint=None,
            now=utcnow(),
        )
    assert answer.items[0].product_id == planted.product["bottle"]
    assert {i.why for i in answer.items} == {"popular_nearby"}


def test_a_paid_order_re_scores_its_member_before_the_next_retrain(db) -> None:
    planted = plant()
    _train()
    with UnitOfWork() as uow:  # the newcomer's first order: a rain jacket
        assert (
            uow.session.scalar(
                select(MemberPick.product_id).where(MemberPick.member_id == planted.newcomer)
            )
            is None
        )
    paid_order(
        planted.newcomer,
        planted.store_id,
        [planted.sku["rain_jacket"]],
        at=utcnow() - timedelta(seconds=5),
    )
    with UnitOfWork() as uow:
        refreshed = training.refresh(uow.session, settings=get_settings(), now=utcnow())
        uow.commit()
    with UnitOfWork() as uow:
        first = uow.session.execute(
            select(MemberPick.product_id, MemberPick.why)
            .where(MemberPick.member_id == planted.newcomer)
            .order_by(MemberPick.rank)
        ).first()
    assert refreshed == 1
    assert first == (planted.product["beanie"], "bought_together")
