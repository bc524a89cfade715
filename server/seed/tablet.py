"""Demo notes for the guide's tablet: what guides wrote about the customers they served.

Each store with appointments gets notes on a few of its customers, written by the guide
who served them, so member 360 (``GET /tablet/v1/members/{id}``) has something to show;
a customer served in two stores has two stores' notes, and each store sees its own.
"""

from __future__ import annotations

import random

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from stores.appointments.models import Appointment
from stores.models import MemberNote

NOTES = (
    "Size 43, wide feet; prefers a call after 18:00.",
    "Training for a Kailash trek in spring; interested in the 3-layer shell.",
    "Returned the 40 L pack (too long in the back); try the short torso.",
    "Buys for the whole family; ask about the kids' line.",
    "Allergic to wool; synthetic base layers only.",
)


def seed_notes(session: Session, rng: random.Random) -> int:
    """A note for about half of each store's appointment customers; how many written."""
    served = session.execute(
        select(Appointment.store_id, Appointment.member_id, func.min(Appointment.guide_id))
        .group_by(Appointment.store_id, Appointment.member_id)
        .order_by(Appointment.store_id, Appointment.member_id)
    ).all()
    rows = [
        {"store_id": s, "member_id": m, "guide_id": g, "body": rng.choice(NOTES)}
        for s, m, g in served
        if rng.random() < 0.5
    ]
    if rows:
        session.execute(insert(MemberNote), rows)
    return len(rows)
