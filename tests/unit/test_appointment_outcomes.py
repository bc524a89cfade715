"""Which order can be an appointment's purchase."""

from __future__ import annotations

from datetime import UTC, datetime

from orders.schemas import OrderPlacement
from stores.appointments.agenda import purchase_mismatch

AT = datetime(2026, 12, 3, 7, tzinfo=UTC)


def test_only_the_member_order_at_the_appointment_store_counts() -> None:
    def why(placement: OrderPlacement | None) -> str | None:
        return purchase_mismatch(placement, member_id=5, store_id=9)

    assert why(OrderPlacement(member_id=5, at=AT, store_id=9)) is None
    assert why(None) == "unknown_order"
    assert why(OrderPlacement(member_id=6, at=AT, store_id=9)) == "another_member"
    assert why(OrderPlacement(member_id=5, at=AT, store_id=8)) == "another_store"
    assert why(OrderPlacement(member_id=5, at=AT, store_id=None)) == "another_store"  # delivered
    assert why(OrderPlacement(member_id=6, at=AT, store_id=8)) == "another_member"
