"""Celery beat tasks for customer care."""

from __future__ import annotations

from services.members import care
from services.platform.celery_app import celery_app
from services.platform.db import utcnow
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork

BIRTHDAYS = "members.birthday_greetings"
DAY_100 = "members.membership_day_thanks"


@celery_app.task(name=BIRTHDAYS)
def birthday_greetings() -> int:
    """Greet today's birthdays (safe to run any number of times a day)."""
    with UnitOfWork() as uow:
        sent = care.send_birthday_greetings(
            session=uow.session, now=utcnow(), timezone=get_settings().care_timezone
        )
        uow.commit()
    return sent


@celery_app.task(name=DAY_100)
def membership_day_thanks() -> int:
    """Thank members on their 100th day (safe to run any number of times a day)."""
    with UnitOfWork() as uow:
        sent = care.send_membership_day_thanks(
            session=uow.session, now=utcnow(), timezone=get_settings().care_timezone
        )
        uow.commit()
    return sent


# Hourly: a late or missed run is caught up on the next, and repeats send nothing.
