"""The error codes touchpoints answers with (documented in the API; the catalog is
collected from every service's manifest by ``server.manifests``)."""

from __future__ import annotations

from services.platform.error_codes import ErrorCode

ERROR_CODES: dict[str, ErrorCode] = {
    # Touchpoints, QR codes, guides' share links.
    "guide_mismatch": ErrorCode(422, "The share link is from another guide."),
    "guide_not_at_store": ErrorCode(422, "The guide works neither at the store nor in its region."),
    "guide_unverified": ErrorCode(422, "A guide can be named only for a pickup order or a link."),
    "touchpoint_not_scanned": ErrorCode(422, "You have not scanned that touchpoint recently."),
    "share_malformed": ErrorCode(422, "This is not a guide's share link."),
    "share_forged": ErrorCode(422, "The share link's signature does not match."),
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
}
