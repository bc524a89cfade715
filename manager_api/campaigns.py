"""Routing campaigns in the manager's regions: create, launch, read the results."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response
from fastapi.concurrency import run_in_threadpool

from services.campaigns import limits, results
from services.campaigns import service as campaigns
from services.campaigns.schemas import CampaignCreate, CampaignRead, CampaignResults
from services.platform.db import utcnow
from services.platform.inputs import Id
from services.platform.settings import get_settings
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentManager
from services.platform.web.creates import create_once
from services.platform.web.deps import AsyncRedisDep, UowDep
from services.platform.web.pagination import Page, Pagination
from services.platform.web.replica_deps import StaleOkUowDep
from services.touchpoints import qr

router = APIRouter(tags=["campaigns"])
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key")]


@router.post("/campaigns", response_model=CampaignRead, status_code=201)
@answers(
    "region_forbidden",
    "store_not_found",
    "coupon_not_found",
    "campaign_target_closed",
    "campaign_audience_needs_store",
    "campaign_audience_too_large",
    "campaign_rate_limited",
)
async def create_campaign(
    manager: CurrentManager,
    uow: UowDep,
    redis: AsyncRedisDep,
    body: CampaignCreate,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Fix the audience (treated and control arms) and make the campaign's QR touchpoint."""
    await limits.check_campaign_rate(redis, manager_id=manager.subject, settings=get_settings())
    return await run_in_threadpool(
        create_once,
        uow,
        scope=f"manager:{manager.subject}:campaigns",
        header=idempotency_key,
        body=body.model_dump(mode="json"),
        make=lambda: campaigns.create(
            session=uow.session,
            data=body,
            region_ids=manager.regions,
            manager_id=manager.subject,
            settings=get_settings(),
            now=utcnow(),
        ),
    )


@router.get("/campaigns", response_model=Page[CampaignRead])
def list_campaigns(
    manager: CurrentManager, uow: StaleOkUowDep, page: Pagination
) -> Page[CampaignRead]:
    items, total = campaigns.list_campaigns(
        session=uow.session, region_ids=manager.regions, offset=page.offset, limit=page.limit
    )
    return page.page(items, total)


@router.get("/campaigns/{campaign_id}", response_model=CampaignRead)
@answers("campaign_not_found")
def get_campaign(manager: CurrentManager, uow: StaleOkUowDep, campaign_id: Id) -> CampaignRead:
    return campaigns.get(session=uow.session, campaign_id=campaign_id, region_ids=manager.regions)


@router.post("/campaigns/{campaign_id}/launch", response_model=CampaignRead)
@answers("campaign_not_found", "campaign_already_launched", "campaign_rate_limited")
async def launch_campaign(
    manager: CurrentManager, uow: UowDep, redis: AsyncRedisDep, campaign_id: Id
) -> CampaignRead:
    """Start sending to the treated arm in batches; the control arm is never messaged."""
    await limits.check_campaign_rate(redis, manager_id=manager.subject, settings=get_settings())

    def launch() -> CampaignRead:
        launched = campaigns.launch(
            session=uow.session, campaign_id=campaign_id, region_ids=manager.regions, now=utcnow()
        )
        uow.commit()
        return launched

    return await run_in_threadpool(launch)


@router.get("/campaigns/{campaign_id}/results", response_model=CampaignResults)
@answers("campaign_not_found")
def campaign_results(
    manager: CurrentManager, uow: StaleOkUowDep, campaign_id: Id
) -> CampaignResults:
    """Per arm: check-ins, orders, appointments at the target; conversion and uplift (95% CI)."""
    return results.results(
        session=uow.session, campaign_id=campaign_id, region_ids=manager.regions, now=utcnow()
    )


@router.get("/campaigns/{campaign_id}/qr.svg", response_class=Response)
@answers("campaign_not_found")
def campaign_qr(manager: CurrentManager, uow: StaleOkUowDep, campaign_id: Id) -> Response:
    """The campaign's QR code (its touchpoint's signed link) for posters and flyers."""
    found = campaigns.get(session=uow.session, campaign_id=campaign_id, region_ids=manager.regions)
    return Response(qr.svg(found.link), media_type="image/svg+xml")
