"""Which of an order's succeeded attempts count as its payment.

A second capture (an attempt that succeeded after another had paid the order) is given
back in full and never counts: refunds, the provider's refund events and the order's
own refund all ask here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.payments.decisions import PAID_TWICE
from services.payments.models import Payment, Refund


def second_capture(session: Session, payment_id: int) -> bool:
    return session.scalar(select(is_second_capture(payment_id))) or False


def is_second_capture(payment_id: Any) -> Any:
    refunds = select(Refund.id).where(Refund.payment_id == payment_id, Refund.reason == PAID_TWICE)
    return refunds.exists()


def captured(session: Session, order_ref: str) -> list[Payment]:
    """The order's succeeded attempts that count as its payment (second captures left out)."""
    return list(
        session.scalars(
            select(Payment)
            .where(
                Payment.order_ref == order_ref,
                Payment.status == "succeeded",
                ~is_second_capture(Payment.id),
            )
            .order_by(Payment.attempt)
        )
    )
