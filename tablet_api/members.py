"""Member 360 on the tablet: who is at the counter, and the store's private notes on them.

Each part comes from the service that owns it (profile and points from members,
orders from orders, appointments, check-ins and notes from stores, scans from
touchpoints). Notes are read for the guide's own store only. Looking customers
up is limited per guide (``O2O_MEMBER_LOOKUPS_PER_GUIDE`` an hour): a tablet
walking every member id to copy phone numbers is refused.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict

from orders.client import LocalOrdersClient
from orders.schemas import OrderActivity
from services.members import points, profile
from services.members.schemas import MemberRead, PointsEntryRead
from services.platform import ratelimit
from services.platform.db import utcnow
from services.platform.examples import example_of, examples
from services.platform.inputs import BigId
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentGuide
from services.platform.web.creates import create_once
from services.platform.web.deps import AsyncRedisDep, UowDep
from services.recommendations import client as recommendations
from services.recommendations.schemas import NextBestProduct
from services.touchpoints.client import LocalTouchpointsClient
from stores import member_notes
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


class Member360(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "member": example_of(MemberRead),
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

    member: MemberRead
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


def _overview(uow: UnitOfWork, store_id: int, member_id: int) -> Member360:
    session = uow.session
    member = profile.get_profile(session=session, member_id=member_id)  # 404 first
    stores = LocalStoresClient(session)
    scans = LocalTouchpointsClient(session).member_scans(member_id, limit=SHOWN)
    return Member360(
        member=MemberRead(**member.model_dump(include=set(MemberRead.model_fields))),
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
    """The customer's profile, points, orders in every channel, appointments (with no-shows),
    visits and scans, and this store's private notes (never another store's)."""
    await _count_lookup(redis, guide)
    found = await run_in_threadpool(_overview, uow, _store(guide), member_id)
    await run_in_threadpool(uow.commit)  # the suggestions shown, for the wall
    return found


def _add_note(
    uow: UnitOfWork, guide: CurrentGuide, member_id: int, body: MemberNoteCreate, key: str | None
) -> Response:
    profile.get_profile(session=uow.session, member_id=member_id)  # 404 for no such member
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
