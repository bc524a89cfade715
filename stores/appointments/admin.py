"""Managers set up appointments: services, guides' weeks and leave, special hours, policy.

Every function takes the manager's ``region_ids`` (None for HQ); a store or guide
outside them is "not found", as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from services.platform.errors import InvalidInput, NotFound
from services.platform.settings import get_settings
from stores.appointments.models import (
    AppointmentService,
    BookingPolicy,
    GuideService,
    ScheduleException,
    SpecialHours,
    WorkingHours,
)
from stores.appointments.schemas import (
    ExceptionCreate,
    ExceptionRead,
    PolicyRead,
    PolicyUpdate,
    ServiceCreate,
    ServiceRead,
    ServiceUpdate,
    SpecialHoursCreate,
    SpecialHoursRead,
    WeekUpdate,
    WorkingWindow,
)
from stores.models import Guide, Store

Regions = Sequence[int] | None


def store_in_scope(session: Session, *, store_id: int, region_ids: Regions) -> Store:
    """The store, if the caller's regions include it."""
    store = session.get(Store, store_id)
    if store is None or (region_ids is not None and store.region_id not in region_ids):
        raise NotFound(f"store {store_id} does not exist", code="store_not_found")
    return store


def guide_in_scope(session: Session, *, guide_id: int, region_ids: Regions) -> Guide:
    """The guide (active or not), if the guide's store is in the caller's regions."""
    guide = session.get(Guide, guide_id)
    if guide is None:
        raise NotFound(f"guide {guide_id} does not exist", code="guide_not_found")
    try:
        store_in_scope(session, store_id=guide.store_id, region_ids=region_ids)
    except NotFound:
        raise NotFound(f"guide {guide_id} does not exist", code="guide_not_found") from None
    return guide


def _service_in_scope(
    session: Session, *, service_id: int, region_ids: Regions
) -> AppointmentService:
    service = session.get(AppointmentService, service_id)
    if service is None:
        raise NotFound(f"service {service_id} does not exist", code="service_not_found")
    try:
        store_in_scope(session, store_id=service.store_id, region_ids=region_ids)
    except NotFound:
        raise NotFound(f"service {service_id} does not exist", code="service_not_found") from None
    return service


def _set_guides(session: Session, service: AppointmentService, guide_ids: Sequence[int]) -> None:
    wanted = sorted(set(guide_ids))
    found = set(
        session.scalars(
            select(Guide.id).where(Guide.id.in_(wanted), Guide.store_id == service.store_id)
        )
    )
    if missing := [g for g in wanted if g not in found]:
        raise InvalidInput(
            "every guide must work at the service's store",
            code="guide_not_in_store",
            details={"guide_ids": missing},
        )
    session.execute(delete(GuideService).where(GuideService.service_id == service.id))
    session.add_all(GuideService(service_id=service.id, guide_id=g) for g in wanted)


def service_read(session: Session, service: AppointmentService) -> ServiceRead:
    guide_ids = session.scalars(
        select(GuideService.guide_id)
        .where(GuideService.service_id == service.id)
        .order_by(GuideService.guide_id)
    ).all()
    return ServiceRead.model_validate(service).model_copy(update={"guide_ids": list(guide_ids)})


def create_service(
    *, session: Session, store_id: int, data: ServiceCreate, region_ids: Regions
) -> ServiceRead:
    """A new service at a store, offered by the given guides of that store."""
    store_in_scope(session, store_id=store_id, region_ids=region_ids)
    service = AppointmentService(store_id=store_id, **data.model_dump(exclude={"guide_ids"}))
    session.add(service)
    session.flush()
    _set_guides(session, service, data.guide_ids)
    session.flush()
    return service_read(session, service)


def update_service(
    *, session: Session, service_id: int, changes: ServiceUpdate, region_ids: Regions
) -> ServiceRead:
    """Change a service; booked appointments keep the times they were booked with."""
    service = _service_in_scope(session, service_id=service_id, region_ids=region_ids)
    for name, value in changes.model_dump(exclude_unset=True, exclude={"guide_ids"}).items():
        if value is None:
            raise InvalidInput(f"{name} cannot be null", code="null_field")
        setattr(service, name, value)
    if changes.guide_ids is not None:
        _set_guides(session, service, changes.guide_ids)
    session.flush()
    return service_read(session, service)


def list_services(
    *, session: Session, store_id: int, region_ids: Regions, active_only: bool = False
) -> list[ServiceRead]:
    store_in_scope(session, store_id=store_id, region_ids=region_ids)
    query = select(AppointmentService).where(AppointmentService.store_id == store_id)
    if active_only:
        query = query.where(AppointmentService.active)
    return [service_read(session, s) for s in session.scalars(query.order_by("id"))]


def week(*, session: Session, guide_id: int, region_ids: Regions) -> list[WorkingWindow]:
    guide_in_scope(session, guide_id=guide_id, region_ids=region_ids)
    rows = session.scalars(
        select(WorkingHours)
        .where(WorkingHours.guide_id == guide_id)
        .order_by(WorkingHours.weekday, WorkingHours.starts_at)
    )
    return [
        WorkingWindow(weekday=r.weekday, starts_at=r.starts_at, ends_at=r.ends_at) for r in rows
    ]


def set_week(
    *, session: Session, guide_id: int, data: WeekUpdate, region_ids: Regions
) -> list[WorkingWindow]:
    """Replace a guide's weekly hours (booked appointments stay booked)."""
    guide_in_scope(session, guide_id=guide_id, region_ids=region_ids)
    session.execute(delete(WorkingHours).where(WorkingHours.guide_id == guide_id))
    session.add_all(
        WorkingHours(guide_id=guide_id, weekday=w.weekday, starts_at=w.starts_at, ends_at=w.ends_at)
        for w in data.windows
    )
    session.flush()
    return week(session=session, guide_id=guide_id, region_ids=region_ids)


def add_exception(
    *, session: Session, guide_id: int, data: ExceptionCreate, region_ids: Regions
) -> ExceptionRead:
    guide_in_scope(session, guide_id=guide_id, region_ids=region_ids)
    row = ScheduleException(guide_id=guide_id, **data.model_dump())
    session.add(row)
    session.flush()
    return ExceptionRead.model_validate(row)


def list_exceptions(*, session: Session, guide_id: int, region_ids: Regions) -> list[ExceptionRead]:
    guide_in_scope(session, guide_id=guide_id, region_ids=region_ids)
    rows = session.scalars(
        select(ScheduleException)
        .where(ScheduleException.guide_id == guide_id)
        .order_by(ScheduleException.on_date, ScheduleException.id)
    )
    return [ExceptionRead.model_validate(r) for r in rows]


def remove_exception(
    *, session: Session, guide_id: int, exception_id: int, region_ids: Regions
) -> None:
    guide_in_scope(session, guide_id=guide_id, region_ids=region_ids)
    row = session.get(ScheduleException, exception_id)
    if row is None or row.guide_id != guide_id:
        raise NotFound(f"exception {exception_id} does not exist", code="exception_not_found")
    session.delete(row)


def add_special_hours(
    *, session: Session, store_id: int, data: SpecialHoursCreate, region_ids: Regions
) -> SpecialHoursRead:
    store_in_scope(session, store_id=store_id, region_ids=region_ids)
    row = SpecialHours(store_id=store_id, **data.model_dump())
    session.add(row)
    session.flush()
    return SpecialHoursRead.model_validate(row)


def list_special_hours(
    *, session: Session, store_id: int, region_ids: Regions
) -> list[SpecialHoursRead]:
    store_in_scope(session, store_id=store_id, region_ids=region_ids)
    rows = session.scalars(
        select(SpecialHours)
        .where(SpecialHours.store_id == store_id)
        .order_by(SpecialHours.on_date, SpecialHours.id)
    )
    return [SpecialHoursRead.model_validate(r) for r in rows]


def remove_special_hours(
    *, session: Session, store_id: int, special_id: int, region_ids: Regions
) -> None:
    store_in_scope(session, store_id=store_id, region_ids=region_ids)
    row = session.get(SpecialHours, special_id)
    if row is None or row.store_id != store_id:
        raise NotFound(f"special hours {special_id} do not exist", code="special_hours_not_found")
    session.delete(row)


def policy(*, session: Session, store_id: int) -> PolicyRead:
    """The store's booking limits (the settings' defaults when none were set)."""
    row = session.get(BookingPolicy, store_id)
    if row is not None:
        return PolicyRead.model_validate(row)
    settings = get_settings()
    return PolicyRead(
        store_id=store_id,
        min_notice_minutes=settings.appointment_min_notice_minutes,
        booking_window_days=settings.appointment_booking_window_days,
        cancel_cutoff_minutes=settings.appointment_cancel_cutoff_minutes,
    )


def set_policy(
    *, session: Session, store_id: int, data: PolicyUpdate, region_ids: Regions
) -> PolicyRead:
    store_in_scope(session, store_id=store_id, region_ids=region_ids)
    row = session.get(BookingPolicy, store_id) or BookingPolicy(store_id=store_id)
    for name, value in data.model_dump().items():
        setattr(row, name, value)
    session.add(row)
    session.flush()
    return PolicyRead.model_validate(row)
