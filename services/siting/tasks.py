"""The site-suggestion job as a Celery task (started after the job row commits), and
beat's sweep for jobs whose task was lost."""

from __future__ import annotations

import structlog

from services.platform.celery_app import celery_app
from services.platform.db import utcnow
from services.platform.uow import UnitOfWork
from services.siting import jobs

log = structlog.get_logger(__name__)

RUN_SUGGESTION = "siting.run_suggestion"
SWEEP_LOST = "siting.sweep_lost_jobs"


@celery_app.task(name=RUN_SUGGESTION)
def run_suggestion(job_id: int) -> None:
    """Run one job; a second delivery finds it claimed and does nothing."""
    jobs.run(job_id)


@celery_app.task(name=SWEEP_LOST)
def sweep_lost_jobs() -> int:
    """Send lost jobs' tasks again (after the commit), give up on old ones; resent count."""
    with UnitOfWork() as uow:
        resend, given_up = jobs.sweep(uow.session, utcnow())
        uow.commit()
    for job_id in resend:
        run_suggestion.apply_async(args=[job_id])
    if resend or given_up:
        log.warning("site_jobs_swept", resent=resend, given_up=given_up)
    return len(resend)
