"""Who may look a member up on the tablet, what they see, and the trail of every look-up.

A guide sees a member only when the member has dealt with the guide's store: a check-in
or an appointment there (stores' own rows), an order or a service case there (orders'
client), or a scan of one of its codes, the guide's card at the counter among them
(touchpoints' client). Anyone else is "not found", exactly as a member who does not exist,
so walking ids confirms nothing. Phone and birthday are masked unless the guide reveals
them with a reason. Every look-up, allowed or not, is written to ``stores.member_lookups``
(who, whom, when, why) in a transaction of its own, so a refused one is kept too; a guide
past ``O2O_MEMBER_LOOKUP_ALERT_PER_HOUR`` in an hour is logged and counted for alerting.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

import structlog
from prometheus_client import Counter
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.platform.errors import NotFound
from services.platform.settings import get_settings
from stores.appointments.models import Appointment
from stores.models import CheckIn, MemberLookup

log = structlog.get_logger(__name__)

#: The kinds of relationship that let a store's guides look a member up.
TIES = ("check_in", "appointment", "order", "service_case", "scan")

LOOKUP_ALERTS = Counter(
    "o2o_member_lookup_alerts_total",
    "Member look-ups made by a guide already past O2O_MEMBER_LOOKUP_ALERT_PER_HOUR this hour",
)


def own_ties(*, session: Session, member_id: int, store_id: int) -> set[str]:
    """The relationships stores keeps itself: a check-in or an appointment at the store."""
    found: set[str] = set()
    checked_in = select(CheckIn.id).where(
        CheckIn.member_id == member_id, CheckIn.store_id == store_id
    )
    if session.scalar(checked_in.limit(1)) is not None:
        found.add("check_in")
    booked = select(Appointment.id).where(
        Appointment.member_id == member_id, Appointment.store_id == store_id
    )
    if session.scalar(booked.limit(1)) is not None:
        found.add("appointment")
    return found


def ties(*, session: Session, member_id: int, store_id: int) -> set[str]:
    """The member's relationships with the store (empty also for no such member): stores'
    own rows first, then orders' and touchpoints' clients, each asked only if still needed."""
    # Imported on use: orders and touchpoints import stores.client (a top-level import
    # here would be a cycle through it).
    from orders.client import LocalOrdersClient
    from services.touchpoints.client import LocalTouchpointsClient

    found = own_ties(session=session, member_id=member_id, store_id=store_id)
    if not found:
        found = LocalOrdersClient(session).store_ties(member_id, store_id)
    if not found and LocalTouchpointsClient(session).scanned_at_store(member_id, store_id):
        found = {"scan"}
    return found


def visible(ties: Iterable[str]) -> bool:
    """Whether a store's guide may see the member, given the member's ties to it (pure)."""
    return any(tie in TIES for tie in ties)


def not_found(member_id: int) -> NotFound:
    """The one answer for a member who does not exist and for one the store has no tie to."""
    return NotFound(f"member {member_id} does not exist", code="member_not_found")


def mask_phone(phone: str | None) -> str | None:
    """All but the last four digits hidden ("+86*******8000"); the prefix stays (pure)."""
    if not phone:
        return phone
    keep = 4
    digits = [i for i, ch in enumerate(phone) if ch.isdigit()]
    hidden = set(digits[:-keep]) if len(digits) > keep else set(digits)
    if phone.startswith("+86"):
        hidden -= {1, 2}
    return "".join("*" if i in hidden else ch for i, ch in enumerate(phone))


def mask_birthday(birthday: date | None) -> str | None:
    """Whether a birthday is on file, not which (pure)."""
    return None if birthday is None else "****-**-**"


def over_alert(count: int, threshold: int) -> bool:
    """Whether a guide's look-ups this hour are past the alert threshold (pure)."""
    return count > threshold


def record(
    *,
    session: Session,
    guide_id: int,
    store_id: int,
    member_id: int,
    action: str,
    reason: str,
    allowed: bool,
    now: datetime,
) -> int:
    """Write one look-up to the trail; alert when the guide's hour is past the threshold.
    The guide's look-ups in the last hour, this one included."""
    session.add(
        MemberLookup(
            guide_id=guide_id,
            store_id=store_id,
            member_id=member_id,
            action=action,
            reason=reason[:300],
            allowed=allowed,
            looked_at=now,
        )
    )
    session.flush()
    count = (
        session.scalar(
            select(func.count())
            .select_from(MemberLookup)
            .where(
                MemberLookup.guide_id == guide_id, MemberLookup.looked_at > now - timedelta(hours=1)
            )
        )
        or 0
    )
    threshold = get_settings().member_lookup_alert_per_hour
    if over_alert(count, threshold):
        LOOKUP_ALERTS.inc()
        log.warning(
            "member_lookups_jumped",
            guide_id=guide_id,
            store_id=store_id,
            lookups_last_hour=count,
            threshold=threshold,
        )
    return count
