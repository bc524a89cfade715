"""The error codes promotions answers with (documented in the API; the catalog is
collected from every service's manifest by ``server.manifests``)."""

from __future__ import annotations

from services.platform.error_codes import ErrorCode

ERROR_CODES: dict[str, ErrorCode] = {
    # Coupons.
    "coupon_not_found": ErrorCode(404, "No such coupon (in your scope, or in your wallet)."),
    "coupon_unavailable": ErrorCode(409, "The coupon is already used by another order."),
    "coupon_not_applicable": ErrorCode(
        409, "The coupon does not apply to this cart; `details.reason` says why."
    ),
    "coupon_expired": ErrorCode(409, "The coupon's validity has ended."),
    "coupon_needs_region": ErrorCode(422, "A regional manager's coupon names regions or stores."),
    "issue_too_large": ErrorCode(409, "The issue reaches more members than one request may."),
    "coupon_issue_rate_limited": ErrorCode(429, "Too many coupon issues; wait for Retry-After."),
    "coupon_rate_limited": ErrorCode(429, "Too many checkouts with a coupon; wait."),
}
