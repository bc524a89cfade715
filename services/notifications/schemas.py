"""What the notifications service shows: a manager's inbox entry."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class InboxItemRead(BaseModel):
    """One message in a manager's inbox (e.g. a case escalated to them)."""

    id: int
    template: str
    body: str
    params: dict[str, Any]
    created_at: datetime
