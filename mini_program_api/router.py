"""All ``/mp/v1`` routes: public ones listed explicitly, everything else needs a shopper."""

from __future__ import annotations

from fastapi import APIRouter

from mini_program_api import (
    appointments,
    auth,
    availability,
    cases,
    checkout,
    coupons,
    feedback,
    me,
    my_data,
    orders,
    pay_links,
    products,
    recommendations,
    scans,
    stores,
)
from services.platform.web.auth import RequireShopper, RequireShopperInOne
from services.platform.web.docs import FrontDoor

public = APIRouter()
public.include_router(products.router)
public.include_router(availability.router)
public.include_router(auth.router)

shopper_only = APIRouter(dependencies=[RequireShopper])
shopper_only.include_router(me.router)
shopper_only.include_router(my_data.router)
shopper_only.include_router(coupons.router)
shopper_only.include_router(orders.router)
shopper_only.include_router(cases.router)
shopper_only.include_router(pay_links.router)
shopper_only.include_router(checkout.router)
shopper_only.include_router(appointments.router)
shopper_only.include_router(feedback.router)

# Matched first, and one level from the app: FastAPI tries included routers in order and
# walks each level's whole subtree again on the way down (a route at the end paid ~1 ms of
# matching per request, one under this door's other routers still ~0.1 ms); the shopper's
# list is the busiest read here (bench/recommendations.py). The app includes ``busiest``
# before every other router (server/app.py DOOR_ROUTERS); its paths
# (/mp/v1/me/recommendations...) overlap no other route's.
busiest = APIRouter(prefix="/mp/v1", dependencies=[RequireShopperInOne])
busiest.include_router(recommendations.router)
# The busiest public routes, one level from the app for the same reason (router matching
# was 13 % of the store finder's CPU under bench/stores_nearby.py): the store finder, slot
# search (with a store's services and a guide's page) and QR scans (anonymous or member: a
# token is checked when sent). Their paths (/stores..., /guides/..., /scans) overlap no
# other route's.
busiest_public = APIRouter(prefix="/mp/v1")
busiest_public.include_router(stores.router)
busiest_public.include_router(appointments.public)
busiest_public.include_router(scans.router)

router = APIRouter(prefix="/mp/v1")
router.include_router(public)
router.include_router(shopper_only)

DOOR = FrontDoor(
    slug="mp",
    title="Mini-program API",
    prefix="/mp/v1",
    login_path="/mp/v1/auth/login",
    scheme="ShopperToken",
    description=(
        "For the WeChat mini-program and QR codes: store locator, catalog, availability, "
        "scans, the shopper's account and orders (buy online, pick up in store).\n\n"
        "Log in with `POST /mp/v1/auth/login` (in development any `code`, e.g. "
        "`demo-shopper`); the docs page then authorizes with the returned token."
    ),
)
