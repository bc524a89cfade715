"""Site-suggestion jobs: start one for a region, run it (a Celery task), read it back.

A job's region decides everything it looks at: the region's open stores are the existing
ones, and members count when they live inside the box around the region's stores grown by
the radius and are the region's own (``stores.areas.belongs``: first visit there, or home in
its area), so a store placed far outside its region draws no other region's members. A
regional manager starts and reads jobs of their regions only (404 for any other); HQ any.
The answer keeps stores by id and name (``report.named_result``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Literal

import numpy as np
import structlog
from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from services.platform.db import utcnow
from services.platform.errors import InvalidInput, NotFound, RateLimited
from services.platform.settings import get_settings
from services.platform.uow import UnitOfWork
from services.siting import lost, report
from services.siting.models import SiteJob
from services.siting.privacy import Privacy
from services.siting.suggest import suggest
from stores.client import LocalStoresClient

log = structlog.get_logger(__name__)

Regions = Sequence[int] | None
#: A job still "running" after this long lost its worker: it no longer counts against the
#: manager's limit, and a redelivered task may claim it again (the sweep resends it).
STALE_AFTER = lost.RESEND_RUNNING_AFTER


def _in_scope(region_id: int, regions: Regions) -> bool:
    return regions is None or region_id in regions


def region_marks(session: Session, region_id: int) -> tuple[list[report.StoreMark], list[Any]]:
    """The region's open stores (the existing ones) and all its stores (its shape)."""
    stores = LocalStoresClient(session).region_stores(region_id)
    marks = [
        report.StoreMark(s.id, s.code, s.name, s.latitude, s.longitude)
        for s in stores
        if s.status == "open"
    ]
    return marks, stores


def start(
    session: Session,
    *,
    region_id: int,
    k: int,
    model: Literal["mclp", "pmedian"],
    radius_km: float,
    candidates: list[list[float]] | None,
    manager_id: int | None,
    regions: Regions,
    running_limit: int,
) -> SiteJob:
    """A queued job; the caller commits and then sends the task (``on_commit``).

    422 ``siting_radius_too_small`` below ``O2O_SITING_MIN_RADIUS_KM``: a site's
    figures count the members within the radius, and a tiny one counts a household.
    """
    least = get_settings().siting_min_radius_km
    if radius_km < least:
        raise InvalidInput(
            f"the radius is at least {least} km",
            code="siting_radius_too_small",
            details={"min_radius_km": least},
        )
    if not _in_scope(region_id, regions) or not region_marks(session, region_id)[1]:
        raise NotFound(f"region {region_id} does not exist", code="region_not_found")
    if manager_id is not None:
        # One manager's starts in a row, so two at once cannot both pass the count.
        session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext('siting'), :m)"), {"m": manager_id}
        )
        running = session.scalar(
            select(func.count(SiteJob.id)).where(
                SiteJob.requested_by == manager_id,
                SiteJob.status.in_(("queued", "running")),
                SiteJob.created_at > utcnow() - STALE_AFTER,
            )
        )
        if (running or 0) >= running_limit:
            raise RateLimited(
                f"you already have {running} site suggestions running; wait for one to finish",
                code="too_many_site_jobs",
                details={"limit": "running_jobs", "retry_after_seconds": 30},
            )
    job = SiteJob(
        region_id=region_id,
        requested_by=manager_id,
        k=k,
        model=model,
        radius_km=radius_km,
        candidates=candidates,
        status="queued",
        stage="queued",
        percent=0,
    )
    session.add(job)
    session.flush()
    return job


def get(session: Session, job_id: int, regions: Regions) -> SiteJob:
    job = session.get(SiteJob, job_id)
    if job is None or not _in_scope(job.region_id, regions):
        raise NotFound(f"site suggestion {job_id} does not exist", code="site_job_not_found")
    return job


def list_jobs(
    session: Session,
    *,
    regions: Regions,
    region_id: int | None,
    status: str | None,
    offset: int,
    limit: int,
) -> tuple[list[SiteJob], int]:
    """The jobs a manager may read, newest first, optionally of one region or status."""
    query = select(SiteJob)
    if regions is not None:
        query = query.where(SiteJob.region_id.in_(regions))
    if region_id is not None:
        query = query.where(SiteJob.region_id == region_id)
    if status is not None:
        query = query.where(SiteJob.status == status)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = session.scalars(query.order_by(SiteJob.id.desc()).offset(offset).limit(limit))
    return list(page), total


LOST_MESSAGE = "the suggestion was not run in time (a worker was lost); start it again"


def sweep(session: Session, now: datetime) -> tuple[list[int], int]:
    """Unfinished jobs by ``lost.fate``: the ids to send again, and how many were given up.

    Giving up only moves a job still unfinished, so a worker finishing it meanwhile wins.
    """
    unfinished = session.execute(
        select(SiteJob.id, SiteJob.status, SiteJob.created_at, SiteJob.started_at).where(
            SiteJob.status.in_(("queued", "running"))
        )
    ).all()
    resend: list[int] = []
    give_up: list[int] = []
    for job_id, status, created_at, started_at in unfinished:
        state: Literal["queued", "running"] = "queued" if status == "queued" else "running"
        verdict = lost.fate(lost.Unfinished(state, created_at, started_at), now)
        if verdict == "resend":
            resend.append(job_id)
        elif verdict == "give_up":
            give_up.append(job_id)
    if give_up:
        session.execute(
            update(SiteJob)
            .where(SiteJob.id.in_(give_up), SiteJob.status.in_(("queued", "running")))
            .values(status="failed", stage="failed", error=LOST_MESSAGE, finished_at=now)
        )
    return resend, len(give_up)


def _claim(job_id: int) -> bool:
    """Queued (or stale running) -> running, once: a task delivered twice runs the job once."""
    with UnitOfWork() as uow:
        now = utcnow()
        claimed = uow.session.execute(
            update(SiteJob)
            .where(
                SiteJob.id == job_id,
                (SiteJob.status == "queued")
                | ((SiteJob.status == "running") & (SiteJob.started_at < now - STALE_AFTER)),
            )
            .values(status="running", stage="starting", percent=1, started_at=now)
            .returning(SiteJob.id)
        ).scalar_one_or_none()
        uow.commit()
    return claimed is not None


def _report_progress(job_id: int, stage: str, percent: int) -> None:
    """Each stage in its own short transaction, so a reader sees it while the job runs."""
    with UnitOfWork() as uow:
        uow.session.execute(
            update(SiteJob)
            .where(SiteJob.id == job_id, SiteJob.status == "running")
            .values(stage=stage[:64], percent=max(1, min(percent, 99)))
        )
        uow.commit()


def compute(session: Session, job: SiteJob, progress: Any = None) -> dict[str, Any]:
    """The job's answer, named: what ``run`` stores (and the CLI prints)."""
    marks, stores = region_marks(session, job.region_id)
    box = report.region_box([(s.latitude, s.longitude) for s in stores], job.radius_km)
    existing = np.array([[m.latitude, m.longitude] for m in marks]).reshape(-1, 2)
    candidates = None if job.candidates is None else np.asarray(job.candidates, dtype=float)
    options: dict[str, Any] = {} if progress is None else {"progress": progress}
    found = suggest(
        session,
        k=job.k,
        model=job.model,  # type: ignore[arg-type]  # the table's check keeps it to the two
        radius_km=job.radius_km,
        existing=existing,
        candidates=candidates,
        box=box,
        region_id=job.region_id,
        **options,
    )
    settings = get_settings()
    rule = Privacy(settings.siting_site_square_km, settings.siting_min_members_per_square)
    return report.named_result(found, marks, box, rule)


def run(job_id: int, watch: Callable[[str, int], None] | None = None) -> bool:
    """Claim the job, compute it with progress, store the answer (or why it failed).

    ``watch`` sees each stage too (the CLI's progress bar). False: someone else has it.
    """
    if not _claim(job_id):
        return False

    def progress(stage: str, percent: int) -> None:
        _report_progress(job_id, stage, percent)
        if watch is not None:
            watch(stage, percent)

    try:
        with UnitOfWork() as uow:
            job = uow.session.get(SiteJob, job_id)
            assert job is not None
            answer = compute(uow.session, job, progress)
            job.result, job.status, job.stage, job.percent = answer, "done", "done", 100
            job.finished_at = utcnow()
            uow.commit()
    except ValueError as error:  # the engine's refusal (too few candidates, too large)
        _fail(job_id, str(error))
    except Exception:
        log.exception("site_job_failed", job_id=job_id)
        _fail(job_id, "the suggestion failed; try again or ask support")
        raise
    return True


def _fail(job_id: int, why: str) -> None:
    with UnitOfWork() as uow:
        uow.session.execute(
            update(SiteJob)
            .where(SiteJob.id == job_id)
            .values(status="failed", stage="failed", error=why[:500], finished_at=utcnow())
        )
        uow.commit()
