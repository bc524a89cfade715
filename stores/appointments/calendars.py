"""Read what the slots engine needs from the database (one loader for listing and booking)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.platform.errors import InvalidInput, NotFound
from stores.appointments import admin
from stores.appointments.models import (
    LIVE_STATUSES,
    Appointment,
    AppointmentService,
    GuideService,
    ScheduleException,
    SpecialHours,
    WorkingHours,
)
from stores.appointments.slots import (
    Busy,
    GuideCalendar,
    LocalHours,
    ServiceRule,
    Span,
    StoreCalendar,
)
from stores.models import Guide, OpeningHours, Store

MAX_RANGE_DAYS = 31


@dataclass(frozen=True)
class Booking:
    """Everything one slot search or booking decides on."""

    store: StoreCalendar
    guides: list[GuideCalendar]
    rule: ServiceRule
    service: AppointmentService


def rule_of(service: AppointmentService) -> ServiceRule:
    return ServiceRule(
        duration=timedelta(minutes=service.duration_minutes),
        interval=timedelta(minutes=service.interval_minutes),
        buffer_before=timedelta(minutes=service.buffer_before_minutes),
        buffer_after=timedelta(minutes=service.buffer_after_minutes),
    )


def bookable_service(session: Session, *, store_id: int, service_id: int) -> AppointmentService:
    """An active service of an open store, or "not found"."""
    service = session.get(AppointmentService, service_id)
    store = session.get(Store, store_id)
    if store is None or store.status != "open":
        raise NotFound(f"store {store_id} does not exist", code="store_not_found")
    if service is None or service.store_id != store_id or not service.active:
        raise NotFound(f"service {service_id} does not exist", code="service_not_found")
    return service


def check_range(first: date, last: date) -> None:
    if last < first or (last - first).days >= MAX_RANGE_DAYS:
        raise InvalidInput(
            f"the range must run forwards and cover at most {MAX_RANGE_DAYS} days",
            code="bad_range",
            details={"max_days": MAX_RANGE_DAYS},
        )


def offering_guides(session: Session, *, service_id: int, guide_id: int | None) -> list[int]:
    """Active guides offering the service (just ``guide_id`` when one is named)."""
    query = (
        select(Guide.id)
        .join(GuideService, GuideService.guide_id == Guide.id)
        .where(GuideService.service_id == service_id, Guide.active)
        .order_by(Guide.id)
    )
    if guide_id is not None:
        query = query.where(Guide.id == guide_id)
    ids = list(session.scalars(query))
    if guide_id is not None and not ids:
        raise NotFound(f"guide {guide_id} does not offer this service", code="guide_not_found")
    return ids


def _windows(rows: Sequence[tuple[time | None, time | None]]) -> list[LocalHours]:
    return [LocalHours(a, b) for a, b in rows if a is not None and b is not None]


def _store_calendar(session: Session, store: Store, first: date, last: date) -> StoreCalendar:
    weekly: dict[int, list[LocalHours]] = defaultdict(list)
    for h in session.scalars(select(OpeningHours).where(OpeningHours.store_id == store.id)):
        weekly[h.weekday].append(LocalHours(h.opens_at, h.closes_at))
    special: dict[date, list[LocalHours]] = defaultdict(list)
    for s in session.scalars(
        select(SpecialHours).where(
            SpecialHours.store_id == store.id, SpecialHours.on_date.between(first, last)
        )
    ):
        special[s.on_date].extend(_windows([(s.opens_at, s.closes_at)]))
    limits = admin.policy(session=session, store_id=store.id)
    return StoreCalendar(
        timezone=store.timezone,
        weekly=dict(weekly),
        special=dict(special),
        min_notice=timedelta(minutes=limits.min_notice_minutes),
        booking_window=timedelta(days=limits.booking_window_days),
    )


def _guide_calendars(
    session: Session,
    guide_ids: Sequence[int],
    *,
    tz: ZoneInfo,
    first: date,
    last: date,
    ignore: int | None,
) -> list[GuideCalendar]:
    weekly: dict[int, dict[int, list[LocalHours]]] = defaultdict(lambda: defaultdict(list))
    for w in session.scalars(select(WorkingHours).where(WorkingHours.guide_id.in_(guide_ids))):
        weekly[w.guide_id][w.weekday].append(LocalHours(w.starts_at, w.ends_at))
    extra: dict[int, dict[date, list[LocalHours]]] = defaultdict(lambda: defaultdict(list))
    leave: dict[int, dict[date, list[LocalHours]]] = defaultdict(lambda: defaultdict(list))
    whole_days: set[tuple[int, date]] = set()
    for e in session.scalars(
        select(ScheduleException).where(
            ScheduleException.guide_id.in_(guide_ids),
            ScheduleException.on_date.between(first, last),
        )
    ):
        if e.kind == "leave" and e.starts_at is None:
            whole_days.add((e.guide_id, e.on_date))
        target = extra if e.kind == "shift" else leave
        target[e.guide_id][e.on_date].extend(_windows([(e.starts_at, e.ends_at)]))
    for guide_id, day in whole_days:  # whole-day leave wins over partial leave that day
        leave[guide_id][day] = []
    start = datetime.combine(first - timedelta(days=1), time(), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=2), time(), tzinfo=tz).astimezone(UTC)
    busy: dict[int, list[Busy]] = defaultdict(list)
    appointments = select(Appointment).where(
        Appointment.guide_id.in_(guide_ids),
        Appointment.status.in_(LIVE_STATUSES),
        Appointment.blocked_from < end,
        Appointment.blocked_until > start,
    )
    if ignore is not None:
        appointments = appointments.where(Appointment.id != ignore)
    for a in session.scalars(appointments):
        busy[a.guide_id].append(Busy(a.starts_at, Span(a.blocked_from, a.blocked_until)))
    last_assigned = dict(
        session.execute(
            select(Appointment.guide_id, func.max(Appointment.created_at))
            .where(Appointment.guide_id.in_(guide_ids), Appointment.any_guide)
            .group_by(Appointment.guide_id)
        ).all()
    )
    return [
        GuideCalendar(
            guide_id=g,
            weekly=dict(weekly[g]),
            extra=dict(extra[g]),
            leave=dict(leave[g]),
            busy=busy[g],
            last_assigned_at=last_assigned.get(g),
        )
        for g in guide_ids
    ]


def load(
    session: Session,
    *,
    service: AppointmentService,
    guide_ids: Sequence[int],
    first: date,
    last: date,
    ignore: int | None = None,
) -> Booking:
    """The store's, guides' and service's calendars for local dates ``first``..``last``
    (``ignore``: an appointment being moved, whose own time is free to it)."""
    store = session.get(Store, service.store_id)
    assert store is not None
    calendar = _store_calendar(session, store, first - timedelta(days=1), last + timedelta(1))
    guides = _guide_calendars(
        session,
        guide_ids,
        tz=ZoneInfo(store.timezone),
        first=first - timedelta(days=1),
        last=last + timedelta(days=1),
        ignore=ignore,
    )
    return Booking(store=calendar, guides=guides, rule=rule_of(service), service=service)
