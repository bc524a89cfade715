"""The error codes members answers with (documented in the API; the catalog is
collected from every service's manifest by ``server.manifests``)."""

from __future__ import annotations

from services.platform.error_codes import ErrorCode

ERROR_CODES: dict[str, ErrorCode] = {
    # The mini-program login and account.
    "account_deleted": ErrorCode(
        401, "The member deleted their account; this token no longer acts."
    ),
    "deletion_not_confirmed": ErrorCode(
        422, "Deleting an account needs `confirm` set to `DELETE MY ACCOUNT`."
    ),
    "consent_needs_location": ErrorCode(
        422, "Consent to a home location is given by sharing one (`PUT /mp/v1/me/location`)."
    ),
    "wechat_code_invalid": ErrorCode(401, "WeChat refused the login code (40029)."),
    "wechat_code_used": ErrorCode(401, "The WeChat login code was already used (40163)."),
    "wechat_user_blocked": ErrorCode(403, "WeChat blocked this user (40226)."),
    "wechat_rate_limited": ErrorCode(429, "WeChat is rate limiting logins (45011); retry later."),
    "wechat_unavailable": ErrorCode(503, "WeChat's login service did not answer; retry."),
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
    # Member look-ups on the guide's tablet.
    "member_lookup_rate_limited": ErrorCode(
        429, "Too many customer look-ups by this guide; wait for `Retry-After` seconds."
    ),
}
