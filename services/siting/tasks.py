"""The site-suggestion job as a Celery task (started after the job row commits)."""

from __future__ import annotations

from services.platform.celery_app import celery_app
from services.siting import jobs

RUN_SUGGESTION = "siting.run_suggestion"


@celery_app.task(name=RUN_SUGGESTION)
def run_suggestion(job_id: int) -> None:
    """Run one job; a second delivery finds it claimed and does nothing."""
    jobs.run(job_id)
