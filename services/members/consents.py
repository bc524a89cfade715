"""Consent per purpose: read, change, and the audit log every change writes.

A purpose's consent lives where its rule reads it (``location_consent_at`` and the home
location itself, ``marketing_opt_out``, ``care_opt_out``), so withdrawing takes effect on the
very next siting job, campaign audience or care run: nothing is cached. Every path that
changes one (this module, the profile's ``care_opt_out``, sharing or erasing a location,
deleting the account) calls ``record``.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.members.consent_schemas import ConsentEventRead, ConsentsRead, ConsentsUpdate
from services.members.models import ConsentEvent, Member
from services.platform.db import utcnow
from services.platform.errors import InvalidInput, NotFound


def granted(member: Member) -> dict[str, bool]:
    """Pure: each purpose's consent as the member row holds it."""
    return {
        "home_location": member.location_consent_at is not None,
        "marketing": not member.marketing_opt_out,
        "care": not member.care_opt_out,
    }


def record(session: Session, *, member_id: int, purpose: str, granted: bool, source: str) -> None:
    """One audit row for a consent change (the caller's transaction)."""
    session.add(
        ConsentEvent(
            member_id=member_id, purpose=purpose, granted=granted, source=source, at=utcnow()
        )
    )


def record_changes(
    session: Session,
    *,
    member_id: int,
    before: dict[str, bool],
    after: dict[str, bool],
    source: str,
) -> None:
    """Audit rows for the purposes whose consent moved between two ``granted`` readings."""
    for purpose, now_granted in after.items():
        if before.get(purpose) != now_granted:
            record(
                session, member_id=member_id, purpose=purpose, granted=now_granted, source=source
            )


def erase_location(member: Member) -> None:
    """Withdrawing location consent erases the stored location, not just the flag."""
    member.home_latitude = None
    member.home_longitude = None
    member.home_city = None
    member.location_consent_at = None


def _member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None or member.erased_at is not None:
        raise NotFound(f"member {member_id} does not exist", code="member_not_found")
    return member


def read(*, session: Session, member_id: int) -> ConsentsRead:
    member = _member(session, member_id)
    history = session.scalars(
        select(ConsentEvent)
        .where(ConsentEvent.member_id == member_id)
        .order_by(ConsentEvent.id.desc())
        .limit(100)
    )
    return ConsentsRead(
        **granted(member), history=[ConsentEventRead.model_validate(e) for e in history]
    )


def change(*, session: Session, member_id: int, changes: ConsentsUpdate) -> ConsentsRead:
    """Apply the purposes sent; each one that moves is audited."""
    member = _member(session, member_id)
    if changes.home_location is True and member.location_consent_at is None:
        raise InvalidInput(
            "share a home location (PUT /mp/v1/me/location) to consent to its use",
            code="consent_needs_location",
        )
    before = granted(member)
    if changes.home_location is False:
        erase_location(member)
    if changes.marketing is not None:
        member.marketing_opt_out = not changes.marketing
    if changes.care is not None:
        member.care_opt_out = not changes.care
    record_changes(
        session, member_id=member_id, before=before, after=granted(member), source="consents"
    )
    session.flush()
    return read(session=session, member_id=member_id)
