"""A member's QR scans (their data export), and unlinking them on erasure.

An unlinked scan keeps its touchpoint and time (a code's scan counts stand) but names
neither the member nor their device.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from services.platform.member_data import dump
from services.touchpoints.models import Scan


def export_member(session: Session, member_id: int) -> list[dict[str, Any]]:
    return dump(session, Scan, Scan.member_id == member_id)


def forget_member(session: Session, member_id: int, now: datetime) -> None:
    del now
    session.execute(
        update(Scan).where(Scan.member_id == member_id).values(member_id=None, device_id=None)
    )
