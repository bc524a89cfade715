"""Confirmed payment facts, handed to the services that care in the intake transaction.

Payments sits below orders, so orders registers its handler here at import
(dependency inversion) instead of payments importing orders.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from services.platform.db import utcnow
from services.platform.errors import Unavailable
from services.platform.event_schema import Fact

Kind = Literal["succeeded", "failed", "canceled", "refunded"]


@dataclass(frozen=True)
class PaymentEvent:
    kind: Kind
    order_ref: str
    payment_id: int
    amount_fen: int
    refunded_fen: int
    at: datetime = field(default_factory=utcnow)  # when the fact was taken in


Handler = Callable[[Session, PaymentEvent], None]
_handlers: list[Handler] = []


def on_payment_event(handler: Handler) -> Handler:
    """Register ``handler`` (idempotent); usable as a decorator."""
    if handler not in _handlers:
        _handlers.append(handler)
    return handler


def dispatch(session: Session, event: PaymentEvent) -> None:
    """Run every handler in the caller's transaction; none registered is an outage, not a drop."""
    if not _handlers:
        raise Unavailable("no payment event handler is registered", code="payments_unwired")
    for handler in _handlers:
        handler(session, event)


class PaymentSettled(BaseModel):
    """A payment that succeeded, as it now stands (``paid_twice``: refunded as a second
    capture of an order already paid, so it never counts as the order's payment)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: int
    order_ref: str
    attempt: int
    gateway: str  # wechatpay, stripe, counter, offline
    amount_fen: int
    refunded_fen: int
    status: str
    paid_twice: bool


class PaymentsSettled(Fact):
    """Published by payments' own statement triggers (payments and refunds) in the writer's
    transaction, one message per statement, for succeeded payments only."""

    TOPIC: ClassVar[str] = "payments.settled"
    payments: list[PaymentSettled]
    #: Ids whose rows the statement deleted (a reader drops its copy and what it counted).
    removed: list[int] = []
