"""Guide login and logout."""

from __future__ import annotations

from services.platform.web.staff import auth_routers
from stores import staff_auth

#: ``router`` is public (login); ``session_router`` (logout) sits behind the guide guard.
router, session_router = auth_routers(
    "guide", log_in=staff_auth.log_in, end_sessions=staff_auth.end_sessions
)
