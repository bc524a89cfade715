"""When a guide may record an appointment's arrival and its end (pure).

Recorded early, an appointment would count as held in the guide's figures hours before
the member came. Check-in opens ``O2O_APPOINTMENT_CHECK_IN_EARLY_MINUTES`` before the
start and closes at the end; completion opens at the start. Outside: 409
``appointment_outside_window`` naming the window.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal


def window(
    action: Literal["check_in", "complete"],
    *,
    starts_at: datetime,
    ends_at: datetime,
    check_in_early: timedelta,
) -> tuple[datetime, datetime | None]:
    """From when until when ``action`` may be recorded (None: no end)."""
    if action == "check_in":
        return starts_at - check_in_early, ends_at
    return starts_at, None


def outside(
    action: Literal["check_in", "complete"],
    *,
    starts_at: datetime,
    ends_at: datetime,
    now: datetime,
    check_in_early: timedelta,
) -> tuple[datetime, datetime | None] | None:
    """The window when ``now`` falls outside it, else None."""
    opens, closes = window(
        action, starts_at=starts_at, ends_at=ends_at, check_in_early=check_in_early
    )
    if now < opens or (closes is not None and now > closes):
        return opens, closes
    return None
