"""What guides send and read about care tasks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from services.platform.inputs import InputModel


class CareTaskClose(InputModel):
    """What the guide did: called, messaged, invited to an appointment, or could not reach."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"outcome": "invited", "note": "booked a fitting"}]},
    )

    outcome: Literal["called", "messaged", "invited", "unreachable", "not_interested"]
    note: str | None = Field(default=None, min_length=1, max_length=500)


class CareTaskRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 3,
                    "member_id": 12,
                    "store_id": 1,
                    "reason": "quiet",
                    "suggested": "invite",
                    "period_start": "2026-11-14",
                    "last_visit_at": "2026-10-01T08:00:00Z",
                    "outcome": None,
                    "note": None,
                    "closed_at": None,
                    "created_at": "2026-11-29T02:00:00Z",
                    "member_url": "/tablet/v1/members/12",
                }
            ]
        }
    )

    id: int
    member_id: int
    store_id: int
    reason: str
    suggested: str
    period_start: date
    last_visit_at: datetime | None
    outcome: str | None
    note: str | None
    closed_at: datetime | None
    created_at: datetime
    member_url: str
