"""Celery beat tasks for appointments: reminders and no-shows."""

from __future__ import annotations

from datetime import timedelta

from services.platform.celery_app import celery_app, every
from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from stores.appointments import reminders

REMIND = "stores.appointment_reminders"
NO_SHOWS = "stores.appointment_no_shows"


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


# Every five minutes: a missed run is caught up by the next, and repeats send nothing.
every(REMIND, REMIND, 300.0)
every(NO_SHOWS, NO_SHOWS, 300.0)
