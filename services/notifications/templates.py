"""Message templates by name; services add theirs with ``register``."""

from __future__ import annotations

from string import Formatter
from typing import Any

TEMPLATES: dict[str, str] = {
    "order_paid_store": "New pickup order {order_number} to prepare.",
    "order_ready_for_pickup": (
        "Your order {order_number} is ready at {store_name}. "
        "Pickup code {pickup_code}, collect by {collect_by}.{also_like}"
    ),
    "order_expired": "Your order {order_number} was not collected and has been refunded.",
    "order_refunded": "Your refund of {amount_yuan} yuan for order {order_number} is on its way.",
    "order_shipped": (
        "Your order {order_number} is on its way with {carrier}, tracking number {tracking_number}."
    ),
    "appointment_booked": "Booked: {service} at {store_name}, {when}. See you there!",
    "appointment_reminder": "Reminder ({lead}): {service} at {store_name}, {when}.",
    "appointment_rescheduled": "Moved: {service} at {store_name} is now {when}.",
    "appointment_cancelled_by_store": (
        "Sorry, {store_name} had to cancel your {service} on {when}: {reason}"
    ),
    "feedback_invitation": (
        "How was your {moment} at {store_name}? Two taps tell us (occasion {occasion_id})."
    ),
    "birthday_greeting": "Happy birthday, {name}! A small gift awaits you in store.",
    "membership_day_100": "{name}, thank you for 100 days with us!",
    # Service cases (orders/cases): every step of a case is told to the shopper.
    "case_opened": "We have opened case {case_id} ({kind}); a store will be in touch.",
    "case_contacted": "Case {case_id}: the store has picked up your {kind}. {note}",
    "case_approved": "Case {case_id}: your {kind} is approved. {note}",
    "case_declined": "Case {case_id}: your {kind} was declined: {note}",
    "case_resolved": "Case {case_id} is resolved. {note}",
    # For the regional manager's inbox: a store let a case run past its deadline.
    "case_escalated": (
        "Case {case_id} ({kind}) at {store_name} is overdue since {due_at}: nobody has acted."
    ),
}


def register(name: str, text: str) -> None:
    """Add or replace a template."""
    TEMPLATES[name] = text


def render(name: str, params: dict[str, Any]) -> str:
    """The template filled with ``params``; KeyError for an unknown template or field."""
    text = TEMPLATES[name]
    fields = {f for _, f, _, _ in Formatter().parse(text) if f}
    missing = fields - params.keys()
    if missing:
        raise KeyError(f"template {name} needs {sorted(missing)}")
    return text.format(**params)
