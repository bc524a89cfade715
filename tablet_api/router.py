"""All ``/tablet/v1`` routes: login is public, everything else needs a guide."""

from __future__ import annotations

from fastapi import APIRouter

from services.platform.web.auth import RequireGuide
from services.platform.web.docs import FrontDoor
from tablet_api import (
    agenda,
    auth,
    availability,
    care_tasks,
    cases,
    checkins,
    figures,
    me,
    members,
    orders,
    sales,
    stock,
)

guide_only = APIRouter(dependencies=[RequireGuide])
guide_only.include_router(auth.session_router)
guide_only.include_router(me.router)
guide_only.include_router(orders.router)
guide_only.include_router(checkins.router)
guide_only.include_router(availability.router)
guide_only.include_router(agenda.router)
guide_only.include_router(stock.router)
guide_only.include_router(members.router)
guide_only.include_router(sales.router)
guide_only.include_router(figures.router)
guide_only.include_router(cases.router)
guide_only.include_router(care_tasks.router)

router = APIRouter(prefix="/tablet/v1")
router.include_router(auth.router)
router.include_router(guide_only)

DOOR = FrontDoor(
    slug="tablet",
    title="Store tablet API",
    prefix="/tablet/v1",
    login_path="/tablet/v1/auth/login",
    scheme="GuideToken",
    description=(
        "For store guides on the tablet: the day's agenda, the store's pickup queue, "
        "handover by QR or code, check-ins, customers (member 360 and the store's notes), "
        "assisted sales paid at the counter or by link, stock here and nearby, and the "
        "guide's own figures.\n\n"
        "Log in with `POST /tablet/v1/auth/login` (demo guide `sha-01-g1`, password "
        "`demo1234`)."
    ),
)
