"""The facts touchpoints publishes: scans recorded, with the touchpoint they came through.

One ``touchpoints.scans_recorded`` message per statement that inserted scans, written by
touchpoints' own statement trigger in the writer's transaction. The touchpoint's placing
(region, store, guide, product, kind) travels with the scan, as it was at scan time.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from services.platform.event_schema import Fact


class ScanRecorded(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: int
    touchpoint_id: int
    member_id: int | None
    device_id: str | None
    via: str
    action: str
    scanned_at: datetime
    kind: str  # the touchpoint's kind: shelf, poster, guide, campaign, ...
    region_id: int
    store_id: int | None
    guide_id: int | None
    product_id: int | None
    campaign_code: str | None


class ScansRecorded(Fact):
    TOPIC: ClassVar[str] = "touchpoints.scans_recorded"
    scans: list[ScanRecorded]
    #: Ids whose rows the statement deleted (a reader drops its copy and what it counted).
    removed: list[int] = []
