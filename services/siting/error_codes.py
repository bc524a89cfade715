"""The error codes siting answers with (documented in the API; the catalog is
collected from every service's manifest by ``server.manifests``)."""

from __future__ import annotations

from services.platform.error_codes import ErrorCode

ERROR_CODES: dict[str, ErrorCode] = {
    # Site suggestions.
    "site_job_not_found": ErrorCode(404, "No such site suggestion in your regions."),
    "siting_radius_too_small": ErrorCode(
        422, "The radius is below `O2O_SITING_MIN_RADIUS_KM` (it would count households)."
    ),
    "site_job_not_done": ErrorCode(409, "The site suggestion has not finished (or failed)."),
    "site_not_found": ErrorCode(404, "The site suggestion has no site with this rank."),
    "too_many_site_jobs": ErrorCode(
        429, "You have as many site suggestions running as allowed; wait for one to finish."
    ),
}
