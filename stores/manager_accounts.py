"""HQ keeps the manager accounts: open one with its regions, change the regions, deactivate.

Sessions and passwords go through ``staff_auth`` (one rule for password length, one for
ending sessions: new regions and deactivation end every session at once). Only HQ acts
here; a manager cannot change their own account this way (locking HQ out by mistake).
Each change is logged with who made it (``staff_account_changed``).
"""

from __future__ import annotations

from collections.abc import Sequence

import structlog
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from services.platform.errors import Conflict, NotFound
from stores import staff_auth
from stores.models import Manager, ManagerRegion
from stores.schemas import ManagerAccountRead

log = structlog.get_logger(__name__)
#: Stored until ``set_password`` writes the real hash: matches no password.
_NO_PASSWORD = "!"


def _read(session: Session, manager: Manager) -> ManagerAccountRead:
    regions = session.scalars(
        select(ManagerRegion.region_id)
        .where(ManagerRegion.manager_id == manager.id)
        .order_by(ManagerRegion.region_id)
    ).all()
    return ManagerAccountRead(
        id=manager.id,
        username=manager.username,
        name=manager.name,
        hq=manager.hq,
        active=manager.active,
        region_ids=list(regions),
    )


def _get(session: Session, manager_id: int) -> Manager:
    manager = session.get(Manager, manager_id)
    if manager is None:
        raise NotFound(f"manager {manager_id} does not exist", code="manager_not_found")
    return manager


def _not_yourself(actor_id: int, manager_id: int) -> None:
    if actor_id == manager_id:
        raise Conflict(
            "HQ changes other managers' accounts, not their own", code="own_account_change"
        )


def list_managers(*, session: Session) -> list[ManagerAccountRead]:
    """Every manager account, active or not."""
    return [_read(session, m) for m in session.scalars(select(Manager).order_by(Manager.id))]


def create(
    *,
    session: Session,
    actor_id: int,
    username: str,
    name: str,
    password: str,
    region_ids: Sequence[int],
    hq: bool = False,
) -> ManagerAccountRead:
    """A new manager with these regions (``region_not_found`` for an unknown one)."""
    if session.scalar(select(Manager.id).where(Manager.username == username)) is not None:
        raise Conflict(f"username {username} is taken", code="username_taken")
    manager = Manager(username=username, name=name, password_hash=_NO_PASSWORD, hq=hq)
    session.add(manager)
    session.flush()
    staff_auth.set_manager_regions(session=session, manager_id=manager.id, region_ids=region_ids)
    staff_auth.set_password(session=session, role="manager", staff_id=manager.id, password=password)
    session.refresh(manager)
    log.info("staff_account_changed", action="create", by=actor_id, manager_id=manager.id)
    return _read(session, manager)


def change_regions(
    *, session: Session, actor_id: int, manager_id: int, region_ids: Sequence[int]
) -> ManagerAccountRead:
    """Replace the manager's regions; their sessions end (tokens carry the old ones)."""
    _not_yourself(actor_id, manager_id)
    manager = _get(session, manager_id)
    staff_auth.set_manager_regions(session=session, manager_id=manager_id, region_ids=region_ids)
    session.refresh(manager)
    log.info("staff_account_changed", action="regions", by=actor_id, manager_id=manager_id)
    return _read(session, manager)


def deactivate(*, session: Session, actor_id: int, manager_id: int) -> ManagerAccountRead:
    """The manager can no longer log in, and every session they hold ends."""
    _not_yourself(actor_id, manager_id)
    manager = _get(session, manager_id)
    session.execute(update(Manager).where(Manager.id == manager_id).values(active=False))
    staff_auth.end_sessions(session=session, role="manager", staff_id=manager_id)
    session.refresh(manager)
    log.info("staff_account_changed", action="deactivate", by=actor_id, manager_id=manager_id)
    return _read(session, manager)
