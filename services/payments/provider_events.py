"""The provider's word on a payment, any event: routed to the use case it belongs to.

A success is ``success``'s (which also has the fast lane), a refund ``refunds``'; a
failure or a cancel only moves the payment's status, here. Each is recorded once by its
id (``provider_log``), checked against the payment it names and told to the order
through ``events.dispatch``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from services.payments import refunds, success
from services.payments.decisions import after_cancel, after_failure
from services.payments.events import PaymentEvent
from services.payments.models import Payment
from services.payments.provider_log import EVENT_KINDS, Apply, locked_payment, record, told


def receive(*, session: Session, event_id: str, event_type: str, obj: dict[str, Any]) -> str:
    """Record one provider event once, check it, apply it; returns the outcome.

    ``applied``, ``duplicate``, ``ignored`` (a type no use case takes),
    ``unknown_intent`` or ``amount_mismatch``.
    """
    kind = EVENT_KINDS.get(event_type)
    if kind == "succeeded":
        return success.receive_full(
            session=session, event_id=event_id, event_type=event_type, obj=obj
        )
    if kind == "refunded":
        return refunds.receive_refunded(
            session=session, event_id=event_id, event_type=event_type, obj=obj
        )
    payment = locked_payment(session, obj.get("id")) if kind is not None else None
    return record(
        session=session,
        event_id=event_id,
        event_type=event_type,
        obj=obj,
        payment=payment,
        apply=_APPLIERS.get(kind) if kind is not None else None,
    )


def _failed(
    session: Session, payment: Payment, obj: dict[str, Any]
) -> tuple[str, PaymentEvent | None]:
    payment.status = after_failure(payment.status)
    session.flush()
    return told(payment, "failed")


def _canceled(
    session: Session, payment: Payment, obj: dict[str, Any]
) -> tuple[str, PaymentEvent | None]:
    payment.status = after_cancel(payment.status)
    session.flush()
    return told(payment, "canceled")


_APPLIERS: dict[str, Apply] = {"failed": _failed, "canceled": _canceled}
