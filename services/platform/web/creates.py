"""An idempotent create in a sync route: claim the key, create, store the answer, commit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from services.platform import idempotency
from services.platform.uow import UnitOfWork


def create_once(
    uow: UnitOfWork, *, scope: str, header: str | None, body: Any, make: Callable[[], Any]
) -> Response:
    """201 with what ``make()`` created; a replay of the key gets the first answer back."""
    claimed = idempotency.claim_request(uow.session, scope=scope, header=header, body=body)
    if claimed.replay is not None:
        return JSONResponse(claimed.replay.body, status_code=claimed.replay.status_code)
    return created(uow, scope=scope, key=claimed.key, made=make())


def created(uow: UnitOfWork, *, scope: str, key: str, made: Any) -> Response:
    """201 with ``made``, stored as the answer to the key this create claimed, committed
    (a create that claims its key itself, in its own statement: a booking)."""
    payload = jsonable_encoder(made)
    idempotency.record(uow.session, scope=scope, key=key, status_code=201, body=payload)
    uow.commit()
    return JSONResponse(payload, status_code=201)
