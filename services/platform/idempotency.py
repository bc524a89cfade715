"""Idempotency keys for create endpoints: a replay returns the first response.

The key row is inserted in the same transaction as the thing it creates, so a
crash leaves neither; a concurrent duplicate blocks on the unique key until the
first commits, then replays its response.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, select, update
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from services.platform.db import Base, utcnow
from services.platform.errors import Conflict, InvalidInput

MAX_KEY_LENGTH = 200


class IdempotencyKey(Base):
    __tablename__ = "idempotency_keys"
    __table_args__ = {"schema": "platform"}

    scope: Mapped[str] = mapped_column(String(120), primary_key=True)
    key: Mapped[str] = mapped_column(String(MAX_KEY_LENGTH), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer)
    response: Mapped[Any | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: Any


def request_fingerprint(body: Any) -> str:
    """A stable hash of a request body (keys sorted)."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_key(key: str | None) -> str:
    """Validate an ``Idempotency-Key`` header value."""
    if key is None or not key.strip():
        raise InvalidInput(
            "the Idempotency-Key header is required", code="idempotency_key_required"
        )
    if len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise InvalidInput(
            f"the Idempotency-Key must be printable and at most {MAX_KEY_LENGTH} characters",
            code="idempotency_key_invalid",
        )
    return key


def claim(session: Session, *, scope: str, key: str, request_hash: str) -> StoredResponse | None:
    """Claim ``key`` for this request; a previous identical request's response if there is one."""
    inserted = session.execute(
        insert(IdempotencyKey)
        .values(scope=scope, key=key, request_hash=request_hash)
        .on_conflict_do_nothing()
        .returning(IdempotencyKey.key)
    ).first()
    if inserted is not None:
        return None
    row = session.execute(
        select(IdempotencyKey).where(IdempotencyKey.scope == scope, IdempotencyKey.key == key)
    ).scalar_one()
    if row.request_hash != request_hash:
        raise Conflict(
            "this Idempotency-Key was used with a different request",
            code="idempotency_key_reused",
        )
    if row.status_code is None:
        raise Conflict(
            "a request with this Idempotency-Key is still in progress",
            code="idempotency_key_in_progress",
        )
    return StoredResponse(status_code=row.status_code, body=row.response)


def record(session: Session, *, scope: str, key: str, status_code: int, body: Any) -> None:
    """Store the response to replay for ``key`` (same transaction as the create)."""
    updated = session.execute(
        update(IdempotencyKey)
        .where(IdempotencyKey.scope == scope, IdempotencyKey.key == key)
        .values(status_code=status_code, response=body)
        .returning(IdempotencyKey.key)
        .execution_options(synchronize_session=False)
    ).first()
    if updated is None:
        raise LookupError(f"idempotency key {scope}/{key} was not claimed")
