"""The shopper rates a moment they were invited to rate (NPS or CSAT), once."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response

from services.feedback import service as feedback
from services.feedback.schemas import FeedbackCreate, FeedbackRead, InvitationRead
from services.platform.db import utcnow
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentShopper
from services.platform.web.creates import create_once
from services.platform.web.deps import UowDep

router = APIRouter(tags=["feedback"])


@router.get("/feedback/invitations", response_model=list[InvitationRead])
def my_invitations(shopper: CurrentShopper, uow: UowDep) -> list[InvitationRead]:
    """Moments you were asked about and have not rated yet, newest first."""
    return feedback.open_invitations(uow.session, member_id=shopper.subject, now=utcnow())


@router.post("/feedback", response_model=FeedbackRead, status_code=201)
@answers("feedback_occasion_not_found", "feedback_occasion_closed", "feedback_already_answered")
def give_feedback(
    shopper: CurrentShopper,
    uow: UowDep,
    body: FeedbackCreate,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> Response:
    """Rate one occasion: NPS 0-10 (would you recommend us) or CSAT 1-5; one answer each.

    No extra rate limit: a member can only answer invitations we sent, each once, and
    invitations are capped per month.
    """
    return create_once(
        uow,
        scope=f"mp:{shopper.subject}:feedback",
        header=idempotency_key,
        body=body.model_dump(mode="json"),
        make=lambda: feedback.record_answer(
            uow.session, member_id=shopper.subject, data=body, now=utcnow()
        ),
    )
