"""The signed-in shopper's own account: profile, location consent, points, history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool

from services.members import history as member_history
from services.members import points, profile
from services.members.geocoding import Place
from services.members.schemas import (
    HistoryItem,
    LocationConsent,
    MemberProfile,
    MemberUpdate,
    PointsEntryRead,
)
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentShopper
from services.platform.web.deps import AsyncRedisDep, UowDep

router = APIRouter(tags=["members"])


@router.get("/me", response_model=MemberProfile)
@answers("member_not_found")
def me(shopper: CurrentShopper, uow: UowDep) -> MemberProfile:
    return profile.get_profile(session=uow.session, member_id=shopper.subject)


@router.patch("/me", response_model=MemberProfile)
@answers("member_not_found")
def update_me(shopper: CurrentShopper, uow: UowDep, body: MemberUpdate) -> MemberProfile:
    result = profile.update_profile(session=uow.session, member_id=shopper.subject, changes=body)
    uow.commit()
    return result


@router.put("/me/location", response_model=MemberProfile)
@answers("member_not_found", "geocoding_disabled", "address_not_found", "geocoder_unavailable")
async def consent_location(
    shopper: CurrentShopper, uow: UowDep, redis: AsyncRedisDep, body: LocationConsent
) -> MemberProfile:
    # Geocode first, on no database connection; only then open the transaction.
    place = await profile.locate(
        member_id=shopper.subject, consent=body, settings=get_settings(), redis=redis
    )
    return await run_in_threadpool(_store_location, uow, shopper.subject, body, place)


def _store_location(
    uow: UnitOfWork, member_id: int, consent: LocationConsent, place: Place
) -> MemberProfile:
    result = profile.consent_location(
        session=uow.session, member_id=member_id, consent=consent, place=place
    )
    uow.commit()
    return result


@router.delete("/me/location", response_model=MemberProfile)
@answers("member_not_found")
def withdraw_location(shopper: CurrentShopper, uow: UowDep) -> MemberProfile:
    result = profile.withdraw_location(session=uow.session, member_id=shopper.subject)
    uow.commit()
    return result


@router.get("/me/points", response_model=list[PointsEntryRead])
def my_points(
    shopper: CurrentShopper, uow: UowDep, limit: Annotated[int, Query(ge=1, le=100)] = 50
) -> list[PointsEntryRead]:
    return points.history(session=uow.session, member_id=shopper.subject, limit=limit)


@router.get("/me/history", response_model=list[HistoryItem])
def my_history(
    shopper: CurrentShopper, uow: UowDep, limit: Annotated[int, Query(ge=1, le=100)] = 50
) -> list[HistoryItem]:
    return member_history.history(session=uow.session, member_id=shopper.subject, limit=limit)
