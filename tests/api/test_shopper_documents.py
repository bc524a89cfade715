"""The mini-program is read by shoppers: no schema it documents carries a field that staff
wrote for staff (issue 26, finding 4). A name on the deny-list below fails the walk
wherever it appears in the /mp document; a shopper-facing model drops such fields rather
than blanking them, so a new staff field on a shared read model shows up here."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from server.openapi import documents
from services.platform.uow import UnitOfWork
from stores.appointments.models import Appointment
from tests.api.test_try_on_limits import book, salon
from tests.booking import at, day_ahead

#: Field names that are staff's only, in any /mp schema.
STAFF_ONLY = {
    "outcome_note",  # what the guide wrote closing an appointment
    "internal_note",
    "internal_notes",
    "staff_note",
    "staff_notes",
    "guide_note",
    "guide_notes",
    "resolution_note",
    "resolution_notes",
    "member_notes",  # a store's private notes about its customers
    "member_url",  # the tablet's link to the member 360
    "next_steps",  # what staff may do next on a case
    "overdue",  # staff deadline bookkeeping
    "escalated_at",
    "actor_id",  # which staff account acted
    "closed_by",
    "handed_over_by",
    "cancelled_by_id",
}
#: Names staff-only in some schemas only: (schema name prefix, field).
STAFF_ONLY_IN = {("CaseStep", "note")}  # a case step's note is the staff's working note


def _fields(schema: dict[str, Any]) -> set[str]:
    """Every property name in ``schema``, its compositions and inline sub-schemas."""
    found: set[str] = set()
    for name, sub in schema.get("properties", {}).items():
        found.add(name)
        found |= _fields(sub)
    for key in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(key, []):
            found |= _fields(sub)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            found |= _fields(schema[key])
    return found


def test_no_mp_schema_documents_a_staff_field() -> None:
    schemas = documents()["mp.json"]["components"]["schemas"]
    leaks = sorted(
        (name, field)
        for name, schema in schemas.items()
        for field in _fields(schema)
        if field in STAFF_ONLY
        or any(name.startswith(prefix) and field == f for prefix, f in STAFF_ONLY_IN)
    )
    assert not leaks, f"staff-only fields in the mini-program's schemas: {leaks}"
    # The walk reaches the answers the issue named.
    assert {"ShopperAppointmentRead", "CaseMine", "OrderRead"} <= set(schemas)


def test_a_guides_closing_note_never_reaches_the_shopper(client: TestClient) -> None:
    shop, service, _ = salon(4)
    made = book(client, shop, service, at(day_ahead(2), 11), [])
    assert made.status_code == 201, made.text
    done = client.post(
        f"/tablet/v1/appointments/{made.json()['id']}/complete",
        json={"outcome": "no_purchase", "note": "PRIVATE: difficult customer, no discounts"},
        headers=shop.guide(),
    )
    if done.status_code != 200:  # the tablet may close only around the start: close it here
        with UnitOfWork() as uow:
            row = uow.session.get_one(Appointment, made.json()["id"])
            row.status, row.outcome = "completed", "no_purchase"
            row.outcome_note = "PRIVATE: difficult customer, no discounts"
            uow.commit()
    one = client.get(f"/mp/v1/appointments/{made.json()['id']}", headers=shop.shopper())
    past = client.get("/mp/v1/appointments?when=past", headers=shop.shopper())
    assert one.status_code == 200 and past.status_code == 200
    for answer in (one.text, past.text):
        assert "PRIVATE" not in answer and "outcome_note" not in answer
    assert one.json()["outcome"] == "no_purchase"
