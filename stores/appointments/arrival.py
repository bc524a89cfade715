"""When a door scan counts as arriving for an appointment."""

from __future__ import annotations

from datetime import timedelta

#: A member's door scan this close to their appointment's start checks them in for it.
ARRIVAL_WINDOW = timedelta(minutes=30)
