"""The error codes campaigns answers with (documented in the API; the catalog is
collected from every service's manifest by ``server.manifests``)."""

from __future__ import annotations

from services.platform.error_codes import ErrorCode

ERROR_CODES: dict[str, ErrorCode] = {
    # Routing campaigns.
    "campaign_not_found": ErrorCode(404, "No such campaign in your scope."),
    "campaign_target_closed": ErrorCode(409, "A campaign cannot route members to a closed store."),
    "campaign_audience_needs_store": ErrorCode(
        422, "This audience is defined around a target store (not a channel)."
    ),
    "campaign_audience_too_large": ErrorCode(409, "The audience holds more members than allowed."),
    "campaign_already_launched": ErrorCode(409, "The campaign was launched already."),
    "campaign_rate_limited": ErrorCode(429, "Too many campaign creates or launches; wait."),
}
