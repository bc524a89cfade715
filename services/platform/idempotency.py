"""Idempotency keys for create endpoints: a replay returns the first response.

The key row is inserted in the same transaction as the thing it creates, so a
crash leaves neither; a concurrent duplicate blocks on the unique key until the
first commits, then replays its response.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg.types.json import Jsonb
from pydantic import BaseModel
from sqlalchemy import Integer, String, delete
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, Session, mapped_column

from services.platform.adb import Connection
from services.platform.adb import fetch as afetch
from services.platform.db import Base, fetch, utcnow
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


#: The one claim algorithm, sync creates' and placing's (inside ``orders.place_order``): the
#: database function in services/platform/sql/claim_answered.sql. A sync create claims
#: without its answer and stores it with ``record`` before commit.
_CLAIM = """
    SELECT claimed, request_hash, status_code, response FROM platform.claim_answered(
        p_scope => %(scope)s, p_key => %(key)s, p_request_hash => %(request_hash)s,
        p_status_code => NULL, p_response => NULL)
"""
# A read only: a replay of a placed order that now fails its advisory checks.
_READ = """
    SELECT false AS claimed, request_hash, status_code, response FROM platform.idempotency_keys
    WHERE scope = %(scope)s AND key = %(key)s
"""
_RECORD = """
    UPDATE platform.idempotency_keys SET status_code = %(status_code)s, response = %(response)s
    WHERE scope = %(scope)s AND key = %(key)s RETURNING key
"""


def _claimed(rows: list[dict[str, Any]], request_hash: str) -> StoredResponse | None:
    row = rows[0]
    if row["claimed"]:
        return None
    if row["request_hash"] != request_hash:
        raise Conflict(
            "this Idempotency-Key was used with a different request",
            code="idempotency_key_reused",
        )
    if row["status_code"] is None:
        raise Conflict(
            "a request with this Idempotency-Key is still in progress",
            code="idempotency_key_in_progress",
        )
    return StoredResponse(status_code=row["status_code"], body=row["response"])


@dataclass(frozen=True)
class Replay:
    """Where a create's idempotent answer is kept: ``scope``/``key``, for this request body
    (``fingerprint``: another body under the same key is a conflict, not a replay)."""

    scope: str
    key: str
    fingerprint: str


def replay(*, scope: str, key: str | None, body: BaseModel) -> Replay:
    """This request's ``Replay``: the caller's ``scope``, its ``Idempotency-Key`` (422 when
    missing or malformed) and the body's fingerprint."""
    return Replay(
        scope=scope,
        key=check_key(key),
        fingerprint=request_fingerprint(body.model_dump(mode="json")),
    )


def claim(session: Session, *, scope: str, key: str, request_hash: str) -> StoredResponse | None:
    """Claim ``key`` for this request; a previous identical request's response if there is one.

    A concurrent claim of the same key waits on the unique index until the first
    transaction ends, then reads its row (or claims the key if it rolled back).
    """
    params = {"scope": scope, "key": key, "request_hash": request_hash}
    return _claimed(fetch(session, _CLAIM, params), request_hash)


@dataclass(frozen=True)
class Claim:
    """A sync create's hold on its key: ``replay`` is the earlier answer, if there is one."""

    scope: str
    key: str
    replay: StoredResponse | None

    def record(self, session: Session, *, status_code: int, body: Any) -> None:
        """Store this create's answer (same transaction as the create)."""
        record(session, scope=self.scope, key=self.key, status_code=status_code, body=body)


def claim_request(session: Session, *, scope: str, header: str | None, body: Any) -> Claim:
    """Check the ``Idempotency-Key`` header and ``claim`` it for this request body."""
    key = check_key(header)
    return Claim(
        scope, key, claim(session, scope=scope, key=key, request_hash=request_fingerprint(body))
    )


async def stored_async(
    connection: Connection, *, scope: str, key: str, request_hash: str
) -> StoredResponse | None:
    """The response stored for ``key`` (read only), None when it was never used."""
    params = {"scope": scope, "key": key, "request_hash": request_hash}
    rows = await afetch(connection, _READ, params)
    return _claimed(rows, request_hash) if rows else None


def answered(row: Mapping[str, Any], request_hash: str) -> StoredResponse | None:
    """What ``platform.claim_answered`` said (row: claimed, request_hash, status_code,
    response): None when this request claimed the key, else the replay (or Conflict).

    That database function claims a key together with its answer, for a create
    whose answer is known before it writes (a placed order), in the create's
    own transaction; a concurrent duplicate waits on the key, then replays.
    """
    return _claimed([dict(row)], request_hash)


def _stored(scope: str, key: str, status_code: int, body: Any) -> dict[str, Any]:
    return {"scope": scope, "key": key, "status_code": status_code, "response": body}


def record(session: Session, *, scope: str, key: str, status_code: int, body: Any) -> None:
    """Store the response to replay for ``key`` (same transaction as the create)."""
    stored = {**_stored(scope, key, status_code, body), "response": Jsonb(body)}
    if not fetch(session, _RECORD, stored):
        raise LookupError(f"idempotency key {scope}/{key} was not claimed")


def forget_shopper(session: Session, member_id: int, now: datetime) -> None:
    """Drop a deleted member's stored answers (an order's answer holds its delivery address).

    Mini-program scopes name the shopper as one segment (``mp:orders:42``, ``mp:42:feedback``).
    """
    del now
    session.execute(
        delete(IdempotencyKey).where(
            IdempotencyKey.scope.regexp_match(f"^mp:([^:]+:)?{int(member_id)}(:[^:]+)?$")
        )
    )
