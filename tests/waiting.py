"""Waiting for work the outbox hands to Celery after a commit."""

from __future__ import annotations

import time
from collections.abc import Callable


def eventually(check: Callable[[], bool], seconds: float = 10.0) -> bool:
    """True once ``check`` is: an outbox task may run on a relay that an earlier async
    commit kicked in the background (the fast lane's), not on the commit that wrote it
    (that relay skips the row the other one holds), so its effect lands a moment later."""
    deadline = time.monotonic() + seconds
    while not check() and time.monotonic() < deadline:
        time.sleep(0.02)
    return check()
