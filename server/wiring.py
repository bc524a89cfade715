"""What a lower service asks of a higher one, bound once per process at start.

Inventory sits above stores (its availability reads stores' directory and rules), yet an
appointment's try-on items are held as inventory's stock reservations. Stores declares
what it needs (``stores.appointments.try_on.TryOnStock``) and never imports inventory;
the composition root binds inventory's client to it here. Every entry point calls
``wire()``: the app (``create_app``), the worker, the demo seed and the tests.
"""

from __future__ import annotations

from inventory.client import LocalInventoryClient
from stores.appointments import try_on


def wire() -> None:
    """Bind the services' ports (idempotent)."""
    try_on.use_stock(LocalInventoryClient)
