"""The catalog of stable error ``code``s: what integrators may branch on, with each status.

A code is raised where its rule lives (``Conflict(..., code="out_of_stock")``); this catalog
is where it is *documented*: its HTTP status and one line for the API docs. Operations
declare the codes they answer with ``answers(...)`` (``services.platform.web.answers``);
the test suite records every error it meets and fails when an operation answered a code
it does not document (``tests/conftest.py``), so this list and the docs stay complete.
Adding a code is backwards compatible; renaming or removing one is a breaking change.
"""

from __future__ import annotations

from typing import NamedTuple


class ErrorCode(NamedTuple):
    status: int
    summary: str
    #: Other statuses the same code is answered with in some operations (declare it there
    #: as ``"code@status"``).
    also: tuple[int, ...] = ()


ERROR_CODES: dict[str, ErrorCode] = {
    # Generic answers of the error handlers (any operation).
    "bad_request": ErrorCode(400, "The request could not be understood."),
    "unauthorized": ErrorCode(401, "Authentication is required."),
    "forbidden": ErrorCode(403, "This caller may not do this."),
    "not_found": ErrorCode(404, "No such resource (or not yours to see)."),
    "method_not_allowed": ErrorCode(405, "This path does not take this method."),
    "conflict": ErrorCode(409, "The resource is not in a state that allows this."),
    "payload_too_large": ErrorCode(413, "The request body is larger than the server accepts."),
    "unsupported_media_type": ErrorCode(415, "Send the body as application/json."),
    "invalid_input": ErrorCode(
        422, "A field is missing or invalid; `details` lists each problem with its `loc`."
    ),
    "rate_limited": ErrorCode(429, "Too many requests; wait for `Retry-After` seconds."),
    "internal_error": ErrorCode(500, "Our fault; the request id is in `X-Request-ID`."),
    "unavailable": ErrorCode(503, "A dependency is busy or down; retry after `Retry-After`."),
    "not_ready": ErrorCode(503, "The database or Redis is not reachable (readiness probe)."),
    # Tokens and logins.
    "token_missing": ErrorCode(401, "No `Authorization: Bearer <token>` header was sent."),
    "token_invalid": ErrorCode(401, "The token is malformed, forged or for another role."),
    "token_expired": ErrorCode(401, "The token has expired; log in again."),
    "token_wrong_audience": ErrorCode(401, "The token belongs to another front door."),
    "guide_without_store": ErrorCode(403, "The guide token is not bound to a store."),
    "session_ended": ErrorCode(401, "The staff session ended (logout, revocation); log in again."),
    "account_deleted": ErrorCode(
        401, "The member deleted their account; this token no longer acts."
    ),
    "deletion_not_confirmed": ErrorCode(
        422, "Deleting an account needs `confirm` set to `DELETE MY ACCOUNT`."
    ),
    "consent_needs_location": ErrorCode(
        422, "Consent to a home location is given by sharing one (`PUT /mp/v1/me/location`)."
    ),
    "login_locked": ErrorCode(429, "Too many failed logins for this name or address; wait."),
    "login_busy": ErrorCode(503, "Logins are busy; retry shortly."),
    "password_too_short": ErrorCode(422, "The new password is too short."),
    "wrong_password": ErrorCode(403, "The current password does not match."),
    "region_not_found": ErrorCode(
        422, "No such region (404 when a store names one outside your scope).", also=(404,)
    ),
    "invalid_credentials": ErrorCode(401, "Unknown username, wrong password or inactive staff."),
    "wechat_code_invalid": ErrorCode(401, "WeChat refused the login code (40029)."),
    "wechat_code_used": ErrorCode(401, "The WeChat login code was already used (40163)."),
    "wechat_user_blocked": ErrorCode(403, "WeChat blocked this user (40226)."),
    "wechat_rate_limited": ErrorCode(429, "WeChat is rate limiting logins (45011); retry later."),
    "wechat_unavailable": ErrorCode(503, "WeChat's login service did not answer; retry."),
    # Idempotent creates.
    "idempotency_key_required": ErrorCode(422, "This create needs an `Idempotency-Key` header."),
    "idempotency_key_invalid": ErrorCode(
        422, "`Idempotency-Key` is missing, or not 1-128 visible ASCII characters."
    ),
    "idempotency_key_reused": ErrorCode(409, "This key was used before with a different body."),
    "idempotency_key_in_progress": ErrorCode(
        409, "A request with this key is still running; retry shortly."
    ),
    # Lists.
    "page_too_large": ErrorCode(422, "`limit` is larger than the largest page size."),
    # Catalog, stock and availability.
    "product_not_found": ErrorCode(404, "No such product (for shoppers: none on sale)."),
    "sku_not_found": ErrorCode(404, "Some SKUs are not on sale; `details.sku_ids` names them."),
    # Keeping the catalog (HQ).
    "catalog_hq_only": ErrorCode(403, "Only HQ managers change the catalog; regions read it."),
    "category_not_found": ErrorCode(404, "No such category."),
    "category_unknown": ErrorCode(422, "The product names a category that does not exist."),
    "category_code_taken": ErrorCode(409, "A category with this code exists."),
    "product_code_taken": ErrorCode(409, "A product with this code exists."),
    "sku_code_taken": ErrorCode(409, "A SKU with this code exists (or is sent twice)."),
    "price_time_without_zone": ErrorCode(422, "`effective_at` needs a time zone offset."),
    "price_time_past": ErrorCode(422, "A scheduled price starts in the future; omit the time."),
    "price_time_too_far": ErrorCode(422, "A scheduled price starts within a year."),
    "price_change_not_found": ErrorCode(404, "No such price change."),
    "import_file_unreadable": ErrorCode(
        422, "The feed is not a CSV or JSON file of the expected shape (header, lines)."
    ),
    "price_change_started": ErrorCode(
        409, "The price has started or was withdrawn; set a new one."
    ),
    "invalid_items": ErrorCode(422, "`items` must look like `12:1,15:2` (sku id : quantity)."),
    "cart_empty": ErrorCode(422, "The cart has no lines."),
    "out_of_stock": ErrorCode(
        409,
        "A line is short at this store; `details` names the SKU and, for a pickup, the store"
        " (`store_id`, `store_name`) and the `reason`: `held_by_your_try_on` (your own"
        " try-on appointment holds the units) or `not_enough_stock`.",
    ),
    "store_has_no_stock": ErrorCode(404, "This store keeps no stock for online orders."),
    "reservation_not_found": ErrorCode(404, "No such stock reservation."),
    "invalid_reservation": ErrorCode(422, "A reservation needs lines of at least one unit."),
    "reservation_released": ErrorCode(409, "The reservation was released (expired or cancelled)."),
    "reservation_not_allocated": ErrorCode(409, "The reservation is not allocated yet."),
    "reservation_not_fulfilled": ErrorCode(409, "These goods never left the shelf."),
    "return_exceeds_sold": ErrorCode(
        409, "More units returned than the order took (earlier returns counted)."
    ),
    "not_returnable": ErrorCode(409, "Goods come back only from a collected or delivered order."),
    "exchange_not_same_product": ErrorCode(
        409, "An exchange swaps for another SKU (size, colour) of the same product."
    ),
    "exchange_price_differs": ErrorCode(
        409, "The replacement's price differs from what was paid: return it and buy instead."
    ),
    # Stock operations (receipts, adjustments, counts).
    "location_not_found": ErrorCode(404, "No such stock location in your scope."),
    "repeated_sku": ErrorCode(422, "Each SKU may appear once; `details.sku_id` names it."),
    "delivery_note_reused": ErrorCode(409, "This delivery note was received with other lines."),
    "adjustment_zero": ErrorCode(422, "An adjustment changes at least one unit."),
    "below_reserved": ErrorCode(409, "On-hand may not fall below the units reserved."),
    "not_enough_on_hand": ErrorCode(409, "There are not that many units on hand."),
    "count_below_reserved": ErrorCode(
        409, "The count is below the reserved units; send `accept_below_reserved` to book it."
    ),
    "sku_not_in_category": ErrorCode(422, "A counted SKU is not in the category being counted."),
    "transfer_not_found": ErrorCode(404, "No such transfer to or from this location."),
    "transfer_same_location": ErrorCode(422, "A transfer moves goods between two locations."),
    "transfer_status": ErrorCode(409, "The transfer's status does not allow this step."),
    "transfer_wrong_end": ErrorCode(
        409, "Only the source ships a transfer; only the destination receives it."
    ),
    "transfer_lines_mismatch": ErrorCode(
        422, "A transfer receipt counts every line sent, and only those."
    ),
    "received_more_than_sent": ErrorCode(422, "More units counted in than the transfer sent."),
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
    # Members.
    "member_not_found": ErrorCode(404, "No such member."),
    "geocoding_disabled": ErrorCode(422, "Addresses cannot be looked up here; send lat/lon."),
    "address_not_found": ErrorCode(422, "The address was not found."),
    "geocoder_unavailable": ErrorCode(503, "The address lookup did not answer; retry."),
    "points_not_positive": ErrorCode(422, "Points must be a positive number."),
    "points_source_invalid": ErrorCode(422, "The points source is not valid."),
    "points_source_reused": ErrorCode(409, "These points were already booked for this source."),
    "points_insufficient": ErrorCode(
        409,
        "The member has fewer points than this needs (spent meanwhile, e.g. by another"
        " order); at checkout, points asked beyond the balance are no error: it uses the balance.",
    ),
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
    # Routing campaigns.
    "campaign_not_found": ErrorCode(404, "No such campaign in your scope."),
    "campaign_target_closed": ErrorCode(409, "A campaign cannot route members to a closed store."),
    "campaign_audience_needs_store": ErrorCode(
        422, "This audience is defined around a target store (not a channel)."
    ),
    "campaign_audience_too_large": ErrorCode(409, "The audience holds more members than allowed."),
    "campaign_already_launched": ErrorCode(409, "The campaign was launched already."),
    "campaign_rate_limited": ErrorCode(429, "Too many campaign creates or launches; wait."),
    # Stores, staff and touchpoints.
    "store_not_found": ErrorCode(404, "No such store in your scope."),
    "site_job_not_found": ErrorCode(404, "No such site suggestion in your regions."),
    "siting_radius_too_small": ErrorCode(
        422, "The radius is below `O2O_SITING_MIN_RADIUS_KM` (it would count households)."
    ),
    "site_job_not_done": ErrorCode(409, "The site suggestion has not finished (or failed)."),
    "site_not_found": ErrorCode(404, "The site suggestion has no site with this rank."),
    "too_many_site_jobs": ErrorCode(
        429, "You have as many site suggestions running as allowed; wait for one to finish."
    ),
    "store_code_taken": ErrorCode(409, "Another store has this code."),
    "store_outside_region": ErrorCode(
        422, "A regional manager's store must stand inside its region's area (`details.area`)."
    ),
    "region_area_unset": ErrorCode(
        409, "The region has no area yet: only head office may place its stores."
    ),
    "store_status": ErrorCode(409, "The store's status cannot move there (`details.allowed`)."),
    "null_field": ErrorCode(422, "These fields cannot be set to null."),
    "username_taken": ErrorCode(409, "Another guide (or manager) has this username."),
    "staff_hq_only": ErrorCode(403, "Only HQ opens, changes and deactivates manager accounts."),
    "regions_hq_only": ErrorCode(403, "Only HQ draws regions' areas."),
    "own_account_change": ErrorCode(
        409, "HQ changes other managers' regions and activity, not their own account's."
    ),
    "manager_not_found": ErrorCode(404, "No such manager."),
    "guide_not_found": ErrorCode(404, "No such guide (422 when named on an order).", also=(422,)),
    "guide_mismatch": ErrorCode(422, "The share link is from another guide."),
    "guide_not_at_store": ErrorCode(422, "The guide works neither at the store nor in its region."),
    "guide_unverified": ErrorCode(422, "A guide can be named only for a pickup order or a link."),
    "touchpoint_not_scanned": ErrorCode(422, "You have not scanned that touchpoint recently."),
    "share_malformed": ErrorCode(422, "This is not a guide's share link."),
    "share_forged": ErrorCode(422, "The share link's signature does not match."),
    "region_forbidden": ErrorCode(403, "The region is outside your scope."),
    "feedback_occasion_not_found": ErrorCode(404, "No such feedback invitation of yours."),
    "feedback_occasion_closed": ErrorCode(409, "The invitation's answer window has closed."),
    "feedback_already_answered": ErrorCode(409, "This occasion already has your answer."),
    "bad_period": ErrorCode(422, "The report period must be positive and at most a year."),
    "touchpoint_not_found": ErrorCode(404, "No such touchpoint in your scope."),
    "touchpoint_needs_store": ErrorCode(422, "This kind of touchpoint needs a store."),
    "touchpoint_needs_guide": ErrorCode(422, "A guide card needs a guide."),
    "touchpoint_needs_product": ErrorCode(422, "A shelf touchpoint needs a product."),
    "touchpoint_no_region": ErrorCode(422, "This kind of touchpoint needs a region."),
    "touchpoint_region_mismatch": ErrorCode(422, "The store is not in the given region."),
    "guide_store_mismatch": ErrorCode(422, "The guide does not work at this store."),
    "guide_region_mismatch": ErrorCode(422, "The guide does not work in this region."),
    "scan_rate_limited": ErrorCode(429, "Too many scans from this device or member."),
    "qr_malformed": ErrorCode(400, "This is not a touchpoint code."),
    "qr_unknown": ErrorCode(404, "The code is for no touchpoint we know."),
    "qr_forged": ErrorCode(403, "The code's signature does not match."),
    "qr_unknown_key": ErrorCode(403, "The code is signed with a key we no longer accept."),
    "qr_revoked": ErrorCode(403, "The touchpoint was withdrawn or its code replaced."),
    # Appointments.
    "service_not_found": ErrorCode(404, "No such appointment service (active, at this store)."),
    "appointment_not_found": ErrorCode(404, "No such appointment for you (or your store)."),
    "bad_range": ErrorCode(422, "The dates must run forwards and cover at most 31 days."),
    "slot_unavailable": ErrorCode(409, "This start is no longer free; pick another slot."),
    "too_many_appointments": ErrorCode(409, "You have as many upcoming appointments as allowed."),
    "booking_limit": ErrorCode(429, "Too many bookings in a day; try again tomorrow."),
    "appointment_overlaps": ErrorCode(
        409, "You already have an appointment at that time (with any guide, at any store)."
    ),
    "reschedule_limit": ErrorCode(
        409, "This appointment has been moved as often as allowed; cancel and book again."
    ),
    "try_on_limit": ErrorCode(409, "More try-on units set aside for you than allowed."),
    "appointment_not_open": ErrorCode(409, "The appointment is no longer booked."),
    "past_cutoff": ErrorCode(409, "Too late to change this appointment; call the store."),
    "appointment_state": ErrorCode(409, "The appointment's status does not allow this step."),
    "appointment_outside_window": ErrorCode(
        409, "Too early or late for this step; `details` gives the window (`from`, `until`)."
    ),
    "order_number_required": ErrorCode(422, "A purchase outcome needs its order number."),
    "order_not_for_appointment": ErrorCode(
        422, "The order is unknown, or not this member's order at this store."
    ),
    "guide_not_in_store": ErrorCode(422, "Every guide of a service must work at its store."),
    "exception_not_found": ErrorCode(404, "No such leave or extra shift for this guide."),
    "special_hours_not_found": ErrorCode(404, "No such special hours at this store."),
    # The guide's tablet.
    "too_many_open_orders": ErrorCode(409, "The member has too many unpaid orders."),
    "member_lookup_rate_limited": ErrorCode(
        429, "Too many customer look-ups by this guide; wait for `Retry-After` seconds."
    ),
    "counter_amount_mismatch": ErrorCode(
        409, "The amount taken at the counter is not what the order costs."
    ),
    "order_not_payable": ErrorCode(409, "The order no longer awaits payment."),
    "provider_already_paid": ErrorCode(
        409,
        "The member already paid this order through the payment provider; the counter"
        " payment is refused (take no money, or hand it back) and the provider's stands.",
    ),
    "pay_link_invalid": ErrorCode(403, "The payment link is malformed, forged or not for you."),
    "pay_link_expired": ErrorCode(
        403, "The payment link has expired; ask the guide for a new one."
    ),
}


def code_status(code: str) -> tuple[str, int]:
    """``(code, status)`` of a declaration, ``"code"`` or ``"code@422"`` (KeyError when the
    code or that status is not catalogued)."""
    name, _, status = code.partition("@")
    entry = ERROR_CODES[name]
    answered = int(status) if status else entry.status
    if answered not in (entry.status, *entry.also):
        raise KeyError(f"{name} is not catalogued with status {answered}")
    return name, answered
