"""Guide login and logout."""

from __future__ import annotations

from services.platform.web.staff import auth_routers
from stores import staff_auth

#: ``router`` is public (login); ``session_router`` (password, logout) needs a guide.
router, session_router = auth_routers(
    "guide",
    log_in=staff_auth.log_in,
    change_password=staff_auth.change_own_password,
    end_sessions=staff_auth.end_sessions,
    store_of=staff_auth.guide_store,
)
