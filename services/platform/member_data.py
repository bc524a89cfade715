"""Plumbing for members' data rights: dumping a service's own rows about one member.

Each service writes its export (and its erasure) in its own ``client.py`` over its own
tables; the list of sections lives with the members service (``services.members.member_data``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from importlib import import_module
from typing import Any

from fastapi.encoders import jsonable_encoder
from sqlalchemy import ColumnElement, inspect, select
from sqlalchemy.orm import DeclarativeBase, Session

#: ``(session, member_id) -> JSON-able``: one section of a member's export.
Exporter = Callable[[Session, int], Any]
#: ``(session, member_id, now) -> None``: forget the member in one service's tables.
Eraser = Callable[[Session, int, datetime], None]


def dump(
    session: Session,
    model: type[DeclarativeBase],
    *criteria: ColumnElement[bool],
    exclude: Collection[str] = (),
    limit: int = 10_000,
) -> list[dict[str, Any]]:
    """Every column of the matching rows, JSON-safe, oldest id first (``exclude``: secrets)."""
    table = inspect(model).local_table
    columns = [c for c in table.columns if c.name not in exclude]
    order = [c for c in table.columns if c.primary_key]
    rows = session.execute(select(*columns).where(*criteria).order_by(*order).limit(limit))
    return [jsonable_encoder(dict(row._mapping)) for row in rows]


def resolve(spec: str) -> Callable[..., Any]:
    """``"package.module:function"`` -> the function (imported when first needed, so the
    registry names services without importing them, and no import cycle can form)."""
    module, _, name = spec.partition(":")
    found: Callable[..., Any] = getattr(import_module(module), name)
    return found
