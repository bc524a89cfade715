"""What the notifications service shows: a manager's inbox entry."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from services.platform.examples import examples


class InboxItemRead(BaseModel):
    """One message in a manager's inbox (e.g. a case escalated to them)."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "id": 41,
                "template": "case_escalated",
                "body": "Case 17 (complaint) at Yunshan Shanghai 3 is overdue since"
                " 2026-11-29T10:00+00:00: nobody has acted.",
                "params": {
                    "case_id": 17,
                    "kind": "complaint",
                    "store_id": 3,
                    "store_name": "Yunshan Shanghai 3",
                    "due_at": "2026-11-29T10:00+00:00",
                },
                "created_at": "2026-11-29T10:05:00Z",
            }
        )
    )

    id: int
    template: str
    body: str
    params: dict[str, Any]
    created_at: datetime
