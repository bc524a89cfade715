"""Pydantic schemas for appointment services, schedules and bookings."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time
from typing import Annotated, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from services.platform.examples import example_of, examples
from services.platform.inputs import Id, InputModel

Text = Annotated[str, StringConstraints(strip_whitespace=True)]
Name = Annotated[Text, StringConstraints(min_length=1, max_length=100)]
Note = Annotated[Text, StringConstraints(max_length=200)]
Source = Literal["store_page", "guide_card", "reminder", "tablet"]
Status = Literal["booked", "checked_in", "completed", "cancelled", "no_show"]


class _Window(InputModel):
    starts_at: time
    ends_at: time

    @model_validator(mode="after")
    def _ends_after_starts(self) -> _Window:
        if self.ends_at <= self.starts_at:
            raise ValueError("a window must end after it starts")
        return self


class ServiceCreate(InputModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples(
            {
                "name": "Hiking boot fitting",
                "description": "Gait check, sizing and a walk on the test ramp.",
                "duration_minutes": 30,
                "buffer_after_minutes": 10,
                "interval_minutes": 30,
                "price_fen": 0,
                "guide_ids": [7, 8],
            }
        ),
    )

    name: Name
    description: Annotated[Text, StringConstraints(max_length=500)] = ""
    duration_minutes: Annotated[int, Field(ge=5, le=480)]
    buffer_before_minutes: Annotated[int, Field(ge=0, le=240)] = 0
    buffer_after_minutes: Annotated[int, Field(ge=0, le=240)] = 0
    interval_minutes: Annotated[int, Field(ge=5, le=240)] = 30
    price_fen: Annotated[int, Field(ge=0, le=100_000_000)] = 0
    guide_ids: Annotated[list[Id], Field(max_length=200)] = []


class ServiceUpdate(InputModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples({"duration_minutes": 45, "price_fen": 9900, "guide_ids": [7]}),
    )

    name: Name | None = None
    description: Annotated[Text, StringConstraints(max_length=500)] | None = None
    duration_minutes: Annotated[int, Field(ge=5, le=480)] | None = None
    buffer_before_minutes: Annotated[int, Field(ge=0, le=240)] | None = None
    buffer_after_minutes: Annotated[int, Field(ge=0, le=240)] | None = None
    interval_minutes: Annotated[int, Field(ge=5, le=240)] | None = None
    price_fen: Annotated[int, Field(ge=0, le=100_000_000)] | None = None
    active: bool | None = None
    guide_ids: Annotated[list[Id], Field(max_length=200)] | None = None


class ServiceRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra=examples(
            {
                "id": 12,
                "store_id": 1,
                **example_of(ServiceCreate, buffer_before_minutes=0),
                "currency": "CNY",
                "active": True,
            }
        ),
    )

    id: int
    store_id: int
    name: str
    description: str
    duration_minutes: int
    buffer_before_minutes: int
    buffer_after_minutes: int
    interval_minutes: int
    price_fen: int
    currency: str
    active: bool
    guide_ids: list[int] = []


class WorkingWindow(_Window):
    """Store-local hours on a weekday (0 = Monday)."""

    model_config = ConfigDict(
        json_schema_extra=examples({"weekday": 0, "starts_at": "10:00:00", "ends_at": "18:00:00"})
    )

    weekday: Annotated[int, Field(ge=0, le=6)]


class WeekUpdate(InputModel):
    """A guide's whole week (replaces the previous one); windows of a day must not overlap."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples(
            {
                "windows": [
                    example_of(WorkingWindow),
                    example_of(WorkingWindow, weekday=1),
                    example_of(WorkingWindow, weekday=3, starts_at="14:00:00", ends_at="22:00:00"),
                ]
            }
        ),
    )

    windows: Annotated[list[WorkingWindow], Field(max_length=50)]

    @model_validator(mode="after")
    def _no_overlap(self) -> WeekUpdate:
        ordered = sorted(self.windows, key=lambda w: (w.weekday, w.starts_at))
        for a, b in itertools.pairwise(ordered):
            if a.weekday == b.weekday and b.starts_at < a.ends_at:
                raise ValueError("working windows of one day must not overlap")
        return self


class ExceptionCreate(InputModel):
    """Leave (no times: the whole day) or an extra shift on one date."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples(
            {"on_date": "2026-12-24", "kind": "leave", "note": "Annual leave"}
        ),
    )

    on_date: date
    kind: Literal["leave", "shift"]
    starts_at: time | None = None
    ends_at: time | None = None
    note: Note = ""

    @model_validator(mode="after")
    def _times(self) -> ExceptionCreate:
        if (self.starts_at is None) != (self.ends_at is None):
            raise ValueError("give both times or neither")
        if self.kind == "shift" and self.starts_at is None:
            raise ValueError("an extra shift needs its times")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValueError("a window must end after it starts")
        return self


class ExceptionRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra=examples(
            {
                "id": 31,
                "guide_id": 7,
                "on_date": "2026-12-24",
                "kind": "leave",
                "starts_at": None,
                "ends_at": None,
                "note": "Annual leave",
            }
        ),
    )

    id: int
    guide_id: int
    on_date: date
    kind: str
    starts_at: time | None
    ends_at: time | None
    note: str


class SpecialHoursCreate(InputModel):
    """Special hours on one date, or a closure (no times)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples(
            {
                "on_date": "2026-12-31",
                "opens_at": "10:00:00",
                "closes_at": "18:00:00",
                "note": "New Year's Eve: closing early",
            }
        ),
    )

    on_date: date
    opens_at: time | None = None
    closes_at: time | None = None
    note: Note = ""

    @model_validator(mode="after")
    def _times(self) -> SpecialHoursCreate:
        if (self.opens_at is None) != (self.closes_at is None):
            raise ValueError("give both times or neither")
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValueError("a window must end after it starts")
        return self


class SpecialHoursRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra=examples(
            {
                "id": 4,
                "store_id": 1,
                "on_date": "2026-12-31",
                "opens_at": "10:00:00",
                "closes_at": "18:00:00",
                "note": "New Year's Eve: closing early",
            }
        ),
    )

    id: int
    store_id: int
    on_date: date
    opens_at: time | None
    closes_at: time | None
    note: str


class PolicyUpdate(InputModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples(
            {"min_notice_minutes": 120, "booking_window_days": 30, "cancel_cutoff_minutes": 240}
        ),
    )

    min_notice_minutes: Annotated[int, Field(ge=0, le=10080)]
    booking_window_days: Annotated[int, Field(ge=1, le=365)]
    cancel_cutoff_minutes: Annotated[int, Field(ge=0, le=10080)]


class PolicyRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra=examples(
            {
                "min_notice_minutes": 120,
                "booking_window_days": 30,
                "cancel_cutoff_minutes": 240,
                "store_id": 1,
            }
        ),
    )

    min_notice_minutes: int
    booking_window_days: int
    cancel_cutoff_minutes: int

    store_id: int


class SlotRead(BaseModel):
    """A bookable start: UTC and the store's wall clock, with the guides free then."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "starts_at": "2026-12-03T06:30:00Z",
                "ends_at": "2026-12-03T07:00:00Z",
                "local_start": "2026-12-03T14:30:00+08:00",
                "guide_ids": [7, 8],
            }
        )
    )

    starts_at: datetime
    ends_at: datetime
    local_start: str
    guide_ids: list[int]


#: At most this many try-on lines per booking, each of at most this many units.
MAX_TRY_ON_ITEMS = 5
MAX_TRY_ON_UNITS = 3


class TryOnItem(InputModel):
    """A SKU the shopper wants set aside to try at the appointment."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra=examples({"sku_id": 101, "quantity": 1})
    )

    sku_id: Id
    quantity: Annotated[int, Field(ge=1, le=MAX_TRY_ON_UNITS)] = 1


class AppointmentRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra=examples(
            {
                "id": 5230,
                "store_id": 1,
                "guide_id": 7,
                "service_id": 12,
                "member_id": 4211,
                "status": "booked",
                "starts_at": "2026-12-03T06:30:00Z",
                "ends_at": "2026-12-03T07:00:00Z",
                "source": "guide_card",
                "note": "Size 43, wide feet",
                "cancel_reason": None,
                "cancelled_by": None,
                "checked_in_at": None,
                "completed_at": None,
                "outcome": None,
                "order_number": None,
                "outcome_note": None,
                "follow_up_on": None,
                "try_on": [{"sku_id": 101, "quantity": 1}],
                "created_at": "2026-11-28T06:12:41Z",
            }
        ),
    )

    id: int
    store_id: int
    guide_id: int
    service_id: int
    member_id: int
    status: str
    starts_at: datetime
    ends_at: datetime
    source: str
    note: str
    cancel_reason: str | None
    cancelled_by: str | None
    checked_in_at: datetime | None
    completed_at: datetime | None
    outcome: str | None = None
    order_number: str | None = None
    outcome_note: str | None = None
    follow_up_on: date | None = None
    try_on: list[TryOnItem] = []
    created_at: datetime

    @field_validator("try_on", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        return [] if value is None else value


class AppointmentMine(AppointmentRead):
    """An appointment as its shopper reads it (the mini-program): what the guide wrote when
    closing it (``outcome_note``) is the store's and is neither documented nor sent.
    Built from ``AppointmentRead`` so fields added for the shopper appear here too;
    tests/api/test_shopper_documents.py keeps staff fields out of every /mp answer."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra=examples(
            {k: v for k, v in example_of(AppointmentRead).items() if k != "outcome_note"}
        ),
    )

    outcome_note: SkipJsonSchema[str | None] = Field(default=None, exclude=True)

    @classmethod
    def of(cls, read: AppointmentRead) -> AppointmentMine:
        return cls.model_validate(read.model_dump())


class AppointmentCreate(InputModel):
    """A booking: one start from the slots list, with a guide or any guide."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples(
            {
                "store_id": 1,
                "service_id": 12,
                "starts_at": "2026-12-03T06:30:00Z",
                "guide_id": 7,
                "source": "guide_card",
                "note": "Size 43, wide feet",
                "try_on": [{"sku_id": 101, "quantity": 1}],
            }
        ),
    )

    store_id: Id
    service_id: Id
    starts_at: AwareDatetime
    guide_id: Id | None = None
    source: Source = "store_page"
    note: Annotated[Text, StringConstraints(max_length=500)] = ""
    #: Held at the store until the appointment ends (or is cancelled, missed or completed).
    try_on: Annotated[list[TryOnItem], Field(max_length=MAX_TRY_ON_ITEMS)] = []


class AppointmentMove(InputModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra=examples({"starts_at": "2026-12-04T07:00:00Z"})
    )

    starts_at: AwareDatetime


class AppointmentOutcome(InputModel):
    """What came of an appointment: a purchase (its order), none, or a follow-up."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples(
            {
                "outcome": "purchase",
                "order_number": "Oq3Zk7xPa2Lm",
                "note": "Bought the boots in 43; wants gaiters when back in stock.",
            }
        ),
    )

    outcome: Literal["purchase", "no_purchase", "follow_up"]
    order_number: Annotated[Text, StringConstraints(min_length=1, max_length=32)] | None = None
    note: Annotated[Text, StringConstraints(max_length=1000)] = ""
    follow_up_on: date | None = None


class StoreCancel(InputModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples({"reason": "The guide is ill today; please book again."}),
    )

    reason: Annotated[Text, StringConstraints(min_length=1, max_length=300)]


#: What an appointment's .ics looks like (the API docs' example for text/calendar answers).
ICS_EXAMPLE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//O2O Retail//Appointments//EN\r\n"
    "X-WR-TIMEZONE:Asia/Shanghai\r\n"
    "BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\n...\r\nEND:VTIMEZONE\r\n"
    "BEGIN:VEVENT\r\nUID:appointment-5230@appointments.o2o-retail\r\n"
    "DTSTART:20261203T063000Z\r\nDTEND:20261203T070000Z\r\n"
    "SUMMARY:Fitting at Jing'an Flagship\r\nSTATUS:CONFIRMED\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
