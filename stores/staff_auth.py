"""Staff login and sessions: guides and managers log in, and their sessions can be ended.

Login runs on the event loop: throttle (Redis), one credentials read on the async
pool (the connection goes back before any hashing), then exactly one argon2
verification on the hashing threads, against a dummy hash when the username is
unknown, so unknown and known names cost and answer the same.

Each guide and manager has a ``session_version`` carried in their tokens; bumping
it (``end_sessions``) ends every session issued before. Logout, a password
change, deactivating a guide and changing a manager's regions all bump it; the
new version is published to Redis after commit (``services.platform.sessions``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any, Literal

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from services.platform import adb, login_throttle
from services.platform.auth import Principal, hash_password, verify_password_async
from services.platform.errors import InvalidInput, NotFound, Unauthorized
from services.platform.sessions import publish_version
from services.platform.settings import Settings, get_settings
from services.platform.uow import on_commit
from stores.models import Guide, Manager, ManagerRegion, Region

StaffRole = Literal["guide", "manager"]
_BAD_LOGIN = "unknown username or wrong password"
MIN_PASSWORD_LENGTH = 10
_MODELS: dict[str, type[Guide] | type[Manager]] = {"guide": Guide, "manager": Manager}

CREDENTIALS_SQL: dict[str, str] = {
    "guide": """
        SELECT id, password_hash, active, session_version, store_id
        FROM stores.guides WHERE username = %(username)s
    """,
    "manager": """
        SELECT m.id, m.password_hash, m.active, m.session_version, m.hq,
               ARRAY(SELECT r.region_id FROM stores.manager_regions r
                     WHERE r.manager_id = m.id ORDER BY r.region_id) AS region_ids
        FROM stores.managers m WHERE m.username = %(username)s
    """,
}
#: The version a staff member's tokens must carry; no row while they may not act.
SESSION_VERSION_SQL: dict[str, str] = {
    "guide": "SELECT session_version FROM stores.guides WHERE id = %(id)s AND active",
    "manager": "SELECT session_version FROM stores.managers WHERE id = %(id)s AND active",
}


async def log_in(
    *,
    pool: adb.Pool,
    redis: Any,
    settings: Settings,
    role: StaffRole,
    username: str,
    password: str,
    client_ip: str,
) -> Principal:
    """The staff principal for a right username and password; else 401 or 429."""
    attempt = await login_throttle.charge(
        redis, role=role, username=username, client_ip=client_ip, settings=settings
    )
    async with adb.connection(pool, settings) as connection:
        row = await adb.fetch_one(connection, CREDENTIALS_SQL[role], {"username": username})
    matches = await verify_password_async(row["password_hash"] if row else None, password, settings)
    if row is None or not row["active"] or not matches:
        await login_throttle.failed(redis, attempt, settings=settings)
        raise Unauthorized(_BAD_LOGIN, code="invalid_credentials")
    await login_throttle.succeeded(redis, attempt)
    if role == "guide":
        return Principal(
            role="guide",
            subject=row["id"],
            store_id=row["store_id"],
            session_version=row["session_version"],
        )
    return Principal(
        role="manager",
        subject=row["id"],
        region_ids=tuple(row["region_ids"]),
        hq=row["hq"],
        session_version=row["session_version"],
    )


async def session_version(pool: adb.Pool, role: str, staff_id: int) -> int | None:
    """The current session version of an active guide or manager (None: may not act)."""
    settings = get_settings()
    async with adb.connection(pool, settings) as connection:
        row = await adb.fetch_one(connection, SESSION_VERSION_SQL[role], {"id": staff_id})
    return None if row is None else int(row["session_version"])


def staff_id(*, session: Session, role: StaffRole, username: str) -> int:
    """The id of the guide or manager with this username (for the admin command)."""
    model = _MODELS[role]
    found = session.scalar(select(model.id).where(model.username == username))
    if found is None:
        raise NotFound(f"no {role} {username!r}", code=f"{role}_not_found")
    return found


def region_ids(*, session: Session, codes: Sequence[str]) -> list[int]:
    """Region ids by code; InvalidInput naming any code that does not exist."""
    found = dict(
        session.execute(select(Region.code, Region.id).where(Region.code.in_(codes))).tuples()
    )
    missing = sorted(set(codes) - set(found))
    if missing:
        raise InvalidInput(f"no region {', '.join(missing)}", code="region_not_found")
    return [found[c] for c in codes]


def end_sessions(*, session: Session, role: StaffRole, staff_id: int) -> int:
    """End every session of this guide or manager (at once, in every process, on commit)."""
    model = _MODELS[role]
    version = session.scalar(
        update(model)
        .where(model.id == staff_id)
        .values(session_version=model.session_version + 1)
        .returning(model.session_version)
    )
    if version is None:
        raise NotFound(f"{role} {staff_id} does not exist", code=f"{role}_not_found")
    on_commit(
        session,
        partial(
            publish_version,
            role=role,
            subject=staff_id,
            version=version,
            ttl_seconds=get_settings().staff_session_cache_seconds,
        ),
    )
    return version


def deactivate_guide(*, session: Session, guide_id: int) -> None:
    """The guide may no longer log in, and every session they hold ends."""
    session.execute(update(Guide).where(Guide.id == guide_id).values(active=False))
    end_sessions(session=session, role="guide", staff_id=guide_id)


def set_manager_regions(*, session: Session, manager_id: int, region_ids: Sequence[int]) -> None:
    """Replace a manager's regions; tokens carrying the old ones stop working."""
    wanted = sorted(set(region_ids))
    known = session.scalar(select(func.count(Region.id)).where(Region.id.in_(wanted))) or 0
    if known != len(wanted):
        raise InvalidInput("a region does not exist", code="region_not_found")
    session.execute(delete(ManagerRegion).where(ManagerRegion.manager_id == manager_id))
    end_sessions(session=session, role="manager", staff_id=manager_id)
    if wanted:
        session.execute(
            insert(ManagerRegion), [{"manager_id": manager_id, "region_id": r} for r in wanted]
        )


def set_password(*, session: Session, role: StaffRole, staff_id: int, password: str) -> None:
    """A new password (hashed here: callers are the CLI and tasks, not the request path)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"a staff password needs at least {MIN_PASSWORD_LENGTH} characters",
            code="password_too_short",
        )
    model = _MODELS[role]
    session.execute(
        update(model).where(model.id == staff_id).values(password_hash=hash_password(password))
    )
    end_sessions(session=session, role=role, staff_id=staff_id)
