"""The error codes inventory answers with (documented in the API; the catalog is
collected from every service's manifest by ``server.manifests``)."""

from __future__ import annotations

from services.platform.error_codes import ErrorCode

ERROR_CODES: dict[str, ErrorCode] = {
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
}
