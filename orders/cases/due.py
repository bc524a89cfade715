"""Service-level time: when a case must have been acted on (pure)."""

from __future__ import annotations

from datetime import datetime, timedelta

from services.platform.settings import Settings


def due_at(kind: str, opened_at: datetime, settings: Settings) -> datetime:
    """The moment an unanswered case becomes overdue: opened plus the kind's hours."""
    hours = {
        "apology": settings.case_due_hours_apology,
        "return": settings.case_due_hours_return,
        "exchange": settings.case_due_hours_exchange,
        "complaint": settings.case_due_hours_complaint,
    }[kind]
    return opened_at + timedelta(hours=hours)


def overdue(
    *, due: datetime, acted: datetime | None, escalated: datetime | None, now: datetime
) -> bool:
    """Escalate once: past due, nobody acted, not escalated before."""
    return acted is None and escalated is None and now >= due
