"""A closed service case is an occasion: published with the close, recorded once, invited once."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from orders.cases import acting
from orders.cases.acting import CaseStaff
from orders.cases.schemas import CaseStepCreate
from orders.client import CASE_CLOSED_TOPIC, open_case
from services.feedback import service, tasks
from services.feedback.models import Invitation, JourneyEvent
from services.platform.db import utcnow
from services.platform.errors import Conflict
from services.platform.outbox import OutboxMessage
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from tests import factories


def _resolve(case_id: int, staff: CaseStaff, barrier: threading.Barrier | None = None) -> str:
    with UnitOfWork() as uow:
        if barrier is not None:
            barrier.wait()
        try:
            acting.act(
                session=uow.session,
                case_id=case_id,
                staff=staff,
                body=CaseStepCreate(action="resolve", outcome="apologised", note="called her"),
                now=utcnow(),
            )
        except Conflict as refused:
            return refused.code
        uow.commit()
        return "resolved"


def _invite() -> int:
    with UnitOfWork() as uow:
        invited = service.invite_due(uow.session, settings=get_settings(), now=utcnow())
        uow.commit()
    return invited


def _closed_messages() -> list[OutboxMessage]:
    with UnitOfWork() as uow:
        rows = uow.session.scalars(
            select(OutboxMessage).where(OutboxMessage.topic == CASE_CLOSED_TOPIC)
        ).all()
        uow.session.expunge_all()
        return list(rows)


def test_closing_a_case_invites_exactly_once_under_retried_closes_and_beats(db) -> None:
    store = factories.store(factories.region().id)
    guide = factories.guide(store.id)
    member = factories.member()
    staff = CaseStaff("guide", guide.id, store_id=store.id)
    with UnitOfWork() as uow:
        case_id = open_case(
            uow.session,
            kind="apology",
            member_id=member.id,
            store_id=store.id,
            source_key="feedback:closed-1",
            summary="NPS 3",
        )
        uow.commit()
    assert _invite() == 0  # an open case is no occasion yet

    barrier = threading.Barrier(2)  # the close sent twice at once: one wins
    outcomes: list[str] = []
    workers = [
        threading.Thread(target=lambda: outcomes.append(_resolve(case_id, staff, barrier)))
        for _ in range(2)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert sorted(outcomes) == ["case_closed", "resolved"]
    assert _resolve(case_id, staff) == "case_closed"  # and retried later

    [message] = _closed_messages()  # one event, written with the close that committed
    assert message.published_at is not None  # relayed (eagerly) to the feedback consumer
    assert (message.payload["case_id"], message.payload["member_id"]) == (case_id, member.id)
    tasks.case_closed(message.id, message.topic, message.payload)  # redelivered
    with UnitOfWork() as uow:
        events = uow.session.scalars(
            select(JourneyEvent).where(JourneyEvent.kind == "case_closed")
        ).all()
        assert [(e.event_key, e.stage, e.store_id) for e in events] == [
            (f"case_closed:{case_id}", "retain", store.id)
        ]

    barrier = threading.Barrier(3)  # beat runs at once, then again
    invited: list[int] = []

    def beat() -> None:
        barrier.wait()
        invited.append(_invite())

    beats = [threading.Thread(target=beat) for _ in range(3)]
    for b in beats:
        b.start()
    for b in beats:
        b.join()
    invited.append(_invite())
    assert sum(invited) == 1
    with UnitOfWork() as uow:
        [invitation] = uow.session.scalars(select(Invitation)).all()
        assert (invitation.member_id, invitation.kind, invitation.store_id) == (
            member.id,
            "case_closed",
            store.id,
        )
        asked = uow.session.scalar(
            select(func.count()).where(
                OutboxMessage.topic == "notification.requested",
                OutboxMessage.payload["template"].astext == "feedback_invitation",
            )
        )
        assert asked == 1


def test_a_closed_case_counts_toward_the_monthly_cap(db) -> None:
    cap = get_settings().feedback_invites_per_month
    store = factories.store(factories.region().id)
    guide = factories.guide(store.id)
    member = factories.member()
    staff = CaseStaff("guide", guide.id, store_id=store.id)
    for n in range(cap + 2):
        with UnitOfWork() as uow:
            case_id = open_case(
                uow.session,
                kind="apology",
                member_id=member.id,
                store_id=store.id,
                source_key=f"feedback:cap-{n}",
                summary="NPS 2",
            )
            uow.commit()
        assert _resolve(case_id, staff) == "resolved"
    assert [_invite() for _ in range(3)] == [cap, 0, 0]
