"""Payments' manifest: its schema, modules, schedules, error codes and settings."""

from __future__ import annotations

from services.payments.error_codes import ERROR_CODES
from services.payments.refunds import REFUND_TOPIC
from services.payments.service import CANCEL_TOPIC
from services.payments.settings import PaymentSettings
from services.platform.manifest import Manifest, Schedule, Subscription

MANIFEST = Manifest(
    package="services.payments",
    schema="payments",
    models=("services.payments.models",),
    tasks=("services.payments.tasks",),
    schedules=(Schedule("payments.refresh_wechatpay_certificates", 6 * 3600.0),),
    subscriptions=(
        Subscription(REFUND_TOPIC, "payments.execute_refund"),
        # Keeps no record (the provider's idempotency key makes a repeat harmless, but a
        # sweep could not tell a handled cancel from a lost one): never swept.
        Subscription(CANCEL_TOPIC, "payments.cancel_intent", recorded_in=None),
    ),
    error_codes=ERROR_CODES,
    settings=PaymentSettings,
)
