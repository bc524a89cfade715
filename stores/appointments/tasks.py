"""Celery beat tasks for appointments: reminders, no-shows and try-on holds."""

from __future__ import annotations

from datetime import timedelta

from services.platform.celery_app import celery_app
from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from stores.appointments import reminders, try_on

REMIND = "stores.appointment_reminders"
NO_SHOWS = "stores.appointment_no_shows"
TRY_ON_HOLDS = "stores.try_on_holds"


@celery_app.task(name=REMIND)
def appointment_reminders() -> int:
    """Send the reminders now due (24 h and 2 h before; each once)."""
    with UnitOfWork() as uow:
        sent = reminders.send_reminders(session=uow.session, now=utcnow())
        uow.commit()
    return sent


@celery_app.task(name=NO_SHOWS)
def appointment_no_shows() -> int:
    """Mark booked appointments nobody came to as no-shows."""
    grace = timedelta(minutes=get_settings().appointment_no_show_minutes)
    with UnitOfWork() as uow:
        marked = reminders.mark_no_shows(session=uow.session, now=utcnow(), grace=grace)
        uow.commit()
    return marked


@celery_app.task(name=TRY_ON_HOLDS)
def try_on_holds() -> int:
    """Hold the try-on items of appointments now within ``O2O_TRY_ON_HOLD_LEAD_HOURS``."""
    with UnitOfWork() as uow:
        held = try_on.place_due(session=uow.session, now=utcnow())
        uow.commit()
    return held


# Every five minutes: a missed run is caught up by the next, and repeats send nothing.
