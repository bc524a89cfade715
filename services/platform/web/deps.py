"""Request-scoped unit of work for routes that touch the database."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends

from services.platform.uow import UnitOfWork


def _unit_of_work() -> Iterator[UnitOfWork]:
    with UnitOfWork() as uow:
        yield uow


UowDep = Annotated[UnitOfWork, Depends(_unit_of_work)]
