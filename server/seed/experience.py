"""Demo experience: three weeks of journey moments, invitations and answers.

Real moments first (the journey rebuilt from the owners' views over what the other seeds
made, in bulk and unpublished: appointments, scans, the demo guide's sales), then a
made-up three weeks before the seed's day for a few hundred members across the stores:
scans, views, availability checks, previews, orders through to pickup, visits; about half
the moments asked about get an answer, each store with its own mood so the manager's NPS by
store differs. A detractor or low CSAT opens the store's apology case (dated when
answered, so older ones are already overdue).

Each made-up journey carries the touchpoint that brought it (a scan's code, a visit's
entrance; the first shoppers walk one journey per touchpoint), and so does its answer:
the manager's NPS by touchpoint has every code, posters felt better than shelf codes.
Every touchpoint's first answer is an NPS one. The demo guide's store keeps only the
cases the demo opens there (``cases``): its answers never call for an apology.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from orders.cases.opening import open_case
from server.seed.sales import DEMO_GUIDE
from services.feedback import journey, moments, scores
from services.feedback.models import Answer, Invitation, JourneyEvent
from services.members.models import Member
from services.touchpoints.models import Touchpoint
from stores.models import Guide, Store

DAYS = 21
SHOPPERS = 300
#: How a touchpoint's journeys feel beside the store's mood (NPS points).
KIND_LEAN = {"poster": 0.8, "store_entrance": 0.0, "shelf": -0.7}
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
    moments.rebuild(session, since=now - timedelta(days=60), now=now)
    guides = session.execute(
        select(Guide.id, Guide.store_id, Store.region_id)
        .join(Store, Store.id == Guide.store_id)
        .order_by(Guide.id)
    ).all()
    codes = session.execute(
        select(Touchpoint.id, Touchpoint.kind, Touchpoint.store_id, Touchpoint.region_id)
        .where(Touchpoint.kind.in_(tuple(KIND_LEAN)))
        .order_by(Touchpoint.id)
    ).all()
    members = list(
        session.scalars(select(Member.id).order_by(Member.id).limit(max(SHOPPERS, len(codes))))
    )
    if not guides or not members:
        return 0, 0
    mood = {store_id: rng.uniform(-2.5, 1.5) for _, store_id, _ in guides}
    lean = {tp: KIND_LEAN[kind] + rng.uniform(-0.8, 0.8) for tp, kind, _, _ in codes}
    at_store: dict[int, list[tuple[int, str]]] = {}
    for tp, kind, store_id, _ in codes:
        if store_id is not None:
            at_store.setdefault(store_id, []).append((tp, kind))
    events: list[dict[str, object]] = []
    for n, member_id in enumerate(members):
        if n < len(codes):  # one journey per touchpoint first
            tp, kind, store_id, region_id = codes[n]
            # A store's code brings shoppers to it, a poster to a store of its region.
            staff = [(g, s) for g, s, r in guides if s == store_id] or [
                (g, s) for g, s, r in guides if store_id is None and r == region_id
            ]
            guide_id, store_id = rng.choice(staff or [(g, s) for g, s, _ in guides])
            path: tuple[str, ...] = PATHS[3] if kind == "store_entrance" else PATHS[2]
            touchpoint: int | None = tp
        else:
            guide_id, store_id, _ = rng.choice(guides)
            path = rng.choice(PATHS)
            touchpoint = _brought_by(rng, path, at_store.get(store_id, []))
        # A touchpoint's own journey starts early enough to end before the anchor.
        at = anchor - timedelta(days=rng.uniform(2.0 if n < len(codes) else 0.5, DAYS))
        for step, kind in enumerate(path):
            at += timedelta(minutes=rng.randint(2, 180))
            if at >= anchor:
                break
            events.append(
                {
                    "event_key": f"demo:{n}:{step}:{kind}",
                    "kind": kind,
                    "stage": scores.stage_of(kind),
                    "member_id": member_id,
                    "touchpoint_id": touchpoint,
                    "store_id": store_id,
                    "guide_id": guide_id if kind not in ("scan", "campaign_opened") else None,
                    "product_id": None,
                    "occurred_at": at,
                    "recorded_at": at,
                }
            )
    session.execute(insert(JourneyEvent), events)
    demo_store = session.scalar(select(Guide.store_id).where(Guide.username == DEMO_GUIDE))
    answered = _answers(session, rng, mood, lean, anchor, happy=demo_store)
    return len(events), answered


def _brought_by(
    rng: random.Random, path: tuple[str, ...], codes: list[tuple[int, str]]
) -> int | None:
    """The code that brought a journey: its entrance for a visit, a code of the store for
    a scan, none for a campaign message."""
    if path[0] == "checked_in":
        return next((tp for tp, kind in codes if kind == "store_entrance"), None)
    if path[0] == "scan" and codes:
        return rng.choice(codes)[0]
    return None


def _answers(
    session: Session,
    rng: random.Random,
    mood: dict[int, float],
    lean: dict[int, float],
    anchor: datetime,
    *,
    happy: int | None,
) -> int:
    occasions = session.scalars(
        select(JourneyEvent)
        .where(JourneyEvent.event_key.like("demo:%"), JourneyEvent.kind.in_(scores.OCCASIONS))
        .order_by(JourneyEvent.id)
    ).all()
    answered = 0
    heard: set[int] = set()  # touchpoints with an NPS answer
    for event in occasions:
        assert event.member_id is not None
        invited_at = event.occurred_at + timedelta(hours=1)
        invitation = Invitation(
            journey_event_id=event.id,
            member_id=event.member_id,
            kind=event.kind,
            stage=event.stage,
            touchpoint_id=event.touchpoint_id,
            store_id=event.store_id,
            guide_id=event.guide_id,
            invited_at=invited_at,
            answer_by=invited_at + timedelta(days=14),
        )
        session.add(invitation)
        session.flush()
        tp = event.touchpoint_id
        unheard = tp is not None and tp not in heard
        if (rng.random() < 0.45 and not unheard) or invited_at + timedelta(hours=3) >= anchor:
            continue
        scale: scores.Scale = "nps" if rng.random() < 0.6 or unheard else "csat"
        feel = mood.get(event.store_id or 0, 0.0) + lean.get(tp or 0, 0.0)
        score = (
            min(10, max(0, round(rng.gauss(8.0 + feel, 1.8))))
            if scale == "nps"
            else min(5, max(1, round(rng.gauss(4.1 + feel / 2, 0.9))))
        )
        if event.store_id is not None and event.store_id == happy:
            score = max(score, 7 if scale == "nps" else 3)
        if scale == "nps" and tp is not None:
            heard.add(tp)
        answer = Answer(
            invitation_id=invitation.id,
            member_id=event.member_id,
            scale=scale,
            score=score,
            tags=rng.sample(TAGS, k=rng.randint(0, 2)),
            comment="",
            kind=event.kind,
            stage=event.stage,
            touchpoint_id=event.touchpoint_id,
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
