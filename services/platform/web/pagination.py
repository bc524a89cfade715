"""Offset pagination with an enforced maximum page size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel

from services.platform.errors import InvalidInput
from services.platform.inputs import INT4_MAX
from services.platform.settings import get_settings
from services.platform.web.answers import answers

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True)
class PageParams:
    offset: int
    limit: int

    def page(self, items: list[T], total: int) -> Page[T]:
        return Page[T](items=items, total=total, offset=self.offset, limit=self.limit)


@answers("page_too_large")
async def _page_params(
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    # The setting's maximum is checked below, to answer page_too_large; this bounds the type.
    limit: Annotated[int, Query(ge=1, le=INT4_MAX)] = 20,
) -> PageParams:
    maximum = get_settings().max_page_size
    if limit > maximum:
        raise InvalidInput(
            f"limit may be at most {maximum}", code="page_too_large", details={"max": maximum}
        )
    return PageParams(offset=offset, limit=limit)


Pagination = Annotated[PageParams, Depends(_page_params)]
