"""The error codes orders answers with (documented in the API; the catalog is
collected from every service's manifest by ``server.manifests``)."""

from __future__ import annotations

from services.platform.error_codes import ErrorCode

ERROR_CODES: dict[str, ErrorCode] = {
    # Carts, returns and exchanges.
    "invalid_items": ErrorCode(422, "`items` must look like `12:1,15:2` (sku id : quantity)."),
    "cart_empty": ErrorCode(422, "The cart has no lines."),
    "not_returnable": ErrorCode(409, "Goods come back only from a collected or delivered order."),
    "exchange_not_same_product": ErrorCode(
        409, "An exchange swaps for another SKU (size, colour) of the same product."
    ),
    "exchange_price_differs": ErrorCode(
        409, "The replacement's price differs from what was paid: return it and buy instead."
    ),
    # Orders and pickup.
    "order_not_found": ErrorCode(404, "No such order for this shopper, store or region."),
    "pickup_unavailable": ErrorCode(409, "The store does not take pickup orders now."),
    "quantity_too_large": ErrorCode(422, "More units of one SKU than an order may hold."),
    "purchase_limit_exceeded": ErrorCode(
        409, "More units of one item than an order (or one shopper's try-on items) may hold."
    ),
    "order_rate_limited": ErrorCode(429, "Too many orders placed too quickly; wait."),
    "invalid_transition": ErrorCode(409, "The order's status does not allow this step."),
    "pickup_code_wrong": ErrorCode(403, "The pickup code does not match."),
    "pickup_code_locked": ErrorCode(403, "Too many wrong codes; re-issue the pickup code."),
    "pickup_qr_invalid": ErrorCode(403, "The pickup QR is not one we signed for this order."),
    "pickup_qr_stale": ErrorCode(403, "The pickup QR was replaced by a newer one."),
    "qr_required": ErrorCode(422, "Send the pickup QR or the 6-digit code."),
    "not_refundable": ErrorCode(409, "The order is not in a refundable state."),
    "refund_too_large": ErrorCode(409, "The refund exceeds what is left to refund."),
    # Service cases (orders/cases).
    "case_not_found": ErrorCode(404, "No such service case for this shopper, store or region."),
    "case_closed": ErrorCode(409, "The case is closed; it takes no further step."),
    "invalid_case_step": ErrorCode(409, "This kind of case is not closed by this step."),
    "case_window_closed": ErrorCode(409, "The order is past the window for cases on it."),
    "case_rate_limited": ErrorCode(429, "Too many cases opened today; wait."),
    "care_task_not_found": ErrorCode(404, "No such care task at this store."),
    "care_task_closed": ErrorCode(409, "The care task is already closed."),
    # Orders on the guide's tablet.
    "too_many_open_orders": ErrorCode(409, "The member has too many unpaid orders."),
    "counter_amount_mismatch": ErrorCode(
        409, "The amount taken at the counter is not what the order costs."
    ),
    "order_not_payable": ErrorCode(409, "The order no longer awaits payment."),
    "pay_link_invalid": ErrorCode(403, "The payment link is malformed, forged or not for you."),
    "pay_link_expired": ErrorCode(
        403, "The payment link has expired; ask the guide for a new one."
    ),
}
