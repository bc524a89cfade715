"""The error codes feedback answers with (documented in the API; the catalog is
collected from every service's manifest by ``server.manifests``)."""

from __future__ import annotations

from services.platform.error_codes import ErrorCode

ERROR_CODES: dict[str, ErrorCode] = {
    # Feedback invitations.
    "feedback_occasion_not_found": ErrorCode(404, "No such feedback invitation of yours."),
    "feedback_occasion_closed": ErrorCode(409, "The invitation's answer window has closed."),
    "feedback_already_answered": ErrorCode(409, "This occasion already has your answer."),
}
