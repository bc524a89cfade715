"""The facts members publishes: a member joined, or their join date was corrected.

``members.joined`` is written by members' own statement trigger for inserted members and
for updates that change ``joined_at`` (points and profile edits publish nothing).
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from services.platform.event_schema import Fact


class MemberJoined(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: int
    joined_at: datetime


class MembersJoined(Fact):
    TOPIC: ClassVar[str] = "members.joined"
    members: list[MemberJoined]
    #: Ids whose rows the statement deleted (a reader drops its copy and what it counted).
    removed: list[int] = []
