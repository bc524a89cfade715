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
from dataclasses import replace
from functools import partial
from typing import Any, Literal

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from services.platform import adb, login_throttle
from services.platform.auth import (
    Principal,
    hash_password,
    hash_password_async,
    verify_password_async,
)
from services.platform.db import fetch
from services.platform.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from services.platform.sessions import publish_version, publish_version_async
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

#: Who the signed-in staff member is, for checking their current password.
ACCOUNT_SQL: dict[str, str] = {
    "guide": "SELECT username, password_hash FROM stores.guides WHERE id = %(id)s AND active",
    "manager": "SELECT username, password_hash FROM stores.managers WHERE id = %(id)s AND active",
}
#: A new password ends every session issued before (one text, sync and async callers).
SET_PASSWORD_SQL: dict[str, str] = {
    role: f"""
        UPDATE stores.{table} SET password_hash = %(password_hash)s,
               session_version = session_version + 1
        WHERE id = %(id)s RETURNING session_version
    """
    for role, table in (("guide", "guides"), ("manager", "managers"))
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


_STORE_SQL = "SELECT id, name, timezone FROM stores.stores WHERE id = %(id)s"


async def guide_store(pool: adb.Pool, principal: Principal) -> dict[str, Any] | None:
    """The store a guide works at, ``{id, name, timezone}`` (the login answer names it);
    None for a manager."""
    if principal.store_id is None:
        return None
    async with adb.connection(pool, get_settings()) as connection:
        return await adb.fetch_one(connection, _STORE_SQL, {"id": principal.store_id})


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
    # Rows, not the Result: a Result has ``keys()``, so ``dict(result)`` takes it for a mapping.
    rows = session.execute(select(Region.code, Region.id).where(Region.code.in_(codes))).all()
    found = {code: region_id for code, region_id in rows}
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
    _publish_on_commit(session, role, staff_id, version)
    return version


def _publish_on_commit(session: Session, role: str, staff_id: int, version: int) -> None:
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


def _check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"a staff password needs at least {MIN_PASSWORD_LENGTH} characters",
            code="password_too_short",
        )


def set_password(*, session: Session, role: StaffRole, staff_id: int, password: str) -> None:
    """A new password (hashed here: callers are the CLI and tasks, not the request path)."""
    _check_new_password(password)
    params = {"id": staff_id, "password_hash": hash_password(password)}
    rows = fetch(session, SET_PASSWORD_SQL[role], params)
    if not rows:
        raise NotFound(f"{role} {staff_id} does not exist", code=f"{role}_not_found")
    _publish_on_commit(session, role, staff_id, rows[0]["session_version"])


async def change_own_password(
    *,
    pool: adb.Pool,
    redis: Any,
    settings: Settings,
    principal: Principal,
    current_password: str,
    new_password: str,
    client_ip: str,
) -> Principal:
    """A signed-in guide or manager changes their password; every other session ends.

    The current password is checked like a login (throttled, on the hashing
    threads), so a stolen token cannot be used to guess it. Returns the principal
    for the caller's new token.
    """
    _check_new_password(new_password)
    role = principal.role
    async with adb.connection(pool, settings) as connection:
        row = await adb.fetch_one(connection, ACCOUNT_SQL[role], {"id": principal.subject})
    if row is None:
        raise Unauthorized("this session has ended; log in again", code="session_ended")
    attempt = await login_throttle.charge(
        redis, role=role, username=row["username"], client_ip=client_ip, settings=settings
    )
    if not await verify_password_async(row["password_hash"], current_password, settings):
        await login_throttle.failed(redis, attempt, settings=settings)
        raise Forbidden("the current password is wrong", code="wrong_password")
    await login_throttle.succeeded(redis, attempt)
    params = {
        "id": principal.subject,
        "password_hash": await hash_password_async(new_password, settings),
    }
    async with adb.connection(pool, settings) as connection:
        changed = await adb.fetch_one(connection, SET_PASSWORD_SQL[role], params)
    if changed is None:
        raise Unauthorized("this session has ended; log in again", code="session_ended")
    version = int(changed["session_version"])
    await publish_version_async(
        redis,
        role=role,
        subject=principal.subject,
        version=version,
        ttl_seconds=settings.staff_session_cache_seconds,
    )
    return replace(principal, session_version=version)
