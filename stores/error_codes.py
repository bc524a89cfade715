"""The error codes stores answers with (documented in the API; the catalog is
collected from every service's manifest by ``server.manifests``)."""

from __future__ import annotations

from services.platform.error_codes import ErrorCode

ERROR_CODES: dict[str, ErrorCode] = {
    # Staff logins and regions.
    "password_too_short": ErrorCode(422, "The new password is too short."),
    "wrong_password": ErrorCode(403, "The current password does not match."),
    "region_not_found": ErrorCode(
        422, "No such region (404 when a store names one outside your scope).", also=(404,)
    ),
    "invalid_credentials": ErrorCode(401, "Unknown username, wrong password or inactive staff."),
    # Stores and staff.
    "store_not_found": ErrorCode(404, "No such store in your scope."),
    "store_code_taken": ErrorCode(409, "Another store has this code."),
    "store_outside_region": ErrorCode(
        422, "A regional manager's store must stand inside its region's area (`details.area`)."
    ),
    "region_area_unset": ErrorCode(
        409, "The region has no area yet: only head office may place its stores."
    ),
    "store_status": ErrorCode(409, "The store's status cannot move there (`details.allowed`)."),
    "username_taken": ErrorCode(409, "Another guide (or manager) has this username."),
    "staff_hq_only": ErrorCode(403, "Only HQ opens, changes and deactivates manager accounts."),
    "regions_hq_only": ErrorCode(403, "Only HQ draws regions' areas."),
    "own_account_change": ErrorCode(
        409, "HQ changes other managers' regions and activity, not their own account's."
    ),
    "manager_not_found": ErrorCode(404, "No such manager."),
    "guide_not_found": ErrorCode(404, "No such guide (422 when named on an order).", also=(422,)),
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
}
