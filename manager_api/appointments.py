"""Managers set up appointments in their regions: services, guides' weeks and leave,
special hours and closures, booking policy."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response

from services.platform.inputs import BigId, Id
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentManager
from services.platform.web.creates import create_once
from services.platform.web.deps import UowDep
from stores.appointments import admin, agenda
from stores.appointments.schemas import (
    AppointmentRead,
    ExceptionCreate,
    ExceptionRead,
    PolicyRead,
    PolicyUpdate,
    ServiceCreate,
    ServiceRead,
    ServiceUpdate,
    SpecialHoursCreate,
    SpecialHoursRead,
    StoreCancel,
    WeekUpdate,
    WorkingWindow,
)

router = APIRouter(tags=["appointments"])
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key")]


@router.post("/stores/{store_id}/services", response_model=ServiceRead, status_code=201)
@answers("store_not_found", "guide_not_in_store")
def create_service(
    manager: CurrentManager,
    uow: UowDep,
    store_id: Id,
    body: ServiceCreate,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    return create_once(
        uow,
        scope=f"manager:{manager.subject}:appointment-services",
        header=idempotency_key,
        body={"store_id": store_id, **body.model_dump(mode="json")},
        make=lambda: admin.create_service(
            session=uow.session, store_id=store_id, data=body, region_ids=manager.regions
        ),
    )


@router.get("/stores/{store_id}/services", response_model=list[ServiceRead])
@answers("store_not_found")
def list_services(manager: CurrentManager, uow: UowDep, store_id: Id) -> list[ServiceRead]:
    return admin.list_services(session=uow.session, store_id=store_id, region_ids=manager.regions)


@router.patch("/services/{service_id}", response_model=ServiceRead)
@answers("service_not_found", "null_field", "guide_not_in_store")
def update_service(
    manager: CurrentManager, uow: UowDep, service_id: Id, body: ServiceUpdate
) -> ServiceRead:
    updated = admin.update_service(
        session=uow.session, service_id=service_id, changes=body, region_ids=manager.regions
    )
    uow.commit()
    return updated


@router.get("/guides/{guide_id}/week", response_model=list[WorkingWindow])
@answers("guide_not_found")
def guide_week(manager: CurrentManager, uow: UowDep, guide_id: Id) -> list[WorkingWindow]:
    return admin.week(session=uow.session, guide_id=guide_id, region_ids=manager.regions)


@router.put("/guides/{guide_id}/week", response_model=list[WorkingWindow])
@answers("guide_not_found")
def set_guide_week(
    manager: CurrentManager, uow: UowDep, guide_id: Id, body: WeekUpdate
) -> list[WorkingWindow]:
    """Replace the guide's weekly working hours (store-local wall clock)."""
    saved = admin.set_week(
        session=uow.session, guide_id=guide_id, data=body, region_ids=manager.regions
    )
    uow.commit()
    return saved


@router.post("/guides/{guide_id}/exceptions", response_model=ExceptionRead, status_code=201)
@answers("guide_not_found")
def add_exception(
    manager: CurrentManager,
    uow: UowDep,
    guide_id: Id,
    body: ExceptionCreate,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Leave (whole day without times) or an extra shift on one date."""
    return create_once(
        uow,
        scope=f"manager:{manager.subject}:schedule-exceptions",
        header=idempotency_key,
        body={"guide_id": guide_id, **body.model_dump(mode="json")},
        make=lambda: admin.add_exception(
            session=uow.session, guide_id=guide_id, data=body, region_ids=manager.regions
        ),
    )


@router.get("/guides/{guide_id}/exceptions", response_model=list[ExceptionRead])
@answers("guide_not_found")
def list_exceptions(manager: CurrentManager, uow: UowDep, guide_id: Id) -> list[ExceptionRead]:
    return admin.list_exceptions(session=uow.session, guide_id=guide_id, region_ids=manager.regions)


@router.delete("/guides/{guide_id}/exceptions/{exception_id}", status_code=204)
@answers("guide_not_found", "exception_not_found")
def remove_exception(
    manager: CurrentManager, uow: UowDep, guide_id: Id, exception_id: Id
) -> Response:
    admin.remove_exception(
        session=uow.session,
        guide_id=guide_id,
        exception_id=exception_id,
        region_ids=manager.regions,
    )
    uow.commit()
    return Response(status_code=204)


@router.post("/stores/{store_id}/special-hours", response_model=SpecialHoursRead, status_code=201)
@answers("store_not_found")
def add_special_hours(
    manager: CurrentManager,
    uow: UowDep,
    store_id: Id,
    body: SpecialHoursCreate,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Special hours on one date, or a closure (no times)."""
    return create_once(
        uow,
        scope=f"manager:{manager.subject}:special-hours",
        header=idempotency_key,
        body={"store_id": store_id, **body.model_dump(mode="json")},
        make=lambda: admin.add_special_hours(
            session=uow.session, store_id=store_id, data=body, region_ids=manager.regions
        ),
    )


@router.get("/stores/{store_id}/special-hours", response_model=list[SpecialHoursRead])
@answers("store_not_found")
def list_special_hours(
    manager: CurrentManager, uow: UowDep, store_id: Id
) -> list[SpecialHoursRead]:
    return admin.list_special_hours(
        session=uow.session, store_id=store_id, region_ids=manager.regions
    )


@router.delete("/stores/{store_id}/special-hours/{special_id}", status_code=204)
@answers("store_not_found", "special_hours_not_found")
def remove_special_hours(
    manager: CurrentManager, uow: UowDep, store_id: Id, special_id: Id
) -> Response:
    admin.remove_special_hours(
        session=uow.session, store_id=store_id, special_id=special_id, region_ids=manager.regions
    )
    uow.commit()
    return Response(status_code=204)


@router.get("/stores/{store_id}/booking-policy", response_model=PolicyRead)
@answers("store_not_found")
def booking_policy(manager: CurrentManager, uow: UowDep, store_id: Id) -> PolicyRead:
    admin.store_in_scope(uow.session, store_id=store_id, region_ids=manager.regions)
    return admin.policy(session=uow.session, store_id=store_id)


@router.put("/stores/{store_id}/booking-policy", response_model=PolicyRead)
@answers("store_not_found")
def set_booking_policy(
    manager: CurrentManager, uow: UowDep, store_id: Id, body: PolicyUpdate
) -> PolicyRead:
    """Minimum notice, booking window and the shopper's cancellation cut-off."""
    saved = admin.set_policy(
        session=uow.session, store_id=store_id, data=body, region_ids=manager.regions
    )
    uow.commit()
    return saved


@router.post("/appointments/{appointment_id}/cancel", response_model=AppointmentRead)
@answers("appointment_not_found", "appointment_state")
def cancel_appointment(
    manager: CurrentManager, uow: UowDep, appointment_id: BigId, body: StoreCancel
) -> AppointmentRead:
    """Cancel one booked appointment at a store of your regions; the shopper is told why."""
    done = agenda.cancel_by_manager(
        session=uow.session,
        appointment_id=appointment_id,
        reason=body.reason,
        region_ids=manager.regions,
    )
    uow.commit()
    return done
