"""Demo experience: three weeks of journey moments, invitations and answers.

Real moments first (the journey collector over what the other seeds made: appointments,
scans, the demo guide's sales), then a made-up three weeks before the seed's day for a few hundred
members across the stores: scans, views, availability checks, previews, orders through
to pickup, visits; about half the moments asked about get an answer, each store with its
own mood so the manager's NPS by store differs. A detractor or low CSAT opens the store's
apology case (dated when answered, so older ones are already overdue).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from orders.cases.opening import open_case
from services.feedback import journey, scores
from services.feedback.models import Answer, Invitation, JourneyEvent
from services.members.models import Member
from stores.models import Guide

DAYS = 21
SHOPPERS = 300
#: One made-up path through the journey (kinds in order); each shopper walks one.
PATHS = (
    ("scan", "product_viewed", "availability_checked"),
    ("campaign_opened", "product_viewed", "product_viewed"),
    (
        "scan",
        "product_viewed",
        "checkout_previewed",
        "order_placed",
        "order_paid",
        "order_ready",
        "order_picked_up",
    ),
    (
        "checked_in",
        "product_viewed",
        "order_placed",
        "order_paid",
        "order_ready",
        "order_picked_up",
        "repeat_purchase",
    ),
    ("checked_in", "appointment_completed"),
)
TAGS = ("friendly", "fast", "knowledgeable", "slow", "out_of_stock", "crowded")


def seed_experience(
    session: Session, rng: random.Random, *, now: datetime, anchor: datetime
) -> tuple[int, int]:
    """(journey events, answers) written: the real moments up to ``now``, the made-up
    weeks up to ``anchor`` (the seed's day, so they are the same whatever the hour)."""
    journey.collect(session, since=now - timedelta(days=60), now=now)
    guides = session.execute(select(Guide.id, Guide.store_id).order_by(Guide.id)).all()
    members = list(session.scalars(select(Member.id).order_by(Member.id).limit(SHOPPERS)))
    if not guides or not members:
        return 0, 0
    mood = {store_id: rng.uniform(-2.5, 1.5) for _, store_id in guides}
    events: list[dict[str, object]] = []
    for n, member_id in enumerate(members):
        guide_id, store_id = rng.choice(guides)
        at = anchor - timedelta(days=rng.uniform(0.5, DAYS))
        for step, kind in enumerate(rng.choice(PATHS)):
            at += timedelta(minutes=rng.randint(2, 180))
            if at >= anchor:
                break
            events.append(
                {
                    "event_key": f"demo:{n}:{step}:{kind}",
                    "kind": kind,
                    "stage": scores.stage_of(kind),
                    "member_id": member_id,
                    "store_id": store_id,
                    "guide_id": guide_id if kind not in ("scan", "campaign_opened") else None,
                    "product_id": None,
                    "occurred_at": at,
                    "recorded_at": at,
                }
            )
    session.execute(insert(JourneyEvent), events)
    answered = _answers(session, rng, mood, anchor)
    return len(events), answered


def _answers(session: Session, rng: random.Random, mood: dict[int, float], anchor: datetime) -> int:
    occasions = session.scalars(
        select(JourneyEvent)
        .where(JourneyEvent.event_key.like("demo:%"), JourneyEvent.kind.in_(scores.OCCASIONS))
        .order_by(JourneyEvent.id)
    ).all()
    answered = 0
    for event in occasions:
        assert event.member_id is not None
        invited_at = event.occurred_at + timedelta(hours=1)
        invitation = Invitation(
            journey_event_id=event.id,
            member_id=event.member_id,
            kind=event.kind,
            stage=event.stage,
            store_id=event.store_id,
            guide_id=event.guide_id,
            invited_at=invited_at,
            answer_by=invited_at + timedelta(days=14),
        )
        session.add(invitation)
        session.flush()
        if rng.random() < 0.45 or invited_at + timedelta(hours=3) >= anchor:
            continue
        scale: scores.Scale = "nps" if rng.random() < 0.6 else "csat"
        lean = mood.get(event.store_id or 0, 0.0)
        score = (
            min(10, max(0, round(rng.gauss(8.0 + lean, 1.8))))
            if scale == "nps"
            else min(5, max(1, round(rng.gauss(4.1 + lean / 2, 0.9))))
        )
        answer = Answer(
            invitation_id=invitation.id,
            member_id=event.member_id,
            scale=scale,
            score=score,
            tags=rng.sample(TAGS, k=rng.randint(0, 2)),
            comment="",
            kind=event.kind,
            stage=event.stage,
            store_id=event.store_id,
            guide_id=event.guide_id,
            needs_case=scores.needs_case(scale, score),
            answered_at=invited_at + timedelta(hours=rng.uniform(0.2, 2.5)),
        )
        session.add(answer)
        session.flush()
        journey.record(
            session,
            event_key=f"feedback_given:{answer.id}",
            kind="feedback_given",
            occurred_at=answer.answered_at,
            member_id=answer.member_id,
            store_id=answer.store_id,
            guide_id=answer.guide_id,
            ref=scale,
        )
        if answer.needs_case:
            answer.case_id = open_case(
                session,
                kind="apology",
                member_id=answer.member_id,
                store_id=answer.store_id,
                source_key=f"feedback:{answer.id}",
                summary=f"{scale.upper()} {score} after {event.kind}",
                now=answer.answered_at,
            )
        answered += 1
    return answered
