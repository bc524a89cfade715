"""The catalog's audit trail: every change, who made it, when, before and after.

Written in the same transaction as the change it records (a rolled-back change
leaves no audit row, a committed one always has one). Read by HQ only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inventory.models import CatalogAudit
from inventory.schemas_catalog import AuditRead


@dataclass(frozen=True)
class Actor:
    """Who changed the catalog: a manager, an import (by whom, if a person ran it), beat."""

    role: str
    id: int | None = None
    source: str | None = None


#: Beat applying a scheduled price.
SCHEDULE = Actor("schedule")


def manager(manager_id: int) -> Actor:
    return Actor("manager", manager_id)


def changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that differ, before and after (an unchanged field is noise)."""
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record(
    session: Session,
    *,
    actor: Actor,
    entity: str,
    entity_id: int,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    source: str | None = None,
) -> None:
    session.add(
        CatalogAudit(
            actor_role=actor.role,
            actor_id=actor.id,
            source=source or actor.source,
            entity=entity,
            entity_id=entity_id,
            action=action,
            before=before,
            after=after,
        )
    )


def history(
    *,
    session: Session,
    entity: str | None,
    entity_id: int | None,
    offset: int,
    limit: int,
) -> tuple[list[AuditRead], int]:
    """The audit, newest first, optionally of one entity."""
    query = select(CatalogAudit)
    if entity is not None:
        query = query.where(CatalogAudit.entity == entity)
    if entity_id is not None:
        query = query.where(CatalogAudit.entity_id == entity_id)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(CatalogAudit.id.desc()).offset(offset).limit(limit))
    return [AuditRead.model_validate(row) for row in rows], total
