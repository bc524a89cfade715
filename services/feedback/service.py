"""Invitations after a moment, one answer per invitation, and the figures managers read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from orders.client import open_case
from services.feedback import journey, scores
from services.feedback.models import Answer, Invitation, JourneyEvent
from services.feedback.schemas import (
    ExperienceRow,
    FeedbackCreate,
    FeedbackRead,
    GroupBy,
    InvitationRead,
    ScoreFigure,
)
from services.members.client import LocalMembersClient
from services.notifications.client import LocalNotificationsClient
from services.platform.errors import Conflict, NotFound
from services.platform.settings import Settings
from stores.client import LocalStoresClient

#: One inviting pass at a time (several beat workers, a slow pass): the monthly cap counts
#: invitations a concurrent pass could otherwise be adding at the same moment.
_INVITE_LOCK = 7_311_402

_MOMENT_WORDS = {
    "order_picked_up": "pickup",
    "order_delivered": "delivery",
    "appointment_completed": "appointment",
    "checked_in": "visit",
    "case_closed": "service case",
}


def invite_due(session: Session, *, settings: Settings, now: datetime) -> int:
    """Invite members to rate their recent moments; returns how many were invited.

    Once per occasion (unique ``journey_event_id``), at most
    ``feedback_invites_per_month`` per member per calendar month, never an opted-out
    member; a repeated or concurrent run invites nobody twice.
    """
    if not session.scalar(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": _INVITE_LOCK}):
        return 0
    window_start = now - timedelta(hours=settings.feedback_invite_within_hours)
    due = session.scalars(
        select(JourneyEvent)
        .outerjoin(Invitation, Invitation.journey_event_id == JourneyEvent.id)
        .where(
            Invitation.id.is_(None),
            JourneyEvent.kind.in_(scores.OCCASIONS),
            JourneyEvent.member_id.is_not(None),
            JourneyEvent.occurred_at >= window_start,
            JourneyEvent.occurred_at <= now,
        )
        .order_by(JourneyEvent.occurred_at, JourneyEvent.id)
        .limit(1000)
    ).all()
    if not due:
        return 0
    members = sorted({e.member_id for e in due if e.member_id is not None})
    opted_out = LocalMembersClient(session).opted_out(members)
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    sent = dict(
        session.execute(
            select(Invitation.member_id, func.count())
            .where(Invitation.member_id.in_(members), Invitation.invited_at >= month_start)
            .group_by(Invitation.member_id)
        ).all()
    )
    notifications = LocalNotificationsClient(session)
    invited = 0
    for event in due:
        member_id = event.member_id
        assert member_id is not None
        if member_id in opted_out:
            continue
        if scores.invitations_left(sent.get(member_id, 0), settings.feedback_invites_per_month) < 1:
            continue
        invitation_id = session.scalar(
            insert(Invitation)
            .values(
                journey_event_id=event.id,
                member_id=member_id,
                kind=event.kind,
                stage=event.stage,
                touchpoint_id=event.touchpoint_id,
                store_id=event.store_id,
                guide_id=event.guide_id,
                invited_at=now,
                answer_by=now + timedelta(days=settings.feedback_answer_days),
            )
            .on_conflict_do_nothing(index_elements=["journey_event_id"])
            .returning(Invitation.id)
        )
        if invitation_id is None:
            continue
        sent[member_id] = sent.get(member_id, 0) + 1
        invited += 1
        notifications.notify(
            template="feedback_invitation",
            dedupe_key=f"feedback-invite-{invitation_id}",
            member_id=member_id,
            params={
                "moment": _MOMENT_WORDS.get(event.kind, "visit"),
                "store_name": _store_name(session, event.store_id),
                "occasion_id": invitation_id,
            },
        )
    return invited


def _store_name(session: Session, store_id: int | None) -> str:
    if store_id is None:
        return "our online shop"
    try:
        return LocalStoresClient(session).get_store(store_id).name
    except NotFound:
        return "our store"


def open_invitations(session: Session, *, member_id: int, now: datetime) -> list[InvitationRead]:
    """The member's invitations still open to an answer, newest first."""
    rows = session.scalars(
        select(Invitation)
        .outerjoin(Answer, Answer.invitation_id == Invitation.id)
        .where(Invitation.member_id == member_id, Invitation.answer_by > now, Answer.id.is_(None))
        .order_by(Invitation.id.desc())
        .limit(50)
    )
    return [
        InvitationRead(
            occasion_id=row.id,
            kind=row.kind,
            stage=row.stage,
            store_id=row.store_id,
            guide_id=row.guide_id,
            invited_at=row.invited_at,
            answer_by=row.answer_by,
        )
        for row in rows
    ]


def record_answer(
    session: Session, *, member_id: int, data: FeedbackCreate, now: datetime
) -> FeedbackRead:
    """The member's one answer to one invitation (409 ``feedback_already_answered`` after)."""
    invitation = session.get(Invitation, data.occasion_id)
    if invitation is None or invitation.member_id != member_id:
        raise NotFound("no such feedback occasion", code="feedback_occasion_not_found")
    if invitation.answer_by <= now:
        raise Conflict("this occasion can no longer be rated", code="feedback_occasion_closed")
    needs_case = scores.needs_case(data.scale, data.score)
    answer_id = session.scalar(
        insert(Answer)
        .values(
            invitation_id=invitation.id,
            member_id=member_id,
            scale=data.scale,
            score=data.score,
            tags=sorted(set(data.tags)),
            comment=data.comment,
            kind=invitation.kind,
            stage=invitation.stage,
            touchpoint_id=invitation.touchpoint_id,
            store_id=invitation.store_id,
            guide_id=invitation.guide_id,
            needs_case=needs_case,
            answered_at=now,
        )
        # Two posts at once: the second waits for the first's commit, then inserts nothing.
        .on_conflict_do_nothing(index_elements=["invitation_id"])
        .returning(Answer.id)
    )
    if answer_id is None:
        raise Conflict("this occasion is already rated", code="feedback_already_answered")
    answer = session.get(Answer, answer_id)
    assert answer is not None
    journey.record(
        session,
        event_key=f"feedback_given:{answer.id}",
        kind="feedback_given",
        occurred_at=now,
        member_id=member_id,
        touchpoint_id=answer.touchpoint_id,
        store_id=answer.store_id,
        guide_id=answer.guide_id,
        ref=data.scale,
    )
    if needs_case:
        # The proactive apology: the store's case opens with the answer, in its transaction.
        event = session.get_one(JourneyEvent, invitation.journey_event_id)
        answer.case_id = open_case(
            session,
            kind="apology",
            member_id=member_id,
            store_id=answer.store_id,
            order_id=_order_id(event),
            source_key=f"feedback:{answer.id}",
            summary=_case_summary(answer),
        )
    return _read(answer)


def _order_id(event: JourneyEvent) -> int | None:
    """The order an order moment was about (its key is ``<kind>:<order id>``)."""
    if not event.kind.startswith("order_"):
        return None
    return int(event.event_key.split(":", 1)[1])


def _case_summary(answer: Answer) -> str:
    said = f": {answer.comment}" if answer.comment else ""
    tags = f" [{', '.join(answer.tags)}]" if answer.tags else ""
    return f"{answer.scale.upper()} {answer.score} after {answer.kind}{tags}{said}"[:500]


def _read(answer: Answer) -> FeedbackRead:
    return FeedbackRead(
        id=answer.id,
        occasion_id=answer.invitation_id,
        scale=answer.scale,
        score=answer.score,
        tags=list(answer.tags),
        comment=answer.comment,
        kind=answer.kind,
        stage=answer.stage,
        touchpoint_id=answer.touchpoint_id,
        store_id=answer.store_id,
        guide_id=answer.guide_id,
        needs_case=answer.needs_case,
        answered_at=answer.answered_at,
    )


_GROUP_COLUMN = {
    "touchpoint": Answer.touchpoint_id,
    "store": Answer.store_id,
    "guide": Answer.guide_id,
    "stage": Answer.stage,
}


def experience(
    session: Session,
    *,
    by: GroupBy,
    start: datetime,
    end: datetime,
    store_ids: Sequence[int] | None,
) -> tuple[ExperienceRow, list[ExperienceRow]]:
    """NPS and CSAT with response counts over ``[start, end)``, in total and per group;
    ``store_ids`` None means every answer (HQ), else only answers about those stores."""
    column = _GROUP_COLUMN[by]
    counts = [
        func.count().filter(Answer.scale == "nps", Answer.score >= 9),
        func.count().filter(Answer.scale == "nps", Answer.score.between(7, 8)),
        func.count().filter(Answer.scale == "nps", Answer.score <= 6),
        func.count().filter(Answer.scale == "csat", Answer.score >= 4),
        func.count().filter(Answer.scale == "csat"),
    ]
    where: list[Any] = [Answer.answered_at >= start, Answer.answered_at < end]
    if store_ids is not None:
        where.append(Answer.store_id.in_(list(store_ids)))
    rows = session.execute(
        select(column, *counts).where(*where).group_by(column).order_by(column)
    ).all()
    grouped = [_row(None if key is None else str(key), rest) for key, *rest in rows]
    total = session.execute(select(*counts).where(*where)).one()
    return _row(None, list(total)), grouped


def _row(key: str | None, counts: Sequence[int]) -> ExperienceRow:
    promoters, passives, detractors, satisfied, csat_total = counts
    nps = scores.nps_from_counts(promoters=promoters, passives=passives, detractors=detractors)
    csat = scores.csat_from_counts(satisfied=satisfied, total=csat_total)
    return ExperienceRow(
        key=key,
        nps=ScoreFigure(responses=nps.responses, value=nps.value),
        csat=ScoreFigure(responses=csat.responses, value=csat.value),
    )
