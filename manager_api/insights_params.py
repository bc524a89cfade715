"""What every ``/manager/v1/insights`` question shares: the period, the scope, names, CSV."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import Query, Response
from sqlalchemy.orm import Session

from services.insights.periods import local_today
from services.insights.queries import Scope
from services.platform import csv_export
from services.platform.auth import Principal
from services.platform.db import utcnow
from services.platform.errors import InvalidInput, NotFound
from services.platform.inputs import Id
from services.platform.web.deps import UowDep
from services.touchpoints import client as touchpoints
from stores import client as stores
from stores.client import LocalStoresClient

Format = Literal["json", "csv"]
#: The longest period one question may cover (a year and a leap day).
MAX_DAYS = 366
CSV = {"content": {"text/csv": {"schema": {"type": "string"}, "example": "key,orders\n1,12\n"}}}
Start = Annotated[
    date | None, Query(description="First local day (default: `days` days before `end`).")
]
End = Annotated[
    date | None,
    Query(
        description="Day after the last (default: tomorrow, the store's local date when"
        " `store_id` is given, else the brand's: `brand_timezone`, Asia/Shanghai)."
    ),
]
Days = Annotated[
    int, Query(ge=1, le=MAX_DAYS, description="Length of the default period (without `start`).")
]
RegionFilter = Annotated[Id | None, Query(description="One of your regions.")]
StoreFilter = Annotated[Id | None, Query(description="One store (of your regions).")]


def today_for(uow: UowDep, store_id: int | None) -> date:
    """Today where the figures are: the store's local date, or the brand's (local_today)."""
    zone = None
    if store_id is not None:
        try:
            zone = LocalStoresClient(uow.session).get_store(store_id).timezone
        except NotFound:  # no such store: its figures are empty, any day will do
            zone = None
    return local_today(utcnow(), zone)


def period(start: date | None, end: date | None, today: date, days: int = 30) -> tuple[date, date]:
    """[start, end) in local days; default the last ``days`` days including today."""
    end = end or today + timedelta(days=1)
    start = start or end - timedelta(days=days)
    if not 0 < (end - start).days <= MAX_DAYS:
        raise InvalidInput("the period must be positive and at most a year", code="bad_period")
    return start, end


def scope(manager: Principal, region_id: int | None, store_id: int | None) -> Scope:
    return Scope(regions=manager.regions, region_id=region_id, store_id=store_id).checked()


#: What a key of 0 (or '') stands for, per breakdown.
_NONE = {
    "store": "no store",
    "guide": "no guide",
    "touchpoint": "no touchpoint",
    "region": "no region (members without a home store yet)",
    "channel": "no channel",
}


def names(session: Session, by: str, keys: Iterable[str]) -> dict[str, str]:
    """Each breakdown key's display name (stores ``code name``, guides ``name (store)``)."""
    keys = list(keys)
    ids = [int(k) for k in keys if k.isdigit() and k != "0"]
    if by == "touchpoint":
        found = touchpoints.names(session=session, ids=ids)
    elif by in ("store", "guide", "region"):
        found = stores.names(session=session, kind=by, ids=ids)
    else:
        found = {}
    out: dict[str, str] = {}
    for key in keys:
        if key in ("", "0"):
            out[key] = _NONE[by]
        elif by == "channel":
            out[key] = key.replace("_", " ")
        else:  # a key that is not an id names nothing (a row of a removed kind)
            name = found.get(int(key)) if key.isdigit() else None
            out[key] = name or f"{by} {key} (gone)"
    return out


def csv_response(header: Sequence[str], rows: Sequence[Sequence[Any]], name: str) -> Response:
    return Response(
        csv_export.encode(header, rows),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )
