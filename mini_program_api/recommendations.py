"""The shopper's "you may also like", and their right to refuse personal suggestions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.platform.db import utcnow
from services.platform.inputs import Id
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentShopper
from services.platform.web.deps import UowDep
from services.recommendations import client as recommendations
from services.recommendations.schemas import RecommendationList, RecommendationSettings

router = APIRouter(tags=["recommendations"])


@router.get("/me/recommendations", response_model=RecommendationList)
@answers("store_not_found")
def my_recommendations(
    shopper: CurrentShopper,
    uow: UowDep,
    store_id: Annotated[
        Id | None, Query(description="Only what this open store can hand over today.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=30)] = 10,
) -> RecommendationList:
    """Suggestions for the shopper, each saying why (``bought_together``,
    ``similar_members``, ``popular_nearby``); never what they already bought (unless it is
    a consumable), nothing off sale, and with ``store_id`` nothing out of stock there."""
    found = recommendations.for_member(
        uow.session,
        member_id=shopper.subject,
        store_id=store_id,
        limit=limit,
        touchpoint="mini_program",
        now=utcnow(),
    )
    uow.commit()  # what was shown, for the wall
    return found


@router.get("/me/recommendations/settings", response_model=RecommendationSettings)
def my_recommendation_settings(shopper: CurrentShopper, uow: UowDep) -> RecommendationSettings:
    return RecommendationSettings(
        personalised=recommendations.personalised(uow.session, shopper.subject)
    )


@router.put("/me/recommendations/settings", response_model=RecommendationSettings)
def set_recommendation_settings(
    body: RecommendationSettings, shopper: CurrentShopper, uow: UowDep
) -> RecommendationSettings:
    """``personalised: false`` turns personal suggestions off (PIPL Art. 24): from the next
    answer every touchpoint shows only what is popular nearby."""
    value = recommendations.set_personalised(
        uow.session, member_id=shopper.subject, value=body.personalised, now=utcnow()
    )
    uow.commit()
    return RecommendationSettings(personalised=value)
