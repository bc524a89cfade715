"""Feedback's settings: its section of the process's settings (``O2O_<FIELD>``)."""

from __future__ import annotations

from pydantic import Field

from services.platform.settings import Section


class FeedbackSettings(Section):
    """Feedback: journey collection and invitations."""

    journey_views_recorded: bool = Field(
        default=True, description="record product views and availability checks (off: baseline)"
    )
    feedback_invites_per_month: int = Field(
        default=2, ge=0, le=31, description="feedback invitations one member gets per month"
    )
    feedback_invite_within_hours: int = Field(
        default=72, ge=1, le=24 * 30, description="a moment older than this is not asked about"
    )
    feedback_answer_days: int = Field(
        default=14, ge=1, le=90, description="how long an invitation can be answered"
    )
