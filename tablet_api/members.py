"""Member 360 on the tablet: who is at the counter, and the store's private notes on them.

Each part comes from the service that owns it (profile and points from members,
orders from orders, appointments, check-ins and notes from stores, scans from
touchpoints). Notes are read for the guide's own store only. A guide sees only members
who have dealt with the store (stores/member_lookups.py; anyone else is 404), phone and
birthday masked unless revealed with a reason, and every look-up is audited. Looking
customers up is also limited per guide (``O2O_MEMBER_LOOKUPS_PER_GUIDE`` an hour).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, StringConstraints

from orders.client import LocalOrdersClient
from orders.schemas import OrderActivity
from services.members import points, profile
from services.members.schemas import MemberRead, PointsEntryRead
from services.platform import ratelimit
from services.platform.db import utcnow
from services.platform.examples import example_of, examples
from services.platform.inputs import BigId, InputModel
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentGuide
from services.platform.web.creates import create_once
from services.platform.web.deps import AsyncRedisDep, UowDep
from services.recommendations import client as recommendations
from services.recommendations.schemas import NextBestProduct
from services.touchpoints.client import LocalTouchpointsClient
from stores import member_lookups, member_notes
from stores.appointments.schemas import AppointmentRead
from stores.client import LocalStoresClient
from stores.schemas import CheckInRead, MemberNoteCreate, MemberNoteRead

router = APIRouter(tags=["members"])

#: How much of each source the tablet shows (the newest first).
SHOWN = 20


class PointsSummary(BaseModel):
    balance: int
    recent: list[PointsEntryRead]


class ScanSeen(BaseModel):
    """A code the member scanned (the device id stays out of staff screens)."""

    id: int
    touchpoint_id: int
    action: str
    via: str
    scanned_at: datetime


class AppointmentsSeen(BaseModel):
    no_shows: int
    items: list[AppointmentRead]


class MemberSeen(BaseModel):
    """The member as the tablet shows them: phone and birthday masked (``/reveal``)."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            example_of(MemberRead, phone="+86*******8000", birthday="****-**-**")
        )
    )

    id: int
    name: str | None
    phone: str | None
    birthday: str | None
    home_city: str | None
    joined_at: datetime
    points: int

    @classmethod
    def masked(cls, member: MemberRead) -> MemberSeen:
        return cls(
            **member.model_dump(exclude={"phone", "birthday"}),
            phone=member_lookups.mask_phone(member.phone),
            birthday=member_lookups.mask_birthday(member.birthday),
        )


class RevealCreate(InputModel):
    """Why the guide needs the member's phone and birthday (kept in the audit trail)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples({"reason": "Calling about the boots on hold for pickup"}),
    )

    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=300)]


class Member360(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "member": example_of(MemberSeen),
                "points": {"balance": 120, "recent": [example_of(PointsEntryRead)]},
                "orders": [
                    {
                        "number": "Oq3Zk7xPa2Lm",
                        "status": "picked_up",
                        "fulfilment": "pickup",
                        "store_id": 1,
                        "total_fen": 129900,
                        "channel": "store_assisted",
                        "touchpoint_id": None,
                        "created_at": "2026-11-20T06:12:41Z",
                    }
                ],
                "appointments": {"no_shows": 1, "items": [example_of(AppointmentRead)]},
                "check_ins": [example_of(CheckInRead)],
                "scans": [
                    {
                        "id": 88210,
                        "touchpoint_id": 3,
                        "action": "check_in",
                        "via": "scene",
                        "scanned_at": "2026-11-28T06:12:41Z",
                    }
                ],
                "notes": [example_of(MemberNoteRead)],
                "next_best_products": [example_of(NextBestProduct)],
            }
        )
    )

    member: MemberSeen
    points: PointsSummary
    orders: list[OrderActivity]
    appointments: AppointmentsSeen
    check_ins: list[CheckInRead]
    scans: list[ScanSeen]
    notes: list[MemberNoteRead]
    #: What this store can hand the member today, each with why and the SKUs to ring up
    #: with ``POST /tablet/v1/sales`` (the member's own choice about personal ones applies).
    next_best_products: list[NextBestProduct] = []


#: Suggestions on the tablet's member screen.
NEXT_BEST = 5


def _store(guide: CurrentGuide) -> int:
    assert guide.store_id is not None
    return guide.store_id


async def _count_lookup(redis: AsyncRedisDep, guide: CurrentGuide) -> None:
    await ratelimit.enforce(
        redis,
        [(f"guide:{guide.subject}", get_settings().member_lookups_per_guide)],
        scope="member-lookup",
        window_seconds=3600,
        code="member_lookup_rate_limited",
        message="too many customer look-ups; wait a while",
    )


def _admit(uow: UnitOfWork, guide: CurrentGuide, member_id: int, action: str, why: str) -> None:
    """404 ``member_not_found`` unless the member has dealt with the guide's store; the
    look-up is audited either way (in its own transaction: a refusal rolls ``uow`` back)."""
    store_id = _store(guide)
    allowed = member_lookups.visible(
        member_lookups.ties(session=uow.session, member_id=member_id, store_id=store_id)
    )
    with UnitOfWork() as audit:
        member_lookups.record(
            session=audit.session,
            guide_id=guide.subject,
            store_id=store_id,
            member_id=member_id,
            action=action,
            reason=why,
            allowed=allowed,
            now=utcnow(),
        )
        audit.commit()
    if not allowed:
        raise member_lookups.not_found(member_id)


def _overview(uow: UnitOfWork, guide: CurrentGuide, member_id: int) -> Member360:
    _admit(uow, guide, member_id, "view", "member 360")
    store_id = _store(guide)
    session = uow.session
    member = profile.get_profile(session=session, member_id=member_id)
    stores = LocalStoresClient(session)
    scans = LocalTouchpointsClient(session).member_scans(member_id, limit=SHOWN)
    return Member360(
        member=MemberSeen.masked(
            MemberRead(**member.model_dump(include=set(MemberRead.model_fields)))
        ),
        points=PointsSummary(
            balance=member.points,
            recent=points.history(session=session, member_id=member_id, limit=SHOWN),
        ),
        orders=LocalOrdersClient(session).for_member(member_id, limit=SHOWN),
        appointments=AppointmentsSeen(
            no_shows=stores.no_shows(member_id),
            items=stores.member_appointments(member_id, viewer_store_id=store_id, limit=SHOWN),
        ),
        check_ins=stores.member_check_ins(member_id, limit=SHOWN),
        scans=[ScanSeen.model_validate(s, from_attributes=True) for s in scans],
        notes=stores.member_notes(store_id=store_id, member_id=member_id),
        next_best_products=[
            NextBestProduct(**item.model_dump())
            for item in recommendations.for_member(
                session,
                member_id=member_id,
                store_id=store_id,
                limit=NEXT_BEST,
                touchpoint="member_360",
                now=utcnow(),
                strict=False,
            ).items
        ],
    )


@router.get("/members/{member_id}", response_model=Member360)
@answers("member_not_found", "member_lookup_rate_limited")
async def member_360(
    member_id: BigId, guide: CurrentGuide, uow: UowDep, redis: AsyncRedisDep
) -> Member360:
    """The customer's profile (phone and birthday masked), points, orders in every channel,
    appointments (with no-shows), visits and scans, and this store's private notes (never
    another store's). Only for a member who has dealt with this store (a check-in,
    appointment, order, service case or scan here); any other id is 404. Audited."""
    await _count_lookup(redis, guide)
    found = await run_in_threadpool(_overview, uow, guide, member_id)
    await run_in_threadpool(uow.commit)  # the suggestions shown, for the wall
    return found


def _reveal(uow: UnitOfWork, guide: CurrentGuide, member_id: int, reason: str) -> MemberRead:
    _admit(uow, guide, member_id, "reveal", reason)
    member = profile.get_profile(session=uow.session, member_id=member_id)
    return MemberRead(**member.model_dump(include=set(MemberRead.model_fields)))


@router.post("/members/{member_id}/reveal", response_model=MemberRead)
@answers("member_not_found", "member_lookup_rate_limited")
async def reveal(
    member_id: BigId, body: RevealCreate, guide: CurrentGuide, uow: UowDep, redis: AsyncRedisDep
) -> MemberRead:
    """The member's phone and birthday unmasked, for a reason kept in the audit trail
    (who, whom, when, why); the same rule as the member 360 decides who may ask."""
    await _count_lookup(redis, guide)
    return await run_in_threadpool(_reveal, uow, guide, member_id, body.reason)


def _add_note(
    uow: UnitOfWork, guide: CurrentGuide, member_id: int, body: MemberNoteCreate, key: str | None
) -> Response:
    _admit(uow, guide, member_id, "note", "member note")
    store_id = _store(guide)
    return create_once(
        uow,
        scope=f"tablet:member-notes:{guide.subject}:{member_id}",
        header=key,
        body=body.model_dump(mode="json"),
        make=lambda: member_notes.add(
            session=uow.session,
            store_id=store_id,
            guide_id=guide.subject,
            member_id=member_id,
            data=body,
        ),
    )


@router.post("/members/{member_id}/notes", status_code=201, response_model=MemberNoteRead)
@answers("member_not_found", "member_lookup_rate_limited")
async def add_note(
    member_id: BigId,
    body: MemberNoteCreate,
    guide: CurrentGuide,
    uow: UowDep,
    redis: AsyncRedisDep,
    idempotency_key: Annotated[str | None, Header()] = None,
) -> Response:
    """A private note about the customer, kept by this store only."""
    await _count_lookup(redis, guide)
    return await run_in_threadpool(_add_note, uow, guide, member_id, body, idempotency_key)
