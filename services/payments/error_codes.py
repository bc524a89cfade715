"""The error codes payments answers with (documented in the API; the catalog is
collected from every service's manifest by ``server.manifests``)."""

from __future__ import annotations

from services.platform.error_codes import ErrorCode

ERROR_CODES: dict[str, ErrorCode] = {
    # Payments.
    "payment_not_found": ErrorCode(404, "No payment for this order."),
    "payment_not_started": ErrorCode(409, "The payment has no intent at the provider yet."),
    "payment_unavailable": ErrorCode(503, "The payment provider did not answer; retry."),
    "nothing_to_refund": ErrorCode(409, "Nothing was paid, or everything is refunded."),
    "simulation_disabled": ErrorCode(403, "Simulated payments exist only in development."),
    "offline_gateway": ErrorCode(403, "The offline gateway is for development only."),
    "payments_unwired": ErrorCode(503, "Payment events have no handler yet; the provider retries."),
    "webhook_signature_invalid": ErrorCode(401, "The webhook signature does not verify."),
    "webhook_future_dated": ErrorCode(401, "The webhook timestamp is in the future."),
    "webhook_stale": ErrorCode(401, "The webhook timestamp is too old (a replay)."),
    "webhook_too_large": ErrorCode(422, "The webhook body is too large."),
    "webhook_rate_limited": ErrorCode(429, "Too many webhook calls from this address; retry."),
    # Counter payments on the guide's tablet.
    "provider_already_paid": ErrorCode(
        409,
        "The member already paid this order through the payment provider; the counter"
        " payment is refused (take no money, or hand it back) and the provider's stands.",
    ),
}
