"""Request and response shapes of feedback and experience figures."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.feedback.scores import Scale, score_in_range
from services.platform.examples import examples
from services.platform.inputs import BodyBigId, InputModel

Tag = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[\w-]+$")]
GroupBy = Literal["touchpoint", "store", "guide", "stage"]


class FeedbackCreate(InputModel):
    """One answer to one invitation: an NPS (0-10) or a CSAT (1-5) score."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "occasion_id": 42,
                    "scale": "nps",
                    "score": 9,
                    "tags": ["friendly", "fast"],
                    "comment": "The guide found my size in minutes.",
                }
            ]
        }
    )

    occasion_id: BodyBigId = Field(description="the invitation's id (sent in the invitation)")
    scale: Scale
    score: int = Field(ge=0, le=10)
    tags: list[Tag] = Field(default_factory=list, max_length=10)
    comment: str = Field(default="", max_length=1000)

    @model_validator(mode="after")
    def _score_fits_scale(self) -> FeedbackCreate:
        if not score_in_range(self.scale, self.score):
            raise ValueError("NPS scores are 0-10, CSAT scores 1-5")
        return self


class FeedbackRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "id": 7,
                "occasion_id": 42,
                "scale": "nps",
                "score": 9,
                "tags": ["fast", "friendly"],
                "comment": "The guide found my size in minutes.",
                "kind": "order_picked_up",
                "stage": "fulfil",
                "touchpoint_id": 3,
                "store_id": 1,
                "guide_id": 4,
                "needs_case": False,
                "answered_at": "2026-11-20T10:15:00Z",
            }
        )
    )

    id: int
    occasion_id: int
    scale: Scale
    score: int
    tags: list[str]
    comment: str
    kind: str
    stage: str
    touchpoint_id: int | None
    store_id: int | None
    guide_id: int | None
    needs_case: bool
    answered_at: datetime


class InvitationRead(BaseModel):
    """An open invitation: the moment asked about and until when it can be answered."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "occasion_id": 42,
                "kind": "order_picked_up",
                "stage": "fulfil",
                "store_id": 1,
                "guide_id": 4,
                "invited_at": "2026-11-20T09:00:00Z",
                "answer_by": "2026-12-04T09:00:00Z",
            }
        )
    )

    occasion_id: int
    kind: str
    stage: str
    store_id: int | None
    guide_id: int | None
    invited_at: datetime
    answer_by: datetime


class ScoreFigure(BaseModel):
    responses: int
    value: float | None = Field(description="NPS -100..100, CSAT % satisfied; null: no answers")


class ExperienceRow(BaseModel):
    key: str | None = Field(description="the touchpoint, store or guide id, or the stage")
    nps: ScoreFigure
    csat: ScoreFigure


class CaseCounts(BaseModel):
    open: int
    overdue: int
    churn_risk: int


_ROW = {
    "key": "1",
    "nps": {"responses": 12, "value": 41.7},
    "csat": {"responses": 8, "value": 87.5},
}


class ExperienceReport(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "period_from": "2026-10-31T00:00:00Z",
                "period_to": "2026-11-30T00:00:00Z",
                "by": "store",
                "total": {**_ROW, "key": None},
                "rows": [_ROW],
                "cases": {"open": 4, "overdue": 1, "churn_risk": 7},
            }
        )
    )

    period_from: datetime
    period_to: datetime
    by: GroupBy
    total: ExperienceRow
    rows: list[ExperienceRow]
    cases: CaseCounts = Field(
        description="service cases open and overdue now, open churn-risk care tasks (same scope)"
    )
