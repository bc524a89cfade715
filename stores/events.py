"""The facts stores publishes: check-ins recorded and appointments as they now stand.

Written by stores' own statement triggers in the writer's transaction, one message per
statement: ``stores.check_ins_recorded`` (inserts) and ``stores.appointments_changed``
(every insert or update of an appointment, with what the statement did to it).
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from services.platform.event_schema import Fact


class CheckInRecorded(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: int
    store_id: int
    member_id: int
    touchpoint_id: int | None
    scan_id: int | None
    checked_in_at: datetime


class CheckInsRecorded(Fact):
    TOPIC: ClassVar[str] = "stores.check_ins_recorded"
    check_ins: list[CheckInRecorded]
    #: Ids whose rows the statement deleted (a reader drops its copy and what it counted).
    removed: list[int] = []


AppointmentFactKind = Literal[
    "booked", "rescheduled", "checked_in", "completed", "no_show", "cancelled", "changed"
]


class AppointmentState(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: int
    store_id: int
    guide_id: int
    service_id: int
    member_id: int
    status: str
    starts_at: datetime
    ends_at: datetime
    source: str
    checked_in_at: datetime | None
    completed_at: datetime | None
    order_number: str | None  # the purchase the appointment led to, if any
    facts: list[AppointmentFactKind]


class AppointmentsChanged(Fact):
    TOPIC: ClassVar[str] = "stores.appointments_changed"
    appointments: list[AppointmentState]
    #: Ids whose rows the statement deleted (a reader drops its copy and what it counted).
    removed: list[int] = []
