"""Managers keep each store's guide roster: hire, reset a password, deactivate.

Passwords and sessions go through ``staff_auth`` (one rule for length and for ending
sessions). A deactivated guide's upcoming appointments are cancelled and each shopper
told, so nobody turns up for a guide who has left.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.platform.errors import Conflict
from stores import staff_auth
from stores.appointments import agenda
from stores.appointments.admin import guide_in_scope, store_in_scope
from stores.models import Guide
from stores.schemas import GuideRead

Regions = Sequence[int] | None
#: Stored until ``set_password`` writes the real hash: matches no password.
_NO_PASSWORD = "!"


def hire(
    *, session: Session, store_id: int, username: str, name: str, password: str, region_ids: Regions
) -> GuideRead:
    """A new guide at a store in the manager's regions."""
    store_in_scope(session, store_id=store_id, region_ids=region_ids)
    if session.scalar(select(Guide.id).where(Guide.username == username)) is not None:
        raise Conflict(f"username {username} is taken", code="username_taken")
    guide = Guide(store_id=store_id, username=username, name=name, password_hash=_NO_PASSWORD)
    session.add(guide)
    session.flush()
    staff_auth.set_password(session=session, role="guide", staff_id=guide.id, password=password)
    session.refresh(guide)
    return GuideRead.model_validate(guide)


def roster(*, session: Session, store_id: int, region_ids: Regions) -> list[GuideRead]:
    """The store's guides, active ones and those who left."""
    store_in_scope(session, store_id=store_id, region_ids=region_ids)
    rows = session.scalars(select(Guide).where(Guide.store_id == store_id).order_by(Guide.id))
    return [GuideRead.model_validate(g) for g in rows]


def reset_password(*, session: Session, guide_id: int, password: str, region_ids: Regions) -> None:
    """A new password; the guide's sessions end."""
    guide_in_scope(session, guide_id=guide_id, region_ids=region_ids)
    staff_auth.set_password(session=session, role="guide", staff_id=guide_id, password=password)


def deactivate(*, session: Session, guide_id: int, region_ids: Regions, now: datetime) -> GuideRead:
    """The guide can no longer log in, their sessions end, their upcoming bookings are
    cancelled (the shoppers are told)."""
    guide = guide_in_scope(session, guide_id=guide_id, region_ids=region_ids)
    staff_auth.deactivate_guide(session=session, guide_id=guide_id)
    agenda.cancel_upcoming(
        session=session,
        store_id=guide.store_id,
        guide_id=guide_id,
        now=now,
        reason="your guide is no longer with the store; please book again",
    )
    session.refresh(guide)
    return GuideRead.model_validate(guide)
