"""All ``/manager/v1`` routes: login is public, everything else needs a manager."""

from __future__ import annotations

from fastapi import APIRouter

from manager_api import (
    appointments,
    auth,
    campaigns,
    cases,
    catalog,
    coupons,
    experience,
    inbox,
    insights,
    insights_funnel,
    orders,
    recommendations,
    roster,
    site_suggestions,
    staff,
    stock,
    stock_imports,
    store_admin,
    stores,
    touchpoints,
)
from services.platform.web.auth import RequireManager
from services.platform.web.docs import FrontDoor

manager_only = APIRouter(dependencies=[RequireManager])
manager_only.include_router(auth.session_router)
manager_only.include_router(orders.router)
manager_only.include_router(cases.router)
manager_only.include_router(stores.router)
manager_only.include_router(store_admin.router)
manager_only.include_router(roster.router)
manager_only.include_router(staff.router)
manager_only.include_router(touchpoints.router)
manager_only.include_router(appointments.router)
manager_only.include_router(stock.router)
manager_only.include_router(coupons.router)
manager_only.include_router(catalog.router)
manager_only.include_router(stock_imports.router)
manager_only.include_router(campaigns.router)
manager_only.include_router(site_suggestions.router)
manager_only.include_router(insights.router)
manager_only.include_router(insights_funnel.router)
manager_only.include_router(recommendations.router)
manager_only.include_router(experience.router)
manager_only.include_router(inbox.router)

router = APIRouter(prefix="/manager/v1")
router.include_router(auth.router)
router.include_router(manager_only)

DOOR = FrontDoor(
    slug="manager",
    title="Manager API",
    prefix="/manager/v1",
    login_path="/manager/v1/auth/login",
    scheme="ManagerToken",
    description=(
        "For regional managers and HQ: stores, QR touchpoints and their reports, orders, "
        "shipping and refunds, coupons, routing campaigns (control group, uplift); where to "
        "open the next stores (site suggestions, their map and CSV); the catalog and its "
        "prices (HQ writes, regions read).\n\n"
        "Log in with `POST /manager/v1/auth/login` (demo `hq` or `manager-east`, password "
        "`demo1234`)."
    ),
)
