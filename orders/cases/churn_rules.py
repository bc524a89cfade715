"""Who is at risk of leaving (pure): a regular gone quiet, and where they usually shop.

A member is *regular* with at least ``visits`` orders or check-ins within ``window_days``
before their last one, and *quiet* once ``quiet_days`` have passed since it. Each
flag belongs to a period (``period_days`` bins counted from 2000-01-01), so a member
gets at most one care task per period however often the sweep runs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple

EPOCH = date(2000, 1, 1)


class Visit(NamedTuple):
    """An order placed or a check-in: when and at which store (None: a delivery)."""

    at: datetime
    store_id: int | None


class ChurnRule(NamedTuple):
    visits: int
    window_days: int
    quiet_days: int
    period_days: int


def gone_quiet(visits: Sequence[Visit], *, now: datetime, rule: ChurnRule) -> bool:
    """Regular before their last visit, and nothing since for ``quiet_days``."""
    if not visits:
        return False
    last = max(v.at for v in visits)
    if now - last < timedelta(days=rule.quiet_days):
        return False
    since = last - timedelta(days=rule.window_days)
    return sum(1 for v in visits if v.at >= since) >= rule.visits


def usual_store(visits: Sequence[Visit]) -> int | None:
    """The store visited most; a tie goes to the one visited last; None if only online."""
    counts = Counter(v.store_id for v in visits if v.store_id is not None)
    if not counts:
        return None
    last = {v.store_id: v.at for v in sorted(visits, key=lambda v: v.at)}
    return max(counts, key=lambda s: (counts[s], last[s]))


def period_start(now: datetime, period_days: int) -> date:
    """The first day of the period ``now`` falls in."""
    day = now.astimezone(UTC).date()
    return EPOCH + timedelta(days=(day - EPOCH).days // period_days * period_days)
