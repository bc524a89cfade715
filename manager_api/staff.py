"""``/manager/v1/staff/managers``: HQ opens manager accounts, changes their regions and
deactivates them (403 ``staff_hq_only`` for a regional manager). Each change to someone's
regions or activity ends their sessions at once; rules in ``stores.manager_accounts``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Response

from services.platform.auth import Principal
from services.platform.errors import Forbidden
from services.platform.inputs import Id
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentManager
from services.platform.web.creates import create_once
from services.platform.web.deps import UowDep
from stores import manager_accounts
from stores.schemas import ManagerAccountRead, ManagerCreate, ManagerRegionsUpdate

router = APIRouter(prefix="/staff/managers", tags=["staff"])


@answers("staff_hq_only")
async def _hq(manager: CurrentManager) -> Principal:
    if not manager.hq:
        raise Forbidden("only HQ manages manager accounts", code="staff_hq_only")
    return manager


HqManager = Annotated[Principal, Depends(_hq)]


@router.get("", response_model=list[ManagerAccountRead])
def managers(hq: HqManager, uow: UowDep) -> list[ManagerAccountRead]:
    """Every manager account with its regions, active or not."""
    return manager_accounts.list_managers(session=uow.session)


@router.post("", response_model=ManagerAccountRead, status_code=201)
@answers("username_taken", "password_too_short", "region_not_found")
def open_account(
    hq: HqManager,
    uow: UowDep,
    body: ManagerCreate,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> Response:
    """A new manager who can log in at once with this password, over these regions."""
    return create_once(
        uow,
        scope=f"manager:{hq.subject}:managers",
        header=idempotency_key,
        # The key's stored fingerprint is an unsalted hash: keep the password out of it.
        body=body.model_dump(mode="json", exclude={"password"}),
        make=lambda: manager_accounts.create(
            session=uow.session,
            actor_id=hq.subject,
            username=body.username,
            name=body.name,
            password=body.password,
            region_ids=body.region_ids,
            hq=body.hq,
        ),
    )


@router.put("/{manager_id}/regions", response_model=ManagerAccountRead)
@answers("manager_not_found", "region_not_found", "own_account_change")
def change_regions(
    hq: HqManager, uow: UowDep, manager_id: Id, body: ManagerRegionsUpdate
) -> ManagerAccountRead:
    """Replace the manager's regions; their sessions end (they log in again to see them)."""
    changed = manager_accounts.change_regions(
        session=uow.session, actor_id=hq.subject, manager_id=manager_id, region_ids=body.region_ids
    )
    uow.commit()
    return changed


@router.post("/{manager_id}/deactivate", response_model=ManagerAccountRead)
@answers("manager_not_found", "own_account_change")
def deactivate(hq: HqManager, uow: UowDep, manager_id: Id) -> ManagerAccountRead:
    """The manager can no longer log in; every session they hold ends at once."""
    done = manager_accounts.deactivate(
        session=uow.session, actor_id=hq.subject, manager_id=manager_id
    )
    uow.commit()
    return done
