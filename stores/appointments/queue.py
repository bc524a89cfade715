"""The guide's queue for a day (pure): appointments, walk-ins, pickups and open service
cases, each with its next step. Arrived appointments come first (the member is waiting),
then overdue cases, then by time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from services.platform.examples import example_of, examples
from stores.appointments.schemas import AppointmentRead
from stores.schemas import CheckInRead

Kind = Literal["appointment", "check_in", "pickup", "case"]

#: What a guide does next, by kind and status.
NEXT_STEP: dict[tuple[Kind, str], str] = {
    ("appointment", "booked"): "await_arrival",
    ("appointment", "checked_in"): "serve",
    ("appointment", "completed"): "none",
    ("appointment", "no_show"): "none",
    ("check_in", "arrived"): "greet",
    ("pickup", "paid"): "accept",
    ("pickup", "preparing"): "mark_ready",
    ("pickup", "ready_for_pickup"): "hand_over",
}


@dataclass(frozen=True)
class Pickup:
    number: str
    status: str
    at: datetime
    member_id: int | None = None


@dataclass(frozen=True)
class OpenCase:
    """A service case of the store (orders' cases), with the step it needs next."""

    id: int
    kind: str
    member_id: int
    opened_at: datetime
    due_at: datetime
    overdue: bool
    next_step: str
    order_number: str | None = None


class QueueItem(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "kind": "appointment",
                "at": "2026-12-03T06:30:00Z",
                "local_time": "14:30",
                "local_date": "2026-12-03",
                "status": "checked_in",
                "next_step": "serve",
                "member_id": 4211,
                "member_name": "Li Na",
                "no_shows": 0,
                "appointment_id": 5230,
                "guide_id": 7,
                "order_number": None,
            }
        )
    )

    kind: Kind
    at: datetime
    local_time: str
    #: The store-local date of ``at``: a case opened days ago is not today's.
    local_date: date | None = None
    status: str
    next_step: str
    member_id: int | None = None
    member_name: str | None = None
    no_shows: int = 0  # appointments this member missed before
    appointment_id: int | None = None
    guide_id: int | None = None
    order_number: str | None = None
    case_id: int | None = None
    case_kind: str | None = None
    due_at: datetime | None = None
    overdue: bool = False
    member_url: str | None = None  # the member 360 on this tablet


class Agenda(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "date": "2026-12-03",
                "timezone": "Asia/Shanghai",
                "items": [
                    example_of(QueueItem),
                    {
                        "kind": "pickup",
                        "at": "2026-12-03T05:48:10Z",
                        "local_time": "13:48",
                        "local_date": "2026-12-03",
                        "status": "paid",
                        "next_step": "accept",
                        "member_id": 4211,
                        "member_name": "Li Na",
                        "no_shows": 0,
                        "order_number": "Oq3Zk7xPa2Lm",
                    },
                ],
            }
        )
    )

    date: date
    timezone: str
    items: list[QueueItem]


def build(
    *,
    day: date,
    timezone: str,
    appointments: Sequence[AppointmentRead],
    check_ins: Sequence[CheckInRead],
    pickups: Sequence[Pickup],
    names: Mapping[int, str | None],
    no_shows: Mapping[int, int],
    cases: Sequence[OpenCase] = (),
) -> Agenda:
    """One queue; a check-in of a member with an appointment that day is that appointment."""
    tz = ZoneInfo(timezone)

    def item(kind: Kind, at: datetime, status: str, **fields: Any) -> QueueItem:
        fields.setdefault("next_step", NEXT_STEP.get((kind, status), "none"))
        local = at.astimezone(tz)
        return QueueItem(
            kind=kind,
            at=at,
            local_time=local.strftime("%H:%M"),
            local_date=local.date(),
            status=status,
            **fields,
        )

    items = [
        item(
            "appointment",
            a.starts_at,
            a.status,
            member_id=a.member_id,
            member_name=names.get(a.member_id),
            no_shows=no_shows.get(a.member_id, 0),
            appointment_id=a.id,
            guide_id=a.guide_id,
        )
        for a in appointments
    ]
    booked = {a.member_id for a in appointments}
    items += [
        item(
            "check_in",
            c.checked_in_at,
            "arrived",
            member_id=c.member_id,
            member_name=names.get(c.member_id),
            no_shows=no_shows.get(c.member_id, 0),
        )
        for c in check_ins
        if c.member_id not in booked
    ]
    items += [
        item(
            "pickup",
            p.at,
            p.status,
            order_number=p.number,
            member_id=p.member_id,
            member_name=names.get(p.member_id) if p.member_id is not None else None,
        )
        for p in pickups
    ]
    items += [
        item(
            "case",
            c.opened_at,
            "open",
            next_step=c.next_step,
            member_id=c.member_id,
            member_name=names.get(c.member_id),
            case_id=c.id,
            case_kind=c.kind,
            order_number=c.order_number,
            due_at=c.due_at,
            overdue=c.overdue,
            member_url=f"/tablet/v1/members/{c.member_id}",
        )
        for c in cases
    ]
    items.sort(key=lambda i: (i.next_step != "serve", not i.overdue, i.at))
    return Agenda(date=day, timezone=timezone, items=items)
