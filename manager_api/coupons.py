"""Coupons in the manager's regions: define them, list them, issue them to members."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response
from fastapi.concurrency import run_in_threadpool

from services.platform.db import utcnow
from services.platform.inputs import Id
from services.platform.settings import get_settings
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentManager
from services.platform.web.creates import create_once
from services.platform.web.deps import AsyncRedisDep, UowDep
from services.platform.web.pagination import Page, Pagination
from services.promotions import limits
from services.promotions import service as coupons
from services.promotions.schemas import CouponCreate, CouponIssue, CouponRead, IssueResult

router = APIRouter(tags=["coupons"])
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key")]


@router.post("/coupons", response_model=CouponRead, status_code=201)
@answers("region_forbidden", "store_not_found", "coupon_needs_region")
def create_coupon(
    manager: CurrentManager,
    uow: UowDep,
    body: CouponCreate,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """A coupon usable in your regions (HQ: anywhere); its terms never change afterwards."""
    return create_once(
        uow,
        scope=f"manager:{manager.subject}:coupons",
        header=idempotency_key,
        body=body.model_dump(mode="json"),
        make=lambda: coupons.create(
            session=uow.session, data=body, region_ids=manager.regions, manager_id=manager.subject
        ),
    )


@router.get("/coupons", response_model=Page[CouponRead])
def list_coupons(manager: CurrentManager, uow: UowDep, page: Pagination) -> Page[CouponRead]:
    items, total = coupons.list_coupons(
        session=uow.session, region_ids=manager.regions, offset=page.offset, limit=page.limit
    )
    return page.page(items, total)


@router.get("/coupons/{coupon_id}", response_model=CouponRead)
@answers("coupon_not_found")
def get_coupon(manager: CurrentManager, uow: UowDep, coupon_id: Id) -> CouponRead:
    return coupons.get(session=uow.session, coupon_id=coupon_id, region_ids=manager.regions)


@router.post("/coupons/{coupon_id}/issues", response_model=IssueResult, status_code=201)
@answers("coupon_not_found", "coupon_expired", "issue_too_large", "coupon_issue_rate_limited")
async def issue_coupon(
    manager: CurrentManager,
    uow: UowDep,
    redis: AsyncRedisDep,
    coupon_id: Id,
    body: CouponIssue,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Put the coupon in these members' wallets (ids, or a segment); once per member."""
    await limits.check_issue_rate(redis, manager_id=manager.subject, settings=get_settings())
    return await run_in_threadpool(
        create_once,
        uow,
        scope=f"manager:{manager.subject}:coupon-issues",
        header=idempotency_key,
        body={"coupon_id": coupon_id, **body.model_dump(mode="json")},
        make=lambda: coupons.issue_to(
            session=uow.session,
            coupon_id=coupon_id,
            audience=body,
            region_ids=manager.regions,
            manager_id=manager.subject,
            now=utcnow(),
        ),
    )
