"""Where the next stores go: start a suggestion for a region, follow it, map it, plan a store.

A regional manager starts and reads suggestions of their regions only (404 otherwise);
HQ any region. Starting answers at once with the queued job; a Celery task runs it and
``GET`` shows its stage and percent, then the ranked sites.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Response

from services.platform.errors import Conflict, NotFound
from services.platform.inputs import Id
from services.platform.settings import get_settings
from services.platform.uow import on_commit
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentManager
from services.platform.web.creates import create_once
from services.platform.web.deps import UowDep
from services.platform.web.pagination import Page, Pagination
from services.platform.web.replica_deps import StaleOkUowDep
from services.siting import jobs, mapsvg, report
from services.siting.schemas import (
    PlannedStoreFromSite,
    SiteSuggestionCreate,
    SiteSuggestionRead,
    SiteSuggestionSummary,
)
from services.siting.tasks import run_suggestion
from stores import store_admin
from stores.schemas import StoreCreate, StoreRead

router = APIRouter(prefix="/site-suggestions", tags=["siting"])


@router.post("", response_model=SiteSuggestionRead, status_code=201)
@answers("region_not_found@404", "too_many_site_jobs", "siting_radius_too_small")
def start_suggestion(
    manager: CurrentManager,
    uow: UowDep,
    body: SiteSuggestionCreate,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> Response:
    """Start a suggestion; the answer is the queued job (poll ``GET`` for its progress)."""

    def make() -> SiteSuggestionRead:
        job = jobs.start(
            uow.session,
            region_id=body.region_id,
            k=body.k,
            model=body.model,
            radius_km=body.radius_km,
            candidates=None
            if body.candidates is None
            else [[c.latitude, c.longitude] for c in body.candidates],
            manager_id=manager.subject,
            regions=manager.regions,
            running_limit=get_settings().site_jobs_running_per_manager,
        )
        job_id = job.id
        on_commit(uow.session, lambda: run_suggestion.apply_async(args=[job_id]))
        return SiteSuggestionRead.of(job)

    return create_once(
        uow,
        scope=f"manager:{manager.subject}:site-suggestions",
        header=idempotency_key,
        body=body.model_dump(mode="json"),
        make=make,
    )


@router.get("", response_model=Page[SiteSuggestionSummary])
def list_suggestions(
    manager: CurrentManager,
    uow: StaleOkUowDep,
    page: Pagination,
    region_id: Annotated[Id | None, Query()] = None,
    status: Annotated[Literal["queued", "running", "done", "failed"] | None, Query()] = None,
) -> Page[SiteSuggestionSummary]:
    """The suggestions of the manager's regions (HQ: all), newest first; a region that is
    not theirs lists nothing."""
    items, total = jobs.list_jobs(
        uow.session,
        regions=manager.regions,
        region_id=region_id,
        status=status,
        offset=page.offset,
        limit=page.limit,
    )
    return page.page([SiteSuggestionSummary.listed(job) for job in items], total)


@router.get("/{job_id}", response_model=SiteSuggestionRead)
@answers("site_job_not_found")
def get_suggestion(manager: CurrentManager, uow: StaleOkUowDep, job_id: Id) -> SiteSuggestionRead:
    return SiteSuggestionRead.of(jobs.get(uow.session, job_id, manager.regions))


def _done(manager: CurrentManager, uow: StaleOkUowDep, job_id: int) -> dict[str, Any]:
    job = jobs.get(uow.session, job_id, manager.regions)
    if job.result is None:
        raise Conflict(
            f"site suggestion {job_id} is {job.status}",
            code="site_job_not_done",
            details={"status": job.status, "percent": job.percent},
        )
    return job.result


@router.get("/{job_id}/map.svg", response_class=Response)
@answers("site_job_not_found", "site_job_not_done")
def suggestion_map(manager: CurrentManager, uow: StaleOkUowDep, job_id: Id) -> Response:
    """Member density (blue squares), open stores (grey), suggested sites (red, by rank)."""
    return Response(mapsvg.draw(_done(manager, uow, job_id)), media_type="image/svg+xml")


@router.get("/{job_id}/export.csv", response_class=Response)
@answers("site_job_not_found", "site_job_not_done")
def suggestion_csv(manager: CurrentManager, uow: StaleOkUowDep, job_id: Id) -> Response:
    """The ranked sites, one row each (``takes_from``: ``CODE:members`` split by ``;``)."""
    return Response(
        report.sites_csv(_done(manager, uow, job_id)),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="site-suggestion-{job_id}.csv"'},
    )


@router.post("/{job_id}/sites/{rank}/planned-store", response_model=StoreRead, status_code=201)
@answers(
    "site_job_not_found",
    "site_job_not_done",
    "site_not_found",
    "store_code_taken",
    "region_not_found@404",
)
def plan_store(
    manager: CurrentManager,
    uow: UowDep,
    job_id: Id,
    rank: Id,
    body: PlannedStoreFromSite,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> Response:
    """A planned store at the suggested site, in the job's region (open it later with
    ``PATCH /stores/{id}``)."""

    def make() -> StoreRead:
        job = jobs.get(uow.session, job_id, manager.regions)
        sites = _done(manager, uow, job_id)["sites"]
        if rank > len(sites):
            raise NotFound(f"suggestion {job_id} has no site {rank}", code="site_not_found")
        site = sites[rank - 1]
        data = StoreCreate(
            **body.model_dump(),
            region_id=job.region_id,
            latitude=site["latitude"],
            longitude=site["longitude"],
            status="planned",
        )
        return store_admin.create_store(session=uow.session, data=data, region_ids=manager.regions)

    return create_once(
        uow,
        scope=f"manager:{manager.subject}:site-suggestions:{job_id}:{rank}:planned-store",
        header=idempotency_key,
        body=body.model_dump(mode="json"),
        make=make,
    )
